import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { SyncStatus } from '../../shared/contract/channels.ts';
import { kindsBySignal } from '../../shared/config/centers-config.ts';
import type { Center, Endpoint } from '../../shared/domain/records.ts';
import { spanRecordSchema, type SpanRecord } from '../../shared/domain/traces.ts';
import { createConnector } from '../../electron/connectors/index.ts';
import { createJaegerConnector } from '../../electron/connectors/jaeger/index.ts';
import { analyzeTraceTiming } from '../../electron/connectors/otlp/critical-path.ts';
import { createTempoConnector } from '../../electron/connectors/tempo/index.ts';
import { incidentTraceIds, incidentTraces } from '../../electron/demo/incident-traces.ts';
import { startDemoCenters, type DemoCenters } from '../../electron/demo/index.ts';
import { CacheService } from '../../electron/services/cache/cache-service.ts';
import { SyncService } from '../../electron/services/sync/sync-service.ts';
import { makeTempDir } from '../support/temp-dir.ts';

const minute = 60_000;
const anchor = Date.UTC(2024, 5, 17, 6, 0, 0);
const hourAgo = anchor - 60 * minute;

let demo: DemoCenters;
let nowMs = anchor;
const dir = makeTempDir('demo-traces');

const center = (id: string): Center => demo.centers.find((candidate) => candidate.id === id)!;
const tracesEndpoint = (id: string): Endpoint => center(id).endpoints.find((endpoint) => endpoint.signal === 'traces')!;

/** The incident's failed orders that started and ended within the last hour before the anchor. */
function recentIncidentIds(): string[] {
  return incidentTraces(demo.world)
    .filter((trace) => trace.atMs - trace.durationMs >= hourAgo && trace.atMs + 1_000 <= anchor)
    .map((trace) => trace.traceId);
}

function byStart(spans: readonly SpanRecord[]): SpanRecord[] {
  return [...spans].sort((a, b) => a.startMs - b.startMs || (a.spanId < b.spanId ? -1 : 1));
}

before(async () => {
  demo = await startDemoCenters({ seed: 1234, anchorMs: anchor, now: () => nowMs });
});

after(async () => {
  await demo.close();
  dir.remove();
});

