import type { RecordRef } from '../../../shared/domain/incidents.ts';
import type { LogLineRecord } from '../../../shared/domain/logs.ts';
import type { AlertRecord, ContainerRecord, KubeEventRecord, NodeRecord, PodRecord } from '../../../shared/domain/records.ts';
import type { SpanRecord, TraceSummary } from '../../../shared/domain/traces.ts';
import type { Occurrence, OccurrenceSeries } from '../../../shared/timeline/burst-entries.ts';
import type { CacheService } from '../cache/cache-service.ts';
import { decodeBlock } from '../cache/series-codec.ts';
import { traceSummaryFromRow, type TraceSummaryRow } from '../cache/span-store.ts';

/** An incident's data: its centers (empty means every center) over its window, epoch ms inclusive. */
export interface WindowScope {
  centerIds: readonly string[];
  fromMs: number;
  toMs: number;
}

export interface WindowSeries {
  centerId: string;
  metric: string;
  labels: Record<string, string>;
  timestamps: number[];
  values: number[];
}

/** Everything cached for a window, as records: what an incident pack carries. */
export interface IncidentWindowRecords {
  scope: WindowScope;
  series: WindowSeries[];
  logs: LogLineRecord[];
  spans: SpanRecord[];
  traceSummaries: Array<TraceSummary & { centerId: string }>;
  events: KubeEventRecord[];
  alerts: AlertRecord[];
  /** The inventory as last synced (a snapshot, not windowed): what the refs to pods and nodes point at. */
  nodes: NodeRecord[];
  pods: PodRecord[];
  containers: ContainerRecord[];
}

function centerCondition(column: string, centerIds: readonly string[]): { sql: string; params: string[] } {
  if (centerIds.length === 0) return { sql: '1 = 1', params: [] };
  return { sql: `${column} IN (${centerIds.map(() => '?').join(', ')})`, params: [...centerIds] };
}

const podSuffix = /-[bcdfghjklmnpqrstvwxz2456789]{5}$/;
const replicaSetHash = /-[bcdfghjklmnpqrstvwxz2456789]{6,10}$/;

/** The workload a log stream belongs to: its service label, else the pod name without its generated suffixes. */
export function workloadOf(labels: Record<string, string>, pod: string | null, container: string | null): string {
  const named = labels.service_name ?? labels.app ?? labels['app.kubernetes.io/name'] ?? labels.job;
  if (named) return named;
  if (pod) return pod.replace(podSuffix, '').replace(replicaSetHash, '');
  return container ?? 'unknown';
}

/** Reads an incident's window from the cache (the live one, or an imported pack's). */
export class WindowReader {
  constructor(private readonly cache: CacheService) {}

  alerts(scope: WindowScope): AlertRecord[] {
    const centers = centerCondition('center_id', scope.centerIds);
    const rows = this.cache.db
      .prepare(`SELECT record_json FROM alerts WHERE ${centers.sql} AND starts_at <= ? AND (ends_at IS NULL OR ends_at >= ?) ORDER BY starts_at`)
      .pluck()
      .all(...centers.params, scope.toMs, scope.fromMs) as string[];
    return rows.map((json) => JSON.parse(json) as AlertRecord);
  }

  events(scope: WindowScope): KubeEventRecord[] {
    const centers = centerCondition('center_id', scope.centerIds);
    const rows = this.cache.db
      .prepare(`SELECT record_json FROM kube_events WHERE ${centers.sql} AND first_seen <= ? AND last_seen >= ? ORDER BY first_seen`)
      .pluck()
      .all(...centers.params, scope.toMs, scope.fromMs) as string[];
    return rows.map((json) => JSON.parse(json) as KubeEventRecord);
  }

  pods(scope: WindowScope): PodRecord[] {
    return this.cache.listPods({ centerIds: scope.centerIds });
  }

  containers(scope: WindowScope): ContainerRecord[] {
    return this.cache.listContainers({ centerIds: scope.centerIds });
  }

