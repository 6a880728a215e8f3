import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { screenshot, type PageProblems } from './support/browser.ts';
import { openDemoPage, type DemoPage } from './support/demo-page.ts';

/** Logs → trace correlation on the demo's scripted checkout incident, through the real console in Chromium. */
describe('logs and traces end to end in Chromium', { timeout: 60_000 }, () => {
  let demo: DemoPage | undefined;
  let page: Page;
  let problems: PageProblems;

  before(async () => {
    demo = await openDemoPage();
    ({ page, problems } = demo);
  });

  after(async () => {
    await demo?.close();
  });

  it('finds the failed payment lines of the checkout pods', async () => {
    await page.keyboard.press('6');
    await page.waitForSelector('[data-testid="logs-view"]');
    await page.fill('[data-testid="logs-search"]', 'payment authorization failed');
    await page.waitForFunction(
      () => {
        const lines = [...document.querySelectorAll('[data-testid="log-line"]')];
        return (
          lines.length > 0 &&
          lines.every((line) => line.textContent?.includes('payment authorization failed')) &&
          lines.some((line) => line.getAttribute('data-level') === 'error' && (line.getAttribute('data-pod') ?? '').startsWith('checkout-') && line.getAttribute('data-trace-id'))
        );
      },
      undefined,
      { timeout: 20_000, polling: 250 },
    );
    const pods = await page.$$eval('[data-testid="log-line"][data-level="error"]', (lines) => [...new Set(lines.map((line) => line.getAttribute('data-pod') ?? ''))]);
    assert.ok(pods.length > 0 && pods.every((pod) => pod.startsWith('checkout-')), `error lines from ${pods.join(', ')}`);
    // Newest first.
    const times = await page.$$eval('[data-testid="log-line"] .log-line__time', (cells) => cells.map((cell) => cell.textContent ?? ''));
    assert.deepEqual([...times].sort().reverse(), times);
    await screenshot(page, 'logs-search.png');
  });

  it('opens the trace of a failed line as a waterfall with its critical path and error span', async () => {
    const line = page.locator('[data-testid="log-line"][data-level="error"]:not([data-trace-id=""])').first();
    const traceId = await line.getAttribute('data-trace-id');
    assert.match(traceId ?? '', /^[0-9a-f]{32}$/);
    await line.locator('[data-testid="open-trace"]').click();
    await page.waitForSelector('[data-testid="traces-view"]');
    await page.waitForSelector(`[data-testid="trace-detail"][data-trace-id="${traceId}"] [data-testid="waterfall"]`, { timeout: 10_000 });
    const spans = await page.$$eval('[data-testid="waterfall-span"]', (rows) =>
      rows.map((row) => ({ critical: row.getAttribute('data-critical'), status: row.getAttribute('data-status'), id: row.getAttribute('data-span-id') })),
    );
    assert.ok(spans.length >= 3, `only ${spans.length} spans`);
    assert.ok(spans.some((span) => span.critical === 'true'), 'no critical-path span');
    assert.ok(spans.some((span) => span.status === 'error'), 'no error span');
    assert.equal(spans[0]?.critical, 'true', 'the root span is on the critical path');

    const errorSpan = page.locator('[data-testid="waterfall-span"][data-status="error"]').first();
    const errorSpanId = await errorSpan.getAttribute('data-span-id');
    await errorSpan.click();
    await page.waitForSelector(`[data-testid="span-detail"][data-span-id="${errorSpanId}"] [data-testid="span-attributes"] td`);
    await screenshot(page, 'trace-waterfall.png');
  });

  it('goes from a span back to its pod logs around the span', async () => {
    const button = page.locator('[data-testid="span-detail"] [data-testid="pod-logs"]');
    assert.equal(await button.count(), 1, 'the error span carries k8s.pod.name');
    await button.click();
    await page.waitForSelector('[data-testid="logs-view"]');
    const pod = await page.inputValue('[data-testid="logs-pod"]');
    assert.ok(pod.length > 0);
    assert.equal(await page.inputValue('[data-testid="logs-search"]'), '');
    await page.waitForFunction(
      (name) => {
        const lines = [...document.querySelectorAll('[data-testid="log-line"]')];
        return lines.length > 0 && lines.every((line) => line.getAttribute('data-pod') === name);
      },
      pod,
      { timeout: 10_000, polling: 250 },
    );
    assert.deepEqual(problems.errors, []);
  });
});
