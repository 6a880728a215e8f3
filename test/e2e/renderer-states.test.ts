import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import type { SyncStatus } from '../../shared/contract/channels.ts';
import { ApiFailure } from '../../shared/contract/result.ts';
import { ensureRendererBuilt, launchChromium, screenshot, watchProblems } from './support/browser.ts';
import { startFakeConsole, type FakeConsole } from './support/fake-console.ts';

/** Renderer behaviour that needs exact data or injected failures: keyboard, errors, pushes, validation. */
describe('renderer states in Chromium', { timeout: 120_000 }, () => {
  let fake: FakeConsole | undefined;
  let browser: Browser | undefined;
  let page: Page;

  before(async () => {
    await ensureRendererBuilt();
    fake = await startFakeConsole({
      failures: { 'inventory:containers': new ApiFailure('connector-error', 'kubernetes API answered 503 Service Unavailable') },
    });
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    watchProblems(page);
    await page.goto(fake.url);
    await page.waitForSelector('[data-testid="nodes-table"] [data-testid="row"]', { timeout: 30_000 });
  });

  after(async () => {
    await browser?.close();
    await fake?.close();
  });

  it('moves with j/k, opens with Enter and closes with Escape', async () => {
    const keys = await page.$$eval('[data-testid="nodes-table"] [data-testid="row"]', (rows) => rows.map((row) => row.getAttribute('data-key')));
    await page.keyboard.press('j');
    await page.keyboard.press('j');
    await page.keyboard.press('j');
    await page.keyboard.press('k');
    assert.equal(await page.getAttribute('[data-testid="row"][aria-selected="true"]', 'data-key'), keys[1]);
    await page.keyboard.press('Enter');
    await page.waitForSelector('[data-testid="detail"]');
    assert.equal(await page.textContent('[data-testid="detail"] .detail__title'), keys[1]?.split('/')[1]);
    await page.waitForSelector('[data-testid="chart-node.cpu"] canvas');
    await page.keyboard.press('Escape');
    await page.waitForSelector('[data-testid="detail"]', { state: 'detached' });
  });

  it('says so when the cache has no samples for a chart', async () => {
    await page.locator('[data-testid="nodes-table"] [data-testid="row"]', { hasText: 'sel-k8s-w3' }).click();
    const chart = await page.waitForSelector('[data-testid="chart-node.cpu"]:has([data-testid="chart-empty"])', { timeout: 10_000 });
    assert.equal(await chart.getAttribute('data-points'), '0');
    assert.equal(await page.$('[data-testid="chart-node.cpu"] canvas'), null);
    await page.keyboard.press('Escape');
  });

  it('switches tabs with digits and g-sequences', async () => {
    await page.keyboard.press('2');
    await page.waitForSelector('[data-testid="pods-table"]');
    await page.keyboard.press('g');
    await page.keyboard.press('n');
    await page.waitForSelector('[data-testid="nodes-table"]');
    await page.keyboard.press('g');
    await page.keyboard.press('p');
    await page.waitForSelector('[data-testid="pods-table"]');
  });

  it('colours pod problems and sorts by a clicked column', async () => {
    const crash = page.locator('[data-testid="pods-table"] [data-testid="row"]', { hasText: 'CrashLoopBackOff' }).first();
    assert.match((await crash.getAttribute('class')) ?? '', /row--error/);
    await page.click('[data-testid="pods-table"] th:has-text("Restarts") button');
    await page.click('[data-testid="pods-table"] th:has-text("Restarts") button');
    const restarts = await page.$$eval('[data-testid="pods-table"] td[data-column="restarts"]', (cells) => cells.map((cell) => Number(cell.textContent)));
    assert.deepEqual(restarts, [...restarts].sort((a, b) => b - a));
  });

  it('shows an API error with its code and message instead of a blank table', async () => {
    await page.keyboard.press('3');
    const error = await page.waitForSelector('[data-testid="error"][data-code="connector-error"]', { timeout: 20_000 });
    assert.match((await error.textContent()) ?? '', /kubernetes API answered 503/);
    await screenshot(page, 'renderer-error.png');
    await page.keyboard.press('1');
  });

  it('narrows to one center from the selector', async () => {
    await page.click('[data-testid="center-selector"]');
    await page.click('[data-testid="center-list"] .center-option:has-text("Seoul DC") button:has-text("only")');
    await page.keyboard.press('Escape');
    await page.waitForFunction(() =>
      [...document.querySelectorAll('[data-testid="nodes-table"] [data-testid="row"]')].every((row) => row.getAttribute('data-center') === 'seoul-dc'),
    );
    assert.equal(await page.textContent('[data-testid="center-selector"] .header-button__value'), 'Seoul DC');
    await page.click('[data-testid="center-selector"]');
    await page.click('[data-testid="center-list"] .center-option--all input');
    await page.keyboard.press('Escape');
  });

  it('validates a custom time range inline', async () => {
    await page.click('[data-testid="time-range-custom"]');
    await page.fill('[data-testid="time-from"]', 'yesterday');
    await page.keyboard.press('Enter');
    await page.waitForSelector('.field__error:has-text("expected now")');
    await page.fill('[data-testid="time-from"]', 'now');
    await page.fill('[data-testid="time-to"]', 'now-1h');
    await page.keyboard.press('Enter');
    await page.waitForSelector('.field__error:has-text("before")');
    await screenshot(page, 'renderer-time-range.png');
    await page.fill('[data-testid="time-from"]', 'now-2h');
    await page.fill('[data-testid="time-to"]', 'now');
    await page.keyboard.press('Enter');
    await page.waitForSelector('[data-testid="time-range-custom"]:has-text("now-2h")');
  });

  it('updates sync status live from pushed events', async () => {
    assert.ok(fake);
    const base = fake.statuses.find((status) => status.centerId === 'ohio-region' && status.signal === 'metrics');
    assert.ok(base);
    const syncing: SyncStatus = { ...base, state: 'syncing', progress: 0.4 };
    fake.dispatcher.emit('sync:onDidChangeStatus', [syncing]);
    await page.waitForSelector('[data-testid="sync-status"][data-center="ohio-region"][data-state="syncing"] [role="progressbar"]');
    const failed: SyncStatus = { ...base, state: 'error', progress: null, error: { code: 'connector-error', message: 'prometheus timed out after 15s' } };
    fake.dispatcher.emit('sync:onDidChangeStatus', [failed]);
    const chip = await page.waitForSelector('[data-testid="sync-status"][data-center="ohio-region"][data-state="error"]');
    assert.match((await chip.textContent()) ?? '', /prometheus timed out after 15s/);
    await screenshot(page, 'renderer-sync-error.png');
  });

  it('explains a missing token instead of showing an empty console', async () => {
    assert.ok(fake && browser);
    const context = await browser.newContext();
    const fresh = await context.newPage();
    await fresh.goto(`${fake.origin}/`);
    await fresh.waitForSelector('[data-testid="not-connected"]');
    await context.close();
  });
});
