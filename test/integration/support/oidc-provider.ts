/**
 * A real, certified OpenID provider (panva/oidc-provider) in-process on 127.0.0.1 with a random
 * port, configured like a corporate IdP for a desktop app: a native public client (PKCE, any
 * loopback port), device flow, refresh-token rotation, revocation, introspection, a `groups`
 * claim. Its own login and consent pages (devInteractions) are driven in Chromium by the tests.
 *
 * Two test-only additions sit in front of it as Koa middleware, both about RFC 8628 polling:
 * the device authorization answer advertises `interval` (oidc-provider leaves it out, so clients
 * would wait the default 5 s), and a poll policy answers `slow_down` (see DevicePollPolicy).
 */
import { generateKeyPairSync, randomBytes, randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import Provider, { type ProviderAccount, type ProviderContext } from 'oidc-provider';

export const nativeClientId = 'opsdesk-desktop';
export const deviceCodeGrantType = 'urn:ietf:params:oauth:grant-type:device_code';

export interface TestAccount {
  name: string;
  /** In ID token and userinfo under `groups`. */
  groups: string[];
  /** Only in userinfo (never in the ID token), under `roles`: exercises the userinfo fallback. */
  roles: string[];
}

/**
 * RFC 8628 §3.5: a client that polls before its interval has passed gets `slow_down` and must add
 * 5 s to its interval for this and all later polls. The provider here enforces that: it tracks
 * the interval per device code, answers `slow_down` to a poll that comes too early (and adds 5 s),
 * and records every poll. It also answers `slow_down` to the `slowDownOnPoll`-th pending poll, the
 * way a provider under load sheds pollers; that is what the test uses to provoke one.
 */
export interface DevicePollPolicy {
  /** Seconds advertised as `interval` in the device authorization answer. */
  intervalSeconds: number;
  /** Answer `slow_down` to this pending poll of every device code (1 = the first). */
  slowDownOnPoll?: number;
}

export interface DevicePoll {
  at: number;
  /** Since the device authorization answer (first poll) or the previous poll. */
  gapMs: number;
  /** Interval the provider required before this poll. */
  requiredIntervalMs: number;
  answer: string;
  tooFast: boolean;
}

export interface TokenRequestRecord {
  at: number;
  grantType: string;
  status: number;
  error: string | null;
}

export interface OidcTestProvider {
  issuer: string;
  provider: Provider;
  resourceClient: { clientId: string; clientSecret: string };
  endpoints: { token: string; revocation: string; introspection: string; userinfo: string };
  tokenRequests: TokenRequestRecord[];
  devicePolls: DevicePoll[];
  /** POSTs a refresh_token grant as the native client, the way a replaying attacker would. */
  refreshDirectly(refreshToken: string): Promise<{ status: number; error: string | null }>;
  /** RFC 7009 revocation as the native client. */
  revoke(token: string, hint: 'refresh_token' | 'access_token'): Promise<number>;
  /** RFC 7662 introspection as the resource server's client. */
  introspect(token: string): Promise<Record<string, unknown>>;
  stop(): Promise<void>;
}

interface PolicyClient {
  clientId: string;
}
interface PolicyToken {
  clientId: string;
}

export interface OidcTestProviderOptions {
  accounts: Record<string, TestAccount>;
  accessTokenTtlSeconds: number;
  devicePolling: DevicePollPolicy;
}

export async function startOidcProvider(options: OidcTestProviderOptions): Promise<OidcTestProvider> {
  const server: Server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const resourceClient = { clientId: 'prometheus-gateway', clientSecret: randomBytes(24).toString('base64url') };

  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const signingKey = { ...privateKey.export({ format: 'jwk' }), kid: randomUUID(), use: 'sig', alg: 'RS256' };

  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: nativeClientId,
        client_name: 'OpsDesk',
        application_type: 'native',
        token_endpoint_auth_method: 'none',
        // RFC 8252 §7.3: for native clients the provider accepts any port on a loopback redirect.
        redirect_uris: ['http://127.0.0.1/callback'],
        response_types: ['code'],
        grant_types: ['authorization_code', 'refresh_token', deviceCodeGrantType],
      },
      {
        client_id: resourceClient.clientId,
        client_secret: resourceClient.clientSecret,
        token_endpoint_auth_method: 'client_secret_basic',
        redirect_uris: [],
        response_types: [],
        grant_types: [],
      },
    ],
    jwks: { keys: [signingKey] },
    cookies: { keys: [randomBytes(32).toString('hex')] },
    findAccount: (_ctx: unknown, accountId: string): ProviderAccount => {
      const account = options.accounts[accountId] ?? { name: accountId, groups: [], roles: [] };
      return {
        accountId,
        claims: (use) => ({
          sub: accountId,
          name: account.name,
          preferred_username: accountId,
          groups: account.groups,
          ...(use === 'userinfo' ? { roles: account.roles } : {}),
        }),
      };
    },
    claims: { openid: ['sub'], profile: ['name', 'preferred_username', 'groups', 'roles'] },
    // Scope claims go into the ID token too (the default keeps them for userinfo only).
    conformIdTokenClaims: false,
    pkce: { required: () => true },
    rotateRefreshToken: true,
    issueRefreshToken: async (_ctx: unknown, client: { grantTypeAllowed(type: string): boolean }, code: { scopes: Set<string> }) =>
      client.grantTypeAllowed('refresh_token') && code.scopes.has('offline_access'),
    ttl: {
      AccessToken: options.accessTokenTtlSeconds,
      AuthorizationCode: 60,
      DeviceCode: 120,
      Grant: 3600,
      IdToken: 3600,
      Interaction: 600,
      RefreshToken: 3600,
      Session: 3600,
    },
    features: {
      devInteractions: { enabled: true },
      deviceFlow: { enabled: true, userCodeInputSource, userCodeConfirmSource, successSource },
      // A client revokes only its own tokens; only the resource server's client introspects.
      revocation: { enabled: true, allowedPolicy: async (_ctx: unknown, client: PolicyClient, token: PolicyToken) => token.clientId === client.clientId },
      introspection: { enabled: true, allowedPolicy: async (_ctx: unknown, client: PolicyClient) => client.clientId === resourceClient.clientId },
    },
    renderError: async (ctx: ProviderContext & { type: string }, out: Record<string, unknown>) => {
      ctx.type = 'html';
      ctx.body = page('Error', `<pre id="error">${escapeHtml(JSON.stringify(out))}</pre>`);
    },
  });

  const tokenRequests: TokenRequestRecord[] = [];
  const devicePolls: DevicePoll[] = [];
  const devices = new Map<string, { lastAt: number; intervalMs: number; pendingPolls: number }>();
  const toleranceMs = 150;

  provider.use(async (ctx, next) => {
    await next();
    if (ctx.method !== 'POST') return;
    if (ctx.path === '/device/auth' && ctx.status === 200 && isRecord(ctx.body) && typeof ctx.body.device_code === 'string') {
      ctx.body.interval = options.devicePolling.intervalSeconds;
      devices.set(ctx.body.device_code, { lastAt: Date.now(), intervalMs: options.devicePolling.intervalSeconds * 1000, pendingPolls: 0 });
      return;
    }
    if (ctx.path !== '/token') return;
    const grantType = typeof ctx.oidc?.params?.grant_type === 'string' ? ctx.oidc.params.grant_type : '';
    const error = isRecord(ctx.body) && typeof ctx.body.error === 'string' ? ctx.body.error : null;
    const at = Date.now();
    const deviceCode = ctx.oidc?.params?.device_code;
    const device = grantType === deviceCodeGrantType && typeof deviceCode === 'string' ? devices.get(deviceCode) : undefined;
    let answer = error;
    if (device) {
      const gapMs = at - device.lastAt;
      const requiredIntervalMs = device.intervalMs;
      const tooFast = gapMs < requiredIntervalMs - toleranceMs;
      if (error === 'authorization_pending') {
        device.pendingPolls += 1;
        if (tooFast || device.pendingPolls === options.devicePolling.slowDownOnPoll) {
          device.intervalMs += 5000;
          ctx.status = 400;
          ctx.body = { error: 'slow_down', error_description: `poll at most every ${device.intervalMs / 1000} s` };
          answer = 'slow_down';
        }
      }
      devicePolls.push({ at, gapMs, requiredIntervalMs, answer: answer ?? 'tokens', tooFast });
      device.lastAt = at;
    }
    tokenRequests.push({ at, grantType, status: ctx.status, error: answer });
  });

  server.on('request', provider.callback());

  const endpoints = {
    token: `${issuer}/token`,
    revocation: `${issuer}/token/revocation`,
    introspection: `${issuer}/token/introspection`,
    userinfo: `${issuer}/me`,
  };
  const resourceAuthorization = `Basic ${Buffer.from(`${resourceClient.clientId}:${resourceClient.clientSecret}`).toString('base64')}`;

  return {
    issuer,
    provider,
    resourceClient,
    endpoints,
    tokenRequests,
    devicePolls,
    async refreshDirectly(refreshToken) {
      const response = await fetch(endpoints.token, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ grant_type: 'refresh_token', refresh_token: refreshToken, client_id: nativeClientId }),
      });
      const body = (await response.json()) as { error?: string };
      return { status: response.status, error: body.error ?? null };
    },
    async revoke(token, hint) {
      const response = await fetch(endpoints.revocation, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ token, token_type_hint: hint, client_id: nativeClientId }),
      });
      await response.arrayBuffer();
      return response.status;
    },
    async introspect(token) {
      const response = await fetch(endpoints.introspection, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: resourceAuthorization },
        body: new URLSearchParams({ token }),
      });
      if (!response.ok) throw new Error(`introspection answered HTTP ${response.status}`);
      return (await response.json()) as Record<string, unknown>;
    },
    async stop() {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}

