import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import type { SessionInfoPayload, SyncStatus } from '../../shared/contract/channels.ts';
import { ensureRendererBuilt, launchChromium, screenshot, watchProblems, type PageProblems } from './support/browser.ts';
import { startFakeConsole, type FakeConsole } from './support/fake-console.ts';

/**
 * Per-center state in the header and the Centers view, derived from pushed sync statuses and the
 * sign-in sessions: live, stale since <time>, unreachable (reason), needs sign-in, and backfill bars.
 */
describe('center health in Chromium', { timeout: 120_000 }, () => {
  let fake: FakeConsole | undefined;
  let browser: Browser | undefined;
  let page: Page;
  let problems: PageProblems;
  const now = Date.now();
  // Seoul's metrics authenticate with the "corp" sign-in profile, whose session has expired.
  const corp: SessionInfoPayload = {
    profileId: 'corp',
    issuer: 'https://sso.example/realms/ops',
    state: 'needs-sign-in',
    subject: null,
    name: null,
    groups: [],
    accessTokenExpiresAt: null,
    reason: 'the refresh token expired; sign in to corp again',
  };

  before(async () => {
    await ensureRendererBuilt();
    fake = await startFakeConsole({
      now,
      handlers: {
        'auth:sessions': () => [corp],
        'centers:config': () => ({
          file: '/tmp/fake/centers.yaml',
          problems: [],
          centers: [
            {
              id: 'seoul-dc',
              name: 'Seoul DC',
              kind: 'on-prem',
              region: 'kr-seoul-1',
              labels: {},
              endpoints: { metrics: { kind: 'prometheus', url: 'http://prometheus.seoul.example:9090', auth: { type: 'sso', profile: 'corp' } } },
            },
            { id: 'ohio-region', name: 'Ohio Region', kind: 'cloud', region: 'us-east-2', labels: {}, endpoints: { metrics: { kind: 'prometheus', url: 'http://prometheus.ohio.example:9090' } } },
          ],
        }),
      },
    });
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1440, height: 800 } });
    problems = watchProblems(page);
    await page.goto(fake.url);
    await page.waitForSelector('[data-testid="sync-status"][data-center="ohio-region"]', { timeout: 30_000 });
  });

  after(async () => {
    await browser?.close();
    await fake?.close();
  });

  const chip = (centerId: string) => `[data-testid="sync-status"][data-center="${centerId}"]`;
  const ohio = (signal: 'kubernetes' | 'metrics'): SyncStatus => fake!.statuses.find((status) => status.centerId === 'ohio-region' && status.signal === signal)!;

  async function healthOf(centerId: string, state: string): Promise<string> {
    const badge = await page.waitForSelector(`${chip(centerId)}[data-health="${state}"] [data-testid="center-health"]`, { timeout: 10_000 });
    return (await badge.textContent()) ?? '';
  }

  it('shows live for a fresh center and needs sign-in for one whose SSO session expired', async () => {
    assert.equal(await healthOf('ohio-region', 'live'), 'live');
    assert.equal(await healthOf('seoul-dc', 'needs-sign-in'), 'needs sign-in');
    const seoul = (await page.textContent(chip('seoul-dc'))) ?? '';
    assert.match(seoul, /sign in to corp again/);
  });

  it('shows stale since the last full sync once it is older than two minutes', async () => {
    const old = now - 10 * 60_000;
    fake!.dispatcher.emit('sync:onDidChangeStatus', [
      { ...ohio('metrics'), lastAttemptAt: old, lastSuccessAt: old },
      { ...ohio('kubernetes'), lastAttemptAt: old, lastSuccessAt: old },
    ]);
    const text = await healthOf('ohio-region', 'stale');
    assert.match(text, /^stale since \d{2}:\d{2}(:\d{2})? \(10 ?m(in)? ago\)$/);
    await screenshot(page, 'center-health-stale-and-sign-in.png');
  });

  it('shows unreachable with the reason when a pull fails', async () => {
    fake!.dispatcher.emit('sync:onDidChangeStatus', [
      { ...ohio('metrics'), state: 'error', error: { code: 'unreachable', message: 'connect ECONNREFUSED 10.20.0.5:9090' } },
    ]);
    assert.equal(await healthOf('ohio-region', 'unreachable'), 'unreachable');
    assert.match((await page.textContent(chip('ohio-region'))) ?? '', /metrics: unreachable — connect ECONNREFUSED 10\.20\.0\.5:9090/);
    await screenshot(page, 'center-health-unreachable.png');
  });

  it('draws a backfill progress bar from the pushed progress', async () => {
    const fresh = Date.now();
    fake!.dispatcher.emit('sync:onDidChangeStatus', [
      { ...ohio('metrics'), state: 'syncing', activity: 'backfill', progress: 0.25, error: null, lastSuccessAt: fresh },
      { ...ohio('kubernetes'), state: 'ok', lastSuccessAt: fresh },
    ]);
    const bar = await page.waitForSelector(`${chip('ohio-region')}[data-health="live"] [data-testid="backfill-progress"][aria-valuenow="25"]`);
    assert.equal(await bar.getAttribute('role'), 'progressbar');
    fake!.dispatcher.emit('sync:onDidChangeStatus', [{ ...ohio('metrics'), state: 'syncing', activity: 'backfill', progress: 0.6, error: null, lastSuccessAt: fresh }]);
    await page.waitForSelector(`${chip('ohio-region')} [data-testid="backfill-progress"][aria-valuenow="60"]`);
    assert.match((await page.textContent(chip('ohio-region'))) ?? '', /backfill 60%/);
    await screenshot(page, 'center-health-backfill.png');
    fake!.dispatcher.emit('sync:onDidChangeStatus', [{ ...ohio('metrics'), state: 'ok', activity: null, progress: null, error: null, lastSuccessAt: fresh }]);
    await page.waitForSelector(`${chip('ohio-region')} [data-testid="backfill-progress"]`, { state: 'detached' });
  });

  it('shows the same states in the Centers view', async () => {
    fake!.dispatcher.emit('sync:onDidChangeStatus', [
      { ...ohio('metrics'), state: 'error', activity: null, progress: null, error: { code: 'timeout', message: 'no answer within 15000 ms' } },
    ]);
    await page.keyboard.press('4');
    const seoul = await page.waitForSelector('[data-testid="center-state"][data-center="seoul-dc"][data-health="needs-sign-in"]', { timeout: 10_000 });
    assert.match((await seoul.textContent()) ?? '', /needs sign-in/);
    const ohioCell = await page.waitForSelector('[data-testid="center-state"][data-center="ohio-region"][data-health="unreachable"]');
    assert.match((await ohioCell.textContent()) ?? '', /metrics: timeout — no answer within 15000 ms/);
    await screenshot(page, 'center-health-centers-view.png');
    assert.deepEqual(problems.errors, []);
  });
});
