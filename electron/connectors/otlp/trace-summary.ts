import type { SpanRecord, TraceSummary } from '../../../shared/domain/traces.ts';
import { chooseRoot } from './critical-path.ts';
import { nanosToMs } from './nanoseconds.ts';

/** Spans grouped per trace id, traces in order of first appearance. */
export function groupSpansByTrace(spans: readonly SpanRecord[]): Map<string, SpanRecord[]> {
  const groups = new Map<string, SpanRecord[]>();
  for (const span of spans) {
    const group = groups.get(span.traceId);
    if (group) group.push(span);
    else groups.set(span.traceId, [span]);
  }
  return groups;
}

/**
 * A summary of one trace's spans: root = a span without a known parent (earliest, longest on ties);
 * start and duration over all spans (a child may outlive the root); errors = spans with status error.
 */
export function summarizeTrace(spans: readonly SpanRecord[]): TraceSummary {
  const first = spans[0];
  if (!first) throw new RangeError('cannot summarize a trace without spans');
  const root = chooseRoot(spans) ?? first;
  // Start and end from exact nanoseconds: ms doubles near 1.7e12 round to ~0.0002 ms.
  let startNs: bigint | null = null;
  let endNs: bigint | null = null;
  let errorCount = 0;
  const services = new Set<string>();
  for (const span of spans) {
    const start = BigInt(span.startNs);
    const end = start + BigInt(Math.round(span.durationMs * 1e6));
    if (startNs === null || start < startNs) startNs = start;
    if (endNs === null || end > endNs) endNs = end;
    if (span.status === 'error') errorCount++;
    services.add(span.service);
  }
  return {
    traceId: first.traceId,
    rootService: root.service,
    rootOperation: root.operation,
    startMs: nanosToMs(startNs!.toString()),
    durationMs: Number(endNs! - startNs!) / 1e6,
    spanCount: spans.length,
    errorCount,
    services: [...services].sort(),
  };
}

/** One summary per trace, newest first. */
export function summarizeTraces(spans: readonly SpanRecord[]): TraceSummary[] {
  return [...groupSpansByTrace(spans).values()].map(summarizeTrace).sort((a, b) => b.startMs - a.startMs);
}
