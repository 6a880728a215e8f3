/**
 * SSO sign-in against a real OpenID provider (panva/oidc-provider, in-process on 127.0.0.1),
 * its login, consent and device pages driven in Debian Chromium. Covers: PKCE loopback sign-in,
 * restore at start-up, a bearer-protected Prometheus-like endpoint reached through the connector
 * HTTP helper, an unreachable provider, a revoked refresh token, the device flow with a real
 * `slow_down`, refresh-token rotation, sign-out with revocation, and the failure paths
 * (state mismatch, access_denied, loopback timeout, cancelled device flow).
 */
import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { after, before, describe, test } from 'node:test';
import type { BrowserContext, Page } from 'playwright-core';
import type { Endpoint } from '../../shared/domain/records.ts';
import { ConnectorError } from '../../electron/connectors/errors.ts';
import { createJsonHttpClient } from '../../electron/connectors/http.ts';
import {
  AuthRequiredError,
  AuthService,
  AuthUnavailableError,
  SignInError,
  refreshTokenKey,
  type DeviceUserCode,
  type SessionInfo,
  type SignInProfile,
} from '../../electron/services/auth/index.ts';
import { completeProviderPages, launchLoopbackChromium, type Credentials, type LoopbackChromium } from './support/oidc-browser.ts';
import { MemorySecretStore } from './support/oidc-memory-secrets.ts';
import { deviceCodeGrantType, nativeClientId, startOidcProvider, type OidcTestProvider, type TestAccount } from './support/oidc-provider.ts';
import { recordingFetch, type RecordingFetch } from './support/oidc-recording-fetch.ts';
import { startResourceServer, type ResourceServer } from './support/oidc-resource-server.ts';

const accounts: Record<string, TestAccount> = {
  alice: { name: 'Alice Example', groups: ['sre', 'oncall-primary'], roles: ['opsdesk-viewer'] },
  bob: { name: 'Bob Example', groups: ['platform'], roles: ['opsdesk-admin', 'incident-commander'] },
};
const alice: Credentials = { login: 'alice', password: 'any-password' };
const bob: Credentials = { login: 'bob', password: 'any-password' };
const accessTokenTtlSeconds = 4;
const refreshSkewMs = 1000;

let provider: OidcTestProvider | undefined;
let chromium: LoopbackChromium | undefined;
let resource: ResourceServer | undefined;
let aliceContext: BrowserContext | undefined;
const secrets = new MemorySecretStore();
const network: RecordingFetch = recordingFetch();
/** The service's clock runs ahead of real time by this much; only ever increased. */
const clock = { offsetMs: 0 };
let opener: (url: string) => void = () => {
  throw new Error('no browser expected in this test');
};
let auth: AuthService | undefined;
const events: SessionInfo[] = [];
/** Every access token handed out, for the leak check at the end. */
const accessTokensSeen = new Set<string>();
const errorsSeen: Error[] = [];

function op(): OidcTestProvider {
  assert.ok(provider, 'provider started');
  return provider;
}
function service(): AuthService {
  assert.ok(auth, 'auth service created');
  return auth;
}
function browser(): LoopbackChromium {
  assert.ok(chromium, 'chromium launched');
  return chromium;
}

function profiles(issuer: string): SignInProfile[] {
  return [
    { id: 'corp', issuer, clientId: nativeClientId },
    // `roles` is only in userinfo, never in the ID token: the service must ask userinfo.
    { id: 'ops-device', issuer, clientId: nativeClientId, groupClaim: 'roles' },
    { id: 'guarded', issuer, clientId: nativeClientId },
    { id: 'hasty', issuer, clientId: nativeClientId, loopbackTimeoutMs: 500 },
  ];
}

before(async () => {
  provider = await startOidcProvider({ accounts, accessTokenTtlSeconds, devicePolling: { intervalSeconds: 1, slowDownOnPoll: 1 } });
  chromium = await launchLoopbackChromium();
  resource = await startResourceServer({
    introspectionEndpoint: provider.endpoints.introspection,
    clientId: provider.resourceClient.clientId,
    clientSecret: provider.resourceClient.clientSecret,
    audienceClientId: nativeClientId,
  });
  aliceContext = await chromium.newContext();
  auth = new AuthService({
    profiles: profiles(provider.issuer),
    secrets,
    openBrowser: (url) => opener(url),
    now: () => Date.now() + clock.offsetMs,
    fetch: network.fetch,
    refreshSkewMs,
  });
  auth.onDidChangeSession((info) => events.push(info));
});

