import type { ServiceHealth } from './service-health-schema.ts';

export type { ServiceHealth } from './service-health-schema.ts';

/** What one request to a service looks like in the cache: its server (or root) span. */
export interface ServiceRequestSample {
  centerId: string;
  service: string;
  namespace: string | null;
  durationMs: number;
  error: boolean;
}

export interface ServiceHealthContext {
  fromMs: number;
  toMs: number;
  /** Error-level log lines per `center/namespace`. */
  errorLogLines: ReadonlyMap<string, number>;
  /** Active alerts as labels. */
  activeAlerts: ReadonlyArray<{ centerId: string; labels: Record<string, string> }>;
}

/** Nearest-rank percentile of ascending values. */
export function percentile(sortedAscending: readonly number[], fraction: number): number | null {
  if (sortedAscending.length === 0) return null;
  const rank = Math.max(1, Math.ceil(fraction * sortedAscending.length));
  return sortedAscending[Math.min(rank, sortedAscending.length) - 1] ?? null;
}

/** Availability, error rate and latency per center and service, sorted by lowest availability first. */
export function summarizeServiceHealth(samples: readonly ServiceRequestSample[], context: ServiceHealthContext): ServiceHealth[] {
  const groups = new Map<string, ServiceRequestSample[]>();
  for (const sample of samples) {
    const key = `${sample.centerId}\u0000${sample.service}`;
    const group = groups.get(key);
    if (group) group.push(sample);
    else groups.set(key, [sample]);
  }
  const result: ServiceHealth[] = [];
  for (const group of groups.values()) {
    const first = group[0]!;
    const namespaceCounts = new Map<string, number>();
    for (const sample of group) if (sample.namespace !== null) namespaceCounts.set(sample.namespace, (namespaceCounts.get(sample.namespace) ?? 0) + 1);
    const namespace = [...namespaceCounts.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0]?.[0] ?? null;
    const durations = group.map((sample) => sample.durationMs).sort((a, b) => a - b);
    const errors = group.filter((sample) => sample.error).length;
    const errorRate = errors / group.length;
    const activeAlerts = context.activeAlerts.filter(
      (alert) => alert.centerId === first.centerId && (alert.labels.service === first.service || alert.labels.job === first.service || (namespace !== null && alert.labels.namespace === namespace)),
    ).length;
    result.push({
      centerId: first.centerId,
      service: first.service,
      namespace,
      requests: group.length,
      errors,
      errorRate,
      availability: 1 - errorRate,
      latencyP50Ms: percentile(durations, 0.5),
      latencyP95Ms: percentile(durations, 0.95),
      latencyP99Ms: percentile(durations, 0.99),
      errorLogLines: namespace === null ? null : (context.errorLogLines.get(`${first.centerId}/${namespace}`) ?? 0),
      activeAlerts,
      fromMs: context.fromMs,
      toMs: context.toMs,
    });
  }
  return result.sort((a, b) => (a.availability ?? 1) - (b.availability ?? 1) || a.centerId.localeCompare(b.centerId) || a.service.localeCompare(b.service));
}
