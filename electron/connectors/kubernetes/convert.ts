import type { ContainerRecord, KubeEventRecord, NodeRecord, PodRecord, PodScheduling, ResourceAmounts } from '../../../shared/domain/records.ts';
import { parseRfc3339 } from '../rfc3339.ts';
import type { KubeContainerSpec, KubeContainerState, KubeContainerStatus, KubeEvent, KubeNode, KubePod } from './api-schema.ts';
import { parseCpuMillis, parseQuantityValue } from './quantity.ts';

/** Times were checked by the schema; this only narrows the type. */
function time(text: string): number {
  const value = parseRfc3339(text);
  if (value === null) throw new Error(`unchecked time ${text}`);
  return value;
}

function optionalTime(text: string | null | undefined): number | null {
  return text ? time(text) : null;
}

interface ResourceListInput {
  cpu?: string | undefined;
  memory?: string | undefined;
  pods?: string | undefined;
}

/** A ResourceList as amounts; an absent cpu/memory is 0 (no request / no limit). */
export function resourceAmounts(list: ResourceListInput | undefined, withPods = false): ResourceAmounts {
  const amounts: ResourceAmounts = {
    cpuMillis: list?.cpu ? parseCpuMillis(list.cpu) ?? 0 : 0,
    memoryBytes: list?.memory ? parseQuantityValue(list.memory) ?? 0 : 0,
  };
  if (withPods) amounts.pods = list?.pods ? parseQuantityValue(list.pods) ?? 0 : 0;
  return amounts;
}

const rolePrefix = 'node-role.kubernetes.io/';

/** Roles from `node-role.kubernetes.io/<role>` labels (and the older `kubernetes.io/role`), as kubectl shows them. */
export function nodeRoles(labels: Record<string, string>): string[] {
  const roles = new Set<string>();
  for (const [key, value] of Object.entries(labels)) {
    if (key.startsWith(rolePrefix)) {
      const role = key.slice(rolePrefix.length) || value;
      if (role) roles.add(role);
    } else if (key === 'kubernetes.io/role' && value) {
      roles.add(value);
    }
  }
  return [...roles].sort();
}

export function convertNode(centerId: string, node: KubeNode): NodeRecord {
  const labels = node.metadata.labels ?? {};
  const conditions = node.status?.conditions ?? [];
  return {
    centerId,
    name: node.metadata.name,
    uid: node.metadata.uid,
    roles: nodeRoles(labels),
    ready: conditions.find((condition) => condition.type === 'Ready')?.status ?? 'Unknown',
    unschedulable: node.spec?.unschedulable ?? false,
    conditions: conditions.map((condition) => ({
      type: condition.type,
      status: condition.status,
      ...(condition.reason === undefined ? {} : { reason: condition.reason }),
      ...(condition.message === undefined ? {} : { message: condition.message }),
    })),
    capacity: resourceAmounts(node.status?.capacity, true),
    allocatable: resourceAmounts(node.status?.allocatable, true),
    labels,
    internalIp: node.status?.addresses?.find((address) => address.type === 'InternalIP')?.address ?? null,
    kubeletVersion: node.status?.nodeInfo?.kubeletVersion ?? '',
    osImage: node.status?.nodeInfo?.osImage ?? '',
    createdAt: time(node.metadata.creationTimestamp),
    ...(node.spec?.taints?.length ? { taints: node.spec.taints.map((taint) => ({ key: taint.key, ...(taint.value ? { value: taint.value } : {}), effect: taint.effect })) } : {}),
  };
}

/**
 * QoS class as the kubelet assigns it, for pods whose status does not carry one yet:
 * Guaranteed when every container limits cpu and memory with requests equal to limits
 * (a missing request defaults to the limit), BestEffort when none requests or limits anything.
 */
export function computeQosClass(containers: readonly KubeContainerSpec[]): PodRecord['qosClass'] {
  let anySet = false;
  let guaranteed = containers.length > 0;
  for (const container of containers) {
    const requests = container.resources?.requests ?? {};
    const limits = container.resources?.limits ?? {};
    if (requests.cpu || requests.memory || limits.cpu || limits.memory) anySet = true;
    for (const resource of ['cpu', 'memory'] as const) {
      const limit = limits[resource];
      const request = requests[resource] ?? limit;
      if (!limit || !request) {
        guaranteed = false;
        continue;
      }
      const parse = resource === 'cpu' ? parseCpuMillis : parseQuantityValue;
      if (parse(limit) !== parse(request)) guaranteed = false;
    }
  }
  if (!anySet) return 'BestEffort';
  return guaranteed ? 'Guaranteed' : 'Burstable';
}

interface StateSummary {
  state: ContainerRecord['state'];
  reason: string | null;
  startedAt: number | null;
}

function summarizeState(state: KubeContainerState | undefined): StateSummary {
  if (state?.running) return { state: 'running', reason: null, startedAt: optionalTime(state.running.startedAt) };
  if (state?.waiting) return { state: 'waiting', reason: state.waiting.reason ?? null, startedAt: null };
  if (state?.terminated) {
    return { state: 'terminated', reason: state.terminated.reason ?? null, startedAt: optionalTime(state.terminated.startedAt) };
  }
  return { state: 'unknown', reason: null, startedAt: null };
}

/**
 * One record per container of the pod spec, joined with its status by name. The image is the
 * spec's (what the workload asks for); a container without status yet (pod not scheduled) is
 * `unknown`, not ready, with no restarts.
 */
