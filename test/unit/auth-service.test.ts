/**
 * AuthService refresh rules with a scripted provider behind the `fetch` option and a hand-moved
 * clock: skew, single flight, rotation, and how each kind of failure changes the session.
 * (The real provider, browser and device flows are in test/integration/auth-oidc.test.ts.)
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { AuthRequiredError, AuthService, AuthUnavailableError, refreshTokenKey, type SecretStore, type SessionInfo } from '../../electron/services/auth/index.ts';

const issuer = 'https://idp.example.test';
const key = refreshTokenKey('corp');

class Secrets implements SecretStore {
  readonly values = new Map<string, string>();
  failReads = false;
  async get(name: string) {
    if (this.failReads) throw new Error('keychain locked');
    return this.values.get(name) ?? null;
  }
  async set(name: string, value: string) {
    this.values.set(name, value);
  }
  async delete(name: string) {
    return this.values.delete(name);
  }
}

type TokenAnswer = { status: number; body: Record<string, unknown> } | 'network-down';

/** Discovery plus a token endpoint whose answers the test scripts; counts refresh grants. */
function scriptedProvider() {
  const state = {
    answer: (_refreshToken: string): TokenAnswer => ({ status: 500, body: { error: 'server_error' } }),
    refreshGrants: [] as string[],
    revoked: [] as string[],
    /** Holds each token answer until released, to make concurrent callers overlap. */
    gate: null as Promise<void> | null,
  };
  const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
  const fetchImpl: typeof fetch = async (input, init) => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    if (url.pathname === '/.well-known/openid-configuration') {
      return json(200, { issuer, authorization_endpoint: `${issuer}/auth`, token_endpoint: `${issuer}/token`, revocation_endpoint: `${issuer}/revoke` });
    }
    const body = new URLSearchParams(init?.body instanceof URLSearchParams ? init.body : String(init?.body ?? ''));
    if (url.pathname === '/revoke') {
      state.revoked.push(body.get('token') ?? '');
      return new Response(null, { status: 200 });
    }
    if (url.pathname === '/token' && body.get('grant_type') === 'refresh_token') {
      const refreshToken = body.get('refresh_token') ?? '';
      state.refreshGrants.push(refreshToken);
      if (state.gate) await state.gate;
      const answer = state.answer(refreshToken);
      if (answer === 'network-down') throw new TypeError('fetch failed', { cause: Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }) });
      return json(answer.status, answer.body);
    }
    return json(404, { error: 'not_found' });
  };
  return { state, fetch: fetchImpl };
}

function setup(options: { refreshSkewMs?: number } = {}) {
  const provider = scriptedProvider();
  const secrets = new Secrets();
  const clock = { now: 1_700_000_000_000 };
  const events: SessionInfo[] = [];
  const auth = new AuthService({
    profiles: [{ id: 'corp', issuer, clientId: 'opsdesk', scopes: ['offline_access'] }],
    secrets,
    openBrowser: () => assert.fail('no browser in unit tests'),
    now: () => clock.now,
    fetch: provider.fetch,
    ...(options.refreshSkewMs === undefined ? {} : { refreshSkewMs: options.refreshSkewMs }),
  });
  auth.onDidChangeSession((info) => events.push(info));
  let counter = 0;
  /** Each grant rotates: a new access and refresh token. */
  const rotating = (expiresIn: number) => () => {
    counter += 1;
    return { status: 200, body: { access_token: `access-${counter}`, token_type: 'Bearer', expires_in: expiresIn, refresh_token: `refresh-${counter}` } };
  };
  return { auth, provider, secrets, clock, events, rotating };
}