describe('demo traces', () => {
  test('each demo center serves traces: Jaeger on Seoul, Tempo on Ohio; the config accepts both kinds', () => {
    assert.equal(tracesEndpoint('seoul-dc').kind, 'jaeger');
    assert.equal(tracesEndpoint('ohio-region').kind, 'tempo');
    assert.match(tracesEndpoint('seoul-dc').url, /^http:\/\/127\.0\.0\.1:\d+$/);
    assert.deepEqual(kindsBySignal.traces, ['jaeger', 'tempo']);
  });

  test('Jaeger: services, operations, and the incident error traces through shop/checkout pods with the shared trace ids', async () => {
    const jaeger = createJaegerConnector(tracesEndpoint('seoul-dc'));
    assert.equal((await jaeger.health()).ok, true);
    const services = await jaeger.services();
    for (const service of ['frontend', 'checkout', 'cart', 'catalog', 'payments-api', 'fraud-scorer', 'ledger']) assert.ok(services.includes(service), service);
    const operations = await jaeger.operations('checkout');
    assert.ok(operations.some((operation) => operation.name === 'POST /orders' && operation.spanKind === 'server'));

    const expected = recentIncidentIds();
    assert.ok(expected.length >= 10, `incident traces in the last hour: ${expected.length}`);
    assert.ok(expected.every((id) => incidentTraceIds(demo.world).includes(id)));
    const found = await jaeger.findTraces({ service: 'checkout', tags: { error: 'true' }, fromMs: hourAgo, toMs: anchor, limit: 1_000 });
    assert.deepEqual(found.warnings, []);
    const foundIds = new Set(found.summaries.map((summary) => summary.traceId));
    for (const id of expected) assert.ok(foundIds.has(id), `incident trace ${id} is served`);
    for (const span of found.spans) spanRecordSchema.parse(span);

    const facts = demo.world.incident;
    for (const id of expected) {
      const spans = found.spans.filter((span) => span.traceId === id);
      const failed = spans.find((span) => span.service === 'checkout' && span.kind === 'server')!;
      assert.equal(failed.status, 'error');
      assert.equal(failed.resourceAttributes['k8s.namespace.name'], 'shop');
      assert.ok(facts.leakingPods.includes(failed.resourceAttributes['k8s.pod.name']!), failed.resourceAttributes['k8s.pod.name']);
      assert.match(failed.resourceAttributes['k8s.pod.name']!, /^checkout-/);
      assert.equal(failed.resourceAttributes['k8s.node.name'], facts.node);
    }

    // The legacy JSON and api_v3's OTLP describe the same spans.
    const id = expected[0]!;
    const legacy = await jaeger.getTrace(id);
    const v3 = await jaeger.getTraceV3(id);
    assert.ok(legacy && v3);
    const comparable = (spans: SpanRecord[]) => byStart(spans).map(({ attributes, ...rest }) => ({ ...rest, attributes: Object.fromEntries(Object.entries(attributes).sort()) }));
    assert.deepEqual(comparable(v3), comparable(legacy));
    assert.equal(await jaeger.getTrace('0123456789abcdef0123456789abcdef'), null);
  });

  test('Jaeger: a search is deterministic and only shows traces that ended by now', async () => {
    const jaeger = createJaegerConnector(tracesEndpoint('seoul-dc'));
    const query = { service: 'frontend', fromMs: anchor - 10 * minute, toMs: anchor + 10 * minute, limit: 50 };
    const first = await jaeger.findTraces(query);
    const second = await jaeger.findTraces(query);
    assert.deepEqual(first, second);
    assert.ok(first.summaries.length >= 30);
    for (const summary of first.summaries) assert.ok(summary.startMs + summary.durationMs <= anchor);
    for (const summary of first.summaries) assert.equal(summary.rootService, 'frontend');
  });

  test('Tempo: build info, search with serviceStats, trace by id as OTLP with base64 ids', async () => {
    const tempo = createTempoConnector(tracesEndpoint('ohio-region'));
    const health = await tempo.health();
    assert.equal(health.ok, true);
    assert.equal(health.version, '2.6.1');
    const summaries = await tempo.search({ fromMs: anchor - 15 * minute, toMs: anchor, limit: 30 });
    assert.equal(summaries.length, 30);
    for (const summary of summaries) {
      assert.ok(summary.spanCount && summary.spanCount > 0);
      assert.ok(summary.services.includes('frontend'));
    }
    const checkout = await tempo.search({ traceql: '{ resource.service.name = "checkout" }', fromMs: anchor - 15 * minute, toMs: anchor, limit: 5 });
    assert.ok(checkout.length > 0 && checkout.every((summary) => summary.services.includes('checkout')));
    const trace = await tempo.getTrace(checkout[0]!.traceId);
    assert.ok(trace);
    assert.equal(trace.length, checkout[0]!.spanCount);
    const server = trace.find((span) => span.service === 'checkout' && span.kind === 'server')!;
    assert.match(server.resourceAttributes['k8s.pod.name']!, /^checkout-/);
    assert.equal(server.resourceAttributes['k8s.namespace.name'], 'shop');
    assert.equal(server.centerId, 'ohio-region');
    assert.equal(await tempo.getTrace('0123456789abcdef0123456789abcdef'), null);
  });

  test('a sync stores both centers\' traces; the cached waterfall of an incident trace has a critical path', async () => {
    const cache = new CacheService(join(dir.path, 'cache.sqlite'));
    const centers = demo.centers.map((each) => ({ ...each, endpoints: each.endpoints.filter((endpoint) => endpoint.signal === 'traces') }));
    cache.upsertCenters(centers);
    let statuses: SyncStatus[] = [];
    const sync = new SyncService(cache, centers, {
      windowMs: 60 * minute,
      intervalMs: 60_000,
      concurrency: 2,
      now: () => nowMs,
      retry: { attempts: 1, baseDelayMs: 10, maxDelayMs: 10 },
      // Seoul: every checkout trace of the hour (the incident's included); Ohio: the connector's defaults.
      connectorFor: (endpoint, signal) =>
        endpoint.kind === 'jaeger' ? createJaegerConnector(endpoint, { signal, pullServices: ['checkout'], pullLimitPerService: 1_000 }) : createConnector(endpoint, { signal }),
      onDidChangeStatus: (next) => (statuses = next),
    });
    try {
      await sync.syncAll();
      for (const status of statuses) assert.equal(status.state, 'ok', `${status.endpointId}: ${status.error?.message}`);

      const expected = recentIncidentIds();
      const errors = cache.spans.search({ centerIds: ['seoul-dc'], fromMs: hourAgo, toMs: anchor, service: 'checkout', errorsOnly: true, limit: 1_000 });
      const stored = new Set(errors.map((summary) => summary.traceId));
      for (const id of expected) assert.ok(stored.has(id), `incident trace ${id} is cached`);
      assert.ok(cache.spans.services(['seoul-dc']).includes('payments-api'));
      const ohio = cache.spans.search({ centerIds: ['ohio-region'], fromMs: hourAgo, toMs: anchor, limit: 100 });
      assert.ok(ohio.length > 0, 'Tempo summaries are cached');
      assert.ok(cache.spans.search({ centerIds: ['ohio-region'], fromMs: hourAgo, toMs: anchor, limit: 100 }).some((summary) => summary.spanCount !== null));

      // Seoul's next sync (from the watermark, within what is cached) adds nothing: upserts are idempotent.
      // (Ohio's may: Tempo's pull fetches the most interesting traces of the new, shorter window in full.)
      const count = () => cache.db.prepare("SELECT count(*) FROM spans WHERE center_id = 'seoul-dc'").pluck().get() as number;
      const before = count();
      await sync.syncAll();
      assert.equal(count(), before);

      // The full waterfall of one incident trace, from the cache alone.
      const id = expected[0]!;
      const waterfall = cache.spans.trace(id);
      const served = await createJaegerConnector(tracesEndpoint('seoul-dc')).getTrace(id);
      assert.deepEqual(byStart(waterfall), byStart(served!));
      assert.ok(waterfall.length >= 10, `spans: ${waterfall.length}`);
      const root = waterfall.find((span) => span.parentSpanId === null)!;
      assert.equal(root.service, 'frontend');
      assert.equal(root.status, 'error');

      const timing = analyzeTraceTiming(waterfall);
      assert.equal(timing.rootSpanId, root.spanId);
      const checkoutServer = waterfall.find((span) => span.service === 'checkout' && span.kind === 'server')!;
      const timedOutCall = waterfall.find((span) => span.service === 'checkout' && span.kind === 'client' && span.status === 'error')!;
      assert.ok(timing.pathSpanIds.includes(checkoutServer.spanId), 'checkout is on the critical path');
      assert.ok(timing.pathSpanIds.includes(timedOutCall.spanId), 'the timed-out payments call is on the critical path');
      assert.ok(timing.criticalMs[timedOutCall.spanId]! > 1_000, 'the timeout dominates');
      // The path covers the root back to back.
      assert.ok(Math.abs(timing.segments[0]!.startMs - root.startMs) < 0.01);
      assert.ok(Math.abs(timing.segments.at(-1)!.endMs - (root.startMs + root.durationMs)) < 0.01);
      for (let index = 1; index < timing.segments.length; index++) {
        assert.ok(Math.abs(timing.segments[index]!.startMs - timing.segments[index - 1]!.endMs) < 1e-6);
      }
    } finally {
      await sync.stop();
      cache.close();
    }
  });
});
