/**
 * Self time and critical path of one trace. Pure (no Node imports), so the renderer can use it too
 * once it moves to shared/.
 *
 * Self time of a span: its duration minus the time covered by its direct children, children
 * clipped to the span and overlapping children counted once (the union of their intervals, not the
 * sum). A span waiting on two parallel calls of 40 ms each has 40 ms of child time, not 80.
 *
 * Critical path: the chain of work that determines when the root ends. Walking backwards from the
 * root's end, the last child to finish before the current point is on the path; its own critical
 * path is taken, then the walk continues from that child's start. Children that overlap the chosen
 * child finished earlier and did not hold the parent up, so they are skipped. Time in between
 * belongs to the parent. Children are clipped to their parent's interval first (a child that
 * outlives its parent, e.g. clock skew, counts only up to the parent's end; a fire-and-forget
 * child that starts after the parent ended is not on the path). This is the algorithm Jaeger UI
 * draws its critical path with (CRISP, Uber 2021).
 */

import { nanosToMs } from './nanoseconds.ts';

export interface CriticalPathSpan {
  spanId: string;
  parentSpanId: string | null;
  startMs: number;
  durationMs: number;
  /**
   * Exact start in nanoseconds, when known. Epoch ms as a double carries ~0.0002 ms of rounding at
   * today's timestamps; with startNs on every span, times are taken relative to the earliest start
   * so self and critical times are exact to the nanosecond.
   */
  startNs?: string;
}

export interface CriticalPathSegment {
  spanId: string;
  startMs: number;
  endMs: number;
}

export interface TraceTimingAnalysis {
  /** The span the path starts from: a span without a (known) parent, earliest start, longest on ties. */
  rootSpanId: string | null;
  /** In time order, back to back from the root's start to its end; adjacent pieces of one span merged. */
  segments: CriticalPathSegment[];
  /** Spans on the critical path, in the order they first appear on it. */
  pathSpanIds: string[];
  /** Per span: time on the critical path. */
  criticalMs: Record<string, number>;
  /** Per span: duration minus the union of its direct children (clipped to the span). */
  selfMs: Record<string, number>;
}

interface Interval {
  start: number;
  end: number;
}

/** Length of the union of intervals (each already clipped). */
function unionLength(intervals: Interval[]): number {
  const sorted = [...intervals].sort((a, b) => a.start - b.start);
  let total = 0;
  let currentStart = Number.NEGATIVE_INFINITY;
  let currentEnd = Number.NEGATIVE_INFINITY;
  for (const interval of sorted) {
    if (interval.start > currentEnd) {
      if (currentEnd > currentStart) total += currentEnd - currentStart;
      currentStart = interval.start;
      currentEnd = interval.end;
    } else if (interval.end > currentEnd) {
      currentEnd = interval.end;
    }
  }
  if (currentEnd > currentStart) total += currentEnd - currentStart;
  return total;
}

/** The part of `interval` inside `bounds`; null when they do not overlap (touching ends do not count). */
function clip(interval: Interval, bounds: Interval): Interval | null {
  if (interval.start > bounds.end || interval.end < bounds.start) return null;
  if (interval.end > interval.start && (interval.start >= bounds.end || interval.end <= bounds.start)) return null;
  return { start: Math.max(interval.start, bounds.start), end: Math.min(interval.end, bounds.end) };
}

export function chooseRoot<Span extends CriticalPathSpan>(spans: readonly Span[]): Span | null {
  const ids = new Set(spans.map((span) => span.spanId));
  let root: Span | null = null;
  for (const span of spans) {
    if (span.parentSpanId !== null && ids.has(span.parentSpanId) && span.parentSpanId !== span.spanId) continue;
    if (
      root === null ||
      span.startMs < root.startMs ||
      (span.startMs === root.startMs && span.durationMs > root.durationMs)
    ) {
      root = span;
    }
  }
  return root;
}