  nodes(scope: WindowScope): NodeRecord[] {
    return this.cache.listNodes({ centerIds: scope.centerIds });
  }

  /** Error lines of the window, per center and workload. */
  errorLogs(scope: WindowScope): OccurrenceSeries[] {
    const centers = centerCondition('center_id', scope.centerIds);
    const rows = this.cache.db
      .prepare(
        `SELECT id, center_id, namespace, pod, container, labels_json, timestamp_ms, trace_id FROM log_lines
         WHERE ${centers.sql} AND timestamp_ms >= ? AND timestamp_ms <= ? AND level = 'error' ORDER BY rowid`,
      )
      .all(...centers.params, scope.fromMs, scope.toMs) as Array<{
      id: string;
      center_id: string;
      namespace: string | null;
      pod: string | null;
      container: string | null;
      labels_json: string;
      timestamp_ms: number;
      trace_id: string | null;
    }>;
    // Only traces the cache holds are linked (a line may name a trace the traces source never returned).
    const cachedTraces = new Set(
      this.cache.db
        .prepare(`SELECT DISTINCT trace_id FROM spans WHERE ${centers.sql} AND start_ms >= ? AND start_ms <= ?`)
        .pluck()
        .all(...centers.params, scope.fromMs - 3_600_000, scope.toMs) as string[],
    );
    const groups = new Map<string, { centerId: string; namespace: string | null; name: string; occurrences: Occurrence[] }>();
    for (const row of rows) {
      const name = workloadOf(JSON.parse(row.labels_json) as Record<string, string>, row.pod, row.container);
      const key = `${row.center_id}\u0000${row.namespace ?? ''}\u0000${name}`;
      let group = groups.get(key);
      if (!group) groups.set(key, (group = { centerId: row.center_id, namespace: row.namespace, name, occurrences: [] }));
      group.occurrences.push({ at: row.timestamp_ms, ref: { kind: 'log-line', lineId: row.id }, traceId: row.trace_id !== null && cachedTraces.has(row.trace_id) ? row.trace_id : null });
    }
    return [...groups.values()];
  }

  /**
   * Failed traces of the window, each counted once for the service where its failure started (an
   * error span none of whose children failed; the earliest such span).
   */
  failedTraces(scope: WindowScope): OccurrenceSeries[] {
    const centers = centerCondition('center_id', scope.centerIds);
    const rows = this.cache.db
      .prepare(
        `SELECT center_id, trace_id, span_id, parent_span_id, service, start_ms FROM spans
         WHERE ${centers.sql} AND start_ms >= ? AND start_ms <= ? AND status = 'error'`,
      )
      .all(...centers.params, scope.fromMs, scope.toMs) as Array<{ center_id: string; trace_id: string; span_id: string; parent_span_id: string | null; service: string; start_ms: number }>;
    const byTrace = new Map<string, typeof rows>();
    for (const row of rows) {
      const key = `${row.center_id}\u0000${row.trace_id}`;
      const list = byTrace.get(key) ?? [];
      list.push(row);
      byTrace.set(key, list);
    }
    const groups = new Map<string, { centerId: string; namespace: null; name: string; occurrences: Occurrence[] }>();
    for (const spans of byTrace.values()) {
      const failedParents = new Set(spans.map((span) => span.parent_span_id).filter((id): id is string => id !== null));
      const origin = spans.filter((span) => !failedParents.has(span.span_id)).sort((a, b) => a.start_ms - b.start_ms)[0] ?? spans[0]!;
      const key = `${origin.center_id}\u0000${origin.service}`;
      let group = groups.get(key);
      if (!group) groups.set(key, (group = { centerId: origin.center_id, namespace: null, name: origin.service, occurrences: [] }));
      const ref: RecordRef = { kind: 'trace', traceId: origin.trace_id };
      group.occurrences.push({ at: Math.floor(Math.min(...spans.map((span) => span.start_ms))), ref, traceId: origin.trace_id });
    }
    for (const group of groups.values()) group.occurrences.sort((a, b) => a.at - b.at);
    return [...groups.values()];
  }

