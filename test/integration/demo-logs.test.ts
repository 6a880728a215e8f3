import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { SyncStatus } from '../../shared/contract/channels.ts';
import type { Center } from '../../shared/domain/records.ts';
import { createConnector } from '../../electron/connectors/index.ts';
import { createLokiConnector } from '../../electron/connectors/loki/index.ts';
import { startDemoCenters, type DemoCenters } from '../../electron/demo/index.ts';
import { incidentTraceIds, incidentTraces } from '../../electron/demo/incident-traces.ts';
import { CacheService } from '../../electron/services/cache/cache-service.ts';
import { SyncService } from '../../electron/services/sync/sync-service.ts';
import { makeTempDir } from '../support/temp-dir.ts';

const minute = 60_000;
const anchor = Date.UTC(2024, 5, 17, 6, 0, 0);
const nowMs = anchor;
let demo: DemoCenters;
const dir = makeTempDir('demo-logs');

const seoul = (): Center => demo.centers.find((center) => center.id === 'seoul-dc')!;
const lokiOf = (center: Center) => center.endpoints.find((endpoint) => endpoint.signal === 'logs')!;

before(async () => {
  demo = await startDemoCenters({ seed: 4321, anchorMs: anchor, now: () => nowMs });
});

after(async () => {
  await demo.close();
  dir.remove();
});

