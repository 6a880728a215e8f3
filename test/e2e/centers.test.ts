import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { startConsole, type RunningConsole } from '../support/console.ts';
import { startNodeExporter, startPrometheus, type NodeExporterServer, type PrometheusServer } from '../support/real-servers.ts';
import { registerTestSecret } from '../support/secret-ledger.ts';
import { makeTempDir } from '../support/temp-dir.ts';
import { waitForBothDemoCenters, ensureRendererBuilt, launchChromium, screenshot, watchProblems, type PageProblems } from './support/browser.ts';

/** A value that must reach the vault and never the config file. */
/** Typed into the write-only field; the end-of-suite scan proves it never came back to the page, the cache or a log. */
const tokenValue = registerTestSecret('e2e-bearer-7f3a9c1d5b');
const brokenConfig = `version: 1
centers:
  - id: lab
    name: Lab
    kind: on-prem
    endpoints:
      metrics:
        kind: prometheus
        url: not-a-url
`;

/**
 * The Centers view against the real console: a broken config file's problems, then add a center
 * whose metrics endpoint is a real Prometheus (token in the keychain), test it, and remove it.
 */
describe('centers configuration in Chromium', { timeout: 60_000 }, () => {
  const brokenDir = makeTempDir('centers-broken');
  const demoDir = makeTempDir('centers-demo');
  let broken: RunningConsole | undefined;
  let opsdesk: RunningConsole | undefined;
  let nodeExporter: NodeExporterServer | undefined;
  let prometheus: PrometheusServer | undefined;
  let browser: Browser | undefined;
  let page: Page;
  let problems: PageProblems;

  before(async () => {
    writeFileSync(join(brokenDir.path, 'centers.yaml'), brokenConfig);
    const servers = (async () => {
      nodeExporter = await startNodeExporter();
      prometheus = await startPrometheus({ scrapeTargets: [nodeExporter.target] });
    })();
    await ensureRendererBuilt();
    [broken, opsdesk, browser] = await Promise.all([
      startConsole({ dataDir: brokenDir.path }),
      startConsole({ dataDir: demoDir.path, syncIntervalMs: 5_000 }),
      launchChromium(),
      servers,
    ]);
    page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    problems = watchProblems(page);
  });

  after(async () => {
    await browser?.close();
    await broken?.close();
    await opsdesk?.close();
    await prometheus?.stop();
    await nodeExporter?.stop();
    brokenDir.remove();
    demoDir.remove();
  });

  it('lists each problem of a config file that does not load as file:line:column field — message', async () => {
    assert.ok(broken);
    await page.goto(broken.url);
    const banner = await page.waitForSelector('[data-testid="config-problems"]', { timeout: 15_000 });
    const line = await page.textContent('[data-testid="config-problem"]');
    const file = join(brokenDir.path, 'centers.yaml');
    assert.match(line ?? '', new RegExp(`^${file.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}:9:\\d+ centers\\[0\\]\\.endpoints\\.metrics\\.url — `), line ?? '');
    assert.match((await banner.textContent()) ?? '', /did not load/);
    // The Centers view names the file; the header says the config has a problem.
    await page.keyboard.press('4');
    assert.equal(await page.textContent('[data-testid="config-file"]'), file);
    assert.match((await page.textContent('[data-testid="header-centers"]')) ?? '', /Config: \d+ problems?/);
    await screenshot(page, 'config-problems.png');
    // Fixed in an editor, the file is picked up with Reload, no restart: the banner goes.
    writeFileSync(file, 'version: 1\ncenters: []\n');
    await page.click('[data-testid="config-reload"]');
    await page.waitForSelector('[data-testid="config-problems"]', { state: 'detached', timeout: 15_000 });
    // Leave before its host stops, or the page's reconnect attempts count as page errors.
    await page.goto('about:blank');
    await broken.close();
    broken = undefined;
  });

  it('starts on the demo centers', async () => {
    assert.ok(opsdesk);
    await page.goto(opsdesk.url);
    await waitForBothDemoCenters(page, 30_000);
    // No keychain in this environment: the banner says so, with the reason.
    await page.waitForSelector('[data-testid="keychain-banner"] [data-testid="keychain-reason"]');
    await page.click('[data-testid="header-centers"]');
    await page.waitForSelector('[data-testid="demo-callout"]');
  });

  it('validates the new center in the form before anything is stored', async () => {
    await page.keyboard.press('a');
    await page.waitForSelector('[data-testid="center-form"][data-mode="add"]');
    await page.fill('[data-testid="field-id"]', 'Lab Prom');
    await page.click('[data-testid="field-endpoints.metrics.enabled"]');
    await page.selectOption('[data-testid="field-endpoints.metrics.authType"]', 'token');
    await page.click('[data-testid="center-save"]');
    await page.waitForSelector('[data-testid="error-id"]');
    assert.match((await page.textContent('[data-testid="error-id"]')) ?? '', /lowercase letters/);
    assert.equal(await page.textContent('[data-testid="error-name"]'), 'required');
    assert.equal(await page.textContent('[data-testid="error-endpoints.metrics.url"]'), 'required');
    assert.match((await page.textContent('[data-testid="error-endpoints.metrics.secret"]')) ?? '', /keychain/);
    await screenshot(page, 'centers-form-errors.png');
    assert.equal(await opsdesk!.core.vault.list().then((keys) => keys.length), 0, 'nothing stored while the form is invalid');
  });

  it('adds a center with a token kept in the keychain and only its name in the file', async () => {
    assert.ok(opsdesk && prometheus);
    await page.fill('[data-testid="field-id"]', 'lab-prom');
    await page.fill('[data-testid="field-name"]', 'Lab Prometheus');
    await page.fill('[data-testid="field-region"]', 'lab-1');
    await page.fill('[data-testid="field-labels"]', 'team=platform');
    await page.fill('[data-testid="field-endpoints.metrics.url"]', prometheus.url);
    await page.fill('[data-testid="secret-endpoint:metrics"]', tokenValue);
    assert.equal(await page.getAttribute('[data-testid="secret-endpoint:metrics"]', 'type'), 'password');
    await page.waitForSelector('[data-testid="secret-pending"]');
    await screenshot(page, 'centers-form.png');
    await page.click('[data-testid="center-save"]');
    await page.waitForSelector('[data-testid="center-details"][data-center-id="lab-prom"]', { timeout: 20_000 });

    const file = readFileSync(join(demoDir.path, 'centers.yaml'), 'utf8');
    assert.match(file, /id: lab-prom/);
    assert.match(file, /secret: token:lab-prom-metrics/);
    assert.ok(!file.includes(tokenValue), 'the secret value is not in the config file');
    assert.equal(await opsdesk.core.vault.get('token:lab-prom-metrics'), tokenValue);
    assert.match((await page.textContent('[data-testid="center-details"] [data-testid="endpoint-auth"]')) ?? '', /token · keychain token:lab-prom-metrics/);
    await page.waitForSelector('[data-testid="centers-table"] [data-testid="center-row"][data-center-id="lab-prom"]');
    await screenshot(page, 'centers-view.png');
  });

  it('tests the connection: ok, with the Prometheus version', async () => {
    assert.ok(prometheus);
    await page.keyboard.press('t');
    const row = await page.waitForSelector('[data-testid="test-result"][data-signal="metrics"]', { timeout: 20_000 });
    assert.equal(await row.getAttribute('data-ok'), 'true', (await row.textContent()) ?? '');
    const detail = (await page.textContent('[data-testid="test-result"][data-signal="metrics"] [data-testid="test-detail"]')) ?? '';
    assert.ok(detail.includes(prometheus.version.split('+')[0]!), `version ${prometheus.version} in "${detail}"`);
    assert.match((await row.textContent()) ?? '', /direct/);
    await screenshot(page, 'centers-test-results.png');
  });

  it('edits without ever showing the stored secret', async () => {
    await page.keyboard.press('e');
    await page.waitForSelector('[data-testid="center-form"][data-mode="edit"]');
    assert.equal(await page.inputValue('[data-testid="secret-endpoint:metrics"]'), '');
    assert.match((await page.getAttribute('[data-testid="secret-endpoint:metrics"]', 'placeholder')) ?? '', /stored/);
    assert.equal(await page.inputValue('[data-testid="field-endpoints.metrics.secret"]'), 'token:lab-prom-metrics');
    assert.equal(await page.getAttribute('[data-testid="field-id"]', 'readonly'), '');
    // Esc leaves the field, Esc again cancels.
    await page.keyboard.press('Escape');
    await page.keyboard.press('Escape');
    await page.waitForSelector('[data-testid="center-details"][data-center-id="lab-prom"]');
  });

  it('replaces the demo centers with the new one', async () => {
    await page.keyboard.press('1');
    await page.waitForFunction(
      () =>
        document.querySelectorAll('[data-testid="nodes-table"] [data-testid="row"]').length === 0 &&
        document.querySelector('[data-testid="row-count"]')?.textContent?.startsWith('0 '),
      undefined,
      { timeout: 15_000, polling: 250 },
    );
    await page.waitForSelector('[data-testid="sync-status"][data-center="lab-prom"]');
    await page.waitForSelector('[data-testid="sync-status"][data-center="seoul-dc"]', { state: 'detached' });
    // The header stops saying "demo" once app:info is read again.
    await page.waitForSelector('.brand .demo-label', { state: 'detached' });
  });

  it('removes the center after a confirmation, and the demo centers return', async () => {
    await page.keyboard.press('4');
    await page.click('[data-testid="center-row"][data-center-id="lab-prom"]');
    await page.click('[data-testid="center-remove"]');
    await page.waitForSelector('[data-testid="remove-dialog"]');
    // Esc cancels; nothing is removed.
    await page.keyboard.press('Escape');
    await page.waitForSelector('[data-testid="remove-dialog"]', { state: 'detached' });
    assert.match(readFileSync(join(demoDir.path, 'centers.yaml'), 'utf8'), /lab-prom/);
    await page.keyboard.press('Delete');
    await page.click('[data-testid="remove-confirm"]');
    await page.waitForSelector('[data-testid="center-row"]', { state: 'detached', timeout: 15_000 });
    assert.doesNotMatch(readFileSync(join(demoDir.path, 'centers.yaml'), 'utf8'), /lab-prom/);
    await page.waitForSelector('[data-testid="demo-callout"]');
    await page.waitForSelector('[data-testid="sync-status"][data-center="seoul-dc"]', { timeout: 15_000 });
  });

  it('raised no page errors', () => {
    assert.deepEqual(problems.errors, []);
  });
});
