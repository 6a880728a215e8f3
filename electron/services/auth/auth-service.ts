import * as client from 'openid-client';
import { AuthRequiredError, AuthUnavailableError, SignInError, classifyProviderError, errorText, type ProviderFailure } from './errors.ts';
import { identityFromClaims, mergeIdentity, type Identity } from './identity-claims.ts';
import { LoopbackClosedError, LoopbackTimeoutError, startLoopbackListener, type LoopbackCallback } from './loopback-listener.ts';
import { ProviderConfigurations } from './provider-configurations.ts';
import {
  defaultRefreshSkewMs,
  refreshTokenKey,
  resolveProfile,
  type AuthServiceOptions,
  type DeviceUserCode,
  type ResolvedSignInProfile,
  type SecretStore,
  type SessionInfo,
} from './types.ts';

type TokenResponse = client.TokenEndpointResponse & client.TokenEndpointResponseHelpers;

/** Everything the service knows about one profile. Tokens stay in these fields and nowhere else. */
interface ProfileSession {
  readonly profile: ResolvedSignInProfile;
  info: SessionInfo;
  accessToken: string | null;
  /** Kept for a later RP-initiated logout (id_token_hint); never leaves the service. */
  idToken: string | null;
  accessTokenIssuedAt: number | null;
  refreshing: Promise<string> | null;
  /** Bumped by every completed sign-in and sign-out; a refresh that started earlier is discarded. */
  generation: number;
  signInActive: boolean;
}

/**
 * OpenID Connect sign-in for several profiles at once: authorization code + PKCE through the
 * system browser and a loopback redirect (RFC 8252), or the device flow (RFC 8628). Refresh
 * tokens live only in the SecretStore (`oidc:<profile>:refresh`), access and ID tokens only in
 * memory. accessToken() refreshes ahead of expiry and shares one refresh between callers.
 */
export class AuthService {
  readonly #sessions = new Map<string, ProfileSession>();
  readonly #secrets: SecretStore;
  readonly #openBrowser: (url: string) => void | Promise<void>;
  readonly #now: () => number;
  readonly #refreshSkewMs: number;
  readonly #configurations: ProviderConfigurations;
  readonly #listeners = new Set<(info: SessionInfo) => void>();

