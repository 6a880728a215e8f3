import type { ScopeLookups } from '../../handlers/scope-guard.ts';
import type { CacheDatabase } from '../cache/database.ts';

/** The few cache reads the scope guard needs to place a log line, a trace or a service in a namespace. */
export function cacheScopeLookups(db: CacheDatabase): ScopeLookups {
  const logLine = db.prepare('SELECT center_id AS centerId, namespace FROM log_lines WHERE id = ?');
  const traceSpans = db.prepare(
    `SELECT center_id AS centerId, json_extract(resource_json, '$."k8s.namespace.name"') AS namespace FROM spans WHERE trace_id = ?`,
  );
  return {
    logLine: (lineId) => (logLine.get(lineId) as { centerId: string; namespace: string | null } | undefined) ?? null,
    traceSpans: (traceId) => traceSpans.all(traceId) as Array<{ centerId: string; namespace: string | null }>,
    servicesIn: (centerIds, namespaces) => {
      if (namespaces.length === 0) return [];
      const conditions = [`json_extract(resource_json, '$."k8s.namespace.name"') IN (${namespaces.map(() => '?').join(', ')})`];
      const params: string[] = [...namespaces];
      if (centerIds.length > 0) {
        conditions.push(`center_id IN (${centerIds.map(() => '?').join(', ')})`);
        params.push(...centerIds);
      }
      return db.prepare(`SELECT DISTINCT service FROM spans WHERE ${conditions.join(' AND ')} ORDER BY service`).pluck().all(...params) as string[];
    },
  };
}
