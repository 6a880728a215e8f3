import assert from 'node:assert/strict';
import { test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { KeyQueue } from '../../electron/services/vault/key-queue.ts';

function recorder() {
  const events: string[] = [];
  const operation = (name: string, ms: number, fail = false) => async () => {
    events.push(`${name}:start`);
    await sleep(ms);
    events.push(`${name}:end`);
    if (fail) throw new Error(`${name} failed`);
    return name;
  };
  return { events, operation };
}

test('operations on one key run one after another, in call order', async () => {
  const queue = new KeyQueue();
  const { events, operation } = recorder();
  const results = await Promise.all([queue.run('k', operation('a', 30)), queue.run('k', operation('b', 5)), queue.run('k', operation('c', 15))]);
  assert.deepEqual(results, ['a', 'b', 'c']);
  assert.deepEqual(events, ['a:start', 'a:end', 'b:start', 'b:end', 'c:start', 'c:end']);
  assert.equal(queue.busyKeys, 0, 'an idle key is forgotten');
});

test('operations on different keys overlap', async () => {
  const queue = new KeyQueue();
  const { events, operation } = recorder();
  await Promise.all([queue.run('one', operation('a', 30)), queue.run('two', operation('b', 30))]);
  assert.deepEqual(events.slice(0, 2), ['a:start', 'b:start']);
});

test('a failed operation rejects its own caller and does not stall the queue', async () => {
  const queue = new KeyQueue();
  const { events, operation } = recorder();
  const failing = queue.run('k', operation('a', 10, true));
  const next = queue.run('k', operation('b', 5));
  await assert.rejects(failing, /a failed/);
  assert.equal(await next, 'b');
  assert.deepEqual(events, ['a:start', 'a:end', 'b:start', 'b:end']);
});
