import type { PanelId } from '../../shared/catalog/promql.ts';
import type { TimeRangeInput } from '../../shared/time/range.ts';

export interface PanelTargetKey {
  kind: 'node' | 'pod' | 'container';
  name: string;
  namespace?: string;
  pod?: string;
  address?: string | null;
}

export interface LogsSearchKey {
  range: TimeRangeInput;
  text?: string;
  levels?: readonly string[];
  namespace?: string;
  pod?: string;
  container?: string;
  limit: number;
}

export interface TracesSearchKey {
  range: TimeRangeInput;
  service?: string;
  operation?: string;
  minDurationMs?: number;
  errorsOnly?: boolean;
}

/** Key factories, one per resource; the first element names the resource for invalidation. */
export const queryKeys = {
  appInfo: () => ['app', 'info'] as const,
  centers: () => ['centers', 'list'] as const,
  /** The config file behind the registry: its centers and problems. */
  centersConfig: () => ['centers', 'config'] as const,
  secretsStatus: () => ['secrets', 'status'] as const,
  authSessions: () => ['auth', 'sessions'] as const,
  syncStatus: () => ['sync', 'status'] as const,
  inventory: {
    all: () => ['inventory'] as const,
    nodes: (centerIds: readonly string[]) => ['inventory', 'nodes', { centerIds }] as const,
    pods: (centerIds: readonly string[], filter: { namespace?: string; nodeName?: string } = {}) =>
      ['inventory', 'pods', { centerIds, ...filter }] as const,
    containers: (centerIds: readonly string[], filter: { namespace?: string; podName?: string } = {}) =>
      ['inventory', 'containers', { centerIds, ...filter }] as const,
  },
  events: {
    all: () => ['events'] as const,
    list: (centerIds: readonly string[], filter: { namespace?: string; involvedName?: string; limit?: number } = {}) =>
      ['events', 'list', { centerIds, ...filter }] as const,
  },
  logs: {
    all: () => ['logs'] as const,
    search: (centerIds: readonly string[], params: LogsSearchKey) => ['logs', 'search', { centerIds, ...params }] as const,
    around: (lineId: string, count: number) => ['logs', 'around', { lineId, count }] as const,
  },
  traces: {
    all: () => ['traces'] as const,
    search: (centerIds: readonly string[], params: TracesSearchKey) => ['traces', 'search', { centerIds, ...params }] as const,
    services: (centerIds: readonly string[]) => ['traces', 'services', { centerIds }] as const,
    get: (traceId: string) => ['traces', 'get', { traceId }] as const,
  },
  incidents: {
    all: () => ['incidents'] as const,
    list: () => ['incidents', 'list'] as const,
    detail: (id: string) => ['incidents', 'detail', { id }] as const,
  },
  alerts: {
    all: () => ['alerts'] as const,
    list: (centerIds: readonly string[]) => ['alerts', 'list', { centerIds }] as const,
  },
  series: {
    all: () => ['series'] as const,
    panel: (centerId: string, panel: PanelId, target: PanelTargetKey, range: TimeRangeInput) =>
      ['series', 'panel', { centerId, panel, target, range }] as const,
  },
};

/** Fresh-for times: pushes keep these current, so refetching on focus is rarely needed. */
export const staleTimes = {
  appInfo: Infinity,
  centers: 5 * 60_000,
  centersConfig: 5 * 60_000,
  secretsStatus: 5 * 60_000,
  authSessions: 60_000,
  syncStatus: 15_000,
  inventory: 30_000,
  events: 30_000,
  series: 30_000,
  logs: 15_000,
  traces: 30_000,
  incidents: 30_000,
  alerts: 30_000,
} as const;

/** Does a query key (inventory/events/series) cover this center? Empty centerIds means all. */
export function keyCoversCenter(key: readonly unknown[], centerId: string): boolean {
  const params = key[2];
  if (typeof params !== 'object' || params === null) return true;
  const record = params as { centerIds?: unknown; centerId?: unknown };
  if (typeof record.centerId === 'string') return record.centerId === centerId;
  if (Array.isArray(record.centerIds)) return record.centerIds.length === 0 || record.centerIds.includes(centerId);
  return true;
}