  constructor(options: AuthServiceOptions) {
    this.#secrets = options.secrets;
    this.#openBrowser = options.openBrowser;
    this.#now = options.now ?? Date.now;
    this.#refreshSkewMs = options.refreshSkewMs ?? defaultRefreshSkewMs;
    if (!Number.isFinite(this.#refreshSkewMs) || this.#refreshSkewMs < 0) throw new TypeError('refreshSkewMs must be a non-negative number');
    this.#configurations = new ProviderConfigurations(options.fetch);
    for (const input of options.profiles) {
      const profile = resolveProfile(input);
      if (this.#sessions.has(profile.id)) throw new TypeError(`duplicate sign-in profile id "${profile.id}"`);
      this.#sessions.set(profile.id, {
        profile,
        info: signedOut(profile.id, null),
        accessToken: null,
        idToken: null,
        accessTokenIssuedAt: null,
        refreshing: null,
        generation: 0,
        signInActive: false,
      });
    }
  }

  // ---- queries and events ----

  session(profileId: string): SessionInfo {
    return snapshot(this.#session(profileId).info);
  }

  sessions(): SessionInfo[] {
    return [...this.#sessions.values()].map((session) => snapshot(session.info));
  }

  onDidChangeSession(listener: (info: SessionInfo) => void): () => void {
    this.#listeners.add(listener);
    return () => {
      this.#listeners.delete(listener);
    };
  }

  // ---- sign-in ----

  async signInWithBrowser(profileId: string): Promise<SessionInfo> {
    const session = this.#session(profileId);
    return this.#exclusiveSignIn(session, async () => {
      const { profile } = session;
      const config = await this.#configurationForSignIn(session);
      const codeVerifier = client.randomPKCECodeVerifier();
      const codeChallenge = await client.calculatePKCECodeChallenge(codeVerifier);
      const state = client.randomState();
      const nonce = client.randomNonce();
      const listener = await startLoopbackListener({ timeoutMs: profile.loopbackTimeoutMs });
      try {
        const authorizationUrl = client.buildAuthorizationUrl(config, {
          redirect_uri: listener.redirectUri,
          scope: profile.scopes.join(' '),
          code_challenge: codeChallenge,
          code_challenge_method: 'S256',
          state,
          nonce,
          ...(profile.prompt ? { prompt: profile.prompt } : {}),
        });
        try {
          await this.#openBrowser(authorizationUrl.href);
        } catch (error) {
          throw new SignInError(profile.id, 'browser-failed', `the browser could not be opened (${errorText(error)})`);
        }
        let callback: LoopbackCallback;
        try {
          callback = await listener.callback;
        } catch (error) {
          if (error instanceof LoopbackTimeoutError) {
            throw new SignInError(profile.id, 'timeout', `${error.message}; the sign-in page was not completed, nothing was stored`);
          }
          if (error instanceof LoopbackClosedError) throw new SignInError(profile.id, 'cancelled', error.message);
          throw error;
        }
        try {
          const tokens = await this.#redeemCallback(session, config, callback.url, { codeVerifier, state, nonce });
          const info = await this.#completeSignIn(session, config, tokens);
          await callback.respond({ ok: true, detail: `Signed in${info.name ? ` as ${info.name}` : ''}.` });
          return info;
        } catch (error) {
          await callback.respond({ ok: false, detail: error instanceof SignInError ? error.message : 'The sign-in could not be completed.' });
          throw error;
        }
      } finally {
        await listener.close();
      }
    });
  }

  async signInWithDeviceCode(profileId: string, onUserCode: (info: DeviceUserCode) => void, signal?: AbortSignal): Promise<SessionInfo> {
    const session = this.#session(profileId);
    return this.#exclusiveSignIn(session, async () => {
      const { profile } = session;
      const cancelled = () => new SignInError(profile.id, 'cancelled', 'the device sign-in was cancelled');
      if (signal?.aborted) throw cancelled();
      const config = await this.#configurationForSignIn(session);
      if (!config.serverMetadata().device_authorization_endpoint) {
        throw new SignInError(profile.id, 'provider-error', 'the identity provider does not offer the device flow (no device_authorization_endpoint)');
      }
      let authorization: client.DeviceAuthorizationResponse;
      try {
        authorization = await client.initiateDeviceAuthorization(config, { scope: profile.scopes.join(' ') });
      } catch (error) {
        throw signInFailure(profile.id, classifyProviderError(error), 'starting the device flow');
      }
      if (signal?.aborted) throw cancelled();
      const lifetimeMs = authorization.expires_in * 1000;
      onUserCode({
        userCode: authorization.user_code,
        verificationUri: authorization.verification_uri,
        ...(authorization.verification_uri_complete ? { verificationUriComplete: authorization.verification_uri_complete } : {}),
        expiresAt: this.#now() + lifetimeMs,
      });
      const expiry = AbortSignal.timeout(lifetimeMs);
      const pollSignal = signal ? AbortSignal.any([signal, expiry]) : expiry;
      let tokens: TokenResponse;
      try {
        // openid-client waits `interval` between polls and adds 5 s on every slow_down (RFC 8628 §3.5).
        // Its waits notice an abort only between steps of up to 5 s; the race makes cancel immediate.
        const polling = client.pollDeviceAuthorizationGrant(config, authorization, undefined, { signal: pollSignal });
        tokens = await untilAborted(polling, pollSignal);
      } catch (error) {
        if (signal?.aborted) throw cancelled();
        if (expiry.aborted) throw new SignInError(profile.id, 'expired', 'the user code expired before the sign-in was approved');
        const failure = classifyProviderError(error);
        if (failure.kind === 'rejected' && failure.error === 'expired_token') {
          throw new SignInError(profile.id, 'expired', 'the user code expired before the sign-in was approved');
        }
        throw signInFailure(profile.id, failure, 'waiting for the device sign-in');
      }
      return this.#completeSignIn(session, config, tokens);
    });
  }

  // ---- tokens ----

  async accessToken(profileId: string): Promise<string> {
    const session = this.#session(profileId);
    const fresh = this.#freshToken(session);
    if (fresh) return fresh;
    return this.#sharedRefresh(session);
  }

  async restore(): Promise<void> {
    await Promise.all(
      [...this.#sessions.values()].map(async (session) => {
        if (this.#freshToken(session)) return;
        let stored: string | null;
        try {
          stored = await this.#secrets.get(refreshTokenKey(session.profile.id));
        } catch (error) {
          this.#update(session, { ...signedOut(session.profile.id, null), state: 'needs-sign-in', reason: `secret-store: the keychain could not be read (${errorText(error)})` });
          return;
        }
        if (stored === null) {
          if (session.info.state !== 'signed-out' || session.info.reason !== null) this.#update(session, signedOut(session.profile.id, null));
          return;
        }
        // The outcome lands in the session state (signed-in, needs-sign-in, or signed-in + unreachable).
        await this.#sharedRefresh(session).catch(() => undefined);
      }),
    );
  }

  async signOut(profileId: string): Promise<void> {
    const session = this.#session(profileId);
    const { profile } = session;
    session.generation += 1;
    const key = refreshTokenKey(profile.id);
    let refreshToken: string | null = null;
    let storeProblem: string | null = null;
    try {
      refreshToken = await this.#secrets.get(key);
    } catch (error) {
      storeProblem = `secret-store: the keychain could not be read (${errorText(error)})`;
    }
    try {
      await this.#secrets.delete(key);
    } catch (error) {
      storeProblem = `secret-store: the stored sign-in could not be deleted (${errorText(error)})`;
    }
    const accessToken = session.accessToken;
    this.#forgetTokens(session);
    this.#update(session, signedOut(profile.id, storeProblem));

    const revocable = [
      ...(refreshToken ? [{ token: refreshToken, hint: 'refresh_token' }] : []),
      ...(accessToken ? [{ token: accessToken, hint: 'access_token' }] : []),
    ];
    if (revocable.length === 0) return;
    try {
      const config = await this.#configurations.get(profile);
      if (!config.serverMetadata().revocation_endpoint) return;
      for (const { token, hint } of revocable) await client.tokenRevocation(config, token, { token_type_hint: hint });
    } catch (error) {
      if (session.info.state !== 'signed-out' || storeProblem !== null) return;
      const failure = classifyProviderError(error);
      this.#update(session, signedOut(profile.id, `revocation-failed: signed out here, but the identity provider could not revoke the sign-in (${failure.detail})`));
    }
  }

  // ---- internals ----

  #session(profileId: string): ProfileSession {
    const session = this.#sessions.get(profileId);
    if (!session) throw new TypeError(`unknown sign-in profile "${profileId}"`);
    return session;
  }

  async #exclusiveSignIn(session: ProfileSession, run: () => Promise<SessionInfo>): Promise<SessionInfo> {
    if (session.signInActive) throw new SignInError(session.profile.id, 'busy', 'another sign-in for this profile is in progress');
    session.signInActive = true;
    try {
      return await run();
    } finally {
      session.signInActive = false;
    }
  }

  async #configurationForSignIn(session: ProfileSession): Promise<client.Configuration> {
    try {
      return await this.#configurations.get(session.profile);
    } catch (error) {
      throw signInFailure(session.profile.id, classifyProviderError(error), `reading the provider configuration of ${session.profile.issuer}`);
    }
  }

  /** Checks the redirect (state first, then error) and redeems the code with PKCE and nonce checks. */
  async #redeemCallback(
    session: ProfileSession,
    config: client.Configuration,
    callbackUrl: URL,
    expected: { codeVerifier: string; state: string; nonce: string },
  ): Promise<TokenResponse> {
    const { profile } = session;
    const params = callbackUrl.searchParams;
    if (params.get('state') !== expected.state) {
      throw new SignInError(
        profile.id,
        'state-mismatch',
        'the redirect to OpsDesk carried a state that does not belong to this sign-in, so it was refused and nothing was stored (a stale tab or a forged request)',
      );
    }
    const providerError = params.get('error');
    if (providerError !== null) {
      const description = params.get('error_description');
      const detail = errorText(description ? `${providerError}: ${description}` : providerError);
      if (providerError === 'access_denied') {
        throw new SignInError(profile.id, 'access-denied', `the sign-in was cancelled or denied at the identity provider (${detail})`);
      }
      throw new SignInError(profile.id, 'rejected', `the identity provider refused the sign-in (${detail})`);
    }
    try {
      return await client.authorizationCodeGrant(config, callbackUrl, {
        pkceCodeVerifier: expected.codeVerifier,
        expectedState: expected.state,
        expectedNonce: expected.nonce,
      });
    } catch (error) {
      throw signInFailure(profile.id, classifyProviderError(error), 'redeeming the authorization code');
    }
  }

  /** Keeps the tokens of a finished sign-in: refresh token to the store, the rest in memory. */
  async #completeSignIn(session: ProfileSession, config: client.Configuration, tokens: TokenResponse): Promise<SessionInfo> {
    session.generation += 1;
    const generation = session.generation;
    const identity = await this.#identityOf(session, config, tokens, null);
    const key = refreshTokenKey(session.profile.id);
    let reason: string | null = null;
    try {
      if (tokens.refresh_token) await this.#secrets.set(key, tokens.refresh_token);
      else await this.#secrets.delete(key);
    } catch (error) {
      reason = `secret-store: the sign-in could not be kept in the keychain and ends when the access token expires (${errorText(error)})`;
    }
    if (!tokens.refresh_token) reason ??= 'no-refresh-token: the identity provider issued no refresh token; sign in again when the access token expires';
    if (generation !== session.generation) {
      // Signed out meanwhile: the sign-out wins, including over what was just stored.
      if (tokens.refresh_token) await this.#secrets.delete(key).catch(() => false);
      throw new SignInError(session.profile.id, 'cancelled', 'signed out while the sign-in was completing');
    }
    this.#keepTokens(session, tokens, identity, reason);
    return snapshot(session.info);
  }

  #sharedRefresh(session: ProfileSession): Promise<string> {
    if (!session.refreshing) {
      const refreshing = this.#refresh(session).finally(() => {
        if (session.refreshing === refreshing) session.refreshing = null;
      });
      session.refreshing = refreshing;
    }
    return session.refreshing;
  }

  async #refresh(session: ProfileSession): Promise<string> {
    const { profile } = session;
    const generation = session.generation;
    const key = refreshTokenKey(profile.id);
    let refreshToken: string | null;
    try {
      refreshToken = await this.#secrets.get(key);
    } catch (error) {
      return this.#unavailable(session, `secret-store: the keychain could not be read (${errorText(error)})`);
    }
    if (generation !== session.generation) return this.#afterRace(session);
    if (refreshToken === null) {
      const usable = this.#unexpiredToken(session);
      if (usable) return usable;
      if (session.info.state === 'signed-out') throw new AuthRequiredError(profile.id, 'not-signed-in: this profile is not signed in');
      if (session.info.state === 'needs-sign-in' && session.info.reason) throw new AuthRequiredError(profile.id, session.info.reason);
      const reason = session.info.reason?.startsWith('no-refresh-token:')
        ? 'no-refresh-token: the access token expired and the identity provider issued no refresh token'
        : 'no-refresh-token: the stored sign-in is gone from the keychain';
      this.#forgetTokens(session);
      this.#update(session, { ...session.info, state: 'needs-sign-in', accessTokenExpiresAt: null, reason });
      throw new AuthRequiredError(profile.id, reason);
    }

    let config: client.Configuration;
    let tokens: TokenResponse;
    try {
      config = await this.#configurations.get(profile);
      tokens = await client.refreshTokenGrant(config, refreshToken);
    } catch (error) {
      if (generation !== session.generation) return this.#afterRace(session);
      const failure = classifyProviderError(error);
      if (failure.kind === 'rejected') {
        // Revoked, expired or already used: the stored token is worthless. Delete it unless another
        // instance rotated it meanwhile.
        try {
          if ((await this.#secrets.get(key)) === refreshToken) await this.#secrets.delete(key);
        } catch {
          // The next refresh fails the same way and tries again.
        }
        const reason = `refresh-rejected: the identity provider no longer accepts the stored sign-in (${failure.detail})`;
        this.#forgetTokens(session);
        this.#update(session, { ...session.info, state: 'needs-sign-in', accessTokenExpiresAt: null, reason });
        throw new AuthRequiredError(profile.id, reason);
      }
      const reason =
        failure.kind === 'unreachable'
          ? `unreachable: the identity provider ${profile.issuer} could not be reached (${failure.detail}); the sign-in is kept`
          : `provider-error: the identity provider ${profile.issuer} gave no usable answer (${failure.detail}); the sign-in is kept`;
      return this.#unavailable(session, reason, failure.kind === 'unreachable' ? failure.cause : undefined);
    }
    if (generation !== session.generation) return this.#afterRace(session);

    let reason: string | null = null;
    if (tokens.refresh_token && tokens.refresh_token !== refreshToken) {
      // Rotation: the new token replaces the old one, which the provider no longer accepts.
      try {
        await this.#secrets.set(key, tokens.refresh_token);
      } catch (error) {
        reason = `secret-store: the rotated refresh token could not be stored; sign in again when the access token expires (${errorText(error)})`;
      }
    }
    const identity = await this.#identityOf(session, config, tokens, { subject: session.info.subject, name: session.info.name, groups: session.info.groups });
    if (generation !== session.generation) return this.#afterRace(session);
    this.#keepTokens(session, tokens, identity, reason);
    return tokens.access_token;
  }

  /** Provider or keychain not usable now: keep the sign-in, report why, serve a still-valid token if there is one. */
  #unavailable(session: ProfileSession, reason: string, cause?: unknown): string {
    const usable = this.#unexpiredToken(session);
    if (!usable) {
      session.accessToken = null;
      session.accessTokenIssuedAt = null;
    }
    const state = session.info.state === 'needs-sign-in' ? 'needs-sign-in' : 'signed-in';
    this.#update(session, { ...session.info, state, accessTokenExpiresAt: usable ? session.info.accessTokenExpiresAt : null, reason });
    if (usable) return usable;
    throw new AuthUnavailableError(session.profile.id, reason, cause === undefined ? undefined : { cause });
  }

  /** A sign-in or sign-out finished while this refresh was in flight; its result wins. */
  #afterRace(session: ProfileSession): string {
    const fresh = this.#freshToken(session);
    if (fresh) return fresh;
    throw new AuthRequiredError(session.profile.id, session.info.reason ?? 'not-signed-in: signed out while the token was being refreshed');
  }

  /** ID token claims first; userinfo when the group claim is missing there. */
  async #identityOf(session: ProfileSession, config: client.Configuration, tokens: TokenResponse, previous: Identity | null): Promise<Identity> {
    const claims = tokens.claims();
    let identity = identityFromClaims(claims, session.profile.groupClaim);
    if (identity.groups === null && config.serverMetadata().userinfo_endpoint) {
      try {
        const userinfo = await client.fetchUserInfo(config, tokens.access_token, identity.subject ?? previous?.subject ?? client.skipSubjectCheck);
        identity = mergeIdentity(identity, identityFromClaims(userinfo, session.profile.groupClaim));
      } catch {
        // Groups stay as they were; the sign-in itself is valid.
      }
    }
    return previous ? mergeIdentity(identity, previous) : identity;
  }

  #keepTokens(session: ProfileSession, tokens: TokenResponse, identity: Identity, reason: string | null): void {
    const now = this.#now();
    const expiresIn = typeof tokens.expires_in === 'number' && tokens.expires_in > 0 ? tokens.expires_in : null;
    session.accessToken = tokens.access_token;
    session.idToken = tokens.id_token ?? session.idToken;
    session.accessTokenIssuedAt = now;
    this.#update(session, {
      profileId: session.profile.id,
      state: 'signed-in',
      subject: identity.subject,
      name: identity.name,
      groups: identity.groups ?? [],
      accessTokenExpiresAt: expiresIn === null ? null : now + expiresIn * 1000,
      reason,
    });
  }

  #forgetTokens(session: ProfileSession): void {
    session.accessToken = null;
    session.idToken = null;
    session.accessTokenIssuedAt = null;
  }

  /** The in-memory access token unless it is due for refresh (skew, capped at half its lifetime). */
  #freshToken(session: ProfileSession): string | null {
    const { accessToken, accessTokenIssuedAt } = session;
    const expiresAt = session.info.accessTokenExpiresAt;
    if (!accessToken || session.info.state !== 'signed-in') return null;
    if (expiresAt === null) return accessToken;
    const lifetime = Math.max(0, expiresAt - (accessTokenIssuedAt ?? expiresAt));
    const skew = Math.min(this.#refreshSkewMs, lifetime / 2);
    return this.#now() < expiresAt - skew ? accessToken : null;
  }

  /** The in-memory access token while it has not expired (used when a refresh cannot happen). */
  #unexpiredToken(session: ProfileSession): string | null {
    const expiresAt = session.info.accessTokenExpiresAt;
    if (!session.accessToken || session.info.state !== 'signed-in') return null;
    return expiresAt === null || this.#now() < expiresAt ? session.accessToken : null;
  }

  #update(session: ProfileSession, info: SessionInfo): void {
    const before = session.info;
    session.info = snapshot(info);
    if (sameInfo(before, session.info)) return;
    const event = snapshot(session.info);
    for (const listener of [...this.#listeners]) {
      try {
        listener(snapshot(event));
      } catch {
        // A listener's failure is its own; other listeners still hear about the change.
      }
    }
  }
}

