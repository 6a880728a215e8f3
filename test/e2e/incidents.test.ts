import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { ApiFailure } from '../../shared/contract/result.ts';
import type { Incident, TimelineEntry } from '../../shared/domain/incidents.ts';
import { startConsole, type RunningConsole } from '../support/console.ts';
import { countSeriesPixels, ensureRendererBuilt, launchChromium, screenshot, watchProblems, type PageProblems } from './support/browser.ts';
import { openDemoPage, type DemoPage } from './support/demo-page.ts';
import { startFakeConsole, type FakeConsole } from './support/fake-console.ts';

interface EntryView {
  id: string;
  source: string;
  at: number;
  title: string;
  starred: boolean;
  hidden: boolean;
}

function readEntries(page: Page): Promise<EntryView[]> {
  return page.$$eval('[data-testid="timeline-entry"]', (rows) =>
    rows.map((row) => ({
      id: row.getAttribute('data-entry-id') ?? '',
      source: row.getAttribute('data-source') ?? '',
      at: Number(row.getAttribute('data-at')),
      title: row.querySelector('[data-testid="timeline-entry-title"]')?.textContent ?? '',
      starred: row.getAttribute('data-starred') === 'true',
      hidden: row.getAttribute('data-hidden') === 'true',
    })),
  );
}

/** A fresh page load (nothing kept in the renderer), then the incident opened from the list. */
async function reloadIncident(page: Page, id: string): Promise<void> {
  await page.reload();
  await page.waitForSelector('[data-testid="tab-incidents"]', { timeout: 20_000 }).catch(async (error: unknown) => {
    await screenshot(page, 'incident-reload-failed.png');
    throw error;
  });
  await page.keyboard.press('8');
  const row = page.locator(`[data-testid="incident-row"][data-incident-id="${id}"]`);
  await row.waitFor({ timeout: 20_000 });
  await row.click();
  await page.waitForSelector(`[data-testid="incident-page"][data-incident-id="${id}"]`, { timeout: 20_000 });
}

const exportFormats = ['md', 'html', 'json', 'pdf', 'pack'] as const;

/**
 * Issue #6 acceptance in Chromium on the demo's scripted incident: an incident from the NodeMemoryHigh alert, its
 * timeline (OOMKilled, BackOff, FailedScheduling, the rollout, the error burst) in order, a note, two stars, every
 * export; then the same incident with every center unreachable, from the cache.
 */
