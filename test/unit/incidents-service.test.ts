import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { ApiFailure } from '../../shared/contract/result.ts';
import type { LogLineRecord } from '../../shared/domain/logs.ts';
import type { AlertRecord, Center, KubeEventRecord } from '../../shared/domain/records.ts';
import type { SpanRecord } from '../../shared/domain/traces.ts';
import { AuditTrail } from '../../electron/services/audit/audit-trail.ts';
import { CacheService } from '../../electron/services/cache/cache-service.ts';
import { RetentionService } from '../../electron/services/cache/retention.ts';
import { alertLookbackMs, IncidentService } from '../../electron/services/incidents/incident-service.ts';
import { makeTempDir } from '../support/temp-dir.ts';

const dir = makeTempDir('incidents');
const cache = new CacheService(join(dir.path, 'cache.sqlite'));
const retention = new RetentionService(cache.db);
const minute = 60_000;
const day = 86_400_000;
let now = Date.parse('2026-11-23T12:00:00Z');
const clock = () => now;
const audit = new AuditTrail(cache.db, { now: clock, actor: () => 'alice' });
const incidents = new IncidentService({ cache, retention, audit, now: clock, actor: () => 'alice' });
after(() => {
  cache.close();
  dir.remove();
});

const center = (id: string): Center => ({ id, name: id, kind: 'on-prem', region: 'r', labels: {}, demo: false, endpoints: [] });
cache.upsertCenters([center('seoul-dc'), center('ohio-region')]);

function code(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    if (error instanceof ApiFailure) return `${error.code}: ${error.message}`;
    throw error;
  }
  return 'no error';
}

test('by hand an incident needs a window and known centers; its window is pinned per center', () => {
  assert.match(code(() => incidents.create({ title: 'x', severity: 'low', centerIds: ['seoul-dc'], services: [], origin: { type: 'manual' } })), /^invalid-input: .*window/);
  assert.match(code(() => incidents.create({ title: 'x', severity: 'low', centerIds: ['busan-dc'], services: [], window: { fromMs: 1, toMs: 2 }, origin: { type: 'manual' } })), /^not-found: no center busan-dc/);
  const incident = incidents.create({ title: 'Checkout slow', severity: 'medium', owner: 'bob', centerIds: ['seoul-dc', 'ohio-region'], services: ['checkout'], window: { fromMs: now - 60 * minute, toMs: now }, origin: { type: 'selection', view: 'logs', description: 'checkout errors' } });
  assert.match(incident.id, /^inc-[0-9a-z]{6,32}$/);
  assert.equal(incident.status, 'open');
  assert.deepEqual(incidents.pins(incident.id).sort((a, b) => (a.centerId! < b.centerId! ? -1 : 1)), [
    { centerId: 'ohio-region', fromMs: now - 60 * minute, toMs: now },
    { centerId: 'seoul-dc', fromMs: now - 60 * minute, toMs: now },
  ]);
  assert.deepEqual(incidents.list().map((item) => item.id), [incident.id]);
  assert.ok(incidents.delete(incident.id));
  assert.deepEqual(incidents.pins(incident.id), [], 'deleting unpins');
  assert.equal(incidents.delete(incident.id), false);
  assert.match(code(() => incidents.get(incident.id)), /^not-found/);
});

