import { summarizeServiceHealth, type ServiceRequestSample } from '../../../shared/analysis/service-health.ts';
import type { ServiceHealth } from '../../../shared/analysis/service-health-schema.ts';
import type { CacheService } from '../cache/cache-service.ts';

function inList(column: string, values: readonly string[]): { sql: string; params: string[] } {
  return values.length === 0 ? { sql: '1 = 1', params: [] } : { sql: `${column} IN (${values.map(() => '?').join(', ')})`, params: [...values] };
}

/**
 * Service health from the cache: one request per server span (or root span when the instrumentation
 * marks no kind), an error per span with status error; error log lines per namespace; active alerts.
 */
export function readServiceHealth(cache: CacheService, centerIds: readonly string[], fromMs: number, toMs: number, now: number): ServiceHealth[] {
  const centers = inList('center_id', centerIds);
  const samples = (
    cache.db
      .prepare(
        `SELECT center_id AS centerId, service, json_extract(resource_json, '$."k8s.namespace.name"') AS namespace, duration_ms AS durationMs, status
         FROM spans WHERE ${centers.sql} AND start_ms >= ? AND start_ms <= ? AND (kind = 'server' OR parent_span_id IS NULL)`,
      )
      .all(...centers.params, fromMs, toMs) as Array<{ centerId: string; service: string; namespace: string | null; durationMs: number; status: string }>
  ).map((row): ServiceRequestSample => ({ centerId: row.centerId, service: row.service, namespace: row.namespace, durationMs: row.durationMs, error: row.status === 'error' }));
  const errorLogLines = new Map<string, number>();
  const logRows = cache.db
    .prepare(
      `SELECT center_id AS centerId, namespace, COUNT(*) AS lines FROM log_lines
       WHERE ${centers.sql} AND timestamp_ms >= ? AND timestamp_ms <= ? AND level = 'error' AND namespace IS NOT NULL GROUP BY center_id, namespace`,
    )
    .all(...centers.params, fromMs, toMs) as Array<{ centerId: string; namespace: string; lines: number }>;
  for (const row of logRows) errorLogLines.set(`${row.centerId}/${row.namespace}`, row.lines);
  const activeAlerts = cache
    .listAlerts({ centerIds: [...centerIds] })
    .filter((alert) => alert.state === 'active' && (alert.endsAt === null || alert.endsAt > now));
  return summarizeServiceHealth(samples, { fromMs, toMs, errorLogLines, activeAlerts });
}
