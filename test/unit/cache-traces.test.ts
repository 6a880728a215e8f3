import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { spanRecordSchema, type SpanRecord, type TraceSummary } from '../../shared/domain/traces.ts';
import { CacheService } from '../../electron/services/cache/cache-service.ts';
import { migrations } from '../../electron/services/cache/migrations/index.ts';
import { cacheDigest } from '../support/cache-digest.ts';
import { makeTempDir } from '../support/temp-dir.ts';

const dir = makeTempDir('cache-traces');
after(() => dir.remove());

const base = Date.UTC(2024, 5, 17, 5, 0, 0);
const traceA = 'a'.repeat(31) + '1';
const traceB = 'b'.repeat(31) + '2';

function span(traceId: string, spanId: string, parent: string | null, service: string, operation: string, offsetMs: number, durationMs: number, extra: Partial<SpanRecord> = {}): SpanRecord {
  const startMs = base + offsetMs;
  return spanRecordSchema.parse({
    centerId: 'seoul-dc',
    traceId,
    spanId,
    parentSpanId: parent,
    service,
    operation,
    startMs,
    startNs: `${startMs}000000`,
    durationMs,
    status: 'unset',
    statusMessage: null,
    kind: 'server',
    attributes: { 'http.route': operation },
    resourceAttributes: { 'service.name': service, 'k8s.pod.name': `${service}-abc`, 'k8s.namespace.name': 'shop' },
    events: [],
    ...extra,
  });
}

const traceASpans = [
  span(traceA, '00000000000000a1', null, 'frontend', 'POST /api/checkout', 0, 120),
  span(traceA, '00000000000000a2', '00000000000000a1', 'checkout', 'PlaceOrder', 5, 100, {
    status: 'error',
    statusMessage: 'out of memory',
    events: [{ name: 'exception', timeMs: base + 100, timeNs: `${base + 100}000000`, attributes: { 'exception.type': 'OutOfMemoryError' } }],
  }),
  span(traceA, '00000000000000a3', '00000000000000a2', 'payments-api', 'POST /v1/charges', 20, 40, { kind: 'client' }),
];
const traceBSpans = [
  span(traceB, '00000000000000b1', null, 'frontend', 'GET /products/{id}', 60_000, 30),
  span(traceB, '00000000000000b2', '00000000000000b1', 'catalog', 'GET /products/{id}', 60_002, 20),
];

function open(name: string): CacheService {
  return new CacheService(join(dir.path, `${name}.sqlite`));
}

test('migration 0004 creates spans and trace_summaries at version 4 or above', () => {
  const cache = open('schema');
  const tables = cache.db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").pluck().all() as string[];
  assert.ok(tables.includes('spans') && tables.includes('trace_summaries'));
  assert.ok(migrations.some((migration) => migration.version === 4 && migration.name === 'traces'));
  const indexes = cache.db.prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'spans' AND name NOT LIKE 'sqlite_%'").pluck().all();
  assert.deepEqual([...indexes].sort(), ['spans_by_service', 'spans_by_time', 'spans_by_trace']);
  cache.close();
});

test('insert stores spans whole and computes summaries from them; trace() returns the waterfall in start order', () => {
  const cache = open('insert');
  const counts = cache.spans.insert('seoul-dc', { summaries: [], spans: [...traceASpans].reverse() });
  assert.deepEqual(counts, { spans: 3, traces: 1 });
  const stored = cache.spans.trace(traceA);
  assert.deepEqual(stored, traceASpans);
  const [summary] = cache.spans.search({ centerIds: ['seoul-dc'], fromMs: base - 1, toMs: base + 1, limit: 10 });
  assert.deepEqual(summary, {
    traceId: traceA,
    rootService: 'frontend',
    rootOperation: 'POST /api/checkout',
    startMs: base,
    durationMs: 120,
    spanCount: 3,
    errorCount: 1,
    services: ['checkout', 'frontend', 'payments-api'],
  });
  cache.close();
});

test('insert is idempotent: the same pull twice leaves the same cache', () => {
  const cache = open('idempotent');
  const pull = { summaries: [], spans: [...traceASpans, ...traceBSpans] };
  cache.spans.insert('seoul-dc', pull);
  const first = cacheDigest(cache.db);
  assert.deepEqual(cache.spans.insert('seoul-dc', pull), { spans: 5, traces: 2 });
  assert.equal(cacheDigest(cache.db), first);
  assert.equal(cache.db.prepare('SELECT count(*) FROM spans').pluck().get(), 5);
  assert.equal(cache.db.prepare('SELECT count(*) FROM trace_summaries').pluck().get(), 2);
  cache.close();
});

