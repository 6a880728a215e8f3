import type { SpanEvent, SpanKind, SpanRecord, SpanStatus, TraceSummary } from '../../../shared/domain/traces.ts';
import { groupSpansByTrace, summarizeTrace } from '../../connectors/otlp/trace-summary.ts';
import type { CacheDatabase } from './database.ts';

/**
 * Spans and trace summaries in the cache (tables of migration 0004).
 *
 * - Spans are upserted by (center, trace, span): pulling the same trace twice changes nothing.
 * - A trace whose spans arrive gets its summary recomputed from every span cached for it, so a
 *   summary always agrees with the waterfall. A summary that arrives without spans (a Tempo search
 *   hit not fetched in full) is stored as reported, unless spans of that trace are already cached.
 */

export interface TraceSearch {
  /** Empty means every center. */
  centerIds: readonly string[];
  /** Trace start, epoch ms, inclusive. */
  fromMs: number;
  toMs: number;
  /** The trace touches this service. */
  service?: string | undefined;
  /** The trace has a span with this name (of `service`, when given). */
  operation?: string | undefined;
  minDurationMs?: number | undefined;
  errorsOnly?: boolean | undefined;
  limit: number;
}

interface SpanRow {
  center_id: string;
  trace_id: string;
  span_id: string;
  parent_span_id: string | null;
  service: string;
  operation: string;
  start_ms: number;
  start_ns: string;
  duration_ms: number;
  status: string;
  status_message: string | null;
  kind: string;
  attributes_json: string;
  resource_json: string;
  events_json: string;
}

export interface TraceSummaryRow {
  trace_id: string;
  root_service: string;
  root_operation: string;
  start_ms: number;
  duration_ms: number;
  span_count: number | null;
  error_count: number | null;
  services_json: string;
}

/** SQLite's default limit on host parameters is 32766; stay far below it. */
const inListBatch = 500;

function placeholders(count: number): string {
  return Array.from({ length: count }, () => '?').join(', ');
}

function toSpan(row: SpanRow): SpanRecord {
  return {
    centerId: row.center_id,
    traceId: row.trace_id,
    spanId: row.span_id,
    parentSpanId: row.parent_span_id,
    service: row.service,
    operation: row.operation,
    startMs: row.start_ms,
    startNs: row.start_ns,
    durationMs: row.duration_ms,
    status: row.status as SpanStatus,
    statusMessage: row.status_message,
    kind: row.kind as SpanKind,
    attributes: JSON.parse(row.attributes_json) as Record<string, string>,
    resourceAttributes: JSON.parse(row.resource_json) as Record<string, string>,
    events: JSON.parse(row.events_json) as SpanEvent[],
  };
}

export function traceSummaryFromRow(row: TraceSummaryRow): TraceSummary {
  return {
    traceId: row.trace_id,
    rootService: row.root_service,
    rootOperation: row.root_operation,
    startMs: row.start_ms,
    durationMs: row.duration_ms,
    spanCount: row.span_count,
    errorCount: row.error_count,
    services: JSON.parse(row.services_json) as string[],
  };
}

/** Spans in time order; the exact nanoseconds break ties of the float ms. */
function byStart(a: SpanRecord, b: SpanRecord): number {
  if (a.startMs !== b.startMs) return a.startMs - b.startMs;
  if (a.startNs.length !== b.startNs.length) return a.startNs.length - b.startNs.length;
  return a.startNs < b.startNs ? -1 : a.startNs > b.startNs ? 1 : 0;
}

export class SpanStore {
  constructor(private readonly db: CacheDatabase) {}