describe('demo Loki', () => {
  test('every demo center has a Loki logs endpoint that is healthy and lists its labels', async () => {
    for (const center of demo.centers) {
      const endpoint = lokiOf(center);
      assert.deepEqual([endpoint.id, endpoint.kind], [`${center.id}-logs`, 'loki']);
      const connector = createLokiConnector(endpoint);
      const health = await connector.health();
      assert.equal(health.ok, true);
      assert.match(health.version ?? '', /^3\.\d+\.\d+$/);
      const labels = await connector.labels({ fromMs: anchor - 60 * minute, toMs: anchor });
      for (const name of ['namespace', 'pod', 'container', 'service_name']) assert.ok(labels.includes(name), name);
    }
    const ready = await fetch(`${lokiOf(seoul()).url}/ready`);
    assert.equal(ready.status, 200);
  });

  test('the answer has Loki\'s shape: nanosecond strings, streams, direction and limit honoured', async () => {
    const base = lokiOf(seoul()).url;
    const params = (extra: Record<string, string>) =>
      new URLSearchParams({ query: '{namespace="shop"}', start: `${anchor - 10 * minute}000000`, end: `${anchor}000000`, limit: '50', ...extra });
    const backward = (await (await fetch(`${base}/loki/api/v1/query_range?${params({})}`)).json()) as any;
    assert.equal(backward.status, 'success');
    assert.equal(backward.data.resultType, 'streams');
    assert.ok(backward.data.stats && typeof backward.data.stats === 'object');
    const entries = backward.data.result.flatMap((stream: any) => {
      assert.equal(stream.stream.namespace, 'shop');
      return stream.values.map((value: [string, string]) => value);
    });
    assert.equal(entries.length, 50);
    for (const [ns, text] of entries) {
      assert.match(ns, /^\d{19}$/);
      assert.equal(typeof text, 'string');
    }
    const newest = entries.map((entry: [string, string]) => BigInt(entry[0])).sort((a: bigint, b: bigint) => (a < b ? 1 : -1))[0];
    const forward = (await (await fetch(`${base}/loki/api/v1/query_range?${params({ direction: 'forward' })}`)).json()) as any;
    const oldest = forward.data.result.flatMap((stream: any) => stream.values.map((value: [string, string]) => BigInt(value[0]))).sort((a: bigint, b: bigint) => (a < b ? -1 : 1));
    assert.ok(oldest.at(-1) < newest, 'forward takes the oldest lines, backward the newest');
    const refused = await fetch(`${base}/loki/api/v1/query_range?${params({ query: '{namespace=~".*"}' })}`);
    assert.equal(refused.status, 400);
    assert.match(await refused.text(), /empty-compatible/);
    const tooMany = await fetch(`${base}/loki/api/v1/query_range?${params({ limit: '5001' })}`);
    assert.equal(tooMany.status, 400);
  });

  test('the connector pages past the limit and gets the same lines as one large request', async () => {
    const range = { fromMs: anchor - 30 * minute, toMs: anchor };
    const paged = createLokiConnector(lokiOf(seoul()), { pageLimit: 250 });
    const small = await paged.queryRange({ query: '{service_name=~".+"}', ...range });
    const whole = await createLokiConnector(lokiOf(seoul()), { pageLimit: 5_000 }).queryRange({ query: '{service_name=~".+"}', ...range });
    assert.ok(whole.requests <= 2 && small.requests > 4, `${small.requests} paged requests`);
    assert.ok(small.lines.length > 1_000, `${small.lines.length} lines in 30 minutes`);
    assert.equal(small.complete, true);
    assert.deepEqual(small.lines.map((line) => line.id), whole.lines.map((line) => line.id));
    assert.equal(new Set(small.lines.map((line) => line.id)).size, small.lines.length, 'no line twice');
    const pull = await paged.pull({ centerId: 'seoul-dc', range: { from: range.fromMs, to: range.toMs }, watermark: null });
    assert.equal(pull.lines.length, small.lines.length);
  });

  test("the incident's errors carry the trace ids the traces demo reuses", async () => {
    const connector = createLokiConnector(lokiOf(seoul()));
    const errors = await connector.queryRange({ query: '{namespace="shop", container="checkout"} |= "payment authorization failed"', fromMs: anchor - 60 * minute, toMs: anchor });
    const expected = incidentTraces(demo.world).filter((trace) => trace.atMs <= anchor && trace.atMs >= anchor - 60 * minute);
    assert.ok(expected.length >= 20, `${expected.length} failures in the hour`);
    assert.deepEqual(errors.lines.map((line) => line.traceId).sort(), expected.map((trace) => trace.traceId).sort());
    for (const line of errors.lines) {
      assert.equal(line.level, 'error');
      assert.ok(demo.world.incident.leakingPods.includes(line.pod!), line.pod!);
    }
    const oom = await connector.queryRange({ query: '{namespace="shop"} |= "OOMKilled"', fromMs: anchor - 60 * minute, toMs: anchor });
    assert.ok(oom.lines.length >= 3 * 6, `${oom.lines.length} OOMKilled lines`);
    assert.ok(oom.lines.every((line) => /reason=OOMKilled/.test(line.line)));
    // Deterministic: the same seed and anchor give the same ids.
    assert.deepEqual(incidentTraceIds(demo.world), incidentTraces(demo.world).map((trace) => trace.traceId));
  });

  test('a full sync caches the logs; LogStore finds the payment failures with their trace ids', async () => {
    const cache = new CacheService(join(dir.path, 'cache.sqlite'));
    let statuses: SyncStatus[] = [];
    const sync = new SyncService(cache, demo.centers, {
      windowMs: 60 * minute,
      intervalMs: 60_000,
      concurrency: 4,
      now: () => nowMs,
      connectorFor: (endpoint, signal) => createConnector(endpoint, { signal }),
      onDidChangeStatus: (next) => (statuses = next),
    });
    try {
      cache.upsertCenters(demo.centers);
      await sync.syncAll();
      const logs = statuses.filter((status) => status.signal === 'logs');
      assert.equal(logs.length, 2);
      for (const status of logs) assert.equal(status.state, 'ok', `${status.endpointId}: ${status.error?.message}`);
      const cached = cache.logs.count();
      assert.ok(cached > 5_000, `${cached} lines cached`);
      const found = cache.logs.search({ centerIds: ['seoul-dc'], fromMs: anchor - 60 * minute, toMs: anchor, text: 'payment authorization failed', limit: 500 });
      const ids = new Set(incidentTraceIds(demo.world));
      assert.ok(found.length >= 20);
      for (const line of found) assert.ok(line.traceId !== null && ids.has(line.traceId), line.line);
      const byTrace = cache.logs.search({ centerIds: [], fromMs: anchor - 60 * minute, toMs: anchor, traceId: found[0]!.traceId!, limit: 10 });
      assert.deepEqual(byTrace.map((line) => line.id), [found[0]!.id]);
      // A second sync adds nothing twice.
      await sync.syncAll();
      assert.equal(cache.logs.count(), cached);
    } finally {
      await sync.stop();
      cache.close();
    }
  });
});
