import assert from 'node:assert/strict';
import { test } from 'node:test';
import { detectBursts } from '../../shared/timeline/rate-bursts.ts';

const minute = 60_000;
const t0 = Date.UTC(2026, 10, 23, 10, 0, 0);
const window = { fromMs: t0, toMs: t0 + 60 * minute };

/** `perMinute[i]` occurrences spread over minute i of the window. */
function occurrences(perMinute: Record<number, number>, every: (minuteIndex: number) => number = () => 0): number[] {
  const stamps: number[] = [];
  for (let index = 0; index < 60; index++) {
    const count = perMinute[index] ?? every(index);
    for (let n = 0; n < count; n++) stamps.push(t0 + index * minute + 1_000 + n * Math.floor(55_000 / Math.max(1, count)));
  }
  return stamps;
}

test('a steady trickle is no burst; a jump in rate is one, with its start, end, peak and baseline', () => {
  assert.deepEqual(detectBursts(occurrences({}, () => 1), window), [], 'one error a minute all along is the normal rate');
  const stamps = occurrences({ 20: 6, 21: 12, 22: 4 }, () => 1);
  const bursts = detectBursts(stamps, window);
  assert.equal(bursts.length, 1);
  const burst = bursts[0]!;
  assert.equal(burst.startMs, t0 + 20 * minute);
  assert.equal(burst.endMs, t0 + 23 * minute);
  assert.equal(burst.peakMs, t0 + 21 * minute);
  assert.equal(burst.peakCount, 12);
  assert.equal(burst.total, 22);
  assert.equal(burst.baseline, 1);
  assert.equal(burst.firstAt, t0 + 20 * minute + 1_000, 'the first occurrence, not the bucket edge');
  assert.ok(burst.lastAt >= t0 + 22 * minute && burst.lastAt < t0 + 23 * minute);
});

test('the threshold follows the baseline: 5/min is a burst over silence but not over a 4/min normal', () => {
  assert.equal(detectBursts(occurrences({ 30: 5 }), window).length, 1);
  assert.equal(detectBursts(occurrences({ 30: 5 }, () => 4), window).length, 0);
  assert.equal(detectBursts(occurrences({ 30: 13 }, () => 4), window).length, 1, '13 >= 3 x 4');
  assert.equal(detectBursts(occurrences({ 30: 2 }), window).length, 0, 'below the minimum count');
});

test('hot minutes close together are one burst; far apart, two', () => {
  const crashLoop = occurrences({ 10: 5, 14: 5, 19: 5, 25: 5 });
  assert.equal(detectBursts(crashLoop, window).length, 1, 'gaps of at most 10 min merge');
  const merged = detectBursts(crashLoop, window)[0]!;
  assert.equal(merged.total, 20);
  assert.equal(detectBursts(crashLoop, { ...window, mergeGapMs: 2 * minute }).length, 4);
  const apart = detectBursts(occurrences({ 5: 8, 40: 8 }), window);
  assert.equal(apart.length, 2);
  assert.ok(apart[0]!.startMs < apart[1]!.startMs);
});

test('buckets are aligned to the epoch, so a wider window finds the same burst', () => {
  const stamps = occurrences({ 30: 9 });
  const narrow = detectBursts(stamps, { fromMs: t0 + 7_000, toMs: t0 + 45 * minute })[0]!;
  const wide = detectBursts(stamps, { fromMs: t0 - 120 * minute, toMs: t0 + 180 * minute })[0]!;
  assert.equal(narrow.startMs, wide.startMs);
  assert.equal(narrow.peakMs, wide.peakMs);
});

test('occurrences outside the window are ignored; an empty or inverted window finds nothing', () => {
  assert.deepEqual(detectBursts([t0 - 5, t0 - 4, t0 - 3, t0 - 2], window), []);
  assert.deepEqual(detectBursts(occurrences({ 3: 9 }), { fromMs: t0, toMs: t0 }), []);
  assert.deepEqual(detectBursts(occurrences({ 3: 9 }), { fromMs: t0 + minute, toMs: t0 }), []);
});
