import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { startCore } from '../../electron/core.ts';
import { createVault } from '../../electron/services/vault/index.ts';
import type { ExportResult } from '../../shared/contract/exports-channels.ts';
import type { Incident, TimelineEntry } from '../../shared/domain/incidents.ts';
import { toHtml } from '../../shared/export/html-export.ts';
import { maskDocument } from '../../shared/export/mask-document.ts';
import { fixtureDocument, pastedPassword, pastedToken } from '../fixtures/export/incident-export-fixture.ts';
import { registerTestSecret } from '../support/secret-ledger.ts';
import { makeTempDir } from '../support/temp-dir.ts';
import { artifactsDir, launchChromium, screenshot, watchProblems } from './support/browser.ts';

registerTestSecret(pastedToken);
registerTestSecret(pastedPassword);

/** Served by the route below, never by a network: the document is the only thing the page may ask for. */
const documentUrl = 'http://export.invalid/incident.html';
let browser: Browser;

before(async () => {
  browser = await launchChromium();
});
after(async () => {
  await browser?.close();
});

async function openOffline(html: string) {
  const context = await browser.newContext({ viewport: { width: 1100, height: 900 }, offline: false });
  const page = await context.newPage();
  /** Every request the page started (Chromium reports even those its CSP then blocks), data: URLs included. */
  const attempts: string[] = [];
  /** Requests that reached the network layer (and were answered or aborted here). */
  const routed: string[] = [];
  const failures: string[] = [];
  const problems = watchProblems(page);
  page.on('request', (request) => attempts.push(request.url()));
  page.on('requestfailed', (request) => failures.push(`${request.url()} ${request.failure()?.errorText ?? ''}`));
  await page.route('**', (route) => {
    routed.push(route.request().url());
    return route.request().url() === documentUrl ? route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: html }) : route.abort('blockedbyclient');
  });
  await page.goto(documentUrl, { waitUntil: 'load' });
  return { context, page, attempts, routed, failures, problems };
}

test('the HTML export renders its timeline and charts with every request blocked, and asks for nothing but itself', async () => {
  const document = maskDocument(fixtureDocument());
  const { context, page, attempts, routed, problems } = await openOffline(toHtml(document));
  try {
    const visible = document.timeline.filter((entry) => !entry.hidden);
    assert.equal(await page.locator('ol.timeline > li').count(), visible.length);
    assert.equal(await page.locator('ol.timeline > li.starred').count(), 2);
    assert.deepEqual(await page.locator('ol.timeline > li').evaluateAll((items) => items.map((item) => item.getAttribute('data-entry-id'))), visible.map((entry) => entry.id));
    assert.equal(await page.locator('svg.chart').count(), document.charts.length);
    const paths = await page.locator('svg.chart path.series').evaluateAll((elements) => elements.map((element) => ({ d: element.getAttribute('d') ?? '', length: (element as SVGPathElement).getTotalLength() })));
    assert.equal(paths.length, 3);
    for (const path of paths) assert.ok(path.d.startsWith('M') && path.length > 100, `a drawn path: ${path.d.slice(0, 40)}… length ${path.length}`);
    const box = await page.locator('svg.chart').first().boundingBox();
    assert.ok(box && box.width > 300 && box.height > 100, 'charts take their space on the page');
    assert.equal(await page.getByText(pastedToken).count(), 0, 'the token is masked');
    await page.locator('ol.timeline').scrollIntoViewIfNeeded();
    await screenshot(page, 'export-html-offline.png');
    await page.screenshot({ path: join(artifactsDir, 'export-html-full.png'), fullPage: true });
    assert.deepEqual(attempts, [documentUrl], 'no request besides the document itself was even started');
    assert.deepEqual(routed, [documentUrl]);
    assert.deepEqual(problems.errors, []);
  } finally {
    await context.close();
  }
});

test('markup smuggled into incident text stays text: no request, no script', async () => {
  const base = fixtureDocument();
  const hostile = fixtureDocument({
    incident: { ...base.incident, title: '<img src="http://tracker.invalid/t.png"><script>fetch("http://tracker.invalid/x")</script>', summary: '<link rel="stylesheet" href="http://tracker.invalid/s.css"><iframe src="http://tracker.invalid/f"></iframe>' },
    timeline: base.timeline.map((entry) => (entry.source === 'note' ? { ...entry, body: '![x](http://tracker.invalid/md.png) <svg><image href="http://tracker.invalid/i.png"/></svg>' } : entry)),
  });
  const { context, page, attempts, problems } = await openOffline(toHtml(maskDocument(hostile)));
  try {
    assert.match(await page.locator('h1').innerText(), /<img src="http:\/\/tracker\.invalid\/t\.png"><script>/);
    assert.equal(await page.locator('img, script, iframe, link, image').count(), 0);
    assert.deepEqual(attempts, [documentUrl]);
    assert.deepEqual(problems.errors, []);
  } finally {
    await context.close();
  }
});

