/** A sign-in profile: one OpenID provider and the public (native) client OpsDesk is registered as. */
export interface SignInProfile {
  id: string;
  /** Issuer identifier; discovery reads `<issuer>/.well-known/openid-configuration`. */
  issuer: string;
  clientId: string;
  /** Default `['openid', 'profile', 'offline_access']`. */
  scopes?: string[];
  /** Claim holding the user's groups, read from the ID token or else userinfo. Default `groups`. */
  groupClaim?: string;
  /** How long the loopback listener waits for the browser's redirect. Default 5 minutes. */
  loopbackTimeoutMs?: number;
  /**
   * `prompt` of the browser sign-in. Default `consent` when `offline_access` is requested, as
   * OpenID Connect Core §11 asks (strict providers drop offline_access, and so the refresh
   * token, without it); `''` sends no prompt, for providers that re-ask consent every time.
   */
  prompt?: string;
}

export interface ResolvedSignInProfile {
  id: string;
  issuer: string;
  clientId: string;
  scopes: string[];
  groupClaim: string;
  loopbackTimeoutMs: number;
  /** '' = no prompt parameter. */
  prompt: string;
}

export const defaultScopes: readonly string[] = ['openid', 'profile', 'offline_access'];
export const defaultGroupClaim = 'groups';
export const defaultLoopbackTimeoutMs = 5 * 60_000;
export const defaultRefreshSkewMs = 60_000;

/** The one place refresh tokens live (the vault's keychain in the app, memory in tests). */
export interface SecretStore {
  get(key: string): Promise<string | null>;
  set(key: string, value: string): Promise<void>;
  delete(key: string): Promise<boolean>;
}

/** Key of a profile's refresh token in the SecretStore. */
export function refreshTokenKey(profileId: string): string {
  return `oidc:${profileId}:refresh`;
}

export type SessionState = 'signed-out' | 'signed-in' | 'needs-sign-in';

/**
 * What the UI may know about a sign-in; never a token. `reason` is `<code>: <sentence>`, codes:
 * `unreachable`, `provider-error`, `refresh-rejected`, `no-refresh-token`, `secret-store`,
 * `revocation-failed`.
 */
export interface SessionInfo {
  profileId: string;
  state: SessionState;
  subject: string | null;
  name: string | null;
  groups: string[];
  accessTokenExpiresAt: number | null;
  reason: string | null;
}

export interface DeviceUserCode {
  userCode: string;
  verificationUri: string;
  verificationUriComplete?: string;
  /** Epoch ms (by the service's clock) after which the code is no longer accepted. */
  expiresAt: number;
}

export interface AuthServiceOptions {
  profiles: SignInProfile[];
  secrets: SecretStore;
  /** Opens the system browser (Electron's shell.openExternal in the app). */
  openBrowser: (url: string) => void | Promise<void>;
  now?: () => number;
  fetch?: typeof fetch;
  /** Refresh this long before the access token expires (at most half its lifetime). Default 60 s. */
  refreshSkewMs?: number;
}

export function resolveProfile(profile: SignInProfile): ResolvedSignInProfile {
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(profile.id)) throw new TypeError(`sign-in profile id "${profile.id}": use letters, digits, dot, dash, underscore`);
  let issuer: URL;
  try {
    issuer = new URL(profile.issuer);
  } catch {
    throw new TypeError(`sign-in profile "${profile.id}": issuer "${profile.issuer}" is not a URL`);
  }
  if (issuer.protocol !== 'https:' && !isLoopbackHost(issuer.hostname)) {
    throw new TypeError(`sign-in profile "${profile.id}": issuer must use https (plain http only for 127.0.0.1/localhost)`);
  }
  const scopes = profile.scopes && profile.scopes.length > 0 ? [...profile.scopes] : [...defaultScopes];
  const loopbackTimeoutMs = profile.loopbackTimeoutMs ?? defaultLoopbackTimeoutMs;
  if (!Number.isFinite(loopbackTimeoutMs) || loopbackTimeoutMs <= 0) throw new TypeError(`sign-in profile "${profile.id}": loopbackTimeoutMs must be positive`);
  return {
    id: profile.id,
    issuer: profile.issuer,
    clientId: profile.clientId,
    scopes,
    groupClaim: profile.groupClaim ?? defaultGroupClaim,
    loopbackTimeoutMs,
    prompt: profile.prompt ?? (scopes.includes('offline_access') ? 'consent' : ''),
  };
}

export function isLoopbackHost(hostname: string): boolean {
  return hostname === '127.0.0.1' || hostname === '[::1]' || hostname === 'localhost';
}