  /** Every record of the window, for packing. */
  records(scope: WindowScope): IncidentWindowRecords {
    const db = this.cache.db;
    const seriesCenters = centerCondition('s.center_id', scope.centerIds);
    const blocks = db
      .prepare(
        `SELECT s.id, s.center_id, s.metric, s.labels_json, b.sample_count, b.samples FROM series s JOIN series_block b ON b.series_id = s.id
         WHERE ${seriesCenters.sql} AND b.block_start <= ? AND b.block_end >= ? ORDER BY s.id, b.block_start`,
      )
      .all(...seriesCenters.params, scope.toMs, scope.fromMs) as Array<{ id: number; center_id: string; metric: string; labels_json: string; sample_count: number; samples: Buffer }>;
    const series = new Map<number, WindowSeries>();
    for (const block of blocks) {
      let entry = series.get(block.id);
      if (!entry) series.set(block.id, (entry = { centerId: block.center_id, metric: block.metric, labels: JSON.parse(block.labels_json) as Record<string, string>, timestamps: [], values: [] }));
      const decoded = decodeBlock(block.samples, block.sample_count);
      for (let index = 0; index < decoded.timestamps.length; index++) {
        const at = decoded.timestamps[index]!;
        if (at < scope.fromMs || at > scope.toMs) continue;
        entry.timestamps.push(at);
        entry.values.push(decoded.values[index]!);
      }
    }
    const logs: LogLineRecord[] = [];
    const centerIds = scope.centerIds.length > 0 ? scope.centerIds : (db.prepare('SELECT DISTINCT center_id FROM log_lines').pluck().all() as string[]);
    for (const centerId of centerIds) {
      // Pages of the log store, oldest last; then oldest first for the pack.
      let before: { timestampMs: number; rowid: number } | undefined;
      for (;;) {
        const page = this.cache.logs.search({ centerIds: [centerId], fromMs: scope.fromMs, toMs: scope.toMs, limit: 2_000, before });
        for (const { rowid: _rowid, ...line } of page) logs.push(line);
        const last = page.at(-1);
        if (page.length < 2_000 || !last) break;
        before = { timestampMs: last.timestamp, rowid: last.rowid };
      }
    }
    logs.sort((a, b) => a.timestamp - b.timestamp || (a.id < b.id ? -1 : 1));
    const spanCenters = centerCondition('center_id', scope.centerIds);
    const traceIds = db
      .prepare(`SELECT DISTINCT trace_id FROM spans WHERE ${spanCenters.sql} AND start_ms <= ? AND start_ms + duration_ms >= ?`)
      .pluck()
      .all(...spanCenters.params, scope.toMs, scope.fromMs) as string[];
    const spans = traceIds.flatMap((traceId) => this.cache.spans.trace(traceId)).filter((span) => scope.centerIds.length === 0 || scope.centerIds.includes(span.centerId));
    const summaryRows = db
      .prepare(
        `SELECT center_id, trace_id, root_service, root_operation, start_ms, duration_ms, span_count, error_count, services_json FROM trace_summaries
         WHERE ${spanCenters.sql} AND start_ms <= ? AND start_ms + duration_ms >= ? ORDER BY start_ms`,
      )
      .all(...spanCenters.params, scope.toMs, scope.fromMs) as Array<TraceSummaryRow & { center_id: string }>;
    return {
      scope,
      series: [...series.values()].filter((entry) => entry.timestamps.length > 0),
      logs,
      spans,
      traceSummaries: summaryRows.map((row) => ({ centerId: row.center_id, ...traceSummaryFromRow(row) })),
      events: this.events(scope),
      alerts: this.alerts(scope),
      nodes: this.nodes(scope),
      pods: this.pods(scope),
      containers: this.containers(scope),
    };
  }
}