function signInFailure(profileId: string, failure: ProviderFailure, during: string): SignInError {
  switch (failure.kind) {
    case 'unreachable':
      return new SignInError(profileId, 'unreachable', `the identity provider could not be reached while ${during} (${failure.detail})`, { cause: failure.cause });
    case 'rejected':
      if (failure.error === 'access_denied') return new SignInError(profileId, 'access-denied', `the sign-in was denied at the identity provider (${failure.detail})`);
      return new SignInError(profileId, 'rejected', `the identity provider refused the request while ${during} (${failure.detail})`);
    case 'provider-error':
      return new SignInError(profileId, 'provider-error', `unusable answer from the identity provider while ${during} (${failure.detail})`);
  }
}

/** Settles with `work`, or rejects as soon as `signal` aborts (work's own later rejection is swallowed). */
function untilAborted<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  work.catch(() => undefined);
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}

function signedOut(profileId: string, reason: string | null): SessionInfo {
  return { profileId, state: 'signed-out', subject: null, name: null, groups: [], accessTokenExpiresAt: null, reason };
}

function snapshot(info: SessionInfo): SessionInfo {
  return { ...info, groups: [...info.groups] };
}

function sameInfo(a: SessionInfo, b: SessionInfo): boolean {
  return (
    a.profileId === b.profileId &&
    a.state === b.state &&
    a.subject === b.subject &&
    a.name === b.name &&
    a.accessTokenExpiresAt === b.accessTokenExpiresAt &&
    a.reason === b.reason &&
    a.groups.length === b.groups.length &&
    a.groups.every((group, index) => group === b.groups[index])
  );
}