describe('incidents end to end in Chromium', { timeout: 240_000 }, () => {
  let demo: DemoPage | undefined;
  let opsdesk: RunningConsole | undefined;
  let browser: Browser | undefined;
  let page: Page;
  let problems: PageProblems;
  let incidentId = '';
  let packPath = '';
  /** The timeline as it read right before the pack was written. */
  let entriesAtPack: EntryView[] = [];
  let second: RunningConsole | undefined;

  before(async () => {
    demo = await openDemoPage({
      console: { syncIntervalMs: 5_000 },
      // A desk in Seoul: times show in KST, UTC on hover.
      page: { viewport: { width: 1600, height: 1000 }, timezoneId: 'Asia/Seoul' },
      waitForCentersMs: 60_000,
    });
    ({ opsdesk, browser, page, problems } = demo);
  });

  after(async () => {
    await demo?.close();
    await second?.close();
  });

  it('creates an incident from the firing NodeMemoryHigh alert', async () => {
    await page.keyboard.press('8');
    await page.waitForSelector('[data-testid="incidents-view"]');
    const alertRow = page.locator('[data-testid="alert-row"][data-alert-name="NodeMemoryHigh"]').first();
    await alertRow.waitFor({ timeout: 60_000 });
    await screenshot(page, 'incidents-alerts.png');
    await alertRow.locator('[data-testid="alert-create-incident"]').click();
    await page.waitForSelector('[data-testid="incident-form"]');
    assert.match(await page.inputValue('[data-testid="incident-form-title"]'), /NodeMemoryHigh/);
    assert.match((await page.textContent('[data-testid="incident-form-origin"]')) ?? '', /From alert NodeMemoryHigh \(seoul-dc\)/);
    await page.fill('[data-testid="incident-form-owner"]', 'oncall-kim');
    await page.click('[data-testid="incident-form-create"]');
    const pageLocator = page.locator('[data-testid="incident-page"]');
    await pageLocator.waitFor({ timeout: 20_000 });
    incidentId = (await pageLocator.getAttribute('data-incident-id')) ?? '';
    assert.match(incidentId, /^inc-[0-9a-z]{6,32}$/);
    assert.equal(await page.inputValue('[data-testid="incident-owner"]'), 'oncall-kim');
    assert.equal(await pageLocator.getAttribute('data-read-only'), 'false');
  });

  it('shows OOMKilled, BackOff, FailedScheduling, the rollout and the error burst in time order', async () => {
    // The timeline is assembled from the cache; the first pulls of events and logs may still be landing.
    await page.waitForFunction(
      () => {
        // No named helpers in here: the page cannot see the bundler's __name shim.
        const rows = [...document.querySelectorAll('[data-testid="timeline-entry"]')].map((row) => ({
          source: row.getAttribute('data-source'),
          title: row.querySelector('[data-testid="timeline-entry-title"]')?.textContent ?? '',
        }));
        return (
          rows.some((row) => row.title.includes('OOMKilled')) &&
          rows.some((row) => row.title.includes('BackOff')) &&
          rows.some((row) => row.title.includes('FailedScheduling')) &&
          rows.some((row) => row.source === 'rollout') &&
          rows.some((row) => row.source === 'log-burst')
        );
      },
      undefined,
      { timeout: 90_000, polling: 500 },
    );
    const entries = await readEntries(page);
    const times = entries.map((entry) => entry.at);
    assert.deepEqual(times, [...times].sort((a, b) => a - b), 'entries are listed oldest first');
    const first = (match: (entry: EntryView) => boolean, what: string) => {
      const found = entries.find(match);
      assert.ok(found, `no ${what} entry in ${entries.map((entry) => `${entry.source}:${entry.title}`).join(' | ')}`);
      return found;
    };
    const rollout = first((entry) => entry.source === 'rollout', 'rollout');
    const oom = first((entry) => entry.title.includes('OOMKilled'), 'OOMKilled');
    const backOff = first((entry) => entry.title.includes('BackOff'), 'BackOff');
    const failedScheduling = first((entry) => entry.title.includes('FailedScheduling'), 'FailedScheduling');
    const burst = first((entry) => entry.source === 'log-burst', 'error burst');
    const alert = first((entry) => entry.source === 'alert' && entry.title.includes('NodeMemoryHigh'), 'NodeMemoryHigh alert');
    // The script: rollout (anchor-50m), first OOM kill (~anchor-40m) and the restarts' back-off after it,
    // NodeMemoryHigh (anchor-38m), reports-db-0 unschedulable (anchor-31m); the errors follow the new build.
    assert.ok(rollout.at < oom.at, 'the rollout comes before the first OOM kill');
    assert.ok(oom.at <= backOff.at, 'the first OOM kill comes before the back-off');
    assert.ok(oom.at < alert.at, 'the OOM kill comes before NodeMemoryHigh fires');
    assert.ok(alert.at < failedScheduling.at, 'NodeMemoryHigh fires before reports-db-0 cannot be scheduled');
    assert.ok(rollout.at < burst.at, 'the error burst follows the rollout');

    // Every entry's time is in the desk zone (KST, UTC+9) with UTC on hover.
    const stamp = page.locator('[data-testid="timeline-entry"] time').first();
    const shown = (await stamp.textContent()) ?? '';
    const hover = (await stamp.getAttribute('title')) ?? '';
    assert.match(hover, /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} UTC$/);
    assert.match(shown, /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
    const asUtc = (text: string) => Date.parse(`${text.replace(' UTC', '').replace(' ', 'T')}Z`);
    assert.equal(asUtc(shown) - asUtc(hover), 9 * 3_600_000, `${shown} (desk) vs ${hover}`);
    assert.equal(new Date(Number(await page.locator('[data-testid="timeline-entry"]').first().getAttribute('data-at'))).toISOString().slice(0, 19).replace('T', ' ') + ' UTC', hover);
    // Muting a source leaves its entries out until it is switched back on.
    await page.click('[data-testid="timeline-source-kube-event"]');
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="timeline-entry"][data-source="kube-event"]').length === 0);
    assert.ok((await page.locator('[data-testid="timeline-entry"][data-source="rollout"]').count()) > 0);
    await page.click('[data-testid="timeline-source-kube-event"]');
    await page.waitForFunction((count) => document.querySelectorAll('[data-testid="timeline-entry"]').length >= count, entries.length);
    await page.locator('[data-testid="timeline-entry"]').filter({ hasText: 'OOMKilled' }).first().scrollIntoViewIfNeeded();
    await screenshot(page, 'incident-timeline.png');
  });

  it('adds a Markdown note and renders it as text, never as markup', async () => {
    const note = 'Rolled back **checkout** to 1.41.3 <script>window.__noteRan = true</script>';
    await page.fill('[data-testid="note-input"]', note);
    await page.waitForSelector('[data-testid="note-preview"] strong');
    await page.click('[data-testid="add-note"]');
    const noteEntry = page.locator('[data-testid="timeline-entry"][data-source="note"]').filter({ hasText: 'Rolled back' });
    await noteEntry.waitFor({ timeout: 10_000 });
    assert.equal(await noteEntry.locator('[data-testid="note-body"] strong').textContent(), 'checkout');
    assert.match((await noteEntry.locator('[data-testid="note-body"]').textContent()) ?? '', /<script>window.__noteRan = true<\/script>/);
    assert.equal(await noteEntry.locator('script').count(), 0);
    assert.equal(await page.evaluate(() => (window as unknown as { __noteRan?: boolean }).__noteRan ?? false), false);

    // The post-mortem summary, in Markdown too.
    await page.click('[data-testid="edit-summary"]');
    await page.fill('[data-testid="summary-input"]', 'Checkout **1.42.0** leaked memory until the node ran out.');
    await page.click('[data-testid="summary-save"]');
    await page.waitForSelector('[data-testid="incident-postmortem"] strong');
    assert.equal(await page.textContent('[data-testid="incident-postmortem"] strong'), '1.42.0');
  });

  it('stars two entries (button and the s key) and hides one as noise', async () => {
    const oom = page.locator('[data-testid="timeline-entry"]').filter({ hasText: 'OOMKilled' }).first();
    await oom.locator('[data-testid="entry-star"]').click();
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="timeline-entry"][data-starred="true"]').length === 1);

    const failed = page.locator('[data-testid="timeline-entry"]').filter({ hasText: 'FailedScheduling' }).first();
    await failed.locator('[data-testid="timeline-entry-title"]').click();
    await page.keyboard.press('s');
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="timeline-entry"][data-starred="true"]').length === 2, undefined, { timeout: 10_000 });

    // Hide a routine event with h; it leaves the list until "Show hidden" is ticked.
    const before = await readEntries(page);
    const last = before.find((entry) => entry.source === 'kube-event' && !entry.starred && /^(Pulling|Pulled|Scheduled|SuccessfulCreate|Created|Started)/.test(entry.title));
    assert.ok(last, `a routine event to hide among ${before.map((entry) => entry.title).join(' | ')}`);
    await page.locator(`[data-testid="timeline-entry"][data-entry-id="${last.id}"] [data-testid="timeline-entry-title"]`).click();
    await page.keyboard.press('h');
    await page.waitForFunction((id) => !document.querySelector(`[data-testid="timeline-entry"][data-entry-id="${CSS.escape(id)}"]`), last.id, { timeout: 10_000 });
    await page.check('[data-testid="show-hidden"]');
    await page.waitForSelector(`[data-testid="timeline-entry"][data-hidden="true"]`);
    await page.uncheck('[data-testid="show-hidden"]');

    // n annotates the focused entry (Markdown, rendered as text nodes).
    await failed.locator('[data-testid="timeline-entry-title"]').click();
    await page.keyboard.press('n');
    await page.fill('[data-testid="annotation-input"]', 'PVC `data-reports-db-0` was deleted with the pod');
    await page.click('[data-testid="annotation-save"]');
    await failed.locator('[data-testid="entry-annotation"] code').waitFor({ timeout: 10_000 });
    assert.equal(await failed.locator('[data-testid="entry-annotation"] code').textContent(), 'data-reports-db-0');

    // The marks are stored, not only drawn: a fresh read of the incident has them.
    await reloadIncident(page, incidentId);
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="timeline-entry"][data-starred="true"]').length === 2, undefined, { timeout: 20_000 });
    await failed.locator('[data-testid="entry-annotation"]').waitFor({ timeout: 10_000 });
    await page.locator('[data-testid="timeline-entry"][data-starred="true"]').first().scrollIntoViewIfNeeded();
    await screenshot(page, 'incident-starred.png');
  });

  it('opens the records behind an entry: the pod, and its logs in the window', async () => {
    const backOff = page.locator('[data-testid="timeline-entry"]').filter({ hasText: 'BackOff' }).first();
    await backOff.locator('[data-testid="entry-link-logs"]').first().click();
    await page.waitForSelector('[data-testid="logs-view"]');
    const pod = await page.inputValue('[data-testid="logs-pod"]');
    assert.match(pod, /^checkout-/);
    assert.equal(await page.inputValue('[data-testid="logs-namespace"]'), 'shop');
    await page.waitForFunction(
      (name) => {
        const lines = [...document.querySelectorAll('[data-testid="log-line"]')];
        return lines.length > 0 && lines.every((line) => line.getAttribute('data-pod') === name);
      },
      pod,
      { timeout: 20_000, polling: 250 },
    );
    await screenshot(page, 'incident-entry-logs.png');

    // Back to the incident (the tab remembers it), then the pod itself.
    await page.keyboard.press('8');
    await page.waitForSelector(`[data-testid="incident-page"][data-incident-id="${incidentId}"]`);
    await backOff.locator('[data-testid="entry-link-pod"]').first().click();
    const detail = page.locator('[data-testid="detail"]');
    await detail.waitFor({ timeout: 10_000 });
    assert.match((await detail.getAttribute('aria-label')) ?? '', /^Pod checkout-/);
    await page.keyboard.press('8');
    await page.waitForSelector(`[data-testid="incident-page"][data-incident-id="${incidentId}"]`);
  });

  it('exports every format, each file on disk with the size and SHA-256 shown', async () => {
    for (const format of exportFormats) {
      if (format === 'pack') entriesAtPack = await readEntries(page);
      await page.click(`[data-testid="export-${format}"]`);
      const result = page.locator(`[data-testid="export-result"][data-format="${format}"]`);
      await page.waitForSelector(`[data-testid="export-result"][data-format="${format}"]:not([data-state="pending"])`, { timeout: 90_000 });
      const state = await result.getAttribute('data-state');
      const error = state === 'failed' ? await result.locator('[data-testid="export-error"]').textContent() : '';
      assert.equal(state, 'done', `${format} export failed: ${error}`);
      const path = (await result.locator('[data-testid="export-path"]').textContent()) ?? '';
      const bytes = Number(await result.locator('[data-testid="export-bytes"]').getAttribute('data-bytes'));
      const sha256 = (await result.locator('[data-testid="export-sha256"]').getAttribute('title')) ?? '';
      assert.ok(existsSync(path), `${format}: ${path} exists`);
      assert.ok(bytes > 0, `${format}: ${bytes} bytes`);
      assert.equal(statSync(path).size, bytes, `${format}: the size shown is the file's`);
      assert.equal(createHash('sha256').update(readFileSync(path)).digest('hex'), sha256, `${format}: the SHA-256 shown is the file's`);
      if (format === 'md') {
        const markdown = readFileSync(path, 'utf8');
        assert.match(markdown, /OOMKilled/);
        assert.match(markdown, /Rolled back/);
        assert.match(markdown, /Checkout \*\*1\.42\.0\*\* leaked memory/);
      }
      if (format === 'pdf') assert.equal(readFileSync(path).subarray(0, 5).toString('latin1'), '%PDF-');
      if (format === 'pack') packPath = path;
    }
    await screenshot(page, 'incident-exports.png');
  });

  it('verifies the exported pack: signed by this desk, trusted, every part intact', async () => {
    assert.ok(packPath, 'a pack was exported');
    await page.click('[data-testid="incident-back"]');
    await page.waitForSelector('[data-testid="incidents-view"]');
    await page.fill('[data-testid="pack-path"]', packPath);
    await page.click('[data-testid="pack-verify"]');
    const verdict = page.locator('[data-testid="pack-verdict"]');
    await verdict.waitFor({ timeout: 30_000 });
    assert.equal(await verdict.getAttribute('data-valid'), 'true', (await verdict.textContent()) ?? '');
    assert.equal(await verdict.getAttribute('data-trusted'), 'true');
    assert.notEqual((await page.textContent('[data-testid="pack-signer"]'))?.trim(), 'unknown');
    await screenshot(page, 'incident-pack-verdict.png');
    const row = page.locator(`[data-testid="incident-row"][data-incident-id="${incidentId}"]`);
    assert.equal(await row.count(), 1, 'the incident is listed');
    await row.click();
    await page.waitForSelector('[data-testid="incident-page"]');
  });

  it('creates incidents by hand and from a selected pod, and extends a window', async () => {
    await page.keyboard.press('2');
    const podRow = page.locator('[data-testid="pods-table"] [data-testid="row"]').first();
    await podRow.waitFor({ timeout: 20_000 });
    await podRow.click();
    // The pod's detail pane offers an incident about it over the current time range.
    await page.click('[data-testid="detail"] [data-testid="selection-create-incident"]');
    await page.waitForSelector('[data-testid="incident-form"]');
    assert.match(await page.inputValue('[data-testid="incident-form-title"]'), /^Investigate pod \S+\/\S+$/);
    assert.match((await page.textContent('[data-testid="incident-form-origin"]')) ?? '', /From the pods view: pod /);
    await page.click('[data-testid="incident-form-create"]');
    const fromSelection = page.locator('[data-testid="incident-page"]');
    await fromSelection.waitFor({ timeout: 20_000 });
    const selectionId = await fromSelection.getAttribute('data-incident-id');
    assert.notEqual(selectionId, incidentId);

    // +15m grows the window; the stored incident says so.
    const window = page.locator('[data-testid="incident-window"]');
    const toBefore = Number(await window.getAttribute('data-to'));
    await page.click('[data-testid="extend-later"]');
    await page.waitForFunction((to) => Number(document.querySelector('[data-testid="incident-window"]')?.getAttribute('data-to')) === to + 15 * 60_000, toBefore, { timeout: 10_000 });

    await page.click('[data-testid="incident-back"]');
    await page.click('[data-testid="new-incident"]');
    await page.fill('[data-testid="incident-form-title"]', 'Checkout latency reported by the service desk');
    await page.selectOption('[data-testid="incident-form-severity"]', 'low');
    await page.click('[data-testid="incident-form-create"]');
    await page.waitForSelector('[data-testid="incident-page"]', { timeout: 20_000 });
    assert.equal(await page.inputValue('[data-testid="incident-title"]'), 'Checkout latency reported by the service desk');
    assert.equal(await page.inputValue('[data-testid="incident-severity"]'), 'low');
    // With no center selected, an incident by hand covers every center.
    assert.deepEqual((await page.inputValue('[data-testid="incident-centers"]')).split(', ').sort(), ['ohio-region', 'seoul-dc']);
    const manualId = await page.locator('[data-testid="incident-page"]').getAttribute('data-incident-id');
    // Resolved incidents leave the "active" filter.
    await page.selectOption('[data-testid="incident-status"]', 'resolved');
    await page.waitForFunction(() => (document.querySelector('[data-testid="incident-status"]') as HTMLSelectElement | null)?.value === 'resolved');
    await page.click('[data-testid="incident-back"]');
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="incident-row"]').length === 3);
    await page.click('[data-testid="incident-filter-active"]');
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="incident-row"]').length === 2);
    assert.equal(await page.locator(`[data-testid="incident-row"][data-incident-id="${manualId}"]`).count(), 0);
    await page.click('[data-testid="incident-filter-all"]');
    await screenshot(page, 'incidents-list.png');
    // Deleting takes two clicks and removes it from the list.
    await page.click(`[data-testid="incident-row"][data-incident-id="${manualId}"]`);
    await page.click('[data-testid="incident-delete"]');
    await page.click('[data-testid="incident-delete-confirm"]');
    await page.waitForSelector('[data-testid="incidents-view"]');
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="incident-row"]').length === 2, undefined, { timeout: 10_000 });
    await page.click(`[data-testid="incident-row"][data-incident-id="${incidentId}"]`);
    await page.waitForSelector(`[data-testid="incident-page"][data-incident-id="${incidentId}"]`);
  });

  it('renders the incident from the cache with every center unreachable', async () => {
    assert.ok(opsdesk);
    await page.waitForSelector('[data-testid="timeline-entry"]', { timeout: 60_000 });
    const entriesBefore = await readEntries(page);
    await opsdesk.stopDemoCenters();
    // Ask for a pull: both centers must now report the failure (what the desk shows during an outage).
    await page.click('[data-testid="refresh-all"]');
    await page.waitForFunction(
      () => {
        const chips = [...document.querySelectorAll('[data-testid="sync-status"]')];
        return chips.length >= 2 && chips.every((chip) => chip.getAttribute('data-state') === 'error');
      },
      undefined,
      { timeout: 60_000, polling: 500 },
    );
    // A fresh page: nothing held in the renderer's memory, everything read again through the host from the cache.
    await reloadIncident(page, incidentId);
    await page.waitForFunction((count) => document.querySelectorAll('[data-testid="timeline-entry"]').length >= count, entriesBefore.length, { timeout: 20_000 });
    // Everything seen online is there offline (a pull that landed just before the stop may have added more).
    const entriesAfter = new Set((await readEntries(page)).map((entry) => `${entry.id}@${entry.at}`));
    const missing = entriesBefore.filter((entry) => !entriesAfter.has(`${entry.id}@${entry.at}`));
    assert.deepEqual(missing, [], 'entries missing offline');
    // Chart strip: every slot drawn from cached samples.
    await page.waitForFunction(
      () => {
        const slots = [...document.querySelectorAll('[data-testid="chart-strip-slot"]')];
        return slots.length > 0 && slots.every((slot) => Number(slot.querySelector('.chart')?.getAttribute('data-points') ?? 0) > 0 && slot.querySelector('canvas'));
      },
      undefined,
      { timeout: 20_000, polling: 250 },
    );
    const slots = await page.locator('[data-testid="chart-strip-slot"]').count();
    assert.ok(slots >= 2, `${slots} charts in the strip`);
    const pixels = await countSeriesPixels(page, '[data-testid="chart-strip-slot"] canvas');
    assert.ok(pixels > 0, 'the first chart of the strip painted its series');
    // Logs of the window from the cache.
    await page.waitForSelector('[data-testid="incident-log-line"][data-level="error"]', { timeout: 20_000 });
    // The centers really are unreachable: every endpoint of every center refuses connections.
    for (const center of opsdesk.core.centers) {
      for (const endpoint of center.endpoints) {
        await assert.rejects(fetch(endpoint.url, { signal: AbortSignal.timeout(5_000) }), `${endpoint.id} still answers`);
      }
    }
    await screenshot(page, 'incident-offline.png');
    const pageErrors = problems.errors.filter((error) => error.startsWith('pageerror'));
    assert.deepEqual(pageErrors, []);
  });

  it('imports the pack into a fresh desk with its centers unreachable: read-only, same timeline, charts and logs', async () => {
    assert.ok(packPath, 'a pack was exported');
    // A second desk: its own data directory and keys, no pull ever, its demo centers down.
    second = await startConsole({ startSync: false });
    await second.stopDemoCenters();
    const reviewer = await browser!.newPage({ viewport: { width: 1600, height: 1000 } });
    const reviewerProblems = watchProblems(reviewer);
    try {
      await reviewer.goto(second.url);
      await reviewer.waitForSelector('[data-testid="tab-incidents"]', { timeout: 20_000 });
      await reviewer.keyboard.press('8');
      await reviewer.fill('[data-testid="pack-path"]', packPath);
      await reviewer.click('[data-testid="pack-verify"]');
      const verdict = reviewer.locator('[data-testid="pack-verdict"]');
      await verdict.waitFor({ timeout: 30_000 });
      assert.equal(await verdict.getAttribute('data-valid'), 'true', (await verdict.textContent()) ?? '');
      // Signed with the first desk's key, which this desk has never seen.
      assert.equal(await verdict.getAttribute('data-trusted'), 'false');
      await reviewer.click('[data-testid="pack-import-button"]');
      const imported = reviewer.locator('[data-testid="incident-page"]');
      await imported.waitFor({ timeout: 30_000 });
      assert.equal(await imported.getAttribute('data-read-only'), 'true');
      await reviewer.waitForSelector('[data-testid="read-only-badge"]');
      assert.match((await reviewer.textContent('[data-testid="read-only-badge"]')) ?? '', /untrusted/);
      // Read-only: no field, mark or note can change.
      assert.equal(await reviewer.locator('[data-testid="incident-title"]').isDisabled(), true);
      assert.equal(await reviewer.locator('[data-testid="note-input"]').count(), 0);
      assert.equal(await reviewer.locator('[data-testid="entry-star"]').first().isDisabled(), true);
      assert.equal(await reviewer.locator('[data-testid="export-html"]').count(), 1, 'an imported incident can still be exported');

      await reviewer.waitForSelector('[data-testid="timeline-entry"]', { timeout: 20_000 });
      const importedEntries = new Map((await readEntries(reviewer)).map((entry) => [entry.id, entry]));
      const missing = entriesAtPack.filter((entry) => importedEntries.get(entry.id)?.at !== entry.at);
      assert.deepEqual(missing, [], 'entries of the signed timeline missing after import');
      assert.equal([...importedEntries.values()].filter((entry) => entry.starred).length, 2, 'the two stars travel with the pack');
      assert.ok([...importedEntries.values()].some((entry) => entry.source === 'note' && entry.title.length > 0), 'the note travels with the pack');

      await reviewer.waitForFunction(
        () => {
          const slots = [...document.querySelectorAll('[data-testid="chart-strip-slot"]')];
          return slots.length > 0 && slots.every((slot) => Number(slot.querySelector('.chart')?.getAttribute('data-points') ?? 0) > 0 && slot.querySelector('canvas'));
        },
        undefined,
        { timeout: 20_000, polling: 250 },
      );
      assert.ok((await countSeriesPixels(reviewer, '[data-testid="chart-strip-slot"] canvas')) > 0, 'the imported samples are drawn');
      await reviewer.waitForSelector('[data-testid="incident-log-line"][data-level="error"]', { timeout: 20_000 });
      await screenshot(reviewer, 'incident-imported-read-only.png');
      assert.deepEqual(reviewerProblems.errors.filter((error) => error.startsWith('pageerror')), []);
    } finally {
      await reviewer.goto('about:blank').catch(() => undefined);
      await reviewer.close();
    }
  });
});

