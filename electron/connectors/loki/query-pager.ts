import type { LogLineRecord } from '../../../shared/domain/logs.ts';
import { addNanos, compareNanos, msToNanos } from '../otlp/nanoseconds.ts';

/**
 * Paging a Loki range query past `limit`.
 *
 * Loki answers at most `limit` lines per request: the earliest ones for `direction=forward`, the
 * latest for `backward`; `start` is inclusive, `end` exclusive. When a page comes back full:
 * - forward: the next request starts at the page's last (greatest) timestamp;
 * - backward: the next request ends one nanosecond after the page's last (smallest) timestamp,
 *   since `end` is exclusive (what logcli does);
 * so lines sharing the boundary timestamp are asked for again and the ones already held are
 * dropped by id. Nothing at the boundary is lost and nothing is kept twice.
 *
 * More than `limit` lines at one nanosecond would make the same request forever: the page size is
 * doubled up to `maxPageLimit` (Loki's `max_entries_limit_per_query`, 5,000 by default), and if
 * even that is not enough the timestamp is stepped over with a warning naming it.
 *
 * Ranges longer than `maxSpanMs` (one day) are split into consecutive sub-ranges, walked in the
 * query's direction: Loki refuses long ranges (`max_query_length`) and splits them internally anyway.
 */

export type LokiDirection = 'forward' | 'backward';

export interface PageRequest {
  /** Inclusive, nanoseconds. */
  startNs: string;
  /** Exclusive, nanoseconds. */
  endNs: string;
  limit: number;
}

export interface PagedQueryPlan {
  /** Epoch ms, inclusive. */
  fromMs: number;
  /** Epoch ms, inclusive: lines stamped anywhere within this millisecond are included. */
  toMs: number;
  direction: LokiDirection;
  pageLimit: number;
  maxPageLimit: number;
  /** Stop after this many lines; the result is then incomplete. */
  maxLines: number;
  maxSpanMs: number;
}

export interface PagedQueryResult {
  /** In the query's direction: oldest first for forward, newest first for backward. */
  lines: LogLineRecord[];
  /** False when maxLines stopped the query before the range was exhausted. */
  complete: boolean;
  requests: number;
  warnings: string[];
}

export const oneDayMs = 86_400_000;

/** Consecutive half-open ranges [startMs, endMs) of at most `spanMs`, covering [fromMs, toMsExclusive). */
export function splitRange(fromMs: number, toMsExclusive: number, spanMs: number): Array<{ startMs: number; endMs: number }> {
  const ranges: Array<{ startMs: number; endMs: number }> = [];
  for (let start = fromMs; start < toMsExclusive; start += spanMs) ranges.push({ startMs: start, endMs: Math.min(start + spanMs, toMsExclusive) });
  return ranges;
}

export async function collectPages(plan: PagedQueryPlan, fetchPage: (request: PageRequest) => Promise<LogLineRecord[]>): Promise<PagedQueryResult> {
  const forward = plan.direction === 'forward';
  const chunks = splitRange(plan.fromMs, plan.toMs + 1, plan.maxSpanMs);
  if (!forward) chunks.reverse();
  const seen = new Set<string>();
  const lines: LogLineRecord[] = [];
  const warnings: string[] = [];
  let requests = 0;
  let complete = true;

  chunks: for (const chunk of chunks) {
    let startNs = msToNanos(chunk.startMs);
    let endNs = msToNanos(chunk.endMs);
    let limit = plan.pageLimit;
    while (compareNanos(startNs, endNs) < 0) {
      if (lines.length >= plan.maxLines) {
        complete = false;
        break chunks;
      }
      const page = await fetchPage({ startNs, endNs, limit });
      requests++;
      let boundary: string | null = null;
      for (const line of page) {
        if (boundary === null || (forward ? compareNanos(line.timestampNs, boundary) > 0 : compareNanos(line.timestampNs, boundary) < 0)) boundary = line.timestampNs;
        if (seen.has(line.id)) continue;
        seen.add(line.id);
        lines.push(line);
      }
      if (page.length < limit || boundary === null) break;
      const nextStart = forward ? boundary : startNs;
      const nextEnd = forward ? endNs : addNanos(boundary, 1);
      if (nextStart === startNs && nextEnd === endNs) {
        // The whole page sits on one timestamp at the window's edge: asking again would return it again.
        if (limit < plan.maxPageLimit) {
          limit = Math.min(limit * 2, plan.maxPageLimit);
          continue;
        }
        warnings.push(`at least ${limit} lines share the timestamp ${boundary} ns; lines beyond the first ${limit} at that instant may be missing`);
        if (forward) startNs = addNanos(boundary, 1);
        else endNs = boundary;
      } else {
        startNs = nextStart;
        endNs = nextEnd;
      }
      limit = plan.pageLimit;
    }
  }

  const order = forward ? 1 : -1;
  const sorted = lines
    .map((line, index) => ({ line, index }))
    .sort((a, b) => order * compareNanos(a.line.timestampNs, b.line.timestampNs) || a.index - b.index)
    .map((entry) => entry.line);
  if (sorted.length > plan.maxLines) {
    sorted.length = plan.maxLines;
    complete = false;
  }
  return { lines: sorted, complete, requests, warnings };
}
