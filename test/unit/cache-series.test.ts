import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { CacheService, seriesBlockMs } from '../../electron/services/cache/cache-service.ts';
import { decodeBlock, encodeBlock, mergeSamples } from '../../electron/services/cache/series-codec.ts';
import { makeTempDir } from '../support/temp-dir.ts';

const dir = makeTempDir('series');
const cache = new CacheService(join(dir.path, 'cache.sqlite'));
after(() => {
  cache.close();
  dir.remove();
});

test('block codec round-trips both layouts and rejects a blob of the wrong size', () => {
  const uneven = encodeBlock([1000, 2000, 3500], [0.5, Number.NaN, 7]);
  assert.equal(uneven.byteLength, 48, 'timestamps and values');
  const decoded = decodeBlock(Buffer.concat([Buffer.alloc(3), uneven]).subarray(3), 3);
  assert.deepEqual([...decoded.timestamps], [1000, 2000, 3500]);
  assert.equal(decoded.values[0], 0.5);
  assert.ok(Number.isNaN(decoded.values[1]));
  assert.throws(() => decodeBlock(uneven.subarray(0, 32), 3), /32 bytes, expected 48 \(or 40 evenly spaced\) for 3 samples/);

  const start = 1_700_000_000_000;
  const times = Array.from({ length: 120 }, (_, index) => start + index * 60_000);
  const values = times.map((_, index) => Math.sin(index) * 1e6);
  const even = encodeBlock(times, values);
  assert.equal(even.byteLength, 16 + 120 * 8, 'first timestamp, step, values');
  const back = decodeBlock(Buffer.concat([Buffer.alloc(5), even]).subarray(5), 120);
  assert.deepEqual([...back.timestamps], times);
  assert.deepEqual([...back.values], values);
  // A sub-range of the columns, as writeSeries encodes each block's run.
  assert.deepEqual([...decodeBlock(encodeBlock(times, values, 10, 20), 10).timestamps], times.slice(10, 20));
  // Two samples keep the full layout (16 + 2 × 8 would equal 2 × 16).
  assert.equal(encodeBlock([1, 2], [3, 4]).byteLength, 32);
  assert.deepEqual([...decodeBlock(encodeBlock([1, 2], [3, 4]), 2).timestamps], [1, 2]);
  // Spacing that is only nearly even (a float step) stays exact.
  const fractional = [0.1, 0.2, 0.30000000000000004, 0.4];
  assert.deepEqual([...decodeBlock(encodeBlock(fractional, [1, 2, 3, 4]), 4).timestamps], fractional);
});

test('merging keeps order and lets the newer pull win on equal timestamps', () => {
  const merged = mergeSamples(
    { timestamps: Float64Array.from([1, 3, 5]), values: Float64Array.from([10, 30, 50]) },
    { timestamps: Float64Array.from([2, 3, 6]), values: Float64Array.from([20, 31, 60]) },
  );
  assert.deepEqual([...merged.timestamps], [1, 2, 3, 5, 6]);
  assert.deepEqual([...merged.values], [10, 20, 31, 50, 60]);
});

test('overlapping writes across block boundaries read back without gaps or duplicates', () => {
  const start = 10 * seriesBlockMs - 60 * 60_000; // straddles a block boundary
  const step = 30_000;
  const first = Array.from({ length: 121 }, (_, index) => start + index * step);
  const second = Array.from({ length: 121 }, (_, index) => start + 60 * step + index * step);
  const labels = { instance: 'node-1:9100' };
  cache.writeSeries('c1', 'node.cpu', [{ labels, timestamps: first, values: first.map((t) => t / 1e9) }]);
  cache.writeSeries('c1', 'node.cpu', [{ labels, timestamps: second, values: second.map((t) => t / 1e9 + 1) }]);
  const [series] = cache.readSeries('c1', 'node.cpu', { from: start, to: second.at(-1)! });
  assert.ok(series);
  assert.equal(series.timestamps.length, 181);
  assert.deepEqual(series.timestamps, Array.from({ length: 181 }, (_, index) => start + index * step));
  assert.equal(series.values[0], start / 1e9);
  assert.equal(series.values[60], (start + 60 * step) / 1e9 + 1, 'second pull wins on overlap');
  const blocks = cache.db.prepare('SELECT count(*) FROM series_block').pluck().get();
  assert.equal(blocks, 2);
});

test('out-of-order samples with repeated timestamps are stored sorted, the later value winning', () => {
  const labels = { namespace: 'shop', pod: 'unsorted' };
  cache.writeSeries('c3', 'pod.memory', [{ labels, timestamps: [3_000, 1_000, 2_000, 1_000, seriesBlockMs + 5], values: [3, 1, 2, 10, 99] }]);
  const [series] = cache.readSeries('c3', 'pod.memory', { from: 0, to: 2 * seriesBlockMs });
  assert.deepEqual(series!.timestamps, [1_000, 2_000, 3_000, seriesBlockMs + 5]);
  assert.deepEqual(series!.values, [10, 2, 3, 99]);
});

test('reads are bounded by the range and filtered by labels', () => {
  const labelsA = { namespace: 'shop', pod: 'a' };
  const labelsB = { namespace: 'shop', pod: 'b' };
  const timestamps = [1_000_000, 1_030_000, 1_060_000];
  cache.writeSeries('c2', 'pod.cpu', [
    { labels: labelsA, timestamps, values: [1, 2, 3] },
    { labels: labelsB, timestamps, values: [4, 5, 6] },
  ]);
  const only = cache.readSeries('c2', 'pod.cpu', { from: 1_030_000, to: 1_060_000 }, (labels) => labels.pod === 'b');
  assert.deepEqual(only, [{ labels: labelsB, timestamps: [1_030_000, 1_060_000], values: [5, 6] }]);
  assert.deepEqual(cache.readSeries('other-center', 'pod.cpu', { from: 0, to: 2_000_000 }), []);
});

test('hot queries use their indexes', () => {
  const plan = (sql: string) =>
    (cache.db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all() as Array<{ detail: string }>).map((row) => row.detail).join(' | ');
  assert.match(plan('SELECT samples FROM series_block WHERE series_id = 1 AND block_start <= 5 AND block_end >= 1'), /SEARCH series_block USING PRIMARY KEY/);
  assert.match(plan("SELECT id FROM series WHERE center_id = 'a' AND metric = 'b' AND labels_hash = 'c'"), /USING (COVERING )?INDEX sqlite_autoindex_series_1/);
  assert.match(plan("SELECT record_json FROM pods WHERE center_id = 'a' AND node_name = 'n'"), /USING INDEX pods_by_node/);
  assert.match(plan("SELECT record_json FROM kube_events WHERE center_id = 'a' ORDER BY last_seen DESC"), /kube_events_by_time/);
});
