import { ClientError, ResponseBodyError, AuthorizationResponseError, WWWAuthenticateChallengeError } from 'openid-client';
import { describeNetworkError } from '../../connectors/http.ts';

/** Thrown by accessToken() when the user has to sign in (again); `reason` says why, without secrets. */
export class AuthRequiredError extends Error {
  readonly profileId: string;
  readonly reason: string;

  constructor(profileId: string, reason: string) {
    super(`sign-in required for profile "${profileId}": ${reason}`);
    this.name = 'AuthRequiredError';
    this.profileId = profileId;
    this.reason = reason;
  }
}

/** Thrown by accessToken() when the provider cannot be reached; the sign-in (refresh token) is kept. */
export class AuthUnavailableError extends Error {
  readonly profileId: string;
  readonly reason: string;

  constructor(profileId: string, reason: string, options?: { cause?: unknown }) {
    super(`identity provider of profile "${profileId}" unavailable: ${reason}`, options);
    this.name = 'AuthUnavailableError';
    this.profileId = profileId;
    this.reason = reason;
  }
}

export type SignInErrorCode =
  | 'state-mismatch'
  | 'access-denied'
  | 'timeout'
  | 'cancelled'
  | 'expired'
  | 'busy'
  | 'browser-failed'
  | 'unreachable'
  | 'provider-error'
  | 'rejected';

/** A sign-in that did not complete; `code` is stable for the UI, the message is for the engineer. */
export class SignInError extends Error {
  readonly profileId: string;
  readonly code: SignInErrorCode;

  constructor(profileId: string, code: SignInErrorCode, message: string, options?: { cause?: unknown }) {
    super(`sign-in for profile "${profileId}" failed: ${message}`, options);
    this.name = 'SignInError';
    this.profileId = profileId;
    this.code = code;
  }
}

/** How an openid-client call failed, described without any token. */
export type ProviderFailure =
  /** The provider answered with an OAuth error (e.g. invalid_grant): the credential is not accepted. */
  | { kind: 'rejected'; error: string; detail: string; status: number | null }
  /** No answer (connection refused, DNS, timeout): nothing is known about the credential. */
  | { kind: 'unreachable'; detail: string; cause: unknown }
  /** An answer that is not a usable OAuth answer (5xx, HTML, bad JSON, failed ID token checks). */
  | { kind: 'provider-error'; detail: string };

const transientOAuthErrors = new Set(['server_error', 'temporarily_unavailable']);

export function classifyProviderError(error: unknown): ProviderFailure {
  if (error instanceof ResponseBodyError) {
    const detail = describeOAuthError(error.error, error.error_description);
    if (error.status >= 500 || transientOAuthErrors.has(error.error)) return { kind: 'provider-error', detail: `${detail} (HTTP ${error.status})` };
    return { kind: 'rejected', error: error.error, detail, status: error.status };
  }
  if (error instanceof AuthorizationResponseError) {
    return { kind: 'rejected', error: error.error, detail: describeOAuthError(error.error, error.error_description), status: null };
  }
  if (error instanceof WWWAuthenticateChallengeError) {
    const challenge = error.cause[0];
    const code = challenge?.parameters.error ?? `HTTP ${error.status}`;
    return { kind: 'rejected', error: code, detail: describeOAuthError(code, challenge?.parameters.error_description), status: error.status };
  }
  if (error instanceof ClientError) {
    if (error.code === 'OAUTH_TIMEOUT') return { kind: 'unreachable', detail: 'no answer in time', cause: error };
    if (error.code === 'OAUTH_ABORT') return { kind: 'unreachable', detail: 'request aborted', cause: error };
    if (error.code === 'OAUTH_RESPONSE_IS_NOT_CONFORM') {
      const status = (error.cause as { status?: unknown } | undefined)?.status;
      return { kind: 'provider-error', detail: `unexpected answer${typeof status === 'number' ? ` (HTTP ${status})` : ''}` };
    }
    return { kind: 'provider-error', detail: redactTokens(error.message) };
  }
  if (error instanceof TypeError) {
    const code = (error as { code?: unknown }).code;
    if (typeof code === 'string' && code.startsWith('ERR_INVALID_ARG')) return { kind: 'provider-error', detail: redactTokens(error.message) };
    return { kind: 'unreachable', detail: redactTokens(describeNetworkError(error)), cause: error };
  }
  if (error instanceof DOMException && (error.name === 'TimeoutError' || error.name === 'AbortError')) {
    return { kind: 'unreachable', detail: 'no answer in time', cause: error };
  }
  return { kind: 'provider-error', detail: redactTokens(error instanceof Error ? error.message : String(error)) };
}

function describeOAuthError(code: string, description: string | undefined | null): string {
  const safeCode = redactTokens(code).slice(0, 80);
  return description ? `${safeCode}: ${redactTokens(description).slice(0, 300)}` : safeCode;
}

/**
 * Replaces anything shaped like a token (a run of 32+ base64url characters; JWT segments
 * included) so remote text can go into messages. Belt and braces: our own messages never
 * interpolate a token in the first place.
 */
export function redactTokens(text: string): string {
  return text.replace(/[A-Za-z0-9_~+=-]{32,}/g, '[redacted]');
}

export function errorText(error: unknown): string {
  return redactTokens(error instanceof Error ? error.message : String(error));
}
