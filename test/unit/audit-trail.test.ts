import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { ApiFailure } from '../../shared/contract/result.ts';
import { Dispatcher, type ChannelHandlers } from '../../electron/dispatcher.ts';
import { AuditTrail } from '../../electron/services/audit/audit-trail.ts';
import { auditedHandlers, describeInput, isMutatingChannel } from '../../electron/services/audit/audited-handlers.ts';
import { CacheService } from '../../electron/services/cache/cache-service.ts';
import { SecretMasker } from '../../electron/services/log/secret-masker.ts';
import { registerTestSecret } from '../support/secret-ledger.ts';
import { makeTempDir } from '../support/temp-dir.ts';

const dir = makeTempDir('audit');
const cacheFile = join(dir.path, 'cache.sqlite');
const cache = new CacheService(cacheFile);
let now = Date.parse('2026-11-23T12:00:00Z');
const masker = new SecretMasker();
const trail = new AuditTrail(cache.db, { now: () => now++, actor: () => 'alice', mask: (text) => masker.mask(text) });
after(() => {
  cache.close();
  dir.remove();
});

const storedSecret = registerTestSecret('s3cr3t-vault-value-91f2c4');
const bearer = registerTestSecret('eyJhbGciOiJIUzI1NiJ9.audit-test-token');

test('details are masked by shape and by the secrets the process knows; never the raw value', () => {
  masker.remember(storedSecret);
  trail.record('centers:test', `endpoint answered with Authorization: Bearer ${bearer}`, 'seoul-dc');
  trail.record('debug', `value ${storedSecret} seen`);
  const details = trail.list({ limit: 10 }).map((event) => event.detail);
  assert.ok(details.every((detail) => !detail.includes(storedSecret) && !detail.includes(bearer)), details.join(' | '));
  assert.ok(details.some((detail) => detail.includes('Bearer ***')));
  assert.ok(details.some((detail) => detail.includes('value *** seen')));
});

test('mutating channels are recorded (content withheld, failures with their code); reads are not', async () => {
  assert.ok(isMutatingChannel('incidents:create') && isMutatingChannel('secrets:set') && isMutatingChannel('auth:signIn') && isMutatingChannel('centers:remove'));
  assert.ok(!isMutatingChannel('incidents:get') && !isMutatingChannel('logs:search') && !isMutatingChannel('audit:list') && !isMutatingChannel('series:panel'));
  const handlers = {
    'secrets:set': () => ({ stored: true as const, backend: 'memory' as const }),
    'centers:remove': ({ centerId }: { centerId: string }) => {
      throw new ApiFailure('not-found', `no center ${centerId}`);
    },
    'inventory:nodes': () => [],
    'incidents:addNote': () => {
      throw new Error('unexpected');
    },
  } as unknown as ChannelHandlers;
  const dispatcher = new Dispatcher(auditedHandlers(handlers, trail));
  const from = now;
  await dispatcher.invoke('secrets:set', { key: 'k8s-token:seoul', value: storedSecret });
  await dispatcher.invoke('centers:remove', { centerId: 'busan-dc' });
  await dispatcher.invoke('inventory:nodes', {});
  await dispatcher.invoke('incidents:addNote', { id: 'inc-abcdef12', markdown: `token=${bearer}` });
  const events = trail.list({ fromMs: from, limit: 10 }).reverse();
  assert.deepEqual(
    events.map(({ actor, action, detail, centerId }) => ({ actor, action, detail, centerId })),
    [
      { actor: 'alice', action: 'secrets:set', detail: 'key=k8s-token:*** value=(withheld)' /* the shape rule masks anything after "token:" */, centerId: null },
      { actor: 'alice', action: 'centers:remove', detail: 'centerId=busan-dc failed: not-found', centerId: 'busan-dc' },
      { actor: 'alice', action: 'incidents:addNote', detail: 'id=inc-abcdef12 markdown=(withheld) failed: internal', centerId: null },
    ],
  );
  assert.equal(trail.list({ action: 'inventory:nodes', limit: 10 }).length, 0);
  cache.db.pragma('wal_checkpoint(TRUNCATE)');
  const file = readFileSync(cacheFile);
  assert.ok(!file.includes(storedSecret) && !file.includes(bearer), 'no secret reached the cache file');
});

test('describeInput names objects by id and keeps lists short', () => {
  assert.equal(describeInput({ center: { id: 'seoul-dc', endpoints: {} }, centerIds: ['a', 'b'], origin: { type: 'alert' }, empty: [] }), 'center=seoul-dc centerIds=[a, b] origin=alert');
  assert.equal(describeInput(null), '');
});

test('the trail lists newest first, filtered by time, action and center (center-less actions concern every center)', () => {
  const base = now + 1_000;
  now = base;
  trail.record('auth:session', 'profile corp: signed-in as alice');
  trail.record('sync:refresh', 'centerIds=[ohio-region]', 'ohio-region');
  trail.record('sync:refresh', 'centerIds=[seoul-dc]', 'seoul-dc');
  const seoul = trail.list({ fromMs: base, centerIds: ['seoul-dc'], limit: 10 });
  assert.deepEqual(seoul.map((event) => event.action), ['sync:refresh', 'auth:session']);
  assert.deepEqual(trail.list({ fromMs: base, toMs: base, limit: 10 }).map((event) => event.action), ['auth:session']);
  assert.equal(trail.list({ fromMs: base, action: 'sync:refresh', limit: 1 }).length, 1);
});
