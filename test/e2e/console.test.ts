import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { countSeriesPixels, screenshot, waitForBothDemoCenters, type PageProblems } from './support/browser.ts';
import { openDemoPage, type DemoPage } from './support/demo-page.ts';

/** The whole console (demo centers, real connectors, sync, cache, host) driven through Debian Chromium. */
describe('console end to end in Chromium', { timeout: 240_000 }, () => {
  let demo: DemoPage | undefined;
  let page: Page;
  let problems: PageProblems;

  before(async () => {
    demo = await openDemoPage({ waitForCentersMs: null });
    ({ page, problems } = demo);
  });

  after(async () => {
    await demo?.close();
  });

  it('takes the token out of the address bar', async () => {
    await page.waitForSelector('[data-testid="nodes-table"], [data-testid="row-count"]', { timeout: 30_000 });
    assert.ok(!page.url().includes('token'), `token still in ${page.url()}`);
  });

  it('lists nodes from both demo centers once sync has filled the cache', async () => {
    await waitForBothDemoCenters(page, 90_000);
    const centerCells = await page.$$eval('[data-testid="nodes-table"] td[data-column="center"]', (cells) =>
      [...new Set(cells.map((cell) => cell.textContent?.trim() ?? ''))].sort(),
    );
    assert.deepEqual(centerCells, ['ohio-region', 'seoul-dc']);
    const names = await page.$$eval('[data-testid="nodes-table"] td[data-column="name"]', (cells) => cells.map((cell) => cell.textContent ?? ''));
    assert.ok(names.every((name) => name.length > 0));
    // Both centers report their sync state in the header strip.
    for (const centerId of ['seoul-dc', 'ohio-region']) {
      await page.waitForSelector(`[data-testid="sync-status"][data-center="${centerId}"]`, { timeout: 10_000 });
    }
    await page.waitForFunction(
      () => [...document.querySelectorAll('[data-testid="sync-status"]')].every((chip) => chip.getAttribute('data-state') !== 'syncing'),
      undefined,
      { timeout: 60_000, polling: 250 },
    ).catch(() => undefined);
    await screenshot(page, 'console-nodes.png');
  });

  it('opens a shop checkout pod with the keyboard and draws its CPU chart from cached samples', async () => {
    await page.keyboard.press('2');
    await page.waitForSelector('[data-testid="pods-table"] [data-testid="row"]', { timeout: 60_000 });
    await page.keyboard.press('/');
    await page.keyboard.type('shop checkout-');
    await page.waitForFunction(
      () =>
        [...document.querySelectorAll('[data-testid="pods-table"] [data-testid="row"]')].some((row) => {
          const namespace = row.querySelector('td[data-column="namespace"]')?.textContent;
          const name = row.querySelector('td[data-column="name"]')?.textContent ?? '';
          return namespace === 'shop' && name.startsWith('checkout-');
        }),
      undefined,
      { timeout: 60_000, polling: 250 },
    );
    const first = await page.$eval('[data-testid="pods-table"] [data-testid="row"]', (row) => ({
      namespace: row.querySelector('td[data-column="namespace"]')?.textContent,
      name: row.querySelector('td[data-column="name"]')?.textContent ?? '',
    }));
    assert.equal(first.namespace, 'shop');
    assert.match(first.name, /^checkout-/);

    // Enter leaves the filter with the first match highlighted; Enter again opens it.
    await page.keyboard.press('Enter');
    await page.keyboard.press('Enter');
    await page.waitForSelector('[data-testid="detail"]', { timeout: 10_000 });
    const title = await page.textContent('[data-testid="detail"] .detail__title');
    assert.equal(title, first.name);

    await page.waitForFunction(
      () => Number(document.querySelector('[data-testid="chart-pod.cpu"]')?.getAttribute('data-points') ?? 0) > 0,
      undefined,
      { timeout: 120_000, polling: 250 },
    );
    const points = Number(await page.getAttribute('[data-testid="chart-pod.cpu"]', 'data-points'));
    assert.ok(points > 0, `pod.cpu has ${points} points`);
    await page.waitForSelector('[data-testid="chart-pod.cpu"] canvas', { timeout: 10_000 });
    const painted = await countSeriesPixels(page, '[data-testid="chart-pod.cpu"] canvas');
    assert.ok(painted > 20, `the CPU series was drawn (${painted} series-coloured pixels)`);

    await page.waitForFunction(
      () => Number(document.querySelector('[data-testid="chart-pod.memory"]')?.getAttribute('data-points') ?? 0) > 0,
      undefined,
      { timeout: 60_000, polling: 250 },
    );
    await page.waitForTimeout(300);
    await screenshot(page, 'console-pod-detail.png');
  });

  it('shows containers with their center and state', async () => {
    await page.keyboard.press('Escape');
    await page.keyboard.press('3');
    await page.waitForSelector('[data-testid="containers-table"] [data-testid="row"]', { timeout: 30_000 });
    const centers = await page.$$eval('[data-testid="containers-table"] [data-testid="row"]', (rows) =>
      [...new Set(rows.map((row) => row.getAttribute('data-center')))].sort(),
    );
    assert.ok(centers.includes('seoul-dc') || centers.includes('ohio-region'));
    await screenshot(page, 'console-containers.png');
  });

  it('raised no page errors', () => {
    assert.deepEqual(problems.errors, []);
  });
});
