// Logs and traces through the contract, from the demo centers' Loki, Jaeger and Tempo via the real
// connectors and sync: the incident's error line leads to its trace, whose waterfall has a critical path.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { ChannelName, StoredLogLinePayload, SyncStatus } from '../../shared/contract/channels.ts';
import type { SpanRecord, TraceSummary } from '../../shared/domain/traces.ts';
import type { OpsDeskCore } from '../../electron/core.ts';
import { invokeOk, startSyncedDemoCore } from '../support/console.ts';
import { makeTempDir } from '../support/temp-dir.ts';

const dir = makeTempDir('signals');
let core: OpsDeskCore;

before(async () => {
  core = await startSyncedDemoCore(dir.path);
});

after(async () => {
  await core?.close();
  dir.remove();
});

const call = <T>(channel: ChannelName, input: unknown): Promise<T> => invokeOk<T>(core, channel, input);

test("the incident's error line is found by text and leads to its trace with a critical path", async () => {
  const lines = await call<StoredLogLinePayload[]>('logs:search', { range: { from: 'now-1h', to: 'now' }, text: 'payment authorization failed', levels: ['error'], limit: 50 });
  assert.ok(lines.length > 0, 'error lines cached');
  assert.ok(lines.every((line) => line.namespace === 'shop' && line.pod?.startsWith('checkout-') && line.level === 'error'));
  const withTrace = lines.find((line) => line.traceId !== null)!;
  assert.ok(withTrace, 'the error line carries a trace id');
  const around = await call<StoredLogLinePayload[]>('logs:around', { lineId: withTrace.id, count: 5 });
  assert.ok(around.some((line) => line.id === withTrace.id) && around.length > 1, 'surrounding lines of the same stream');

  const trace = await call<{ spans: SpanRecord[]; timing: { pathSpanIds: string[]; rootSpanId: string | null; selfMs: Record<string, number> } }>('traces:get', { traceId: withTrace.traceId });
  assert.ok(trace.spans.length > 1);
  assert.ok(trace.spans.some((span) => span.status === 'error'), 'the trace shows the failure');
  assert.equal(trace.timing.pathSpanIds[0], trace.timing.rootSpanId);
  assert.ok(trace.timing.pathSpanIds.length >= 2);
  for (const span of trace.spans) assert.ok(trace.timing.selfMs[span.spanId]! <= span.durationMs + 1e-9);

  const missing = await core.dispatcher.invoke('traces:get', { traceId: 'f'.repeat(32) });
  assert.ok(!missing.ok && missing.error.code === 'not-found');
});

test('trace search filters errors and services, across both demo centers', async () => {
  const services = await call<string[]>('traces:services', {});
  assert.ok(services.includes('checkout'), services.join(','));
  const errors = await call<TraceSummary[]>('traces:search', { range: { from: 'now-1h', to: 'now' }, errorsOnly: true, limit: 100 });
  assert.ok(errors.length > 0 && errors.every((summary) => (summary.errorCount ?? 1) > 0));
  for (const centerId of ['seoul-dc', 'ohio-region']) {
    const found = await call<TraceSummary[]>('traces:search', { centerIds: [centerId], range: { from: 'now-1h', to: 'now' }, limit: 50 });
    assert.ok(found.length > 0, `${centerId} (Jaeger in Seoul, Tempo in Ohio) has cached traces`);
  }
  const checkout = await call<TraceSummary[]>('traces:search', { range: { from: 'now-1h', to: 'now' }, service: 'checkout', minDurationMs: 1, limit: 50 });
  assert.ok(checkout.length > 0 && checkout.every((summary) => summary.services.includes('checkout') && summary.durationMs >= 1));
});

test('a backfill through the contract reports progress and lands in the cache', async () => {
  const progress: number[] = [];
  const activities = new Set<string | null | undefined>();
  let last: SyncStatus | undefined;
  const unsubscribe = core.dispatcher.subscribe('sync:onDidChangeStatus', (statuses: SyncStatus[]) => {
    const metrics = statuses.find((status) => status.endpointId === 'ohio-region-metrics');
    last = metrics;
    if (metrics?.progress !== null && metrics?.progress !== undefined) {
      progress.push(metrics.progress);
      activities.add(metrics.activity);
    }
  });
  const started = await call<{ endpoints: number }>('sync:backfill', { centerIds: ['ohio-region'], range: { from: 'now-6h', to: 'now-2h' }, chunkMinutes: 60 });
  assert.equal(started.endpoints, 1);
  await core.sync.whenIdle();
  unsubscribe();
  assert.ok(progress.length >= 4 && progress[0] === 0, `progress reported per chunk: ${progress.join(', ')}`);
  assert.deepEqual([...activities], ['backfill'], 'the UI can tell a backfill (progress bar) from a scheduled pull');
  assert.deepEqual([last?.state, last?.activity, last?.progress], ['ok', null, null]);
  const state = core.cache.readBackfill('ohio-region-metrics');
  assert.ok(state?.finishedAt, 'the backfill finished');
  const node = core.cache.listNodes({ centerIds: ['ohio-region'] })[0]!;
  const series = await call<{ series: Array<{ timestamps: number[] }> }>('series:panel', { centerId: 'ohio-region', panel: 'node.cpu', target: { kind: 'node', name: node.name }, range: { from: 'now-6h', to: 'now-2h' } });
  assert.ok(series.series[0]!.timestamps.length > 400, 'four hours of 30 s samples came in');
});