test('the CSP meta alone stops a fetch that got into the page (defence behind the escaping)', async () => {
  const injected = toHtml(maskDocument(fixtureDocument())).replace('</body>', '<img src="http://tracker.invalid/csp.png"><div style="background:url(http://tracker.invalid/bg.png)">x</div></body>');
  const { context, page, attempts, routed, failures, problems } = await openOffline(injected);
  try {
    await page.waitForTimeout(300);
    assert.deepEqual(routed, [documentUrl], 'nothing injected reached the network layer');
    assert.deepEqual(attempts.slice(1).sort(), ['http://tracker.invalid/bg.png', 'http://tracker.invalid/csp.png'], 'the page did try (so the export itself attempts none)');
    assert.deepEqual(failures.sort(), ['http://tracker.invalid/bg.png csp', 'http://tracker.invalid/csp.png csp'], 'both stopped by the CSP meta');
    assert.ok(problems.errors.some((error) => /Content Security Policy/.test(error)), problems.errors.join('\n'));
  } finally {
    await context.close();
  }
});

test('a real export of the demo incident, opened offline, shows every visible entry and the cached series', async () => {
  const dir = makeTempDir('export-html-demo');
  const core = await startCore({ dataDir: dir.path, version: 'test', vault: await createVault({ loadKeytar: async () => null }), log: () => undefined, syncIntervalMs: 24 * 3_600_000 });
  try {
    await core.sync.whenIdle();
    const alert = core.cache.listAlerts({ centerIds: ['seoul-dc'] }).find((candidate) => candidate.alertName === 'NodeMemoryHigh')!;
    const call = async <T>(channel: string, input: unknown): Promise<T> => {
      const result = await core.dispatcher.invoke(channel, input);
      assert.ok(result.ok, JSON.stringify(result));
      return result.value as T;
    };
    const incident = await call<Incident>('incidents:create', { title: 'NodeMemoryHigh on sel-k8s-w-07', severity: 'high', origin: { type: 'alert', centerId: 'seoul-dc', fingerprint: alert.fingerprint } });
    const { timeline } = await call<{ timeline: TimelineEntry[] }>('incidents:get', { id: incident.id });
    await call('incidents:markEntry', { id: incident.id, entryId: timeline.find((entry) => entry.source === 'alert')!.id, starred: true });
    // The window reaches past now, so every console action (audited) joins the timeline: read it right before the export.
    const { timeline: marked } = await call<{ timeline: TimelineEntry[] }>('incidents:get', { id: incident.id });
    const exported = await call<ExportResult>('incidents:export', { incidentId: incident.id, format: 'html', timeZone: 'Asia/Seoul' });
    const { context, page, attempts, routed, problems } = await openOffline(readFileSync(exported.path, 'utf8'));
    try {
      assert.equal(await page.locator('ol.timeline > li').count(), marked.filter((entry) => !entry.hidden).length);
      assert.equal(await page.locator('ol.timeline > li.starred').count(), 1);
      for (const reason of ['OOMKilled', 'BackOff', 'FailedScheduling', 'NodeMemoryHigh']) assert.ok((await page.locator('ol.timeline').innerText()).includes(reason), reason);
      const paths = await page.locator('svg.chart path.series').evaluateAll((elements) => elements.map((element) => (element as SVGPathElement).getTotalLength()));
      assert.ok(paths.length >= 2 && paths.every((length) => length > 50), `series drawn: ${paths.join(', ')}`);
      await screenshot(page, 'export-html-demo.png');
      await page.screenshot({ path: join(artifactsDir, 'export-html-demo-full.png'), fullPage: true });
      assert.deepEqual(attempts, [documentUrl], 'no request besides the document itself was even started');
      assert.deepEqual(routed, [documentUrl]);
      assert.deepEqual(problems.errors, []);
    } finally {
      await context.close();
    }
  } finally {
    await core.close();
    dir.remove();
  }
});