// Device-flow pages without the default ones' web fonts: the browser only ever talks to 127.0.0.1.
async function userCodeInputSource(ctx: ProviderContext, form: string, _out: unknown, error: unknown): Promise<void> {
  const message = error ? '<p id="problem">The code you entered is incorrect. Try again.</p>' : '<p>Enter the code shown by OpsDesk.</p>';
  ctx.body = page('Device sign-in', `${message}${form}<button type="submit" form="op.deviceInputForm" id="submit-code">Continue</button>`);
}

async function userCodeConfirmSource(ctx: ProviderContext, form: string, _client: unknown, _deviceInfo: unknown, userCode: string): Promise<void> {
  ctx.body = page(
    'Confirm device',
    `<p>Code shown on the device: <code id="user-code">${escapeHtml(userCode)}</code></p>${form}
<button type="submit" form="op.deviceConfirmForm" id="confirm-device">Continue</button>
<button type="submit" form="op.deviceConfirmForm" value="yes" name="abort" id="abort-device">Abort</button>`,
  );
}

async function successSource(ctx: ProviderContext): Promise<void> {
  ctx.body = page('Sign-in Success', '<p id="device-done">Your device is signed in. You can close this page.</p>');
}

function page(title: string, body: string): string {
  return `<!doctype html><html><head><meta charset="utf-8"><title>${escapeHtml(title)}</title></head><body><h1>${escapeHtml(title)}</h1>${body}</body></html>`;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
