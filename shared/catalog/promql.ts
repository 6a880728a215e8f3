/**
 * The PromQL catalog: the queries OpsDesk runs for its node, pod and container panels.
 * Metric names are those of node_exporter, cAdvisor (kubelet) and kube-state-metrics.
 * Every query aggregates by the labels that identify its target, so one query covers all
 * targets of a center and the cache can answer any target's panel offline.
 */

export type TargetKind = 'node' | 'pod' | 'container';

export type PanelUnit = 'cores' | 'bytes' | 'bytes/s' | 'count' | 'ratio';

export interface PanelDefinition {
  id: PanelId;
  target: TargetKind;
  title: string;
  unit: PanelUnit;
  query: string;
  /** Labels that identify the target in the query's result. */
  identity: readonly string[];
}

const containerSelector = 'container!="",container!="POD"';

export const promqlCatalog = {
  'node.cpu': {
    target: 'node',
    title: 'CPU busy',
    unit: 'ratio',
    query: '1 - avg by (instance) (rate(node_cpu_seconds_total{mode="idle"}[5m]))',
    identity: ['instance'],
  },
  'node.memory': {
    target: 'node',
    title: 'Memory used',
    unit: 'bytes',
    query: 'node_memory_MemTotal_bytes - node_memory_MemAvailable_bytes',
    identity: ['instance'],
  },
  'node.network': {
    target: 'node',
    title: 'Network received',
    unit: 'bytes/s',
    query: 'sum by (instance) (rate(node_network_receive_bytes_total{device!="lo"}[5m]))',
    identity: ['instance'],
  },
  'node.disk': {
    target: 'node',
    title: 'Root filesystem used',
    unit: 'bytes',
    query: 'sum by (instance) (node_filesystem_size_bytes{mountpoint="/"} - node_filesystem_avail_bytes{mountpoint="/"})',
    identity: ['instance'],
  },
  'pod.cpu': {
    target: 'pod',
    title: 'CPU',
    unit: 'cores',
    query: `sum by (namespace, pod) (rate(container_cpu_usage_seconds_total{${containerSelector}}[5m]))`,
    identity: ['namespace', 'pod'],
  },
  'pod.memory': {
    target: 'pod',
    title: 'Memory working set',
    unit: 'bytes',
    query: `sum by (namespace, pod) (container_memory_working_set_bytes{${containerSelector}})`,
    identity: ['namespace', 'pod'],
  },
  'pod.network': {
    target: 'pod',
    title: 'Network received',
    unit: 'bytes/s',
    query: 'sum by (namespace, pod) (rate(container_network_receive_bytes_total[5m]))',
    identity: ['namespace', 'pod'],
  },
  'pod.restarts': {
    target: 'pod',
    title: 'Restarts',
    unit: 'count',
    query: 'sum by (namespace, pod) (kube_pod_container_status_restarts_total)',
    identity: ['namespace', 'pod'],
  },
  'container.cpu': {
    target: 'container',
    title: 'CPU',
    unit: 'cores',
    query: `sum by (namespace, pod, container) (rate(container_cpu_usage_seconds_total{${containerSelector}}[5m]))`,
    identity: ['namespace', 'pod', 'container'],
  },
  'container.memory': {
    target: 'container',
    title: 'Memory working set',
    unit: 'bytes',
    query: `sum by (namespace, pod, container) (container_memory_working_set_bytes{${containerSelector}})`,
    identity: ['namespace', 'pod', 'container'],
  },
  'container.restarts': {
    target: 'container',
    title: 'Restarts',
    unit: 'count',
    query: 'sum by (namespace, pod, container) (kube_pod_container_status_restarts_total)',
    identity: ['namespace', 'pod', 'container'],
  },
} as const satisfies Record<string, Omit<PanelDefinition, 'id'>>;

export type PanelId = keyof typeof promqlCatalog;

export const panelIds = Object.keys(promqlCatalog) as PanelId[];

export function panel(id: PanelId): PanelDefinition {
  return { id, ...promqlCatalog[id] };
}

export function panelsFor(target: TargetKind): PanelDefinition[] {
  return panelIds.map(panel).filter((definition) => definition.target === target);
}

/** node_exporter's `instance` is host:port; the host part names the node (or its IP). */
export function instanceHost(instance: string): string {
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(instance);
  if (bracketed) return bracketed[1]!;
  const colon = instance.lastIndexOf(':');
  return colon > 0 && /^\d+$/.test(instance.slice(colon + 1)) ? instance.slice(0, colon) : instance;
}

export interface PanelTarget {
  kind: TargetKind;
  name: string;
  namespace?: string;
  pod?: string;
  /** Node IP, matched against `instance` when exporters are scraped by address. */
  address?: string | null;
}

/** Does a cached series (labels of a catalog query result) belong to the target? */
export function seriesMatchesTarget(labels: Record<string, string>, target: PanelTarget): boolean {
  switch (target.kind) {
    case 'node': {
      const host = instanceHost(labels.instance ?? '');
      return host === target.name || (target.address != null && host === target.address);
    }
    case 'pod':
      return labels.namespace === target.namespace && labels.pod === target.name;
    case 'container':
      return labels.namespace === target.namespace && labels.pod === target.pod && labels.container === target.name;
  }
}