/**
 * The incident views' exact states on fixtures (fake console): an imported, read-only incident whose note tries to
 * smuggle markup, an export that fails, and a pack that verification refuses.
 */
describe('incident view states in Chromium (fixtures)', { timeout: 120_000 }, () => {
  let fake: FakeConsole | undefined;
  let browser: Browser | undefined;
  let page: Page;
  let problems: PageProblems;
  const now = Date.now();
  const minute = 60_000;
  const imported: Incident = {
    id: 'inc-fixture01',
    title: 'Payments crash loop (from Seoul night shift)',
    severity: 'critical',
    status: 'mitigated',
    owner: 'night-shift',
    centerIds: ['seoul-dc'],
    services: ['payments'],
    window: { fromMs: now - 60 * minute, toMs: now - 5 * minute },
    origin: { type: 'manual' },
    summary: 'Payments **restarted** 14 times.',
    impact: '',
    rootCause: '',
    actions: '',
    createdAt: now - 50 * minute,
    updatedAt: now - 10 * minute,
    imported: { packSha256: 'a'.repeat(64), signer: 'kim@seoul-desk', signerKeyId: 'ed25519:0badc0de', signedAt: now - 8 * minute, trusted: false },
  };
  const pod = { kind: 'pod' as const, centerId: 'seoul-dc', namespace: 'shop', name: 'payments-6b7c8d9e-q4rst' };
  const timeline: TimelineEntry[] = [
    {
      id: 'ev-1', at: now - 40 * minute, endAt: null, source: 'kube-event', centerId: 'seoul-dc', object: 'pod shop/payments-6b7c8d9e-q4rst',
      title: 'BackOff ×14: pod shop/payments-6b7c8d9e-q4rst', body: 'Back-off restarting failed container', severity: 'warning', refs: [pod],
      starred: true, hidden: false, annotation: 'Started right after the **config push**',
    },
    {
      id: 'note-1', at: now - 30 * minute, endAt: null, source: 'note', centerId: null, object: null, title: 'Note',
      body: 'Tried <img src=x onerror="window.__injected = true"> and [a link](javascript:window.__injected=true), see [runbook](https://wiki.example/payments).',
      severity: 'info', refs: [], starred: false, hidden: false, annotation: null,
    },
    {
      id: 'ev-2', at: now - 20 * minute, endAt: null, source: 'kube-event', centerId: 'seoul-dc', object: 'pod shop/payments-6b7c8d9e-q4rst',
      title: 'Pulled: pod shop/payments-6b7c8d9e-q4rst', body: null, severity: 'info', refs: [pod], starred: false, hidden: true, annotation: null,
    },
  ];

  before(async () => {
    await ensureRendererBuilt();
    fake = await startFakeConsole({
      now,
      handlers: {
        'incidents:list': () => [imported],
        'incidents:get': ({ id }) => {
          if (id !== imported.id) throw new ApiFailure('not-found', `no incident ${id}`);
          return { incident: imported, timeline };
        },
        'incidents:export': ({ incidentId, format }) => {
          if (format === 'pdf') throw new ApiFailure('unavailable', 'PDF needs Electron or a local Chromium');
          return { path: `/tmp/exports/${incidentId}.${format}`, bytes: 2048, sha256: 'b'.repeat(64), format };
        },
        'packs:verify': () => ({
          ok: false,
          reason: 'the signature does not match the manifest',
          part: 'manifest.json',
          packSha256: 'c'.repeat(64),
          signer: 'mallory@elsewhere',
          signedAt: now - 3 * minute,
          keyId: 'ed25519:feedface',
          trusted: false,
          incident: null,
          parts: [
            { name: 'manifest.json', size: 512, sha256: 'd'.repeat(64), ok: false },
            { name: 'cache.sqlite', size: 4096, sha256: 'e'.repeat(64), ok: true },
          ],
        }),
      },
    });
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
    problems = watchProblems(page);
    await page.goto(fake.url);
    await page.waitForSelector('[data-testid="tab-incidents"]');
    await page.keyboard.press('8');
  });

  after(async () => {
    await page?.goto('about:blank').catch(() => undefined);
    await browser?.close();
    await fake?.close();
  });

  it('shows an imported incident read-only, its note as text and only safe links', async () => {
    const row = page.locator('[data-testid="incident-row"][data-incident-id="inc-fixture01"]');
    await row.waitFor();
    assert.match((await row.textContent()) ?? '', /read-only/);
    await row.click();
    const incident = page.locator('[data-testid="incident-page"]');
    await incident.waitFor();
    assert.equal(await incident.getAttribute('data-read-only'), 'true');
    assert.match((await page.textContent('[data-testid="read-only-badge"]')) ?? '', /kim@seoul-desk.*untrusted signer/s);
    for (const field of ['incident-title', 'incident-owner', 'incident-severity', 'incident-status', 'incident-centers']) {
      assert.equal(await page.locator(`[data-testid="${field}"]`).isDisabled(), true, `${field} is locked`);
    }
    assert.equal(await page.locator('[data-testid="extend-later"]').count(), 0);
    assert.equal(await page.locator('[data-testid="note-input"]').count(), 0);
    assert.equal(await page.locator('[data-testid="edit-summary"]').count(), 0);
    assert.equal(await page.locator('[data-testid="incident-postmortem"] strong').textContent(), 'restarted');
    // The hidden entry stays out; keys do nothing on a read-only incident.
    assert.equal(await page.locator('[data-testid="timeline-entry"]').count(), 2);
    await page.locator('[data-testid="timeline-entry"][data-entry-id="ev-1"] [data-testid="timeline-entry-title"]').click();
    await page.keyboard.press('s');
    await page.keyboard.press('n');
    assert.equal(await page.locator('[data-testid="annotation-editor"]').count(), 0);
    assert.equal(fake!.calls.filter((call) => call.channel === 'incidents:markEntry').length, 0);
    assert.equal(await page.locator('[data-testid="entry-annotation"] strong').textContent(), 'config push');

    const note = page.locator('[data-testid="timeline-entry"][data-entry-id="note-1"] [data-testid="note-body"]');
    assert.match((await note.textContent()) ?? '', /<img src=x onerror="window.__injected = true">/);
    assert.equal(await note.locator('img').count(), 0);
    const hrefs = await note.locator('a').evaluateAll((links) => links.map((link) => [link.getAttribute('href'), link.getAttribute('rel')]));
    assert.deepEqual(hrefs, [['https://wiki.example/payments', 'noopener noreferrer']]);
    assert.equal(await page.evaluate(() => (window as unknown as { __injected?: boolean }).__injected ?? false), false);
    await screenshot(page, 'incident-fixture-read-only.png');
  });

  it('says why an export failed and offers the browser print for PDF', async () => {
    await page.click('[data-testid="export-pdf"]');
    const pdf = page.locator('[data-testid="export-result"][data-format="pdf"][data-state="failed"]');
    await pdf.waitFor();
    assert.match((await pdf.textContent()) ?? '', /PDF needs Electron or a local Chromium.*Print…/);
    await page.click('[data-testid="export-md"]');
    const md = page.locator('[data-testid="export-result"][data-format="md"][data-state="done"]');
    await md.waitFor();
    assert.equal(await md.locator('[data-testid="export-path"]').textContent(), '/tmp/exports/inc-fixture01.md');
    assert.equal(await md.locator('[data-testid="export-sha256"]').getAttribute('title'), 'b'.repeat(64));
    assert.equal(await page.locator('[data-testid="print"]').count(), 1);
  });

  it('shows a refused pack with the part and reason, and no way to import it', async () => {
    await page.click('[data-testid="incident-back"]');
    await page.fill('[data-testid="pack-path"]', '/tmp/forged.opsdesk-pack');
    await page.click('[data-testid="pack-verify"]');
    const verdict = page.locator('[data-testid="pack-verdict"]');
    await verdict.waitFor();
    assert.equal(await verdict.getAttribute('data-valid'), 'false');
    assert.equal(await verdict.getAttribute('data-trusted'), 'false');
    assert.equal(await page.textContent('[data-testid="pack-verdict-reason"]'), 'manifest.json: the signature does not match the manifest');
    assert.match((await page.textContent('[data-testid="pack-signer"]')) ?? '', /mallory@elsewhere/);
    assert.equal(await page.locator('[data-testid="pack-import-button"]').count(), 0);
    assert.deepEqual(
      fake!.calls.filter((call) => call.channel.startsWith('packs:')).map((call) => [call.channel, call.input]),
      [['packs:verify', { path: '/tmp/forged.opsdesk-pack' }]],
    );
    await screenshot(page, 'incident-pack-refused.png');
    assert.deepEqual(problems.errors.filter((error) => error.startsWith('pageerror')), []);
  });
});