export function analyzeTraceTiming(spans: readonly CriticalPathSpan[]): TraceTimingAnalysis {
  const byId = new Map<string, CriticalPathSpan>();
  for (const span of spans) if (!byId.has(span.spanId)) byId.set(span.spanId, span);
  const children = new Map<string, CriticalPathSpan[]>();
  for (const span of byId.values()) {
    if (span.parentSpanId === null || span.parentSpanId === span.spanId || !byId.has(span.parentSpanId)) continue;
    const list = children.get(span.parentSpanId) ?? [];
    list.push(span);
    children.set(span.parentSpanId, list);
  }
  // Relative start times from exact nanoseconds when every span has them; absolute ms otherwise.
  const all = [...byId.values()];
  const exact = all.length > 0 && all.every((span) => span.startNs !== undefined && /^\d+$/.test(span.startNs));
  const baseNs = exact ? all.reduce((min, span) => (BigInt(span.startNs!) < min ? BigInt(span.startNs!) : min), BigInt(all[0]!.startNs!)) : 0n;
  const baseMs = exact ? nanosToMs(baseNs.toString()) : 0;
  const relativeStart = new Map(all.map((span) => [span.spanId, exact ? Number(BigInt(span.startNs!) - baseNs) / 1e6 : span.startMs]));
  const own = (span: CriticalPathSpan): Interval => {
    const start = relativeStart.get(span.spanId)!;
    return { start, end: start + Math.max(0, span.durationMs) };
  };

  const selfMs: Record<string, number> = {};
  for (const span of byId.values()) {
    const bounds = own(span);
    const covered = (children.get(span.spanId) ?? []).map((child) => clip(own(child), bounds)).filter((interval): interval is Interval => interval !== null);
    selfMs[span.spanId] = Math.max(0, bounds.end - bounds.start - unionLength(covered));
  }

  const root = chooseRoot([...byId.values()]);
  const reversed: CriticalPathSegment[] = [];
  const visited = new Set<string>();
  const push = (spanId: string, start: number, end: number) => {
    if (end > start) reversed.push({ spanId, startMs: start, endMs: end });
  };

  /** Appends the span's critical path within `bounds` to `reversed`, latest piece first. */
  const walk = (span: CriticalPathSpan, bounds: Interval): void => {
    if (visited.has(span.spanId)) return;
    visited.add(span.spanId);
    const clippedChildren = (children.get(span.spanId) ?? [])
      .map((child) => ({ child, interval: clip(own(child), bounds) }))
      .filter((entry): entry is { child: CriticalPathSpan; interval: Interval } => entry.interval !== null && !visited.has(entry.child.spanId))
      .sort((a, b) => b.interval.end - a.interval.end || b.interval.start - a.interval.start);
    let cursor = bounds.end;
    let index = 0;
    for (;;) {
      while (index < clippedChildren.length && clippedChildren[index]!.interval.end > cursor) index++;
      const next = clippedChildren[index];
      if (!next) break;
      index++;
      push(span.spanId, next.interval.end, cursor);
      walk(next.child, next.interval);
      cursor = next.interval.start;
    }
    push(span.spanId, bounds.start, cursor);
  };
  if (root) walk(root, own(root));

  const segments: CriticalPathSegment[] = [];
  const criticalMs: Record<string, number> = {};
  const pathSpanIds: string[] = [];
  for (const segment of reversed.reverse()) {
    if (!(segment.spanId in criticalMs)) {
      criticalMs[segment.spanId] = 0;
      pathSpanIds.push(segment.spanId);
    }
    criticalMs[segment.spanId]! += segment.endMs - segment.startMs;
    const last = segments[segments.length - 1];
    if (last && last.spanId === segment.spanId && last.endMs === segment.startMs) last.endMs = segment.endMs;
    else segments.push({ ...segment });
  }
  // Back to epoch ms for the segments (lengths above were taken on the relative, exact scale).
  if (exact) for (const segment of segments) {
    segment.startMs += baseMs;
    segment.endMs += baseMs;
  }
  return { rootSpanId: root?.spanId ?? null, segments, pathSpanIds, criticalMs, selfMs };
}