test('a search-only summary is kept until spans arrive, then recomputed from the spans; it never replaces span-derived data', () => {
  const cache = open('summaries');
  const reported: TraceSummary = { traceId: traceA, rootService: 'frontend', rootOperation: 'POST /api/checkout', startMs: base, durationMs: 119, spanCount: null, errorCount: null, services: [] };
  assert.deepEqual(cache.spans.insert('seoul-dc', { summaries: [reported], spans: [] }), { spans: 0, traces: 1 });
  assert.deepEqual(cache.spans.search({ centerIds: [], fromMs: base, toMs: base, limit: 5 }), [reported]);
  // Part of the trace first, the rest later: the summary follows every cached span.
  cache.spans.insert('seoul-dc', { summaries: [reported], spans: traceASpans.slice(0, 1) });
  assert.equal(cache.spans.search({ centerIds: [], fromMs: base, toMs: base, limit: 5 })[0]!.spanCount, 1);
  cache.spans.insert('seoul-dc', { summaries: [], spans: traceASpans.slice(1) });
  const summary = cache.spans.search({ centerIds: [], fromMs: base, toMs: base, limit: 5 })[0]!;
  assert.equal(summary.spanCount, 3);
  assert.equal(summary.errorCount, 1);
  // A later search hit without spans does not overwrite what the spans say.
  cache.spans.insert('seoul-dc', { summaries: [reported], spans: [] });
  assert.deepEqual(cache.spans.search({ centerIds: [], fromMs: base, toMs: base, limit: 5 })[0], summary);
  cache.close();
});

test('search filters by center, time, service, operation, duration and errors; newest first with a limit', () => {
  const cache = open('search');
  cache.spans.insert('seoul-dc', { summaries: [], spans: [...traceASpans, ...traceBSpans] });
  cache.spans.insert('ohio-region', { summaries: [], spans: traceBSpans.map((record) => ({ ...record, centerId: 'ohio-region' })) });
  const all = { centerIds: ['seoul-dc'], fromMs: base - 1000, toMs: base + 120_000, limit: 10 };
  const ids = (query: Parameters<typeof cache.spans.search>[0]) => cache.spans.search(query).map((summary) => summary.traceId);
  assert.deepEqual(ids(all), [traceB, traceA]);
  assert.deepEqual(ids({ ...all, limit: 1 }), [traceB]);
  assert.deepEqual(ids({ ...all, centerIds: [] }), [traceB, traceB, traceA]);
  assert.deepEqual(ids({ ...all, fromMs: base + 1, toMs: base + 59_999 }), []);
  assert.deepEqual(ids({ ...all, service: 'payments-api' }), [traceA]);
  assert.deepEqual(ids({ ...all, service: 'catalog' }), [traceB]);
  assert.deepEqual(ids({ ...all, operation: 'PlaceOrder' }), [traceA]);
  assert.deepEqual(ids({ ...all, service: 'frontend', operation: 'PlaceOrder' }), []);
  assert.deepEqual(ids({ ...all, service: 'catalog', operation: 'GET /products/{id}' }), [traceB]);
  assert.deepEqual(ids({ ...all, minDurationMs: 100 }), [traceA]);
  assert.deepEqual(ids({ ...all, errorsOnly: true }), [traceA]);
  assert.deepEqual(cache.spans.services(['seoul-dc']), ['catalog', 'checkout', 'frontend', 'payments-api']);
  assert.deepEqual(cache.spans.services(['ohio-region']), ['catalog', 'frontend']);
  assert.deepEqual(cache.spans.services([]), ['catalog', 'checkout', 'frontend', 'payments-api']);
  // One trace id reported by two centers: trace() returns both copies.
  assert.equal(cache.spans.trace(traceB).length, 4);
  cache.close();
});

test('hot queries use their indexes (EXPLAIN QUERY PLAN)', () => {
  const cache = open('plans');
  cache.spans.insert('seoul-dc', { summaries: [], spans: [...traceASpans, ...traceBSpans] });
  cache.db.exec('ANALYZE');
  const plan = (sql: string, ...params: unknown[]) =>
    (cache.db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as Array<{ detail: string }>).map((row) => row.detail).join('\n');
  assert.match(plan('SELECT * FROM spans WHERE trace_id = ?', traceA), /USING INDEX spans_by_trace/);
  assert.match(plan('SELECT * FROM spans WHERE center_id = ? AND service = ? AND start_ms BETWEEN ? AND ?', 'seoul-dc', 'checkout', 0, 1), /USING INDEX spans_by_service/);
  assert.match(plan('SELECT * FROM spans WHERE center_id = ? AND start_ms BETWEEN ? AND ?', 'seoul-dc', 0, 1), /USING INDEX spans_by_time/);
  assert.match(plan('SELECT DISTINCT service FROM spans WHERE center_id IN (?, ?)', 'seoul-dc', 'ohio-region'), /USING COVERING INDEX spans_by_service/);
  assert.match(
    plan('SELECT * FROM trace_summaries AS t WHERE t.center_id IN (?) AND t.start_ms >= ? AND t.start_ms <= ? ORDER BY t.start_ms DESC LIMIT 20', 'seoul-dc', 0, 1),
    /USING INDEX trace_summaries_by_time/,
  );
  // The operation filter probes one trace's spans through the primary key, not a scan.
  assert.match(
    plan('SELECT 1 FROM spans AS sp WHERE sp.trace_id = ? AND sp.center_id = ? AND sp.operation = ?', traceA, 'seoul-dc', 'PlaceOrder'),
    /USING (PRIMARY KEY|INDEX spans_by_trace)/,
  );
  cache.close();
});

test('insert is one transaction: a bad span leaves nothing behind', () => {
  const cache = open('atomic');
  const before = cacheDigest(cache.db);
  const broken = { ...traceBSpans[1]!, service: null as unknown as string };
  assert.throws(() => cache.spans.insert('seoul-dc', { summaries: [], spans: [...traceASpans, broken] }));
  assert.equal(cacheDigest(cache.db), before);
  cache.close();
});
