import assert from 'node:assert/strict';
import { test } from 'node:test';
import { flattenLogPages, nextLogsCursor, toggleLevel, windowAround } from '../../renderer/views/logs/logs-paging.ts';

test('the next cursor is the last line of a full page; a short page ends paging', () => {
  const page = [
    { timestamp: 300, rowid: 9 },
    { timestamp: 200, rowid: 7 },
  ];
  assert.deepEqual(nextLogsCursor(page, 2), { timestampMs: 200, rowid: 7 });
  assert.equal(nextLogsCursor(page, 3), null);
  assert.equal(nextLogsCursor([], 0), null);
});

test('pages join in order and a line held by two pages shows once', () => {
  const lines = flattenLogPages([[{ id: 'a' }, { id: 'b' }], [{ id: 'b' }, { id: 'c' }]]);
  assert.deepEqual(lines.map((line) => line.id), ['a', 'b', 'c']);
});

test('level chips toggle and keep a canonical order', () => {
  assert.deepEqual(toggleLevel([], 'warn'), ['warn']);
  assert.deepEqual(toggleLevel(['warn'], 'error'), ['error', 'warn']);
  assert.deepEqual(toggleLevel(['error', 'warn'], 'error'), ['warn']);
});

test('a window around a span spans five minutes either side', () => {
  const start = Date.UTC(2026, 0, 1, 12, 0, 0);
  assert.deepEqual(windowAround(start, 1500), {
    from: '2026-01-01T11:55:00.000Z',
    to: '2026-01-01T12:05:01.500Z',
  });
});
