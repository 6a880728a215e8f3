import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { centerConfigSchema } from '../../shared/config/centers-config.ts';
import type { HostKeyPrompt, SessionInfoPayload } from '../../shared/contract/channels.ts';
import { secretRefSchema } from '../../shared/domain/records.ts';
import {
  dequeueHostKey,
  describeExpiry,
  enqueueHostKey,
  formatConfigProblem,
  formatDuration,
  mergeSession,
} from '../../renderer/state/access-format.ts';
import { describeAuth, describeEndpointRoute, describeRoute } from '../../renderer/state/center-summary.ts';
import { endpointSecretName, hopSecretName, sanitizeSecretSubject, secretKeyName } from '../../renderer/state/secret-names.ts';

describe('keychain entry names', () => {
  it('follows <purpose>:<subject> per auth type', () => {
    assert.equal(endpointSecretName('seoul-dc', 'metrics', 'token'), 'token:seoul-dc-metrics');
    assert.equal(endpointSecretName('seoul-dc', 'alerts', 'basic'), 'basic:seoul-dc-alerts');
    assert.equal(endpointSecretName('seoul-dc', 'kubernetes', 'mtls'), 'client-key:seoul-dc-kubernetes');
    assert.equal(endpointSecretName('seoul-dc', 'metrics', 'sso'), null);
    assert.equal(endpointSecretName('seoul-dc', 'metrics', 'none'), null);
    assert.equal(hopSecretName('bastion.seoul.example.com'), 'ssh-key:bastion.seoul.example.com');
  });

  it('always yields a name the contract accepts, whatever the host or id', () => {
    for (const subject of ['[2001:db8::1]', 'ops@bastion', '  ', '--x--', 'é호스트', 'a'.repeat(400)]) {
      const name = secretKeyName('ssh-key', subject);
      assert.ok(secretRefSchema.safeParse(name).success, `${JSON.stringify(subject)} -> ${name}`);
    }
    assert.equal(sanitizeSecretSubject('[2001:db8::1]'), '2001:db8::1');
    assert.equal(sanitizeSecretSubject('ops@bastion'), 'ops-bastion');
    assert.equal(hopSecretName(''), 'ssh-key:host');
    assert.equal(endpointSecretName('', 'metrics', 'token'), 'token:center-metrics');
  });
});

describe('config problems and sessions', () => {
  it('formats a problem as file:line:column field — message', () => {
    const problem = { file: '/home/ops/.opsdesk/centers.yaml', line: 9, column: 14, field: 'centers[0].endpoints.metrics.url', message: 'Invalid URL' };
    assert.equal(formatConfigProblem(problem), '/home/ops/.opsdesk/centers.yaml:9:14 centers[0].endpoints.metrics.url — Invalid URL');
    assert.equal(formatConfigProblem({ ...problem, field: '' }), '/home/ops/.opsdesk/centers.yaml:9:14 — Invalid URL');
  });

  it('counts down to the access-token expiry and says when it passed', () => {
    const now = 1_700_000_000_000;
    assert.deepEqual(describeExpiry(null, now), { text: '—', tone: 'muted' });
    assert.deepEqual(describeExpiry(now + 3_725_000, now), { text: 'in 1h 02m', tone: 'ok' });
    assert.deepEqual(describeExpiry(now + 245_000, now), { text: 'in 4m 05s', tone: 'warn' });
    assert.deepEqual(describeExpiry(now - 30_000, now), { text: 'expired 30s ago', tone: 'error' });
    assert.equal(formatDuration(3 * 86_400_000 + 4 * 3_600_000), '3d 4h');
  });

  it('merges a pushed session into the list by profile', () => {
    const base: SessionInfoPayload = { profileId: 'corp', issuer: 'https://idp', state: 'signed-out', subject: null, name: null, groups: [], accessTokenExpiresAt: null, reason: null };
    const list = mergeSession([base, { ...base, profileId: 'lab' }], { ...base, state: 'signed-in', name: 'Ops' });
    assert.deepEqual(list.map((session) => [session.profileId, session.state]), [['corp', 'signed-in'], ['lab', 'signed-out']]);
    assert.deepEqual(mergeSession(undefined, base), [base]);
  });

  it('queues host-key questions once each, in order', () => {
    const prompt = (requestId: string): HostKeyPrompt => ({ requestId, host: 'h', port: 22, keyType: 'ssh-ed25519', fingerprint: 'SHA256:x' });
    let queue = enqueueHostKey([], prompt('a'));
    queue = enqueueHostKey(queue, prompt('b'));
    queue = enqueueHostKey(queue, prompt('a'));
    assert.deepEqual(queue.map((item) => item.requestId), ['a', 'b']);
    assert.deepEqual(dequeueHostKey(queue, 'a').map((item) => item.requestId), ['b']);
  });
});

describe('center summaries', () => {
  const center = centerConfigSchema.parse({
    id: 'c',
    name: 'C',
    kind: 'cloud',
    ssh: { hops: [{ host: 'bastion', user: 'ops' }] },
    endpoints: {
      metrics: { kind: 'prometheus', url: 'https://p', auth: { type: 'token', secret: 'token:c-metrics' } },
      alerts: { kind: 'alertmanager', url: 'https://a', ssh: 'none' },
      kubernetes: { kind: 'kubernetes', url: 'https://k', ssh: { hops: [{ host: 'j', port: 2222, user: 'u' }, { host: 'k', user: 'v' }] } },
    },
  });

  it('names routes hop by hop and keychain entries by name', () => {
    assert.equal(describeRoute(center.ssh), 'ops@bastion:22');
    assert.equal(describeRoute(undefined), 'direct');
    assert.equal(describeEndpointRoute(center.endpoints.metrics!, center), 'ops@bastion:22 (center)');
    assert.equal(describeEndpointRoute(center.endpoints.alerts!, center), 'direct (route off)');
    assert.equal(describeEndpointRoute(center.endpoints.kubernetes!, center), 'u@j:2222 → v@k:22');
    assert.equal(describeAuth(center.endpoints.metrics!.auth), 'token · keychain token:c-metrics');
    assert.equal(describeAuth(undefined), 'none');
    assert.equal(describeAuth({ type: 'mtls', certFile: '/c.pem', keySecret: 'client-key:c' }), 'mtls · /c.pem · keychain client-key:c');
  });
});