  /** Upserts spans and summaries of one center in one transaction (a savepoint inside a caller's). */
  insert(centerId: string, result: { summaries: readonly TraceSummary[]; spans: readonly SpanRecord[] }): { spans: number; traces: number } {
    const upsertSpan = this.db.prepare(
      `INSERT INTO spans (center_id, trace_id, span_id, parent_span_id, service, operation, start_ms, start_ns, duration_ms,
         status, status_message, kind, attributes_json, resource_json, events_json)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (center_id, trace_id, span_id) DO UPDATE SET parent_span_id = excluded.parent_span_id, service = excluded.service,
         operation = excluded.operation, start_ms = excluded.start_ms, start_ns = excluded.start_ns, duration_ms = excluded.duration_ms,
         status = excluded.status, status_message = excluded.status_message, kind = excluded.kind,
         attributes_json = excluded.attributes_json, resource_json = excluded.resource_json, events_json = excluded.events_json`,
    );
    const upsertSummary = this.db.prepare(
      `INSERT INTO trace_summaries (center_id, trace_id, root_service, root_operation, start_ms, duration_ms, span_count, error_count, services_json)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (center_id, trace_id) DO UPDATE SET root_service = excluded.root_service, root_operation = excluded.root_operation,
         start_ms = excluded.start_ms, duration_ms = excluded.duration_ms, span_count = excluded.span_count,
         error_count = excluded.error_count, services_json = excluded.services_json`,
    );
    const hasSpans = this.db.prepare('SELECT 1 FROM spans WHERE center_id = ? AND trace_id = ? LIMIT 1').pluck();
    const spansOfTrace = this.db.prepare('SELECT * FROM spans WHERE center_id = ? AND trace_id = ?');
    const writeSummary = (summary: TraceSummary) =>
      upsertSummary.run(
        centerId,
        summary.traceId,
        summary.rootService,
        summary.rootOperation,
        summary.startMs,
        summary.durationMs,
        summary.spanCount,
        summary.errorCount,
        JSON.stringify([...summary.services].sort()),
      );

    return this.db.transaction(() => {
      const spanKeys = new Set<string>();
      for (const span of result.spans) {
        spanKeys.add(`${span.traceId}/${span.spanId}`);
        upsertSpan.run(
          centerId,
          span.traceId,
          span.spanId,
          span.parentSpanId,
          span.service,
          span.operation,
          span.startMs,
          span.startNs,
          span.durationMs,
          span.status,
          span.statusMessage,
          span.kind,
          JSON.stringify(span.attributes),
          JSON.stringify(span.resourceAttributes),
          JSON.stringify(span.events),
        );
      }
      const withSpans = new Set(groupSpansByTrace(result.spans).keys());
      for (const traceId of withSpans) {
        const stored = (spansOfTrace.all(centerId, traceId) as SpanRow[]).map(toSpan);
        writeSummary(summarizeTrace(stored));
      }
      const traces = new Set(withSpans);
      for (const summary of result.summaries) {
        traces.add(summary.traceId);
        if (withSpans.has(summary.traceId) || hasSpans.get(centerId, summary.traceId) !== undefined) continue;
        writeSummary(summary);
      }
      return { spans: spanKeys.size, traces: traces.size };
    })();
  }

  /** Summaries of the traces that match, newest first. */
  search(query: TraceSearch): TraceSummary[] {
    const conditions = ['t.start_ms >= ?', 't.start_ms <= ?'];
    const params: Array<string | number> = [query.fromMs, query.toMs];
    if (query.centerIds.length > 0) {
      conditions.unshift(`t.center_id IN (${placeholders(query.centerIds.length)})`);
      params.unshift(...query.centerIds);
    }
    if (query.service !== undefined) {
      conditions.push('(t.root_service = ? OR EXISTS (SELECT 1 FROM json_each(t.services_json) AS s WHERE s.value = ?))');
      params.push(query.service, query.service);
    }
    if (query.operation !== undefined) {
      const ofService = query.service !== undefined ? ' AND sp.service = ?' : '';
      const rootOfService = query.service !== undefined ? ' AND t.root_service = ?' : '';
      conditions.push(
        `((t.root_operation = ?${rootOfService}) OR EXISTS (SELECT 1 FROM spans AS sp WHERE sp.trace_id = t.trace_id AND sp.center_id = t.center_id AND sp.operation = ?${ofService}))`,
      );
      params.push(query.operation, ...(query.service !== undefined ? [query.service] : []), query.operation, ...(query.service !== undefined ? [query.service] : []));
    }
    if (query.minDurationMs !== undefined) {
      conditions.push('t.duration_ms >= ?');
      params.push(query.minDurationMs);
    }
    if (query.errorsOnly) conditions.push('t.error_count > 0');
    const rows = this.db
      .prepare(
        `SELECT t.trace_id, t.root_service, t.root_operation, t.start_ms, t.duration_ms, t.span_count, t.error_count, t.services_json
         FROM trace_summaries AS t WHERE ${conditions.join(' AND ')} ORDER BY t.start_ms DESC LIMIT ?`,
      )
      .all(...params, query.limit) as TraceSummaryRow[];
    return rows.map(traceSummaryFromRow);
  }

  /** Every cached span of the trace (all centers that reported it), in start order. */
  trace(traceId: string): SpanRecord[] {
    return (this.db.prepare('SELECT * FROM spans WHERE trace_id = ?').all(traceId) as SpanRow[]).map(toSpan).sort(byStart);
  }

  /** Services seen in the given centers' spans and summaries (every center when empty), sorted. */
  services(centerIds: readonly string[]): string[] {
    const found = new Set<string>();
    const batches: Array<readonly string[] | null> = [];
    if (centerIds.length === 0) batches.push(null);
    for (let index = 0; index < centerIds.length; index += inListBatch) batches.push(centerIds.slice(index, index + inListBatch));
    for (const batch of batches) {
      const where = (column: string) => (batch === null ? '' : `WHERE ${column} IN (${placeholders(batch.length)})`);
      const params = batch ?? [];
      for (const name of this.db.prepare(`SELECT DISTINCT service FROM spans ${where('center_id')}`).pluck().all(...params) as string[]) found.add(name);
      const fromSummaries = this.db
        .prepare(`SELECT DISTINCT s.value FROM trace_summaries AS t, json_each(t.services_json) AS s ${where('t.center_id')}`)
        .pluck()
        .all(...params) as string[];
      for (const name of fromSummaries) found.add(name);
    }
    return [...found].sort();
  }
}
