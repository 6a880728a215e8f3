import type { PanelId, PanelTarget } from '../catalog/promql.ts';
import type { TimelineEntry } from '../domain/incidents.ts';

export interface KeyChart {
  key: string;
  centerId: string;
  panel: PanelId;
  target: PanelTarget;
  label: string;
}

/**
 * The key metrics of an incident, chosen as the incident page's chart strip chooses them (so an
 * export shows the charts the reviewer saw): the nodes and pods the visible timeline cites most
 * (starred entries count double), memory and CPU of the busiest node, then memory of the busiest
 * pods and restarts of the first, at most `limit` charts.
 */
export function keyCharts(entries: readonly TimelineEntry[], limit = 4): KeyChart[] {
  const nodes = new Map<string, { centerId: string; name: string; weight: number }>();
  const pods = new Map<string, { centerId: string; namespace: string; name: string; weight: number }>();
  for (const entry of entries) {
    if (entry.hidden) continue;
    const weight = entry.starred ? 2 : 1;
    for (const ref of entry.refs) {
      if (ref.kind === 'node') {
        const key = `${ref.centerId}/${ref.name}`;
        const known = nodes.get(key) ?? { centerId: ref.centerId, name: ref.name, weight: 0 };
        known.weight += weight;
        nodes.set(key, known);
      } else if (ref.kind === 'pod') {
        const key = `${ref.centerId}/${ref.namespace}/${ref.name}`;
        const known = pods.get(key) ?? { centerId: ref.centerId, namespace: ref.namespace, name: ref.name, weight: 0 };
        known.weight += weight;
        pods.set(key, known);
      }
    }
  }
  const byWeight = <T extends { weight: number; name: string }>(a: T, b: T) => b.weight - a.weight || a.name.localeCompare(b.name);
  const charts: KeyChart[] = [];
  const topNode = [...nodes.values()].sort(byWeight)[0];
  if (topNode) {
    const target: PanelTarget = { kind: 'node', name: topNode.name };
    charts.push({ key: `node.memory/${topNode.centerId}/${topNode.name}`, centerId: topNode.centerId, panel: 'node.memory', target, label: `node ${topNode.name}` });
    charts.push({ key: `node.cpu/${topNode.centerId}/${topNode.name}`, centerId: topNode.centerId, panel: 'node.cpu', target, label: `node ${topNode.name}` });
  }
  const topPods = [...pods.values()].sort(byWeight);
  for (const pod of topPods) {
    if (charts.length >= limit) break;
    const target: PanelTarget = { kind: 'pod', name: pod.name, namespace: pod.namespace };
    charts.push({ key: `pod.memory/${pod.centerId}/${pod.namespace}/${pod.name}`, centerId: pod.centerId, panel: 'pod.memory', target, label: `pod ${pod.namespace}/${pod.name}` });
    if (charts.length < limit && pod === topPods[0]) {
      charts.push({ key: `pod.restarts/${pod.centerId}/${pod.namespace}/${pod.name}`, centerId: pod.centerId, panel: 'pod.restarts', target, label: `pod ${pod.namespace}/${pod.name}` });
    }
  }
  return charts.slice(0, limit);
}