test('from an alert: its center, its name, and a window from before it fired; extending moves the pin, shrinking is refused', () => {
  const alert: AlertRecord = { centerId: 'seoul-dc', fingerprint: 'fp1', alertName: 'NodeMemoryHigh', state: 'active', severity: 'warning', labels: { node: 'w-07' }, annotations: {}, startsAt: now - 38 * minute, endsAt: now + 4 * minute, updatedAt: now };
  cache.recordAlerts('seoul-dc', [alert], now);
  assert.match(code(() => incidents.create({ title: 'x', severity: 'high', centerIds: [], services: [], origin: { type: 'alert', centerId: 'seoul-dc', fingerprint: 'nope' } })), /^not-found: no cached alert nope/);
  const incident = incidents.create({ title: 'Node memory', severity: 'high', centerIds: [], services: [], origin: { type: 'alert', centerId: 'seoul-dc', fingerprint: 'fp1' } });
  assert.deepEqual(incident.origin, { type: 'alert', centerId: 'seoul-dc', fingerprint: 'fp1', alertName: 'NodeMemoryHigh' });
  assert.deepEqual(incident.centerIds, ['seoul-dc']);
  assert.equal(incident.window.fromMs, alert.startsAt - alertLookbackMs);
  assert.ok(incident.window.toMs > now, 'a firing alert: the window reaches past now');
  const firing = incidents.get(incident.id).timeline.find((entry) => entry.source === 'alert');
  assert.equal(firing?.title, 'NodeMemoryHigh firing');

  const extended = incidents.update({ id: incident.id, window: { fromMs: incident.window.fromMs - 60 * minute, toMs: incident.window.toMs + 60 * minute }, status: 'mitigated', rootCause: 'a leak' });
  assert.equal(extended.status, 'mitigated');
  assert.equal(extended.rootCause, 'a leak');
  assert.deepEqual(incidents.pins(incident.id), [{ centerId: 'seoul-dc', ...extended.window }]);
  assert.match(code(() => incidents.update({ id: incident.id, window: { fromMs: extended.window.fromMs + 1, toMs: extended.window.toMs } })), /^invalid-input: .*can only be extended/);
  const moved = incidents.update({ id: incident.id, centerIds: ['seoul-dc', 'ohio-region'] });
  assert.deepEqual(incidents.pins(incident.id).map((pin) => pin.centerId).sort(), ['ohio-region', 'seoul-dc'], 'the pin follows the centers');
  assert.ok(moved.updatedAt >= incident.updatedAt);
  incidents.delete(incident.id);
});

test('notes and marks belong to the incident, stick across reads, and go with it', () => {
  const incident = incidents.create({ title: 'Notes', severity: 'low', centerIds: ['seoul-dc'], services: [], window: { fromMs: now - 10 * minute, toMs: now + 10 * minute }, origin: { type: 'manual' } });
  const note = incidents.addNote(incident.id, '**Rolled back** checkout');
  assert.equal(note.source, 'note');
  assert.equal(note.title, 'Note by alice: Rolled back checkout');
  assert.match(code(() => incidents.markEntry(incident.id, 'kube:nothing', { starred: true })), /^not-found: .*no timeline entry/);
  incidents.markEntry(incident.id, note.id, { starred: true, annotation: 'decision' });
  const hidden = incidents.markEntry(incident.id, note.id, { hidden: true });
  assert.deepEqual({ starred: hidden.starred, hidden: hidden.hidden, annotation: hidden.annotation }, { starred: true, hidden: true, annotation: 'decision' }, 'unchanged fields keep their value');
  const cleared = incidents.markEntry(incident.id, note.id, { annotation: null });
  assert.equal(cleared.annotation, null);
  assert.equal(incidents.get(incident.id).timeline.find((entry) => entry.id === note.id)?.starred, true);
  incidents.delete(incident.id);
  assert.equal(cache.db.prepare('SELECT count(*) FROM timeline_marks WHERE incident_id = ?').pluck().get(incident.id), 0);
  assert.equal(cache.db.prepare('SELECT count(*) FROM incident_notes WHERE incident_id = ?').pluck().get(incident.id), 0);
});

test('an imported incident is read-only', () => {
  const incident = incidents.create({ title: 'Imported', severity: 'low', centerIds: [], services: [], window: { fromMs: now - minute, toMs: now }, origin: { type: 'manual' } });
  incidents.store.save({ ...incident, imported: { packSha256: 'a'.repeat(64), signer: 'carol', signerKeyId: 'k1', signedAt: now, trusted: true } });
  assert.match(code(() => incidents.update({ id: incident.id, title: 'changed' })), /^forbidden: .*read-only/);
  assert.match(code(() => incidents.addNote(incident.id, 'hi')), /^forbidden/);
  assert.equal(incidents.get(incident.id).incident.title, 'Imported');
  incidents.delete(incident.id);
});

