import type { SessionInfoPayload, SyncStatus } from '../../shared/contract/channels.ts';

/**
 * One word per center for the header and the Centers view, from its endpoints' sync statuses and
 * the sign-in sessions its endpoints use:
 * - needs sign-in: an endpoint's SSO profile is not signed in, or a pull was refused for it;
 * - unreachable (reason): a pull failed for any other reason;
 * - stale since <time>: no failure, but the oldest endpoint success is older than `staleAfterMs`;
 * - live: every endpoint pulled recently;
 * - connecting: nothing pulled yet and nothing failed.
 * A backfill in progress rides along as a progress figure whatever the state.
 */
export type CenterHealthState = 'live' | 'stale' | 'unreachable' | 'needs-sign-in' | 'connecting';

export interface CenterHealth {
  centerId: string;
  state: CenterHealthState;
  /** stale: since when the cache has not been refreshed whole; unreachable: the last full success, if any. */
  since: number | null;
  /** unreachable / needs-sign-in: why, naming the signal. */
  reason: string | null;
  /** needs-sign-in: the sign-in profiles to use. */
  profiles: string[];
  /** 0..1 mean progress of the endpoints backfilling; null when none is. */
  backfill: number | null;
  /** A scheduled pull is running right now. */
  pulling: boolean;
}

export interface CenterHealthInput {
  centerId: string;
  statuses: readonly SyncStatus[];
  /** Sign-in sessions (auth:sessions); profiles without one count as signed out. */
  sessions: readonly SessionInfoPayload[];
  /** SSO profiles the center's endpoints authenticate with (from its config). */
  ssoProfiles: readonly string[];
  now: number;
  /** Default 120 s: four scheduled rounds (30 s) missed. */
  staleAfterMs?: number;
}

/** Codes that mean "sign in again", not "the center is down". */
const signInCodes = new Set(['needs-sign-in']);

export function deriveCenterHealth(input: CenterHealthInput): CenterHealth {
  const endpoints = input.statuses.filter((status) => status.centerId === input.centerId);
  const staleAfterMs = input.staleAfterMs ?? 120_000;
  const backfilling = endpoints.filter((status) => status.activity === 'backfill' && status.state === 'syncing');
  const base = {
    centerId: input.centerId,
    backfill: backfilling.length > 0 ? backfilling.reduce((sum, status) => sum + (status.progress ?? 0), 0) / backfilling.length : null,
    pulling: endpoints.some((status) => status.state === 'syncing' && status.activity !== 'backfill'),
  };
  const successes = endpoints.map((status) => status.lastSuccessAt);
  const lastFullSuccess = successes.length > 0 && successes.every((value): value is number => value !== null) ? Math.min(...successes) : null;

  const signedOut = input.ssoProfiles.filter((profile) => input.sessions.find((session) => session.profileId === profile)?.state !== 'signed-in');
  const refused = endpoints.filter((status) => status.state === 'error' && status.error && signInCodes.has(status.error.code));
  if (signedOut.length > 0 || refused.length > 0) {
    const session = input.sessions.find((candidate) => signedOut.includes(candidate.profileId) && candidate.reason);
    const reason = refused[0]?.error ? `${refused[0].signal}: ${refused[0].error.message}` : (session?.reason ?? `sign in with ${[...new Set(signedOut)].join(', ')}`);
    return { ...base, state: 'needs-sign-in', since: lastFullSuccess, reason, profiles: [...new Set(signedOut)] };
  }

  const failed = endpoints.filter((status) => status.state === 'error');
  if (failed.length > 0) {
    const reason = failed.map((status) => `${status.signal}: ${status.error ? `${status.error.code} — ${status.error.message}` : 'sync failed'}`).join('; ');
    return { ...base, state: 'unreachable', since: lastFullSuccess, reason, profiles: [] };
  }

  if (lastFullSuccess === null) return { ...base, state: 'connecting', since: null, reason: null, profiles: [] };
  if (input.now - lastFullSuccess > staleAfterMs) return { ...base, state: 'stale', since: lastFullSuccess, reason: null, profiles: [] };
  return { ...base, state: 'live', since: lastFullSuccess, reason: null, profiles: [] };
}

/** The SSO profiles a center's configured endpoints use (its config's `auth: { type: sso }`). */
export function ssoProfilesOf(center: { endpoints: Partial<Record<string, { auth?: { type: string; profile?: string } | undefined } | undefined>> } | undefined): string[] {
  if (!center) return [];
  const profiles = Object.values(center.endpoints).flatMap((endpoint) => (endpoint?.auth?.type === 'sso' && endpoint.auth.profile ? [endpoint.auth.profile] : []));
  return [...new Set(profiles)];
}

/** Short words for the chip; the time and the reason are shown beside them. */
export const centerHealthLabel: Record<CenterHealthState, string> = {
  live: 'live',
  stale: 'stale since',
  unreachable: 'unreachable',
  'needs-sign-in': 'needs sign-in',
  connecting: 'connecting',
};
