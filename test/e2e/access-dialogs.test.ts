import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import type { SessionInfoPayload } from '../../shared/contract/channels.ts';
import { ApiFailure } from '../../shared/contract/result.ts';
import { ensureRendererBuilt, launchChromium, screenshot, watchProblems, type PageProblems } from './support/browser.ts';
import { startFakeConsole, type FakeConsole } from './support/fake-console.ts';

const now = Date.now();
const lapsed: SessionInfoPayload = {
  profileId: 'corp',
  issuer: 'https://login.example.com/realms/ops',
  state: 'needs-sign-in',
  subject: 'u-1042',
  name: 'Jiwoo Park',
  groups: ['sre', 'oncall'],
  accessTokenExpiresAt: now - 5 * 60_000,
  reason: 'the refresh token expired; sign in again',
};
const signedIn: SessionInfoPayload = { ...lapsed, state: 'signed-in', accessTokenExpiresAt: now + 55 * 60_000, reason: null };

interface Deferred<T> {
  promise: Promise<T>;
  resolve(value: T): void;
  reject(error: unknown): void;
}
function deferred<T>(): Deferred<T> {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((yes, no) => {
    resolve = yes;
    reject = no;
  });
  return { promise, resolve, reject };
}

async function until(condition: () => boolean, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** Questions main asks through the window (host keys, device codes) and the access banners, driven by pushed events. */
describe('sign-in, host keys and the keychain in Chromium', { timeout: 60_000 }, () => {
  let fake: FakeConsole | undefined;
  let browser: Browser | undefined;
  let page: Page;
  let problems: PageProblems;
  let signIn = deferred<SessionInfoPayload>();

  const callsTo = (channel: string) => fake!.calls.filter((call) => call.channel === channel).map((call) => call.input);

  before(async () => {
    await ensureRendererBuilt();
    fake = await startFakeConsole({
      now,
      handlers: {
        'auth:sessions': () => [lapsed],
        'auth:signIn': () => signIn.promise,
        'tunnels:answerHostKey': () => ({ answered: true }),
        'secrets:status': () => ({ backend: 'memory' as const, reason: 'No D-Bus session bus to reach the Secret Service' }),
        'centers:save': () => {
          throw new ApiFailure('invalid-input', 'centers.yaml:9:14: centers[0].endpoints.metrics.url: must be an http:// or https:// URL');
        },
      },
    });
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    problems = watchProblems(page);
    await page.goto(fake.url);
    await page.waitForSelector('[data-testid="nodes-table"] [data-testid="row"]', { timeout: 20_000 });
  });

  after(async () => {
    await browser?.close();
    await fake?.close();
  });

  it('says in the header when a session needs signing in again', async () => {
    const badge = await page.waitForSelector('[data-testid="needs-sign-in-badge"]');
    assert.equal((await badge.textContent())?.trim(), 'Sign in again — cached data stays readable');
    await badge.click();
    const row = await page.waitForSelector('[data-testid="session"][data-profile="corp"]');
    assert.equal(await row.getAttribute('data-state'), 'needs-sign-in');
    const text = (await row.textContent()) ?? '';
    for (const part of ['https://login.example.com/realms/ops', 'Jiwoo Park', 'sre', 'oncall', 'refresh token expired']) assert.ok(text.includes(part), `${part} in ${text}`);
    assert.match((await page.textContent('[data-testid="session-expiry"]')) ?? '', /^expired 5m \d\ds ago$/);
    await screenshot(page, 'sign-in-view.png');
  });

  it('shows the device code until the session is signed in', async () => {
    await page.click('[data-testid="sign-in-device"]');
    await page.waitForSelector('[data-testid="sign-in-device"]:disabled');
    await until(() => callsTo('auth:signIn').length > 0);
    assert.deepEqual(callsTo('auth:signIn'), [{ profileId: 'corp', method: 'device' }]);
    fake!.dispatcher.emit('auth:onDidReceiveDeviceCode', {
      profileId: 'corp',
      userCode: 'WDJB-MJHT',
      verificationUri: 'https://login.example.com/device',
      verificationUriComplete: 'https://login.example.com/device?user_code=WDJB-MJHT',
      expiresAt: Date.now() + 10 * 60_000,
    });
    await page.waitForSelector('[data-testid="device-code-modal"]');
    assert.equal(await page.textContent('[data-testid="device-code-user-code"]'), 'WDJB-MJHT');
    assert.equal(await page.textContent('[data-testid="device-code-uri"]'), 'https://login.example.com/device');
    assert.equal(await page.getAttribute('[data-testid="device-code-uri"]', 'href'), 'https://login.example.com/device?user_code=WDJB-MJHT');
    assert.match((await page.textContent('[data-testid="device-code-expiry"]')) ?? '', /expires in (9m|10m)/);
    await screenshot(page, 'device-code.png');

    fake!.dispatcher.emit('auth:onDidChangeSession', signedIn);
    await page.waitForSelector('[data-testid="device-code-modal"]', { state: 'detached' });
    signIn.resolve(signedIn);
    await page.waitForSelector('[data-testid="session"][data-profile="corp"][data-state="signed-in"]');
    await page.waitForSelector('[data-testid="needs-sign-in-badge"]', { state: 'detached' });
    assert.match((await page.textContent('[data-testid="header-sign-in"]')) ?? '', /Jiwoo Park/);
  });

  it('closes the device code and shows the error when the sign-in fails', async () => {
    signIn = deferred<SessionInfoPayload>();
    await page.click('[data-testid="sign-in-device"]');
    fake!.dispatcher.emit('auth:onDidReceiveDeviceCode', { profileId: 'corp', userCode: 'ABCD-EFGH', verificationUri: 'https://login.example.com/device', expiresAt: Date.now() + 60_000 });
    await page.waitForSelector('[data-testid="device-code-modal"]');
    // Esc only hides the code; the Sign-in view can show it again while the sign-in waits.
    await page.keyboard.press('Escape');
    await page.waitForSelector('[data-testid="device-code-modal"]', { state: 'detached' });
    await page.click('[data-testid="device-code-show"]');
    await page.waitForSelector('[data-testid="device-code-user-code"]:has-text("ABCD-EFGH")');
    signIn.reject(new ApiFailure('unavailable', 'the device code expired before it was entered'));
    await page.waitForSelector('[data-testid="device-code-modal"]', { state: 'detached' });
    const error = await page.waitForSelector('[data-testid="sign-in-error"]');
    assert.match((await error.textContent()) ?? '', /unavailable.*device code expired/);
  });

  it('asks before trusting a new host key: Enter does not trust, Esc refuses', async () => {
    await page.keyboard.press('1');
    await page.waitForSelector('[data-testid="nodes-table"]');
    fake!.dispatcher.emit('tunnels:onDidRequestHostKey', {
      requestId: 'req-1',
      host: 'bastion.seoul.example.com',
      port: 2222,
      keyType: 'ssh-ed25519',
      fingerprint: 'SHA256:nThbg6kXUpJWGl7E1IGOCspRomTxdCARLviKw6E5SY8',
    });
    const dialog = await page.waitForSelector('[data-testid="host-key-dialog"]');
    assert.match((await dialog.textContent()) ?? '', /First connection to bastion\.seoul\.example\.com:2222/);
    assert.match((await dialog.textContent()) ?? '', /ssh-ed25519 key/);
    assert.match((await dialog.textContent()) ?? '', /Trust and remember this host\?/);
    await page.keyboard.press('Enter');
    await page.keyboard.press('2');
    await page.waitForTimeout(200);
    assert.ok(await page.$('[data-testid="host-key-dialog"]'), 'Enter answered nothing');
    assert.deepEqual(callsTo('tunnels:answerHostKey'), []);
    assert.ok(await page.$('[data-testid="nodes-table"]'), 'shortcuts are paused while the dialog is open');
    await screenshot(page, 'host-key-dialog.png');
    await page.keyboard.press('Escape');
    await page.waitForSelector('[data-testid="host-key-dialog"]', { state: 'detached' });
    assert.deepEqual(callsTo('tunnels:answerHostKey'), [{ requestId: 'req-1', trust: false }]);
  });

  it('answers queued host keys one at a time; Trust is a deliberate click', async () => {
    for (const requestId of ['req-2', 'req-3']) {
      fake!.dispatcher.emit('tunnels:onDidRequestHostKey', { requestId, host: `${requestId}.example.com`, port: 22, keyType: 'ecdsa-sha2-nistp256', fingerprint: `SHA256:${requestId}` });
    }
    await page.waitForSelector('[data-testid="host-key-dialog"] [data-testid="host-key-host"]:has-text("req-2.example.com:22")');
    await page.click('[data-testid="host-key-trust"]');
    await page.waitForSelector('[data-testid="host-key-dialog"] [data-testid="host-key-host"]:has-text("req-3.example.com:22")');
    await page.click('[data-testid="host-key-refuse"]');
    await page.waitForSelector('[data-testid="host-key-dialog"]', { state: 'detached' });
    assert.deepEqual(callsTo('tunnels:answerHostKey').slice(1), [
      { requestId: 'req-2', trust: true },
      { requestId: 'req-3', trust: false },
    ]);
  });

  it('keeps the memory-only keychain warning until the keychain is back', async () => {
    const banner = await page.waitForSelector('[data-testid="keychain-banner"]');
    assert.match((await banner.textContent()) ?? '', /memory only.*No D-Bus session bus/s);
    await page.click('[data-testid="keychain-banner-hide"]');
    await page.waitForSelector('[data-testid="keychain-banner"]', { state: 'detached' });
    await page.click('[data-testid="keychain-chip"]');
    await page.waitForSelector('[data-testid="keychain-banner"]');
    fake!.dispatcher.emit('secrets:onDidChangeStatus', { backend: 'keychain', reason: null });
    await page.waitForSelector('[data-testid="keychain-banner"]', { state: 'detached' });
    assert.equal(await page.$('[data-testid="keychain-chip"]'), null);
    fake!.dispatcher.emit('secrets:onDidChangeStatus', { backend: 'memory', reason: 'the keychain stopped answering' });
    await page.waitForSelector('[data-testid="keychain-banner"]:has-text("the keychain stopped answering")');
  });

  it('stores a typed secret, clears the field, and shows the save error of the config file', async () => {
    await page.keyboard.press('g');
    await page.keyboard.press('s');
    await page.waitForSelector('[data-testid="centers-view"]');
    await page.click('[data-testid="center-add"]');
    await page.fill('[data-testid="field-id"]', 'edge');
    await page.fill('[data-testid="field-name"]', 'Edge');
    await page.click('[data-testid="field-endpoints.metrics.enabled"]');
    await page.fill('[data-testid="field-endpoints.metrics.url"]', 'https://prometheus.edge.example.com');
    await page.selectOption('[data-testid="field-endpoints.metrics.authType"]', 'basic');
    await page.fill('[data-testid="field-endpoints.metrics.username"]', 'reader');
    await page.fill('[data-testid="secret-endpoint:metrics"]', 'hunter2-basic');
    await page.click('[data-testid="center-save"]');
    const error = await page.waitForSelector('[data-testid="save-error"][data-code="invalid-input"]');
    assert.match((await error.textContent()) ?? '', /centers\.yaml:9:14: centers\[0\]\.endpoints\.metrics\.url: must be an http/);
    assert.deepEqual(callsTo('secrets:set'), [{ key: 'basic:edge-metrics', value: 'hunter2-basic' }]);
    const saved = callsTo('centers:save') as Array<{ center: { endpoints: { metrics: { auth: unknown } } } }>;
    assert.deepEqual(saved[0]?.center.endpoints.metrics.auth, { type: 'basic', username: 'reader', secret: 'basic:edge-metrics' });
    assert.equal(await page.inputValue('[data-testid="secret-endpoint:metrics"]'), '', 'the value left the form once stored');
    assert.equal(await page.inputValue('[data-testid="field-endpoints.metrics.secret"]'), 'basic:edge-metrics');
    assert.match((await page.textContent('[data-testid="secret-stored"]')) ?? '', /in memory only, until OpsDesk quits/);
  });

  it('raised no page errors', () => {
    assert.deepEqual(problems.errors, []);
  });
});
