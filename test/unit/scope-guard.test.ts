// Every channel is either guarded by the role scope or listed as reading no center's records, so a new
// data channel cannot slip past the scope unnoticed.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { guardedChannels, scopeFreeChannels } from '../../electron/handlers/scope-guard.ts';
import { channelNames } from '../../shared/contract/channels.ts';

test('each channel is classified once: guarded by the scope, or scope-free', () => {
  const guarded = new Set<string>(guardedChannels);
  const free = new Set<string>(scopeFreeChannels);
  const unclassified = channelNames.filter((channel) => !guarded.has(channel) && !free.has(channel));
  assert.deepEqual(unclassified, [], 'add new channels to guardedChannels (with a wrapper) or scopeFreeChannels in electron/handlers/scope-guard.ts');
  assert.deepEqual([...guarded].filter((channel) => free.has(channel)), []);
});
