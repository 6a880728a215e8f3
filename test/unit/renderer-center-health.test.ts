import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { SessionInfoPayload, SyncStatus } from '../../shared/contract/channels.ts';
import { deriveCenterHealth, ssoProfilesOf } from '../../renderer/state/center-health.ts';

const now = 1_800_000_000_000;

function status(signal: SyncStatus['signal'], change: Partial<SyncStatus> = {}): SyncStatus {
  return {
    centerId: 'seoul-dc',
    endpointId: `seoul-dc-${signal}`,
    signal,
    state: 'ok',
    lastAttemptAt: now - 10_000,
    lastSuccessAt: now - 10_000,
    progress: null,
    error: null,
    activity: null,
    ...change,
  };
}

function session(profileId: string, state: SessionInfoPayload['state'], reason: string | null = null): SessionInfoPayload {
  return { profileId, issuer: 'https://sso.example', state, subject: null, name: null, groups: [], accessTokenExpiresAt: null, reason };
}

const derive = (statuses: SyncStatus[], options: { sessions?: SessionInfoPayload[]; ssoProfiles?: string[] } = {}) =>
  deriveCenterHealth({ centerId: 'seoul-dc', statuses, sessions: options.sessions ?? [], ssoProfiles: options.ssoProfiles ?? [], now });

test('live while every endpoint pulled recently; other centers do not count', () => {
  const health = derive([status('metrics'), status('logs', { lastSuccessAt: now - 20_000 }), status('metrics', { centerId: 'ohio', state: 'error', error: { code: 'timeout', message: 'x' } })]);
  assert.deepEqual([health.state, health.since, health.reason], ['live', now - 20_000, null]);
});

test('stale since the oldest endpoint success once that is older than the threshold', () => {
  const health = derive([status('metrics'), status('logs', { lastSuccessAt: now - 300_000 })]);
  assert.deepEqual([health.state, health.since], ['stale', now - 300_000]);
  assert.equal(deriveCenterHealth({ centerId: 'seoul-dc', statuses: [status('logs', { lastSuccessAt: now - 300_000 })], sessions: [], ssoProfiles: [], now, staleAfterMs: 600_000 }).state, 'live');
});

test('unreachable names each failing signal with its code and message, and keeps the last full success', () => {
  const health = derive([status('metrics', { state: 'error', error: { code: 'unreachable', message: 'connection refused' } }), status('logs', { state: 'error', error: { code: 'timeout', message: 'no answer in 15 s' } })]);
  assert.equal(health.state, 'unreachable');
  assert.equal(health.reason, 'metrics: unreachable — connection refused; logs: timeout — no answer in 15 s');
  assert.equal(health.since, now - 10_000);
});

test('needs sign-in when a profile the center uses is not signed in, or a pull asked for it; it beats unreachable', () => {
  const signedOut = derive([status('metrics')], { ssoProfiles: ['corp'], sessions: [session('corp', 'needs-sign-in', 'refresh token expired')] });
  assert.deepEqual([signedOut.state, signedOut.reason, signedOut.profiles], ['needs-sign-in', 'refresh token expired', ['corp']]);
  const noSession = derive([status('metrics')], { ssoProfiles: ['corp'] });
  assert.deepEqual([noSession.state, noSession.reason], ['needs-sign-in', 'sign in with corp']);
  const refused = derive([status('metrics', { state: 'error', error: { code: 'needs-sign-in', message: 'sign in to corp again' } }), status('logs', { state: 'error', error: { code: 'timeout', message: 't' } })]);
  assert.deepEqual([refused.state, refused.reason], ['needs-sign-in', 'metrics: sign in to corp again']);
  assert.equal(derive([status('metrics')], { ssoProfiles: ['corp'], sessions: [session('corp', 'signed-in')] }).state, 'live');
});

test('connecting before the first success; a backfill reports its mean progress in any state', () => {
  assert.equal(derive([status('metrics', { state: 'syncing', lastSuccessAt: null, activity: 'pull', progress: 0 })]).state, 'connecting');
  assert.equal(derive([]).state, 'connecting');
  const backfilling = derive([
    status('metrics', { state: 'syncing', activity: 'backfill', progress: 0.25 }),
    status('logs', { state: 'syncing', activity: 'backfill', progress: 0.75 }),
    status('alerts', { state: 'syncing', activity: 'pull', progress: 0 }),
  ]);
  assert.deepEqual([backfilling.state, backfilling.backfill, backfilling.pulling], ['live', 0.5, true]);
  assert.equal(derive([status('metrics')]).backfill, null);
});

test('the SSO profiles of a center config, once each', () => {
  assert.deepEqual(
    ssoProfilesOf({ endpoints: { metrics: { auth: { type: 'sso', profile: 'corp' } }, logs: { auth: { type: 'sso', profile: 'corp' } }, alerts: { auth: { type: 'token' } }, traces: {} } }),
    ['corp'],
  );
  assert.deepEqual(ssoProfilesOf(undefined), []);
});
