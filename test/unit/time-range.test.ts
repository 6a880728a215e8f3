import assert from 'node:assert/strict';
import { test } from 'node:test';
import { instanceHost, seriesMatchesTarget } from '../../shared/catalog/promql.ts';
import {
  alignRange,
  chooseStepSeconds,
  parseTimeExpression,
  pointsInRange,
  prometheusMaxPointsPerSeries,
  resolveTimeRange,
  splitRangeByPoints,
} from '../../shared/time/range.ts';

const now = Date.parse('2026-11-23T12:00:00Z');

test('relative and absolute time expressions', () => {
  assert.equal(parseTimeExpression('now', now), now);
  assert.equal(parseTimeExpression('now-15m', now), now - 900_000);
  assert.equal(parseTimeExpression('now-7d', now), now - 7 * 86_400_000);
  assert.equal(parseTimeExpression('2026-11-23T11:00:00Z', now), now - 3_600_000);
  for (const bad of ['now-', 'now+1h', 'yesterday', '1h', '', 'now-1y']) assert.equal(parseTimeExpression(bad, now), null, bad);
  assert.throws(() => resolveTimeRange({ from: 'now', to: 'now-1h' }, now), /not before/);
});

test('steps are nice, alignment widens outward', () => {
  assert.equal(chooseStepSeconds({ from: now - 3_600_000, to: now }, 240), 30);
  assert.equal(chooseStepSeconds({ from: now - 60_000, to: now }, 1000), 15);
  const aligned = alignRange({ from: 1_000_001, to: 1_059_999 }, 30);
  assert.deepEqual(aligned, { from: 990_000, to: 1_080_000 });
});

test('a range is split so no request exceeds 11,000 points per series, without overlap or gap', () => {
  const step = 15;
  const range = alignRange({ from: now - 3 * 86_400_000, to: now }, step); // 17,281 points
  const chunks = splitRangeByPoints(range, step);
  assert.equal(chunks.length, 2);
  let total = 0;
  chunks.forEach((chunk, index) => {
    const points = pointsInRange(chunk, step);
    assert.ok(points <= prometheusMaxPointsPerSeries, `chunk ${index} has ${points} points`);
    total += points;
    if (index > 0) assert.equal(chunk.from, chunks[index - 1]!.to + step * 1000);
  });
  assert.equal(total, pointsInRange(range, step));
  assert.equal(chunks[0]!.from, range.from);
  assert.equal(chunks.at(-1)!.to, range.to);
});

test('node series match by instance host or node address', () => {
  assert.equal(instanceHost('node-1:9100'), 'node-1');
  assert.equal(instanceHost('[fd00::1]:9100'), 'fd00::1');
  assert.equal(instanceHost('node-1'), 'node-1');
  assert.ok(seriesMatchesTarget({ instance: '10.0.0.4:9100' }, { kind: 'node', name: 'n', address: '10.0.0.4' }));
  assert.ok(!seriesMatchesTarget({ instance: 'node-10:9100' }, { kind: 'node', name: 'node-1' }));
  assert.ok(seriesMatchesTarget({ namespace: 's', pod: 'p', container: 'c' }, { kind: 'container', name: 'c', pod: 'p', namespace: 's' }));
});