after(async () => {
  await chromium?.close();
  await resource?.stop();
  await provider?.stop();
});

async function accessToken(profileId: string): Promise<string> {
  const token = await service().accessToken(profileId);
  accessTokensSeen.add(token);
  return token;
}

/** Rejection check that also keeps the error for the leak check. */
async function rejectsWith<T extends Error>(work: Promise<unknown>, type: new (...args: any[]) => T, check: (error: T) => void): Promise<T> {
  try {
    await work;
  } catch (error) {
    assert.ok(error instanceof type, `expected ${type.name}, got ${String(error)}`);
    errorsSeen.push(error);
    check(error);
    return error;
  }
  assert.fail(`expected ${type.name}, but it resolved`);
}

function portIsClosed(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', (error: NodeJS.ErrnoException) => resolve(error.code === 'ECONNREFUSED'));
  });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));

async function waitFor(condition: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) assert.fail(`timed out waiting for ${what}`);
    await sleep(25);
  }
}

const isLoopbackCallback = (redirectUri: URL) => async (page: Page) => {
  const url = new URL(page.url());
  return url.hostname === '127.0.0.1' && url.port === redirectUri.port && url.pathname === '/callback';
};

interface BrowserSignIn {
  info: SessionInfo;
  authorizationUrl: URL;
  redirectUri: URL;
  pageText: string;
  pageHtml: string;
}

/** signInWithBrowser with openBrowser opening the URL in Chromium and the user walking the provider's pages. */
async function signInInChromium(profileId: string, context: BrowserContext, credentials: Credentials): Promise<BrowserSignIn> {
  let driven: Promise<{ url: URL; redirectUri: URL; text: string; html: string }> | undefined;
  opener = (url) => {
    const authorizationUrl = new URL(url);
    const redirectUri = new URL(authorizationUrl.searchParams.get('redirect_uri') ?? 'http://invalid/');
    driven = (async () => {
      const page = await context.newPage();
      try {
        await page.goto(url);
        const text = await completeProviderPages(page, credentials, isLoopbackCallback(redirectUri));
        return { url: authorizationUrl, redirectUri, text, html: await page.content() };
      } finally {
        await page.close();
      }
    })();
    driven.catch(() => undefined);
  };
  const info = await service().signInWithBrowser(profileId);
  assert.ok(driven, 'openBrowser was called');
  const page = await driven;
  return { info, authorizationUrl: page.url, redirectUri: page.redirectUri, pageText: page.text, pageHtml: page.html };
}

const tokenGrants = (grantType: string) => op().tokenRequests.filter((request) => request.grantType === grantType);

