import assert from 'node:assert/strict';
import { test } from 'node:test';
import { channelNames } from '../../shared/contract/channels.ts';
import { ApiFailure } from '../../shared/contract/result.ts';
import { Dispatcher, type ChannelHandlers } from '../../electron/dispatcher.ts';

function unimplemented(): never {
  throw new Error('secret-ish internal detail');
}

// Every channel must be present or this object does not compile.
const handlers: ChannelHandlers = {
  'app:info': () => ({ version: '1', dataDir: '/tmp/x', demo: true, startedAt: 1 }),
  'centers:list': () => [],
  'sync:status': () => [],
  'sync:refresh': ({ centerIds }) => ({ started: centerIds.length }),
  'inventory:nodes': unimplemented,
  'inventory:pods': () => {
    throw new ApiFailure('forbidden', 'namespace payments is outside your scope');
  },
  'inventory:containers': () => [],
  'events:list': ({ limit }) => {
    assert.equal(limit, 500, 'defaults are applied before the handler runs');
    return [];
  },
  'alerts:list': () => [],
  'series:panel': () => ({ panel: 'node.cpu', title: 't', unit: 'ratio', series: [] }),
  'map:frames': ({ entity, metric }) => ({ entity, metric, unit: 'ratio', timestamps: [], cells: [] }),
  'centers:config': () => ({ file: '/tmp/centers.yaml', centers: [], problems: [] }),
  'centers:save': () => ({ saved: true }),
  'centers:reload': () => ({ problems: 0 }),
  'logs:search': () => [],
  'logs:around': () => [],
  'traces:search': () => [],
  'traces:services': () => [],
  'traces:get': unimplemented,
  'sync:backfill': () => ({ endpoints: 0 }),
  'centers:remove': () => ({ removed: false }),
  'centers:test': () => [],
  'secrets:set': () => ({ stored: true, backend: 'memory' }),
  'secrets:status': () => ({ backend: 'memory', reason: 'test' }),
  'auth:sessions': () => [],
  'auth:signIn': unimplemented,
  'auth:signOut': unimplemented,
  'tunnels:answerHostKey': () => ({ answered: false }),
  'roles:list': () => ({ roles: [], activeRoleId: 'infrastructure', reason: 'first-permitted', reasonText: 'test', groups: [] }),
  'roles:select': ({ roleId }) => {
    throw new ApiFailure('forbidden', `role "${roleId}" is not permitted`);
  },
  'roles:serviceHealth': () => [],
  'analysis:pending': () => [],
  'incidents:list': () => [],
  'incidents:get': unimplemented,
  'incidents:create': unimplemented,
  'incidents:update': unimplemented,
  'incidents:delete': () => ({ deleted: false }),
  'incidents:addNote': unimplemented,
  'incidents:markEntry': unimplemented,
  'audit:list': () => [],
  'incidents:export': unimplemented,
  'packs:verify': unimplemented,
  'packs:import': unimplemented,
};

test('valid input reaches the handler with defaults applied; the result is wrapped', async () => {
  const dispatcher = new Dispatcher(handlers);
  assert.deepEqual(await dispatcher.invoke('sync:refresh', { centerIds: ['a', 'b'] }), { ok: true, value: { started: 2 } });
  assert.deepEqual(await dispatcher.invoke('sync:refresh', {}), { ok: true, value: { started: 0 } });
  assert.deepEqual(await dispatcher.invoke('events:list', {}), { ok: true, value: [] });
  assert.deepEqual([...dispatcher.channels].sort(), [...channelNames].sort());
});

test('bad input, unknown channels and failures come back as results with stable codes', async () => {
  const internal: unknown[] = [];
  const dispatcher = new Dispatcher(handlers, { onInternalError: (_channel, error) => internal.push(error) });
  const unknown = await dispatcher.invoke('shell:exec', {});
  assert.equal(unknown.ok, false);
  assert.equal(!unknown.ok && unknown.error.code, 'unknown-channel');

  const wrongType = await dispatcher.invoke('sync:refresh', { centerIds: 'all' });
  assert.ok(!wrongType.ok);
  assert.equal(wrongType.error.code, 'invalid-input');
  assert.match(wrongType.error.message, /centerIds/);

  const extra = await dispatcher.invoke('centers:list', { sql: 'DROP TABLE centers' });
  assert.ok(!extra.ok && extra.error.code === 'invalid-input');

  const badRange = await dispatcher.invoke('series:panel', {
    centerId: 'c', panel: 'node.cpu', target: { kind: 'node', name: 'n' }, range: { from: 'yesterday', to: 'now' },
  });
  assert.ok(!badRange.ok && badRange.error.code === 'invalid-input' && /range\.from/.test(badRange.error.message));

  const forbidden = await dispatcher.invoke('inventory:pods', {});
  assert.deepEqual(forbidden, { ok: false, error: { code: 'forbidden', message: 'namespace payments is outside your scope' } });

  const crash = await dispatcher.invoke('inventory:nodes', {});
  assert.ok(!crash.ok && crash.error.code === 'internal');
  assert.doesNotMatch(crash.error.message, /secret-ish/, 'internal details stay in the log');
  assert.equal(internal.length, 1);
});

test('events reach subscribers until they unsubscribe', () => {
  const dispatcher = new Dispatcher(handlers);
  const seen: string[] = [];
  const unsubscribe = dispatcher.subscribe('inventory:onDidChange', ({ centerId }) => seen.push(centerId));
  dispatcher.emit('inventory:onDidChange', { centerId: 'a' });
  unsubscribe();
  dispatcher.emit('inventory:onDidChange', { centerId: 'b' });
  assert.deepEqual(seen, ['a']);
});
