import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import type { PodRecord } from '../../shared/domain/records.ts';
import { ensureRendererBuilt, launchChromium, watchProblems, type PageProblems } from './support/browser.ts';
import { startFakeConsole, type FakeConsole } from './support/fake-console.ts';

const now = Date.parse('2026-11-23T12:00:00Z');
const count = 6_000;
const namespaces = ['data', 'payments', 'search', 'shop'];

function pod(index: number): PodRecord {
  const namespace = namespaces[index % namespaces.length]!;
  return {
    centerId: index % 2 ? 'ohio-region' : 'seoul-dc', namespace, name: `web-${String(index).padStart(5, '0')}`, uid: `u${index}`,
    nodeName: `node-${index % 30}`, phase: index % 97 === 0 ? 'Pending' : 'Running', reason: null, message: null, qosClass: 'Burstable',
    ownerKind: 'ReplicaSet', ownerName: 'web', restarts: index % 13, readyContainers: 1, totalContainers: 1, podIp: null,
    labels: { app: index % 3 ? 'web' : 'api' }, createdAt: now - index * 1000, startedAt: now - index * 1000,
  };
}

/** The merged list with thousands of rows: only the visible window is in the DOM; sort, filter and j/k still cover every row. */
describe('virtualized data table in Chromium', { timeout: 120_000 }, () => {
  let fake: FakeConsole | undefined;
  let browser: Browser | undefined;
  let page: Page;
  let problems: PageProblems;
  const pods = Array.from({ length: count }, (_, index) => pod(index));

  before(async () => {
    await ensureRendererBuilt();
    fake = await startFakeConsole({ now, handlers: { 'inventory:pods': () => pods } });
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    problems = watchProblems(page);
    await page.goto(fake.url);
    await page.waitForSelector('[data-testid="tab-pods"]');
    await page.keyboard.press('2');
    await page.waitForSelector('[data-testid="pods-table"] [data-testid="row"]');
  });

  after(async () => {
    await browser?.close();
    await fake?.close();
  });

  const domRows = () => page.locator('[data-testid="pods-table"] [data-testid="row"]').count();
  const selectedKey = () => page.getAttribute('[data-testid="pods-table"] tr[aria-selected="true"]', 'data-key');

  it('counts every row but keeps only a window of them in the DOM', async () => {
    assert.match((await page.textContent('[data-testid="row-count"]')) ?? '', new RegExp(`${count} pods`));
    const rows = await domRows();
    assert.ok(rows > 10 && rows < 120, `${rows} rows in the DOM`);
    assert.equal(await page.getAttribute('[data-testid="pods-table"]', 'aria-rowcount'), String(count + 1));
  });

  it('j moves through rows beyond the first window, scrolling the selection into view', async () => {
    await page.keyboard.press('j');
    for (let step = 0; step < 79; step++) await page.keyboard.press('j');
    const key = await selectedKey();
    assert.ok(key, 'a selected row is in the DOM');
    const index = Number(await page.getAttribute('[data-testid="pods-table"] tr[aria-selected="true"]', 'aria-rowindex'));
    assert.equal(index, 81, 'the 80th data row (header is row 1)');
    const visible = await page.$eval('[data-testid="pods-table"] tr[aria-selected="true"]', (row) => {
      const box = row.getBoundingClientRect();
      const scroller = row.closest('.table-scroll')!.getBoundingClientRect();
      return box.top >= scroller.top && box.bottom <= scroller.bottom + 1;
    });
    assert.ok(visible, 'the selected row is scrolled into view');
    await page.keyboard.press('k');
    assert.equal(Number(await page.getAttribute('[data-testid="pods-table"] tr[aria-selected="true"]', 'aria-rowindex')), 80);
  });

  it('scrolling to the end renders the last rows; sorting by name descending puts them first', async () => {
    await page.$eval('.table-scroll', (element) => {
      element.scrollTop = element.scrollHeight;
    });
    await page.waitForFunction((total) => !!document.querySelector(`[data-testid="pods-table"] tr[aria-rowindex="${total + 1}"]`), count);
    assert.ok((await domRows()) < 120);
    await page.click('th:has-text("Name") button');
    await page.click('th:has-text("Name") button');
    await page.$eval('.table-scroll', (element) => {
      element.scrollTop = 0;
    });
    await page.waitForFunction(() => document.querySelector('[data-testid="pods-table"] tr[aria-rowindex="2"]')?.getAttribute('data-key')?.endsWith('web-05999'));
  });

  it('a filter narrows all rows, including label terms; Enter opens the first match', async () => {
    await page.keyboard.press('/');
    await page.keyboard.type('app=api web-0599');
    await page.waitForFunction(() => /of 6000 pods/.test(document.querySelector('[data-testid="row-count"]')?.textContent ?? ''));
    const text = (await page.textContent('[data-testid="row-count"]')) ?? '';
    const expected = pods.filter((candidate) => candidate.labels.app === 'api' && candidate.name.includes('web-0599')).length;
    assert.match(text, new RegExp(`^${expected} of 6000 pods`));
    await page.keyboard.press('Enter');
    await page.keyboard.press('Enter');
    await page.waitForSelector('[data-testid="detail"]');
    assert.deepEqual(problems.errors, [], problems.errors.join('\n'));
  });
});