describe('SSO sign-in against a real OpenID provider', () => {
  let firstCorpRefreshToken = '';
  let corpRedirectPort = 0;

  test('1. PKCE loopback sign-in driven in Chromium: signed in with subject and groups, refresh token only in the store, listener closed', async () => {
    const codeGrantsBefore = tokenGrants('authorization_code').length;
    const signIn = await signInInChromium('corp', aliceContext!, alice);

    // The authorization request: code + S256 PKCE, random state and nonce, loopback redirect on a random port.
    const params = signIn.authorizationUrl.searchParams;
    assert.equal(signIn.authorizationUrl.origin + signIn.authorizationUrl.pathname, `${op().issuer}/auth`);
    assert.equal(params.get('response_type'), 'code');
    assert.equal(params.get('client_id'), nativeClientId);
    assert.equal(params.get('code_challenge_method'), 'S256');
    assert.match(params.get('code_challenge') ?? '', /^[A-Za-z0-9_-]{43}$/);
    assert.equal(params.get('code_verifier'), null, 'the verifier never leaves the app');
    assert.ok((params.get('state') ?? '').length >= 22 && (params.get('nonce') ?? '').length >= 22, 'random state and nonce');
    assert.deepEqual(params.get('scope')?.split(' '), ['openid', 'profile', 'offline_access']);
    assert.equal(params.get('prompt'), 'consent', 'OIDC Core §11: offline_access asks for consent');
    assert.match(signIn.redirectUri.href, /^http:\/\/127\.0\.0\.1:\d+\/callback$/);
    assert.notEqual(signIn.redirectUri.port, new URL(op().issuer).port);
    corpRedirectPort = Number(signIn.redirectUri.port);

    // The session: who, which groups (from the ID token, no userinfo call needed).
    assert.equal(signIn.info.state, 'signed-in');
    assert.equal(signIn.info.subject, 'alice');
    assert.equal(signIn.info.name, 'Alice Example');
    assert.deepEqual(signIn.info.groups, ['sre', 'oncall-primary']);
    assert.equal(signIn.info.reason, null);
    const expiresAt = signIn.info.accessTokenExpiresAt;
    assert.ok(expiresAt !== null && Math.abs(expiresAt - (Date.now() + accessTokenTtlSeconds * 1000)) < 2000, 'expiry from expires_in');
    assert.deepEqual(service().session('corp'), signIn.info);
    assert.equal(network.calls.filter((call) => call.path === '/me').length, 0, 'groups came from the ID token');
    assert.equal(tokenGrants('authorization_code').length, codeGrantsBefore + 1);
    assert.equal(tokenGrants('authorization_code').at(-1)?.status, 200);

    // Refresh token in the store under its key, nothing else stored.
    assert.deepEqual(secrets.keys(), [refreshTokenKey('corp')]);
    firstCorpRefreshToken = (await secrets.get('oidc:corp:refresh')) ?? '';
    assert.ok(firstCorpRefreshToken.length >= 32);

    // The access token works at the provider and is served from memory without another request.
    const token = await accessToken('corp');
    assert.equal((await op().introspect(token)).active, true);
    const tokenRequests = op().tokenRequests.length;
    assert.equal(await accessToken('corp'), token);
    assert.equal(op().tokenRequests.length, tokenRequests, 'no refresh while the token is fresh');

    // The page the browser showed: a close-the-tab note, no token, no code.
    assert.match(signIn.pageText, /Signed in to OpsDesk/);
    assert.match(signIn.pageText, /close this tab/);
    for (const secret of [token, firstCorpRefreshToken]) assert.ok(!signIn.pageHtml.includes(secret), 'no token in the callback page');
    assert.doesNotMatch(signIn.pageHtml, /code=/);

    assert.equal(await portIsClosed(corpRedirectPort), true, 'loopback listener closed after the callback');
    assert.ok(events.some((event) => event.profileId === 'corp' && event.state === 'signed-in'), 'onDidChangeSession fired');
  });

  test('2. restore() at start-up: a stored refresh token signs the profile in again (and rotates)', async () => {
    const restarted = new AuthService({
      profiles: profiles(op().issuer),
      secrets,
      openBrowser: () => assert.fail('restore must not open a browser'),
      fetch: network.fetch,
      refreshSkewMs,
    });
    const seen: SessionInfo[] = [];
    restarted.onDidChangeSession((info) => seen.push(info));
    const refreshesBefore = tokenGrants('refresh_token').length;
    await restarted.restore();

    const corp = restarted.session('corp');
    assert.equal(corp.state, 'signed-in');
    assert.equal(corp.subject, 'alice');
    assert.deepEqual(corp.groups, ['sre', 'oncall-primary'], 'groups from the refreshed ID token');
    assert.ok(corp.accessTokenExpiresAt !== null);
    assert.equal(tokenGrants('refresh_token').length, refreshesBefore + 1);
    const rotated = await secrets.get(refreshTokenKey('corp'));
    assert.ok(rotated && rotated !== firstCorpRefreshToken, 'rotation stored the new refresh token');
    assert.deepEqual(
      restarted.sessions().filter((info) => info.profileId !== 'corp').map((info) => info.state),
      ['signed-out', 'signed-out', 'signed-out'],
      'profiles without a stored token stay signed out',
    );
    assert.deepEqual(seen.map((info) => `${info.profileId}:${info.state}`), ['corp:signed-in']);
    accessTokensSeen.add(await restarted.accessToken('corp'));
  });

  test('3. a bearer-protected Prometheus-like endpoint through the connector HTTP helper; 401 without the token', async () => {
    assert.ok(resource);
    const endpoint: Endpoint = {
      id: 'lab-metrics',
      centerId: 'lab',
      signal: 'metrics',
      kind: 'prometheus',
      url: resource.url,
      timeoutMs: 5000,
      auth: { type: 'sso', profile: 'corp' },
    };
    const withToken = createJsonHttpClient(endpoint, { headers: async () => ({ authorization: `Bearer ${await accessToken('corp')}` }) });
    const answer = await withToken.requestJson({ method: 'GET', path: '/api/v1/query', query: { query: 'up' } });
    assert.equal(answer.status, 200);
    const body = answer.body as { status: string; data: { resultType: string; result: Array<{ metric: Record<string, string>; value: [number, string] }> } };
    assert.equal(body.status, 'success');
    assert.equal(body.data.resultType, 'vector');
    assert.deepEqual(body.data.result[0]?.metric, { __name__: 'up', job: 'opsdesk-sso', instance: '127.0.0.1', subject: 'alice' });
    assert.deepEqual(resource.requests.at(-1), { path: '/api/v1/query', bearer: true, active: true, subject: 'alice', status: 200 });

    const anonymous = createJsonHttpClient(endpoint);
    await rejectsWith(anonymous.requestJson({ method: 'GET', path: '/api/v1/query', query: { query: 'up' } }), ConnectorError, (error) => {
      assert.equal(error.code, 'unauthorized');
      assert.equal(error.status, 401);
      assert.match(error.message, /HTTP 401 Unauthorized/);
    });
    assert.deepEqual(resource.requests.at(-1), { path: '/api/v1/query', bearer: false, active: null, subject: null, status: 401 });

    const forged = createJsonHttpClient(endpoint, { headers: { authorization: 'Bearer not-a-token-the-provider-issued' } });
    await rejectsWith(forged.requestJson({ method: 'GET', path: '/api/v1/query', query: { query: 'up' } }), ConnectorError, (error) => {
      assert.equal(error.code, 'unauthorized');
    });
    assert.equal(resource.requests.at(-1)?.active, false, 'the provider said the forged token is not active');
  });

  test('4. provider unreachable during refresh: sign-in and refresh token kept, reason "unreachable", recovers', async () => {
    const stored = await secrets.get(refreshTokenKey('corp'));
    assert.ok(stored);
    network.failWhen = (url) => url.pathname === '/token';
    clock.offsetMs += 10 * 60_000; // the in-memory access token is now past its expiry for the service
    try {
      await rejectsWith(service().accessToken('corp'), AuthUnavailableError, (error) => {
        assert.equal(error.profileId, 'corp');
        assert.match(error.reason, /^unreachable: .*connection refused/);
      });
    } finally {
      network.failWhen = null;
    }
    const during = service().session('corp');
    assert.equal(during.state, 'signed-in', 'not signed out by a network failure');
    assert.match(during.reason ?? '', /^unreachable:/);
    assert.equal(during.accessTokenExpiresAt, null);
    assert.equal(await secrets.get(refreshTokenKey('corp')), stored, 'refresh token kept');

    const token = await accessToken('corp');
    assert.equal((await op().introspect(token)).active, true);
    const recovered = service().session('corp');
    assert.equal(recovered.state, 'signed-in');
    assert.equal(recovered.reason, null);
    assert.notEqual(await secrets.get(refreshTokenKey('corp')), stored, 'rotated on the successful refresh');
  });

  test('5. a revoked refresh token: AuthRequiredError, needs-sign-in with reason, token deleted from the store', async () => {
    const stored = await secrets.get(refreshTokenKey('corp'));
    assert.ok(stored);
    assert.equal(await op().revoke(stored, 'refresh_token'), 200, 'revoked at the provider (RFC 7009)');
    clock.offsetMs += 10 * 60_000;
    const eventsBefore = events.length;

    await rejectsWith(service().accessToken('corp'), AuthRequiredError, (error) => {
      assert.equal(error.profileId, 'corp');
      assert.match(error.reason, /^refresh-rejected: .*invalid_grant/);
    });
    const info = service().session('corp');
    assert.equal(info.state, 'needs-sign-in');
    assert.match(info.reason ?? '', /^refresh-rejected:/);
    assert.equal(info.accessTokenExpiresAt, null);
    assert.equal(info.subject, 'alice', 'who was signed in stays visible for the prompt');
    assert.equal(await secrets.get(refreshTokenKey('corp')), null, 'refresh token deleted');
    assert.ok(events.slice(eventsBefore).some((event) => event.profileId === 'corp' && event.state === 'needs-sign-in'));

    const tokenRequests = op().tokenRequests.length;
    await rejectsWith(service().accessToken('corp'), AuthRequiredError, (error) => assert.match(error.reason, /no-refresh-token|refresh-rejected/));
    assert.equal(op().tokenRequests.length, tokenRequests, 'no further provider traffic once sign-in is needed');
  });

  let deviceRefreshToken = '';

  test('6. device flow with the user-code page in Chromium; the provider answers slow_down and the client slows down', async () => {
    const context = await browser().newContext(); // a second person: no provider session yet
    let userCode: DeviceUserCode | undefined;
    let driven: Promise<string> | undefined;
    const pollsBefore = op().devicePolls.length;
    const started = Date.now();

    const info = await service().signInWithDeviceCode('ops-device', (code) => {
      userCode = code;
      driven = (async () => {
        // Approve only after the provider has slowed the client down, so the slow_down is certain
        // to hit a pending poll (the first poll comes after the advertised 1 s interval).
        await waitFor(() => op().devicePolls.slice(pollsBefore).some((poll) => poll.answer === 'slow_down'), 10_000, 'a slow_down');
        const page = await context.newPage();
        try {
          await page.goto(code.verificationUri);
          await page.locator('input[name="user_code"]').fill(code.userCode);
          await page.locator('#submit-code').click();
          await page.locator('#confirm-device').click();
          return await completeProviderPages(page, bob, async (current) => (await current.locator('#device-done').count()) > 0);
        } finally {
          await page.close();
        }
      })();
      driven.catch(() => undefined);
    });
    const elapsed = Date.now() - started;
    assert.ok(userCode && driven);
    assert.match(await driven, /Your device is signed in/);
    await context.close();

    assert.match(userCode.userCode, /^[A-Z]{4}-[A-Z]{4}$/);
    assert.equal(userCode.verificationUri, `${op().issuer}/device`);
    assert.equal(userCode.verificationUriComplete, `${op().issuer}/device?user_code=${userCode.userCode}`);
    assert.ok(Math.abs(userCode.expiresAt - (started + clock.offsetMs + 120_000)) < 5000, 'expiresAt from expires_in');

    assert.equal(info.state, 'signed-in');
    assert.equal(info.subject, 'bob');
    assert.equal(info.name, 'Bob Example');
    assert.deepEqual(info.groups, ['opsdesk-admin', 'incident-commander'], 'roles from userinfo (absent in the ID token)');
    assert.ok(network.calls.some((call) => call.path === '/me' && call.status === 200), 'userinfo asked');
    deviceRefreshToken = (await secrets.get(refreshTokenKey('ops-device'))) ?? '';
    assert.ok(deviceRefreshToken.length >= 32);

    // Provider side: what it answered and when the polls came.
    const polls = op().devicePolls.slice(pollsBefore);
    const slowDowns = polls.filter((poll) => poll.answer === 'slow_down');
    assert.equal(slowDowns.length, 1, `exactly one slow_down: ${JSON.stringify(polls)}`);
    assert.equal(polls[0]?.answer, 'slow_down', 'first pending poll slowed down');
    assert.ok((polls[0]?.gapMs ?? 0) >= 900, 'first poll waited the advertised 1 s interval');
    const afterSlowDown = polls[1];
    assert.ok(afterSlowDown, 'a poll after the slow_down');
    assert.equal(afterSlowDown.requiredIntervalMs, 6000, 'the provider now requires 1 s + 5 s');
    assert.ok(afterSlowDown.gapMs >= 5900, `the client waited ${afterSlowDown.gapMs} ms after slow_down (needs 6000)`);
    assert.equal(polls.filter((poll) => poll.tooFast).length, 0, 'no poll came before its interval');
    assert.equal(polls.at(-1)?.answer, 'tokens');
    assert.ok(elapsed >= 6900, `sign-in took ${elapsed} ms: 1 s + 6 s of polling at least`);

    // Client side: the service's fetch saw the slow_down answer.
    const clientSlowDowns = network.calls.filter((call) => call.grantType === deviceCodeGrantType && call.oauthError === 'slow_down');
    assert.equal(clientSlowDowns.length, 1, 'the client received the slow_down');
  });

  test('7. refresh-token rotation after real access-token expiry; concurrent callers share one refresh; the old token is rejected', async () => {
    const firstToken = await accessToken('ops-device');
    const expiresAt = service().session('ops-device').accessTokenExpiresAt;
    assert.ok(expiresAt !== null);
    const refreshesBefore = tokenGrants('refresh_token').length;
    assert.equal(await accessToken('ops-device'), firstToken, 'fresh token served from memory');
    assert.equal(tokenGrants('refresh_token').length, refreshesBefore);

    // Wait until the provider itself considers the access token expired.
    await sleep(expiresAt - (Date.now() + clock.offsetMs) + 300);
    assert.equal((await op().introspect(firstToken)).active, false, 'the provider expired the old access token');

    const tokens = await Promise.all([accessToken('ops-device'), accessToken('ops-device'), accessToken('ops-device'), accessToken('ops-device')]);
    assert.equal(new Set(tokens).size, 1, 'all callers got the same token');
    assert.notEqual(tokens[0], firstToken);
    assert.equal(tokenGrants('refresh_token').length, refreshesBefore + 1, 'one refresh for four concurrent callers');
    assert.equal((await op().introspect(tokens[0]!)).active, true);

    const rotated = await secrets.get(refreshTokenKey('ops-device'));
    assert.ok(rotated && rotated !== deviceRefreshToken, 'the new refresh token replaced the old one in the store');
    const info = service().session('ops-device');
    assert.equal(info.state, 'signed-in');
    assert.deepEqual(info.groups, ['opsdesk-admin', 'incident-commander']);
    assert.ok(info.accessTokenExpiresAt !== null && info.accessTokenExpiresAt > expiresAt);

    // Replaying the old refresh token fails at the provider.
    assert.deepEqual(await op().refreshDirectly(deviceRefreshToken), { status: 400, error: 'invalid_grant' });
  });

  test('8. signOut revokes at the provider and deletes the refresh token', async () => {
    // The provider session from test 1 is still in this browser context: no login page this time.
    const signIn = await signInInChromium('corp', aliceContext!, alice);
    assert.equal(signIn.info.state, 'signed-in');
    const refreshToken = await secrets.get(refreshTokenKey('corp'));
    assert.ok(refreshToken);
    const token = await accessToken('corp');

    await service().signOut('corp');
    const info = service().session('corp');
    assert.deepEqual(info, { profileId: 'corp', state: 'signed-out', subject: null, name: null, groups: [], accessTokenExpiresAt: null, reason: null });
    assert.equal(await secrets.get(refreshTokenKey('corp')), null);
    assert.ok(network.calls.some((call) => call.path === '/token/revocation' && call.status === 200), 'revocation endpoint called');
    assert.deepEqual(await op().refreshDirectly(refreshToken), { status: 400, error: 'invalid_grant' }, 'refresh token revoked');
    assert.equal((await op().introspect(token)).active, false, 'access token revoked');
    await rejectsWith(service().accessToken('corp'), AuthRequiredError, (error) => assert.match(error.reason, /^not-signed-in:/));
  });

  test('9. a callback with the wrong state is refused: clear error, nothing stored, no code redeemed, listener closed', async () => {
    const codeGrantsBefore = tokenGrants('authorization_code').length;
    const keysBefore = secrets.keys();
    let forged: Promise<{ status: number; text: string }> | undefined;
    let port = 0;
    opener = (url) => {
      const redirectUri = new URL(new URL(url).searchParams.get('redirect_uri') ?? 'http://invalid/');
      port = Number(redirectUri.port);
      // Another page (or process) hits the loopback with a code and a state of its own.
      forged = fetch(`${redirectUri.href}?code=attacker-code&state=attacker-state&iss=${encodeURIComponent(op().issuer)}`).then(async (response) => ({
        status: response.status,
        text: await response.text(),
      }));
      forged.catch(() => undefined);
    };
    await rejectsWith(service().signInWithBrowser('guarded'), SignInError, (error) => {
      assert.equal(error.code, 'state-mismatch');
      assert.equal(error.profileId, 'guarded');
      assert.match(error.message, /state that does not belong to this sign-in.*refused.*nothing was stored/);
    });
    assert.ok(forged);
    const page = await forged;
    assert.equal(page.status, 200);
    assert.match(page.text, /did not complete/);
    assert.deepEqual(secrets.keys(), keysBefore, 'nothing stored');
    assert.equal(service().session('guarded').state, 'signed-out');
    assert.equal(tokenGrants('authorization_code').length, codeGrantsBefore, 'the code was never sent to the provider');
    assert.equal(await portIsClosed(port), true);
  });

  test('10. the user cancels at the provider: access_denied reported clearly', async () => {
    const context = await browser().newContext();
    let driven: Promise<string> | undefined;
    opener = (url) => {
      const redirectUri = new URL(new URL(url).searchParams.get('redirect_uri') ?? 'http://invalid/');
      driven = (async () => {
        const page = await context.newPage();
        await page.goto(url);
        await page.getByText('[ Cancel ]').click();
        await page.waitForURL((next) => next.port === redirectUri.port);
        await page.locator('#outcome').waitFor();
        return page.locator('body').innerText();
      })();
      driven.catch(() => undefined);
    };
    await rejectsWith(service().signInWithBrowser('guarded'), SignInError, (error) => {
      assert.equal(error.code, 'access-denied');
      assert.match(error.message, /cancelled or denied at the identity provider \(access_denied/);
    });
    assert.ok(driven);
    const text = await driven;
    assert.match(text, /did not complete/);
    assert.match(text, /access_denied/);
    await context.close();
    assert.equal(await secrets.get(refreshTokenKey('guarded')), null);
  });

  test('11. no redirect before the loopback timeout: clear error, listener closed', async () => {
    let port = 0;
    opener = (url) => {
      port = Number(new URL(new URL(url).searchParams.get('redirect_uri') ?? 'http://invalid/').port);
    };
    const started = Date.now();
    await rejectsWith(service().signInWithBrowser('hasty'), SignInError, (error) => {
      assert.equal(error.code, 'timeout');
      assert.match(error.message, /no redirect from the browser within 500 ms/);
    });
    assert.ok(Date.now() - started < 3000);
    assert.equal(await portIsClosed(port), true);
    assert.equal(service().session('hasty').state, 'signed-out');
  });

  test('12. a device sign-in cancelled with its AbortSignal stops at once', async () => {
    const controller = new AbortController();
    let abortedAt = 0;
    await rejectsWith(
      service().signInWithDeviceCode(
        'guarded',
        () => {
          setTimeout(() => {
            abortedAt = Date.now();
            controller.abort();
          }, 200);
        },
        controller.signal,
      ),
      SignInError,
      (error) => assert.equal(error.code, 'cancelled'),
    );
    assert.ok(Date.now() - abortedAt < 500, 'cancelled without waiting for the next poll');
    assert.equal(await secrets.get(refreshTokenKey('guarded')), null);
  });

  test('13. no token ever appears in SessionInfo, events, errors, or the store under another key', async () => {
    const tokens = [...accessTokensSeen, ...secrets.everStored];
    assert.ok(tokens.length >= 8, `collected ${tokens.length} tokens`);
    const visible = JSON.stringify({ sessions: service().sessions(), events }) + errorsSeen.map((error) => `${error.message} ${String(error.cause ?? '')}`).join('\n');
    for (const token of tokens) assert.ok(!visible.includes(token), 'a token leaked into SessionInfo, an event or an error');
    assert.deepEqual(new Set(secrets.writes.map((write) => write.key)), new Set(['oidc:corp:refresh', 'oidc:ops-device:refresh']));
    assert.deepEqual(
      service().sessions().map((info) => `${info.profileId}:${info.state}`),
      ['corp:signed-out', 'ops-device:signed-in', 'guarded:signed-out', 'hasty:signed-out'],
    );
    assert.deepEqual(browser().blocked.filter((url) => new URL(url).hostname === '127.0.0.1'), [], 'only off-loopback requests were blocked');
  });
});