test("pinned windows survive a retention run that evicts everything else: the window's metrics, logs, spans and events stay", () => {
  now = Date.parse('2026-11-30T12:00:00Z');
  const inside = now - 5 * day;
  const outside = now - 8 * day;
  const step = 30_000;
  const samples = (from: number, to: number) => {
    const timestamps: number[] = [];
    for (let t = from; t <= to; t += step) timestamps.push(t);
    return { labels: { instance: 'w-07:9100' }, timestamps, values: timestamps.map((t, index) => index % 7) };
  };
  const line = (id: string, centerId: string, at: number): LogLineRecord => ({
    id: id.padStart(32, '0'), centerId, timestamp: at, timestampNs: `${at}000000`, labels: { app: 'checkout' }, metadata: {},
    namespace: 'shop', pod: 'checkout-1', container: 'checkout', level: 'error', traceId: null, line: `payment authorization failed ${id}`,
  });
  const span = (traceId: string, centerId: string, at: number): SpanRecord => ({
    centerId, traceId, spanId: traceId.slice(0, 16), parentSpanId: null, service: 'checkout', operation: 'POST /orders', startMs: at, startNs: `${at}000000`,
    durationMs: 120, status: 'error', statusMessage: 'failed', kind: 'server', attributes: {}, resourceAttributes: {}, events: [],
  });
  const event = (uid: string, centerId: string, at: number): KubeEventRecord => ({
    centerId, uid, namespace: 'shop', involvedKind: 'Pod', involvedName: 'checkout-1', reason: 'BackOff', message: 'Back-off', type: 'Warning', count: 1, firstSeen: at, lastSeen: at, source: 'kubelet',
  });
  for (const centerId of ['seoul-dc', 'ohio-region']) {
    cache.writeSeries(centerId, 'node_memory_MemAvailable_bytes', [samples(outside - 3 * 3_600_000, now)]);
    cache.logs.insert(centerId, [line(`${centerId}-in`.replace(/[^0-9a-f]/g, 'a'), centerId, inside + minute), line(`${centerId}-out`.replace(/[^0-9a-f]/g, 'b'), centerId, outside)]);
    cache.spans.insert(centerId, { summaries: [], spans: [span((centerId === 'seoul-dc' ? '1' : '2').repeat(32), centerId, inside + 2 * minute), span((centerId === 'seoul-dc' ? '3' : '4').repeat(32), centerId, outside)] });
    cache.replaceInventory(centerId, { nodes: [], pods: [], containers: [], events: [event(`${centerId}-in`, centerId, inside + 3 * minute), event(`${centerId}-out`, centerId, outside)] }, now);
  }
  const window = { fromMs: inside - 30 * minute, toMs: inside + 30 * minute };
  const incident = incidents.create({ title: 'Pinned', severity: 'high', centerIds: ['seoul-dc'], services: [], window, origin: { type: 'manual' } });
  const before = incidents.windowRecords(incident.id);
  assert.equal(before.series[0]!.timestamps.length, (window.toMs - window.fromMs) / step + 1);
  assert.deepEqual(before.logs.map((record) => record.timestamp), [inside + minute]);
  assert.deepEqual(before.spans.map((record) => record.traceId), ['1'.repeat(32)]);
  assert.deepEqual(before.events.map((record) => record.uid), ['seoul-dc-in']);

  const report = retention.run({ maxAgeMs: 0, maxBytes: 1 }, now);
  assert.ok(report.evictedBlocks > 0 && report.evictedLogLines === 3 && report.evictedSpans === 3 && report.evictedEvents === 3, JSON.stringify(report));
  const afterRun = incidents.windowRecords(incident.id);
  assert.deepEqual(afterRun.series, before.series, "the window's samples are intact");
  assert.deepEqual(afterRun.logs, before.logs);
  assert.deepEqual(afterRun.spans, before.spans);
  assert.deepEqual(afterRun.events, before.events);
  assert.deepEqual(cache.readSeries('ohio-region', 'node_memory_MemAvailable_bytes', { from: 0, to: now }), [], 'the same window of an unpinned center is gone');
  assert.equal(cache.logs.count(), 1, 'only the pinned line is left');
  assert.deepEqual(cache.spans.trace('2'.repeat(32)), []);
  const outsideSamples = cache.readSeries('seoul-dc', 'node_memory_MemAvailable_bytes', { from: 0, to: window.fromMs - 2 * 3_600_000 });
  assert.deepEqual(outsideSamples, [], 'outside the window (beyond its blocks) nothing of the pinned center is left');

  incidents.delete(incident.id);
  retention.run({ maxAgeMs: 0, maxBytes: 1 }, now);
  assert.equal(cache.logs.count(), 0, 'once the incident is gone, so is its window');
  assert.deepEqual(cache.listEvents({ centerIds: [], limit: 10 }), []);
});
