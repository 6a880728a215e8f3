import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { screenshot, type PageProblems } from './support/browser.ts';
import { openDemoPage, type DemoPage } from './support/demo-page.ts';

/**
 * Correlation on the demo's checkout incident through the real console: from a failed span to its
 * pod's charts, and from a time range dragged out on one of those charts to that pod's logs.
 */
describe('span to pod metrics to chart range to logs in Chromium', { timeout: 90_000 }, () => {
  let demo: DemoPage | undefined;
  let page: Page;
  let problems: PageProblems;
  let pod = '';

  before(async () => {
    demo = await openDemoPage();
    ({ page, problems } = demo);
  });

  after(async () => {
    await demo?.close();
  });

  it('opens the pod of a failed span with its charts around the span', async () => {
    await page.keyboard.press('6');
    await page.fill('[data-testid="logs-search"]', 'payment authorization failed');
    const line = page.locator('[data-testid="log-line"][data-level="error"]:not([data-trace-id=""])').first();
    await line.waitFor({ timeout: 20_000 });
    await line.locator('[data-testid="open-trace"]').click();
    const errorSpan = page.locator('[data-testid="waterfall-span"][data-status="error"]').first();
    await errorSpan.waitFor({ timeout: 10_000 });
    await errorSpan.click();
    const metrics = page.locator('[data-testid="span-detail"] [data-testid="pod-metrics"]');
    assert.equal(await metrics.count(), 1, 'the error span names its pod (k8s.pod.name)');
    pod = await page.$$eval('[data-testid="span-detail"] tr', (rows) => {
      const row = rows.find((candidate) => candidate.querySelector('td')?.textContent === 'k8s.pod.name');
      return row?.querySelectorAll('td')[1]?.textContent ?? '';
    });
    assert.match(pod, /^[a-z0-9-]+$/, `pod "${pod}"`);
    await metrics.click();
    const detail = await page.waitForSelector('[data-testid="detail"]', { timeout: 10_000 });
    assert.equal(await page.textContent('[data-testid="detail"] .detail__title'), pod);
    assert.ok(await detail.isVisible());
    // The desk's range is now the span's window (ISO times), and the pod's charts have samples in it.
    await page.waitForSelector('[data-testid="detail"] [data-testid^="chart-pod."] canvas', { timeout: 15_000 });
    const points = Number(await page.getAttribute('[data-testid="detail"] [data-testid^="chart-pod."]:has(canvas)', 'data-points'));
    assert.ok(points > 0, `${points} points`);
    await screenshot(page, 'correlation-span-pod-metrics.png');
  });

  it('drags out a range on a pod chart and opens that pod\'s logs for exactly that range', async () => {
    const chart = page.locator('[data-testid="detail"] [data-testid^="chart-pod."]:has(canvas)').first();
    const over = chart.locator('.u-over');
    const box = await over.boundingBox();
    assert.ok(box);
    await page.mouse.move(box.x + box.width * 0.15, box.y + box.height / 2);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width * 0.5, box.y + box.height / 2, { steps: 8 });
    await page.mouse.move(box.x + box.width * 0.9, box.y + box.height / 2, { steps: 8 });
    await page.mouse.up();
    const selection = chart.locator('[data-testid="chart-selection"]');
    await selection.waitFor({ timeout: 5_000 });
    const from = Number(await selection.getAttribute('data-from'));
    const to = Number(await selection.getAttribute('data-to'));
    assert.ok(to - from > 60_000, `selected ${from}..${to}`);
    await screenshot(page, 'correlation-chart-selection.png');

    await selection.locator('[data-testid="chart-selection-logs"]').click();
    await page.waitForSelector('[data-testid="logs-view"]');
    assert.equal(await page.inputValue('[data-testid="logs-pod"]'), pod);
    await page.waitForFunction(
      ({ name, from, to }) => {
        const lines = [...document.querySelectorAll('[data-testid="log-line"]')];
        return (
          lines.length > 0 &&
          lines.every((line) => {
            const at = Number(line.getAttribute('data-timestamp'));
            return line.getAttribute('data-pod') === name && at >= from - 1 && at <= to + 1;
          })
        );
      },
      { name: pod, from, to },
      { timeout: 15_000, polling: 250 },
    );
    await screenshot(page, 'correlation-chart-range-logs.png');
    assert.deepEqual(problems.errors, []);
  });
});
