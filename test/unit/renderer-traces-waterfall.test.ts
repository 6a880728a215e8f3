import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { SpanRecord } from '../../shared/domain/traces.ts';
import { formatDuration, layoutWaterfall } from '../../renderer/views/traces/waterfall-layout.ts';

function span(id: string, parent: string | null, startMs: number, durationMs: number, status: SpanRecord['status'] = 'ok'): SpanRecord {
  return {
    centerId: 'seoul-dc',
    traceId: 'a'.repeat(32),
    spanId: id.padStart(16, '0'),
    parentSpanId: parent === null ? null : parent.padStart(16, '0'),
    service: `svc-${id}`,
    operation: `op-${id}`,
    startMs,
    startNs: String(startMs * 1_000_000),
    durationMs,
    status,
    statusMessage: null,
    kind: 'server',
    attributes: {},
    resourceAttributes: {},
    events: [],
  };
}

const id = (short: string) => short.padStart(16, '0');

test('orders spans depth first with siblings by start and computes depth', () => {
  const spans = [span('4', '2', 1030, 10), span('3', '1', 1060, 40, 'error'), span('2', '1', 1010, 40), span('1', null, 1000, 100)];
  const { rows, startMs, totalMs } = layoutWaterfall(spans);
  assert.equal(startMs, 1000);
  assert.equal(totalMs, 100);
  assert.deepEqual(
    rows.map((row) => [row.span.spanId, row.depth]),
    [
      [id('1'), 0],
      [id('2'), 1],
      [id('4'), 2],
      [id('3'), 1],
    ],
  );
});

test('positions bars relative to the whole trace', () => {
  const { rows } = layoutWaterfall([span('1', null, 1000, 200), span('2', '1', 1050, 100)]);
  const child = rows[1];
  assert.ok(child);
  assert.equal(child.offsetMs, 50);
  assert.equal(child.leftPct, 25);
  assert.equal(child.widthPct, 50);
  assert.equal(rows[0]?.leftPct, 0);
  assert.equal(rows[0]?.widthPct, 100);
});

test('a child ending after its parent widens the trace extent', () => {
  const { totalMs, rows } = layoutWaterfall([span('1', null, 0, 50), span('2', '1', 40, 60)]);
  assert.equal(totalMs, 100);
  assert.equal(rows[0]?.widthPct, 50);
  assert.equal(rows[1]?.leftPct, 40);
});

test('marks critical-path spans and takes self time from the timing', () => {
  const spans = [span('1', null, 0, 100), span('2', '1', 10, 80), span('3', '1', 5, 5)];
  const { rows } = layoutWaterfall(spans, { rootSpanId: id('1'), pathSpanIds: [id('1'), id('2')], selfMs: { [id('1')]: 15, [id('2')]: 80 } });
  const byId = new Map(rows.map((row) => [row.span.spanId, row]));
  assert.equal(byId.get(id('1'))?.critical, true);
  assert.equal(byId.get(id('2'))?.critical, true);
  assert.equal(byId.get(id('3'))?.critical, false);
  assert.equal(byId.get(id('1'))?.selfMs, 15);
  // Without timing for a span, self time falls back to its duration.
  assert.equal(byId.get(id('3'))?.selfMs, 5);
});

test('spans whose parent is missing become roots; the analysed root comes first', () => {
  const spans = [span('9', 'f', 0, 10), span('1', null, 5, 100), span('2', '1', 6, 10)];
  const { rows } = layoutWaterfall(spans, { rootSpanId: id('1'), pathSpanIds: [], selfMs: {} });
  assert.deepEqual(
    rows.map((row) => [row.span.spanId, row.depth]),
    [
      [id('1'), 0],
      [id('2'), 1],
      [id('9'), 0],
    ],
  );
});

test('a parent cycle does not loop and loses no span', () => {
  const spans = [span('1', '2', 0, 10), span('2', '1', 1, 10)];
  const { rows } = layoutWaterfall(spans);
  assert.equal(rows.length, 2);
  assert.ok(rows.every((row) => row.depth === 0 || row.depth === 1));
});

test('an empty trace and a zero-length trace lay out safely', () => {
  assert.deepEqual(layoutWaterfall([]), { rows: [], startMs: 0, totalMs: 0 });
  const { rows } = layoutWaterfall([span('1', null, 10, 0)]);
  assert.equal(rows[0]?.leftPct, 0);
  assert.equal(rows[0]?.widthPct, 100);
});

test('formats durations across units', () => {
  assert.equal(formatDuration(0.25), '250 µs');
  assert.equal(formatDuration(3.456), '3.46 ms');
  assert.equal(formatDuration(42.34), '42.3 ms');
  assert.equal(formatDuration(420.4), '420 ms');
  assert.equal(formatDuration(1234), '1.23 s');
});
