import type { PanelTargetKey } from '../data/query-keys.ts';
import type { LogsFilter } from '../state/ui-store.ts';

/**
 * Which logs a chart's selected time range leads to: a pod's (or a container's) own lines; for a
 * node, the lines that name it (log search has no node field: kubelet and event lines carry it).
 */
export function logsForChartRange(target: PanelTargetKey): { filter: Partial<LogsFilter>; label: string } | null {
  switch (target.kind) {
    case 'pod':
      return target.namespace ? { filter: { namespace: target.namespace, pod: target.name }, label: `pod ${target.name}` } : null;
    case 'container':
      return target.namespace && target.pod
        ? { filter: { namespace: target.namespace, pod: target.pod, container: target.name }, label: `container ${target.name}` }
        : null;
    case 'node':
      return target.name ? { filter: { text: target.name }, label: `node ${target.name}` } : null;
  }
}
