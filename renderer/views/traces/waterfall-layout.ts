import type { SpanRecord } from '../../../shared/domain/traces.ts';

export interface TraceTimingLike {
  rootSpanId: string | null;
  pathSpanIds: readonly string[];
  selfMs: Readonly<Record<string, number>>;
}

export interface WaterfallRow {
  span: SpanRecord;
  /** 0 for a root (or a span whose parent is missing); children one deeper. */
  depth: number;
  /** Start relative to the trace's first span, ms. */
  offsetMs: number;
  /** Bar position and size as percentages of the trace's extent (0..100). */
  leftPct: number;
  widthPct: number;
  selfMs: number;
  critical: boolean;
}

export interface WaterfallLayout {
  rows: WaterfallRow[];
  startMs: number;
  /** From the first span's start to the last span's end. */
  totalMs: number;
}

function byStart(a: SpanRecord, b: SpanRecord): number {
  return a.startMs - b.startMs || a.spanId.localeCompare(b.spanId);
}

/**
 * Spans in depth-first order (children after their parent, siblings by start), each with its depth and
 * its bar relative to the whole trace. Spans whose parent is not in the trace become roots; a cycle
 * (a corrupt trace) cannot loop because every span is placed once.
 */
export function layoutWaterfall(spans: readonly SpanRecord[], timing?: TraceTimingLike): WaterfallLayout {
  if (spans.length === 0) return { rows: [], startMs: 0, totalMs: 0 };
  const startMs = Math.min(...spans.map((span) => span.startMs));
  const endMs = Math.max(...spans.map((span) => span.startMs + span.durationMs));
  const totalMs = Math.max(0, endMs - startMs);
  const ids = new Set(spans.map((span) => span.spanId));
  const children = new Map<string, SpanRecord[]>();
  const roots: SpanRecord[] = [];
  for (const span of spans) {
    if (span.parentSpanId !== null && span.parentSpanId !== span.spanId && ids.has(span.parentSpanId)) {
      const list = children.get(span.parentSpanId) ?? [];
      list.push(span);
      children.set(span.parentSpanId, list);
    } else {
      roots.push(span);
    }
  }
  roots.sort((a, b) => {
    // The analysed root first, then by start.
    if (timing?.rootSpanId === a.spanId) return -1;
    if (timing?.rootSpanId === b.spanId) return 1;
    return byStart(a, b);
  });
  for (const list of children.values()) list.sort(byStart);

  const critical = new Set(timing?.pathSpanIds ?? []);
  const placed = new Set<string>();
  const rows: WaterfallRow[] = [];
  const place = (span: SpanRecord, depth: number) => {
    if (placed.has(span.spanId)) return;
    placed.add(span.spanId);
    const offsetMs = span.startMs - startMs;
    rows.push({
      span,
      depth,
      offsetMs,
      leftPct: totalMs > 0 ? (offsetMs / totalMs) * 100 : 0,
      widthPct: totalMs > 0 ? (span.durationMs / totalMs) * 100 : 100,
      selfMs: timing?.selfMs[span.spanId] ?? span.durationMs,
      critical: critical.has(span.spanId),
    });
    for (const child of children.get(span.spanId) ?? []) place(child, depth + 1);
  };
  for (const root of roots) place(root, 0);
  // Spans only reachable through a cycle: show them flat rather than lose them.
  for (const span of [...spans].sort(byStart)) place(span, 0);
  return { rows, startMs, totalMs };
}

/** "850 µs", "12.3 ms", "1.24 s". */
export function formatDuration(ms: number): string {
  if (ms < 1) return `${Math.round(ms * 1000)} µs`;
  if (ms < 1000) return `${ms < 10 ? ms.toFixed(2) : ms < 100 ? ms.toFixed(1) : Math.round(ms)} ms`;
  return `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;
}
