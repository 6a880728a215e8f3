// A Loki pull that hits its line cap is incomplete: sync commits the lines with the point to resume
// from, pulls the rest right away, and after a restart continues from the committed point. Against
// the demo Loki (the same wire protocol as a real one), with a small cap to force several rounds.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { Center } from '../../shared/domain/records.ts';
import { createLokiConnector } from '../../electron/connectors/loki/index.ts';
import { startDemoCenters, type DemoCenters } from '../../electron/demo/index.ts';
import { CacheService } from '../../electron/services/cache/cache-service.ts';
import { SyncService } from '../../electron/services/sync/sync-service.ts';
import { makeTempDir } from '../support/temp-dir.ts';

const minute = 60_000;
const anchor = Date.UTC(2024, 5, 17, 6, 0, 0);
const dir = makeTempDir('sync-logs-resume');
let demo: DemoCenters;
let center: Center;

before(async () => {
  demo = await startDemoCenters({ seed: 4321, anchorMs: anchor, now: () => anchor });
  const seoul = demo.centers.find((candidate) => candidate.id === 'seoul-dc')!;
  center = { ...seoul, endpoints: seoul.endpoints.filter((endpoint) => endpoint.signal === 'logs') };
});

after(async () => {
  await demo.close();
  dir.remove();
});

function syncWith(cache: CacheService, maxLines: number): SyncService {
  return new SyncService(cache, [center], {
    windowMs: 30 * minute,
    intervalMs: 60_000,
    concurrency: 2,
    now: () => anchor,
    connectorFor: (endpoint, signal) => createLokiConnector(endpoint, { signal, maxLines }),
    onDidChangeStatus: () => undefined,
  });
}

function lineIds(cache: CacheService): string[] {
  return (cache.db.prepare('SELECT id FROM log_lines ORDER BY id').pluck().all() as string[]);
}

test('capped pulls continue where they stopped, now and after a restart: the same lines as one uncapped pull', async () => {
  const reference = new CacheService(join(dir.path, 'reference.sqlite'));
  reference.upsertCenters([center]);
  await syncWith(reference, 1_000_000).syncAll();
  const expected = lineIds(reference);
  reference.close();
  assert.ok(expected.length > 3_000, `${expected.length} lines in the window`);

  const cache = new CacheService(join(dir.path, 'capped.sqlite'));
  cache.upsertCenters([center]);
  const endpoint = center.endpoints[0]!;
  const first = syncWith(cache, 1_000);
  await first.syncEndpoint(endpoint);
  // The follow-up pull started as the first ended; stop it as a quit (or crash) would.
  await first.stop();
  const afterFirst = lineIds(cache).length;
  assert.ok(afterFirst >= 1_000 && afterFirst < expected.length, `${afterFirst} lines after one capped pull`);
  const resume = cache.db.prepare('SELECT resume_from_ms FROM pull_cursor WHERE endpoint_id = ?').pluck().get(endpoint.id) as number;
  assert.ok(resume > anchor - 30 * minute && resume < anchor, 'the resume point is committed with the lines');
  assert.equal(cache.readSyncStates()[0]!.watermark! <= resume, true, 'the watermark does not claim more than was pulled');

  const second = syncWith(cache, 1_000);
  await second.syncEndpoint(endpoint);
  await second.whenIdle();
  assert.deepEqual(lineIds(cache), expected, 'no gap and no duplicate');
  assert.equal(cache.db.prepare('SELECT count(*) FROM pull_cursor').pluck().get(), 0, 'caught up: nothing left to resume');
  assert.equal(cache.readSyncStates()[0]!.watermark, anchor);
  assert.equal(second.statuses()[0]!.state, 'ok');
  await second.stop();
  cache.close();
});
