import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { analyzeTraceTiming, type CriticalPathSpan } from '../../electron/connectors/otlp/critical-path.ts';
import { convertTracesData } from '../../electron/connectors/otlp/otlp-json.ts';

const span = (spanId: string, parentSpanId: string | null, startMs: number, endMs: number): CriticalPathSpan => ({ spanId, parentSpanId, startMs, durationMs: endMs - startMs });

describe('a hand-checked trace', () => {
  //  A  [0 ─────────────────────────────────────────── 100]
  //  ├ B   [10 ──── 40]
  //  │ └ D    [15 ─ 35]
  //  ├ C           [30 ──────────────────── 90]      overlaps B
  //  │ ├ E              [40 ── 60]
  //  │ └ F                   [50 ──────────── 95]     outlives C: counts up to 90
  //  ├ G                                    [95 ─ 120]  outlives A: counts up to 100
  //  └ H                                          [110 ─ 130]  starts after A ended
  const trace = [
    span('A', null, 0, 100),
    span('B', 'A', 10, 40),
    span('D', 'B', 15, 35),
    span('C', 'A', 30, 90),
    span('E', 'C', 40, 60),
    span('F', 'C', 50, 95),
    span('G', 'A', 95, 120),
    span('H', 'A', 110, 130),
  ];

  test('critical path: walking back from A\'s end, the last child to finish before each point', () => {
    const analysis = analyzeTraceTiming(trace);
    assert.equal(analysis.rootSpanId, 'A');
    // 100 ← G ends at 100 (clipped); before G starts (95) the last to finish is C (90), A waits 90..95;
    // inside C the last to finish is F (clipped to 90), before F starts (50) E finished at 60: too late,
    // so C itself 30..50; before C starts (30), B finished at 40: too late, so A itself 0..30.
    assert.deepEqual(analysis.segments, [
      { spanId: 'A', startMs: 0, endMs: 30 },
      { spanId: 'C', startMs: 30, endMs: 50 },
      { spanId: 'F', startMs: 50, endMs: 90 },
      { spanId: 'A', startMs: 90, endMs: 95 },
      { spanId: 'G', startMs: 95, endMs: 100 },
    ]);
    assert.deepEqual(analysis.pathSpanIds, ['A', 'C', 'F', 'G']);
    assert.deepEqual(analysis.criticalMs, { A: 35, C: 20, F: 40, G: 5 });
  });

  test('self time: duration minus the union of direct children, overlaps counted once', () => {
    assert.deepEqual(analyzeTraceTiming(trace).selfMs, {
      A: 15, // children cover 10..90 (B ∪ C) and 95..100 (G clipped); H lies outside
      B: 10, // D covers 20 of 30
      C: 10, // E ∪ F cover 40..90 = 50 of 60 (E and F overlap 50..60)
      D: 20,
      E: 20,
      F: 45, // no children: its whole (unclipped) duration
      G: 25,
      H: 20,
    });
  });

  test('the path covers the root end to end with no gaps or overlaps', () => {
    const { segments } = analyzeTraceTiming(trace);
    assert.equal(segments[0]?.startMs, 0);
    assert.equal(segments[segments.length - 1]?.endMs, 100);
    for (let index = 1; index < segments.length; index++) assert.equal(segments[index]?.startMs, segments[index - 1]?.endMs);
  });
});

describe('edge cases', () => {
  test('sequential children hand over to each other; the parent keeps only the gaps', () => {
    const analysis = analyzeTraceTiming([span('r', null, 0, 10), span('a', 'r', 1, 4), span('b', 'r', 4, 8)]);
    assert.deepEqual(analysis.segments, [
      { spanId: 'r', startMs: 0, endMs: 1 },
      { spanId: 'a', startMs: 1, endMs: 4 },
      { spanId: 'b', startMs: 4, endMs: 8 },
      { spanId: 'r', startMs: 8, endMs: 10 },
    ]);
    assert.deepEqual(analysis.selfMs, { r: 3, a: 3, b: 4 });
  });

  test('a single span, no spans, an orphan and a parent cycle', () => {
    assert.deepEqual(analyzeTraceTiming([span('only', null, 5, 7)]).segments, [{ spanId: 'only', startMs: 5, endMs: 7 }]);
    assert.deepEqual(analyzeTraceTiming([]), { rootSpanId: null, segments: [], pathSpanIds: [], criticalMs: {}, selfMs: {} });
    // The orphan's parent is missing: the earliest root wins, the orphan is not on its path.
    assert.equal(analyzeTraceTiming([span('late-orphan', 'missing', 2, 50), span('root', null, 0, 10)]).rootSpanId, 'root');
    // x and y name each other as parents: no root among them; the walk still terminates.
    const cycle = analyzeTraceTiming([span('x', 'y', 0, 10), span('y', 'x', 1, 5), span('r', null, 0, 3)]);
    assert.equal(cycle.rootSpanId, 'r');
    assert.deepEqual(cycle.segments, [{ spanId: 'r', startMs: 0, endMs: 3 }]);
  });

  test('zero-length children do not split the parent', () => {
    const analysis = analyzeTraceTiming([span('r', null, 0, 10), span('z', 'r', 5, 5)]);
    assert.deepEqual(analysis.segments, [{ spanId: 'r', startMs: 0, endMs: 10 }]);
    assert.deepEqual(analysis.selfMs, { r: 10, z: 0 });
  });
});

test('the HotROD trace: exact nanosecond arithmetic, the path accounts for the whole root', () => {
  const body = JSON.parse(readFileSync(new URL('../fixtures/jaeger/jaeger-ui.api-v3.hotrod-trace.trimmed.json', import.meta.url), 'utf8')) as { result: unknown };
  const spans = convertTracesData(body.result, 'result', 'dc1', (path, problem) => assert.fail(`${path}: ${problem}`));
  const analysis = analyzeTraceTiming(spans);
  assert.equal(analysis.rootSpanId, 'c8d93156b47cd010');
  const total = Object.values(analysis.criticalMs).reduce((sum, value) => sum + value, 0);
  assert.ok(Math.abs(total - 702.608277) < 1e-9, `critical path sums to ${total}`);
  // customer call, then FindNearest with the redis calls (the failed GetDriver included), then the route call
  assert.deepEqual(analysis.pathSpanIds, [
    'c8d93156b47cd010',
    '9082d67808fc8870',
    '4fc89bb4bc7afb79',
    '12c2cadb3c59f584',
    '287ef456402ce2ad',
    '515f970d6a704d52',
    'bd0ab5445ccdf1dc',
    '7286f10626650bcb',
    'e6708333fe663354',
  ]);
  // Exact to the nanosecond: the customer call has no children, so all of it is self time.
  assert.equal(analysis.selfMs['9082d67808fc8870'], 261.558454);
  assert.equal(analysis.criticalMs['9082d67808fc8870'], 261.558454);
  assert.equal(analysis.segments[0]?.startMs, spans.find((record) => record.spanId === 'c8d93156b47cd010')?.startMs);
});