describe('AuthService refresh', () => {
  test('restore() refreshes a stored token; accessToken() serves it until expiry minus skew, then refreshes and stores the rotated token', async () => {
    const { auth, provider, secrets, clock, rotating } = setup();
    secrets.values.set(key, 'refresh-0');
    provider.state.answer = rotating(600);
    await auth.restore();
    assert.equal(auth.session('corp').state, 'signed-in');
    assert.equal(auth.session('corp').accessTokenExpiresAt, clock.now + 600_000);
    assert.deepEqual(provider.state.refreshGrants, ['refresh-0']);
    assert.equal(secrets.values.get(key), 'refresh-1');

    clock.now += 539_000; // 61 s before expiry: default skew is 60 s
    assert.equal(await auth.accessToken('corp'), 'access-1');
    assert.equal(provider.state.refreshGrants.length, 1);
    clock.now += 2_000; // 59 s before expiry
    assert.equal(await auth.accessToken('corp'), 'access-2');
    assert.deepEqual(provider.state.refreshGrants, ['refresh-0', 'refresh-1'], 'the rotated token was used');
    assert.equal(secrets.values.get(key), 'refresh-2');
  });

  test('the skew is capped at half the token lifetime, so short-lived tokens are not refreshed on every call', async () => {
    const { auth, provider, secrets, clock, rotating } = setup();
    secrets.values.set(key, 'refresh-0');
    provider.state.answer = rotating(10);
    await auth.restore();
    clock.now += 4_900;
    assert.equal(await auth.accessToken('corp'), 'access-1');
    clock.now += 200;
    assert.equal(await auth.accessToken('corp'), 'access-2');
  });

  test('concurrent callers share one refresh', async () => {
    const { auth, provider, secrets, rotating } = setup();
    secrets.values.set(key, 'refresh-0');
    provider.state.answer = rotating(600);
    let release!: () => void;
    provider.state.gate = new Promise((resolve) => (release = resolve));
    const calls = Array.from({ length: 5 }, () => auth.accessToken('corp'));
    await new Promise((resolve) => setTimeout(resolve, 20));
    release();
    assert.deepEqual(await Promise.all(calls), ['access-1', 'access-1', 'access-1', 'access-1', 'access-1']);
    assert.equal(provider.state.refreshGrants.length, 1);
  });

  test('invalid_grant: needs-sign-in with the reason, refresh token deleted, later calls fail without traffic', async () => {
    const { auth, provider, secrets, events } = setup();
    secrets.values.set(key, 'refresh-0');
    provider.state.answer = () => ({ status: 400, body: { error: 'invalid_grant', error_description: 'grant request is invalid' } });
    await assert.rejects(auth.accessToken('corp'), (error: unknown) => error instanceof AuthRequiredError && /^refresh-rejected: .*invalid_grant/.test(error.reason));
    assert.equal(auth.session('corp').state, 'needs-sign-in');
    assert.equal(secrets.values.has(key), false);
    assert.deepEqual(events.map((event) => event.state), ['needs-sign-in']);
    await assert.rejects(auth.accessToken('corp'), (error: unknown) => error instanceof AuthRequiredError && /^refresh-rejected:/.test(error.reason));
    assert.equal(provider.state.refreshGrants.length, 1);
  });

  test('invalid_grant for a token another instance already rotated does not delete the new one', async () => {
    const { auth, provider, secrets } = setup();
    secrets.values.set(key, 'refresh-0');
    provider.state.answer = () => {
      secrets.values.set(key, 'rotated-elsewhere');
      return { status: 400, body: { error: 'invalid_grant' } };
    };
    await assert.rejects(auth.accessToken('corp'), AuthRequiredError);
    assert.equal(secrets.values.get(key), 'rotated-elsewhere');
  });

  test('network down: the refresh token is kept, state stays signed-in with reason unreachable; a still-valid token keeps being served', async () => {
    const { auth, provider, secrets, clock, rotating } = setup();
    secrets.values.set(key, 'refresh-0');
    provider.state.answer = rotating(600);
    await auth.restore();
    provider.state.answer = () => 'network-down';
    clock.now += 590_000; // inside the skew window, not expired
    assert.equal(await auth.accessToken('corp'), 'access-1', 'the unexpired token is still served');
    assert.match(auth.session('corp').reason ?? '', /^unreachable:/);
    clock.now += 20_000; // expired now
    await assert.rejects(auth.accessToken('corp'), (error: unknown) => error instanceof AuthUnavailableError && /connection refused/.test(error.reason));
    assert.equal(auth.session('corp').state, 'signed-in');
    assert.equal(auth.session('corp').accessTokenExpiresAt, null);
    assert.equal(secrets.values.get(key), 'refresh-1');
    provider.state.answer = rotating(600);
    assert.equal(await auth.accessToken('corp'), 'access-2');
    assert.equal(auth.session('corp').reason, null);
  });

  test('a 5xx answer is provider trouble: token kept, reason provider-error', async () => {
    const { auth, provider, secrets } = setup();
    secrets.values.set(key, 'refresh-0');
    provider.state.answer = () => ({ status: 503, body: { error: 'temporarily_unavailable' } });
    await auth.restore();
    const info = auth.session('corp');
    assert.equal(info.state, 'signed-in');
    assert.match(info.reason ?? '', /^provider-error: .*HTTP 503/);
    assert.equal(secrets.values.get(key), 'refresh-0');
  });

  test('restore(): nothing stored stays signed-out; an unreadable keychain asks for sign-in without deleting', async () => {
    const empty = setup();
    await empty.auth.restore();
    assert.equal(empty.auth.session('corp').state, 'signed-out');
    await assert.rejects(empty.auth.accessToken('corp'), (error: unknown) => error instanceof AuthRequiredError && /^not-signed-in:/.test(error.reason));

    const locked = setup();
    locked.secrets.values.set(key, 'refresh-0');
    locked.secrets.failReads = true;
    await locked.auth.restore();
    assert.equal(locked.auth.session('corp').state, 'needs-sign-in');
    assert.match(locked.auth.session('corp').reason ?? '', /^secret-store: .*keychain locked/);
    assert.equal(locked.secrets.values.get(key), 'refresh-0');
    assert.equal(locked.provider.state.refreshGrants.length, 0);
  });

  test('signOut deletes, forgets and revokes; a rotated token that came back during sign-out is not kept', async () => {
    const { auth, provider, secrets, rotating } = setup();
    secrets.values.set(key, 'refresh-0');
    provider.state.answer = rotating(600);
    await auth.restore();
    await auth.signOut('corp');
    assert.equal(secrets.values.has(key), false);
    assert.equal(auth.session('corp').state, 'signed-out');
    assert.deepEqual(provider.state.revoked, ['refresh-1', 'access-1']);
    await assert.rejects(auth.accessToken('corp'), AuthRequiredError);
  });
});

