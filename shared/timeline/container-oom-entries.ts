import type { RecordRef } from '../domain/incidents.ts';
import type { ContainerRecord, PodRecord } from '../domain/records.ts';
import { entryId } from './entry-id.ts';
import { within, type TimelineDraft, type TimelineWindow } from './timeline-draft.ts';

const podSuffix = /-[bcdfghjklmnpqrstvwxz2456789]{5}$/;

/**
 * Clusters without a kernel monitor record no event for an OOM kill; the container status still
 * says so (last termination OOMKilled, and when). Such kills inside the window become one entry
 * per workload and container, unless the node's OOMKilling events already tell the story
 * (`coveredNodes`: "node/process" of kernel-monitor groups).
 */
export function containerOomEntries(containers: readonly ContainerRecord[], pods: readonly PodRecord[], range: TimelineWindow, coveredNodes: ReadonlySet<string>): TimelineDraft[] {
  const nodeOf = new Map(pods.map((pod) => [`${pod.centerId}\u0000${pod.namespace}\u0000${pod.name}`, pod.nodeName]));
  const groups = new Map<string, { centerId: string; namespace: string; workload: string; container: string; pods: Set<string>; first: number; last: number; restarts: number }>();
  for (const container of containers) {
    if (container.lastTerminationReason !== 'OOMKilled' || container.lastTerminatedAt === null || !within(range, container.lastTerminatedAt)) continue;
    const node = nodeOf.get(`${container.centerId}\u0000${container.namespace}\u0000${container.podName}`);
    if (node && coveredNodes.has(`${container.centerId}\u0000${node}/${container.name}`)) continue;
    const workload = container.podName.replace(podSuffix, '');
    const key = [container.centerId, container.namespace, workload, container.name].join('\u0000');
    const group = groups.get(key) ?? { centerId: container.centerId, namespace: container.namespace, workload, container: container.name, pods: new Set<string>(), first: Infinity, last: -Infinity, restarts: 0 };
    group.pods.add(container.podName);
    group.first = Math.min(group.first, container.lastTerminatedAt);
    group.last = Math.max(group.last, container.lastTerminatedAt);
    group.restarts += container.restartCount;
    groups.set(key, group);
  }
  return [...groups.values()].map((group) => {
    const object = group.pods.size > 1 ? `pods ${group.namespace}/${group.workload}-* (${group.pods.size})` : `pod ${group.namespace}/${[...group.pods][0]!}`;
    return {
      id: entryId('container-oom', group.centerId, group.namespace, group.workload, group.container),
      at: group.first,
      endAt: group.last > group.first ? group.last : null,
      source: 'kube-event' as const,
      centerId: group.centerId,
      object,
      title: `OOMKilled: container ${group.container} of ${object}`,
      body: `Last termination OOMKilled (container status; ${group.restarts} restarts so far).`,
      severity: 'critical' as const,
      refs: [...group.pods].sort().map((name): RecordRef => ({ kind: 'pod', centerId: group.centerId, namespace: group.namespace, name })),
    };
  });
}