export function convertContainers(centerId: string, pod: KubePod): ContainerRecord[] {
  const statuses = new Map<string, KubeContainerStatus>((pod.status?.containerStatuses ?? []).map((status) => [status.name, status]));
  return pod.spec.containers.map((container) => {
    const status = statuses.get(container.name);
    const current = summarizeState(status?.state);
    const last = status?.lastState?.terminated;
    return {
      centerId,
      namespace: pod.metadata.namespace,
      podName: pod.metadata.name,
      name: container.name,
      image: container.image ?? status?.image ?? '',
      ready: status?.ready ?? false,
      restartCount: status?.restartCount ?? 0,
      state: current.state,
      stateReason: current.reason,
      startedAt: current.startedAt,
      lastTerminationReason: last?.reason ?? null,
      lastTerminatedAt: optionalTime(last?.finishedAt),
      requests: resourceAmounts(container.resources?.requests),
      limits: resourceAmounts(container.resources?.limits),
    };
  });
}

/** Pod-level reason/message; while Pending without one, the PodScheduled=False condition says why. */
function podReason(pod: KubePod): { reason: string | null; message: string | null } {
  const status = pod.status;
  if (status?.reason || status?.message) return { reason: status.reason ?? null, message: status.message ?? null };
  if (status?.phase === 'Pending') {
    const scheduling = status.conditions?.find((condition) => condition.type === 'PodScheduled' && condition.status === 'False');
    if (scheduling) return { reason: scheduling.reason ?? null, message: scheduling.message ?? null };
  }
  return { reason: null, message: null };
}

/** The scheduler's inputs of a pod not yet placed; undefined for placed pods or when the spec names none. */
export function podScheduling(pod: KubePod): PodScheduling | undefined {
  if (pod.spec.nodeName) return undefined;
  const claims = (pod.spec.volumes ?? []).flatMap((volume, index) =>
    volume.persistentVolumeClaim ? [{ index, volume: volume.name, claimName: volume.persistentVolumeClaim.claimName }] : [],
  );
  const terms = pod.spec.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms ?? [];
  const requiredNodeAffinity = terms
    .map((term) =>
      [...(term.matchExpressions ?? []), ...(term.matchFields ?? [])]
        .map((requirement) => `${requirement.key} ${requirement.operator}${requirement.values?.length ? ` (${requirement.values.join(', ')})` : ''}`)
        .join(' and '),
    )
    .filter((text) => text !== '');
  const scheduling: PodScheduling = {
    ...(claims.length ? { claims } : {}),
    ...(pod.spec.tolerations?.length ? { tolerations: pod.spec.tolerations } : {}),
    ...(pod.spec.nodeSelector && Object.keys(pod.spec.nodeSelector).length ? { nodeSelector: pod.spec.nodeSelector } : {}),
    ...(requiredNodeAffinity.length ? { requiredNodeAffinity } : {}),
    ...(pod.spec.priorityClassName ? { priorityClassName: pod.spec.priorityClassName } : {}),
  };
  return Object.keys(scheduling).length > 0 ? scheduling : undefined;
}

export function convertPod(centerId: string, pod: KubePod): PodRecord {
  const scheduling = podScheduling(pod);
  const statuses = pod.status?.containerStatuses ?? [];
  const owner = pod.metadata.ownerReferences?.find((reference) => reference.controller === true);
  return {
    centerId,
    namespace: pod.metadata.namespace,
    name: pod.metadata.name,
    uid: pod.metadata.uid,
    nodeName: pod.spec.nodeName || null,
    phase: pod.status?.phase ?? 'Unknown',
    ...podReason(pod),
    qosClass: pod.status?.qosClass ?? computeQosClass(pod.spec.containers),
    ownerKind: owner?.kind ?? null,
    ownerName: owner?.name ?? null,
    restarts: statuses.reduce((sum, status) => sum + status.restartCount, 0),
    readyContainers: statuses.filter((status) => status.ready).length,
    totalContainers: pod.spec.containers.length,
    podIp: pod.status?.podIP || null,
    labels: pod.metadata.labels ?? {},
    createdAt: time(pod.metadata.creationTimestamp),
    startedAt: optionalTime(pod.status?.startTime),
    ...(scheduling ? { scheduling } : {}),
  };
}

/**
 * Events as the core/v1 API lists them. Events written through events.k8s.io/v1 (the scheduler,
 * newer controllers) have null firstTimestamp/lastTimestamp and carry eventTime (and series for
 * repeats) instead; the object's creationTimestamp is the last resort.
 */
export function convertEvent(centerId: string, event: KubeEvent): KubeEventRecord {
  const firstSeen = optionalTime(event.firstTimestamp) ?? optionalTime(event.eventTime) ?? time(event.metadata.creationTimestamp);
  const lastSeen =
    optionalTime(event.lastTimestamp) ?? optionalTime(event.series?.lastObservedTime) ?? optionalTime(event.eventTime) ?? firstSeen;
  return {
    centerId,
    uid: event.metadata.uid,
    namespace: event.metadata.namespace ?? event.involvedObject.namespace ?? '',
    involvedKind: event.involvedObject.kind ?? '',
    involvedName: event.involvedObject.name ?? '',
    reason: event.reason ?? '',
    message: event.message ?? '',
    type: event.type ?? 'Normal',
    count: event.count || event.series?.count || 1,
    firstSeen,
    lastSeen: Math.max(firstSeen, lastSeen),
    source: event.source?.component || event.reportingComponent || '',
  };
}