describe('AuthService configuration and hygiene', () => {
  test('profiles: unique ids, https issuers (plain http only on loopback), unknown ids refused', () => {
    const base = { secrets: new Secrets(), openBrowser: () => undefined };
    assert.throws(() => new AuthService({ ...base, profiles: [{ id: 'a', issuer, clientId: 'x' }, { id: 'a', issuer, clientId: 'y' }] }), /duplicate/);
    assert.throws(() => new AuthService({ ...base, profiles: [{ id: 'a', issuer: 'http://idp.example.test', clientId: 'x' }] }), /https/);
    const auth = new AuthService({ ...base, profiles: [{ id: 'lab', issuer: 'http://127.0.0.1:9000', clientId: 'x' }] });
    assert.deepEqual(auth.sessions().map((info) => info.state), ['signed-out']);
    assert.throws(() => auth.session('nope'), /unknown sign-in profile "nope"/);
  });

  test('the service never logs and never imports electron', () => {
    const dir = join(import.meta.dirname, '..', '..', 'electron', 'services', 'auth');
    for (const file of readdirSync(dir).filter((name) => name.endsWith('.ts'))) {
      const source = readFileSync(join(dir, file), 'utf8');
      assert.doesNotMatch(source, /\bconsole\./, `${file} logs`);
      assert.doesNotMatch(source, /from 'electron'/, `${file} imports electron`);
    }
  });
});
