import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, test } from 'node:test';
import type { LogLineRecord } from '../../shared/domain/logs.ts';
import type { KubeEventRecord } from '../../shared/domain/records.ts';
import { CacheService, seriesBlockMs } from '../../electron/services/cache/cache-service.ts';
import { liveBytes, RetentionService } from '../../electron/services/cache/retention.ts';
import { makeTempDir } from '../support/temp-dir.ts';

const dir = makeTempDir('retention');
const cache = new CacheService(join(dir.path, 'cache.sqlite'));
const retention = new RetentionService(cache.db);
after(() => {
  cache.close();
  dir.remove();
});

const day = 86_400_000;
const now = Date.parse('2026-11-23T12:00:00Z');
const step = 30_000;

function fill(centerId: string, pod: string, from: number, to: number): void {
  const timestamps: number[] = [];
  for (let t = from; t <= to; t += step) timestamps.push(t);
  cache.writeSeries(centerId, 'pod.cpu', [{ labels: { namespace: 'shop', pod }, timestamps, values: timestamps.map((t) => (t % 1000) / 1000) }]);
}

const event = (centerId: string, uid: string, at: number): KubeEventRecord => ({
  centerId, uid, namespace: 'shop', involvedKind: 'Pod', involvedName: 'checkout-1', reason: 'BackOff', message: 'Back-off restarting failed container',
  type: 'Warning', count: 1, firstSeen: at, lastSeen: at, source: 'kubelet',
});

test('pinned windows survive a retention run that evicts everything else', () => {
  for (const centerId of ['seoul-dc', 'ohio-region']) fill(centerId, 'checkout-1', now - 10 * day, now);
  cache.replaceInventory('seoul-dc', { nodes: [], pods: [], containers: [], events: [event('seoul-dc', 'old', now - 9 * day), event('seoul-dc', 'pinned', now - 5 * day - 60_000), event('seoul-dc', 'new', now - 1000)] }, now);
  const pinned = { from: now - 5 * day - 2 * 3_600_000, to: now - 5 * day + 2 * 3_600_000 };
  retention.pin({ id: 'incident-42', centerId: 'seoul-dc', fromMs: pinned.from, toMs: pinned.to, reason: 'incident 42' }, now);
  const pinnedBefore = cache.readSeries('seoul-dc', 'pod.cpu', pinned);
  assert.equal(pinnedBefore[0]!.timestamps.length, (pinned.to - pinned.from) / step + 1);

  const byAge = retention.run({ maxAgeMs: 2 * day, maxBytes: Number.MAX_SAFE_INTEGER }, now);
  assert.ok(byAge.evictedBlocks > 0);
  assert.equal(byAge.evictedEvents, 1, 'the old event went, the pinned and the recent stayed');
  assert.deepEqual(cache.listEvents({ centerIds: ['seoul-dc'], limit: 10 }).map((item) => item.uid).sort(), ['new', 'pinned']);
  assert.deepEqual(cache.readSeries('ohio-region', 'pod.cpu', { from: now - 10 * day, to: now - 3 * day }), [], 'unpinned old data of another center is gone');
  assert.deepEqual(cache.readSeries('seoul-dc', 'pod.cpu', pinned), pinnedBefore, 'the pinned window is intact');
  assert.ok(cache.readSeries('seoul-dc', 'pod.cpu', { from: now - day, to: now })[0]!.timestamps.length > 0, 'recent data kept by age');

  const bySize = retention.run({ maxAgeMs: 365 * day, maxBytes: 1 }, now);
  assert.equal(bySize.overBudget, true, 'only pinned data is left, still above a 1-byte budget');
  assert.deepEqual(cache.readSeries('seoul-dc', 'pod.cpu', pinned), pinnedBefore, 'the size budget never takes pinned blocks');
  assert.deepEqual(cache.readSeries('seoul-dc', 'pod.cpu', { from: now - day, to: now }), [], 'everything unpinned was evicted, oldest first');
  assert.deepEqual(cache.readSeries('ohio-region', 'pod.cpu', { from: 0, to: now }), []);
  const blocks = cache.db.prepare('SELECT block_start, block_end FROM series_block').all() as Array<{ block_start: number; block_end: number }>;
  assert.ok(blocks.length > 0 && blocks.every((block) => block.block_start <= pinned.to && block.block_end >= pinned.from));
  assert.ok(bySize.bytesAfter <= bySize.bytesBefore);
});

test('log lines age out too, except inside a pinned window', () => {
  const line = (id: string, at: number): LogLineRecord => ({
    id: id.padStart(32, '0'), centerId: 'seoul-dc', timestamp: at, timestampNs: `${at}000000`, labels: { app: 'checkout' }, metadata: {},
    namespace: 'shop', pod: 'checkout-1', container: 'app', level: 'error', traceId: null, line: `payment authorization failed ${id}`,
  });
  cache.logs.insert('seoul-dc', [line('a1', now - 9 * day), line('b2', now - 5 * day), line('c3', now - 1000)]);
  retention.pin({ id: 'incident-7', centerId: 'seoul-dc', fromMs: now - 5 * day - 60_000, toMs: now - 5 * day + 60_000, reason: 'incident 7' }, now);
  const report = retention.run({ maxAgeMs: 2 * day, maxBytes: Number.MAX_SAFE_INTEGER }, now);
  assert.equal(report.evictedLogLines, 1);
  const left = cache.logs.search({ centerIds: ['seoul-dc'], fromMs: 0, toMs: now, text: 'payment', limit: 10 }).map((record) => record.line);
  assert.deepEqual(left.sort(), ['payment authorization failed b2', 'payment authorization failed c3'], 'the full-text index follows the deletes');
  retention.unpin('incident-7');
});

test('a size budget evicts the oldest blocks first and stops once under budget', () => {
  retention.unpin('incident-42');
  fill('busan-dc', 'api-1', now - 3 * day, now);
  fill('seoul-dc', 'checkout-1', now - 6 * day, now - 5 * day); // older than busan's data, and no longer pinned
  const seoulBytes = cache.db
    .prepare("SELECT sum(length(samples) + 48) FROM series_block WHERE series_id IN (SELECT id FROM series WHERE center_id = 'seoul-dc')")
    .pluck()
    .get() as number;
  const report = retention.run({ maxAgeMs: 365 * day, maxBytes: liveBytes(cache.db) - seoulBytes - 10_000 }, now);
  assert.equal(report.overBudget, false);
  assert.deepEqual(cache.readSeries('seoul-dc', 'pod.cpu', { from: 0, to: now }), [], 'the oldest data (all of seoul-dc) went first');
  const left = cache.readSeries('busan-dc', 'pod.cpu', { from: now - 3 * day, to: now })[0]!;
  assert.ok(left.timestamps[0]! > now - 3 * day, 'the oldest samples went first');
  assert.equal(left.timestamps.at(-1), Math.floor(now / step) * step, 'the newest stayed');
  assert.ok(left.timestamps[0]! % seriesBlockMs === 0, 'whole blocks are evicted');
});
