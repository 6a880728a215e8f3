import { podExistsAt, podViewAt, type ContainerView } from './lifecycle.ts';
import { bytesQuantity, cpuQuantity, kubeTime } from './wire-format.ts';
import type {
  ContainerRun,
  ContainerTemplate,
  ReplicaCountChange,
  WorldCenter,
  WorldEvent,
  WorldNamespace,
  WorldNode,
  WorldPod,
  WorldReplicaSet,
  WorldWorkload,
} from './world-types.ts';

/**
 * The world rendered as Kubernetes API objects (core/v1, apps/v1) at a given instant: the JSON a
 * real API server returns, with RFC 3339 times and canonical quantity strings.
 */

type Json = Record<string, unknown>;

/** Events older than this (since their last occurrence) are gone, like the API server's --event-ttl. */
export const eventTtlMs = 3_600_000;

/** resourceVersions grow with time; integers, as clients expect (they treat them as opaque). */
export function resourceVersionAt(center: WorldCenter, ms: number): string {
  return String(Math.floor((ms - center.createdAt) / 1000) + 104_729);
}

function valueAt(history: readonly ReplicaCountChange[], t: number): number {
  let value = 0;
  for (const change of history) {
    if (change.atMs > t) break;
    value = change.replicas;
  }
  return value;
}

function resourceList(spec: { cpuMillis?: number; memoryBytes?: number }): Json | undefined {
  const list: Json = {};
  if (spec.cpuMillis !== undefined) list.cpu = cpuQuantity(spec.cpuMillis);
  if (spec.memoryBytes !== undefined) list.memory = bytesQuantity(spec.memoryBytes);
  return Object.keys(list).length > 0 ? list : undefined;
}

function containerSpec(template: ContainerTemplate): Json {
  const requests = resourceList(template.requests);
  const limits = resourceList(template.limits);
  return {
    name: template.name,
    image: template.image,
    ...(template.ports.length > 0 ? { ports: template.ports.map((port) => ({ name: port.name, containerPort: port.containerPort, protocol: 'TCP' })) } : {}),
    resources: { ...(limits ? { limits } : {}), ...(requests ? { requests } : {}) },
    volumeMounts: [{ name: 'kube-api-access', readOnly: true, mountPath: '/var/run/secrets/kubernetes.io/serviceaccount' }],
    terminationMessagePath: '/dev/termination-log',
    terminationMessagePolicy: 'File',
    imagePullPolicy: 'IfNotPresent',
  };
}

function terminated(run: ContainerRun): Json {
  return {
    terminated: {
      exitCode: run.exitCode ?? 0,
      reason: run.exitReason ?? 'Completed',
      startedAt: kubeTime(run.startedAt),
      finishedAt: kubeTime(run.finishedAt!),
      containerID: `containerd://${run.containerId}`,
    },
  };
}

function containerStatus(view: ContainerView): Json {
  const { container, state } = view;
  let stateJson: Json;
  if (state.kind === 'running') stateJson = { running: { startedAt: kubeTime(state.run.startedAt) } };
  else if (state.kind === 'terminated') stateJson = terminated(state.run);
  else stateJson = { waiting: { reason: state.reason, ...(state.message ? { message: state.message } : {}) } };
  return {
    name: container.template.name,
    state: stateJson,
    lastState: view.lastTerminated ? terminated(view.lastTerminated) : {},
    ready: view.ready,
    restartCount: view.restartCount,
    image: container.template.image,
    imageID: view.containerId ? container.imageId : '',
    ...(view.containerId ? { containerID: `containerd://${view.containerId}` } : {}),
    started: view.started,
  };
}

function condition(type: string, status: boolean, at: number, reason?: string, message?: string): Json {
  return {
    type,
    status: status ? 'True' : 'False',
    lastProbeTime: null,
    lastTransitionTime: kubeTime(at),
    ...(reason ? { reason } : {}),
    ...(message ? { message } : {}),
  };
}

function lastChangeOf(pod: WorldPod, t: number): number {
  let last = pod.scheduledAt !== null && pod.scheduledAt <= t ? pod.scheduledAt : pod.createdAt;
  for (const container of pod.containers) {
    for (const run of container.runs) {
      if (run.startedAt > t) break;
      last = Math.max(last, run.startedAt);
      if (run.finishedAt !== null && run.finishedAt <= t) last = Math.max(last, run.finishedAt);
    }
  }
  if (pod.deletingAt !== null && pod.deletingAt <= t) last = Math.max(last, pod.deletingAt);
  return last;
}

export function renderPod(center: WorldCenter, pod: WorldPod, t: number): Json {
  const view = podViewAt(pod, t);
  const deleting = pod.deletingAt !== null && pod.deletingAt <= t;
  const metadata: Json = {
    name: pod.name,
    ...(pod.generateName ? { generateName: pod.generateName } : {}),
    namespace: pod.namespace,
    uid: pod.uid,
    resourceVersion: resourceVersionAt(center, lastChangeOf(pod, t)),
    creationTimestamp: kubeTime(pod.createdAt),
    ...(deleting ? { deletionTimestamp: kubeTime(pod.deletingAt! + pod.terminationGracePeriodSeconds * 1000), deletionGracePeriodSeconds: pod.terminationGracePeriodSeconds } : {}),
    labels: pod.labels,
    ...(Object.keys(pod.annotations).length > 0 ? { annotations: pod.annotations } : {}),
    ownerReferences: [
      {
        apiVersion: pod.ownerApiVersion,
        kind: pod.ownerKind,
        name: pod.ownerName,
        uid: pod.ownerUid,
        controller: true,
        ...(pod.ownerKind === 'Node' ? {} : { blockOwnerDeletion: true }),
      },
    ],
  };
  const volumes: Json[] = pod.claimNames.map((claimName) => ({
    name: claimName.slice(0, claimName.length - pod.name.length - 1),
    persistentVolumeClaim: { claimName },
  }));
  if (pod.serviceAccountName) {
    volumes.push({
      name: 'kube-api-access',
      projected: {
        sources: [
          { serviceAccountToken: { expirationSeconds: 3607, path: 'token' } },
          { configMap: { name: 'kube-root-ca.crt', items: [{ key: 'ca.crt', path: 'ca.crt' }] } },
          { downwardAPI: { items: [{ path: 'namespace', fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.namespace' } }] } },
        ],
        defaultMode: 420,
      },
    });
  }
  const spec: Json = {
    volumes,
    containers: pod.containers.map((container) => {
      const json = containerSpec(container.template);
      if (!pod.serviceAccountName) delete json.volumeMounts;
      return json;
    }),
    restartPolicy: pod.restartPolicy,
    terminationGracePeriodSeconds: pod.terminationGracePeriodSeconds,
    dnsPolicy: pod.hostNetwork ? 'ClusterFirstWithHostNet' : 'ClusterFirst',
    ...(pod.nodeSelector ? { nodeSelector: pod.nodeSelector } : {}),
    ...(pod.serviceAccountName ? { serviceAccountName: pod.serviceAccountName, serviceAccount: pod.serviceAccountName } : {}),
    ...(pod.nodeName && pod.scheduledAt !== null && pod.scheduledAt <= t ? { nodeName: pod.nodeName } : {}),
    ...(pod.hostNetwork ? { hostNetwork: true } : {}),
    securityContext: {},
    schedulerName: 'default-scheduler',
    tolerations: [
      { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
      { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
    ],
    ...(pod.priorityClassName ? { priorityClassName: pod.priorityClassName } : {}),
    priority: pod.priority,
    enableServiceLinks: true,
    preemptionPolicy: 'PreemptLowerPriority',
  };

  let status: Json;
  if (pod.scheduledAt === null || pod.scheduledAt > t) {
    const pending = pod.pending;
    status = {
      phase: 'Pending',
      conditions: pending ? [condition('PodScheduled', false, pod.createdAt, pending.reason, pending.message)] : [],
      qosClass: pod.qosClass,
    };
  } else {
    const scheduledAt = pod.scheduledAt;
    const unready = view.containers.filter((container) => !container.ready).map((container) => container.container.template.name);
    const notReadyMessage = `containers with unready status: [${unready.join(' ')}]`;
    const readyAt = view.readyChangedAt ?? scheduledAt;
    status = {
      phase: view.phase,
      conditions: [
        condition('PodReadyToStartContainers', true, scheduledAt + 1000),
        condition('Initialized', true, scheduledAt),
        view.ready ? condition('Ready', true, readyAt) : condition('Ready', false, readyAt, 'ContainersNotReady', notReadyMessage),
        view.ready ? condition('ContainersReady', true, readyAt) : condition('ContainersReady', false, readyAt, 'ContainersNotReady', notReadyMessage),
        condition('PodScheduled', true, scheduledAt),
      ],
      hostIP: pod.hostIp,
      hostIPs: [{ ip: pod.hostIp }],
      ...(pod.podIp ? { podIP: pod.podIp, podIPs: [{ ip: pod.podIp }] } : {}),
      startTime: kubeTime(scheduledAt),
      containerStatuses: view.containers.map(containerStatus),
      qosClass: pod.qosClass,
    };
  }
  return { metadata, spec, status };
}

export function renderNode(center: WorldCenter, node: WorldNode, t: number): Json {
  const heartbeat = t - (node.seriesSeed % 40_000);
  const readySince = node.bootedAt + 38_000;
  const pressure = (type: string, reason: string, message: string) => ({
    type,
    status: 'False',
    lastHeartbeatTime: kubeTime(heartbeat),
    lastTransitionTime: kubeTime(node.bootedAt + 30_000),
    reason,
    message,
  });
  const conditions: Json[] = [];
  if (!node.providerId) {
    conditions.push({
      type: 'NetworkUnavailable',
      status: 'False',
      lastHeartbeatTime: kubeTime(node.bootedAt + 52_000),
      lastTransitionTime: kubeTime(node.bootedAt + 52_000),
      reason: 'CalicoIsUp',
      message: 'Calico is running on this node',
    });
  }
  conditions.push(
    pressure('MemoryPressure', 'KubeletHasSufficientMemory', 'kubelet has sufficient memory available'),
    pressure('DiskPressure', 'KubeletHasNoDiskPressure', 'kubelet has no disk pressure'),
    pressure('PIDPressure', 'KubeletHasSufficientPID', 'kubelet has sufficient PID available'),
    { type: 'Ready', status: 'True', lastHeartbeatTime: kubeTime(heartbeat), lastTransitionTime: kubeTime(readySince), reason: 'KubeletReady', message: 'kubelet is posting ready status' },
  );
  const addresses: Json[] = [{ type: 'InternalIP', address: node.internalIp }];
  if (node.providerId) addresses.push({ type: 'InternalDNS', address: node.name });
  addresses.push({ type: 'Hostname', address: node.name });
  return {
    metadata: {
      name: node.name,
      uid: node.uid,
      resourceVersion: resourceVersionAt(center, heartbeat),
      creationTimestamp: kubeTime(node.createdAt),
      labels: node.labels,
      annotations: node.annotations,
    },
    spec: {
      ...(node.providerId ? { providerID: node.providerId } : { podCIDR: node.podCidr, podCIDRs: [node.podCidr] }),
      ...(node.taints.length > 0 ? { taints: node.taints } : {}),
    },
    status: {
      capacity: {
        cpu: cpuQuantity(node.cpuCores * 1000),
        'ephemeral-storage': `${node.ephemeralStorageKi}Ki`,
        'hugepages-1Gi': '0',
        'hugepages-2Mi': '0',
        memory: bytesQuantity(node.memoryBytes),
        pods: String(node.podsCapacity),
      },
      allocatable: {
        cpu: cpuQuantity(node.allocatableCpuMillis),
        'ephemeral-storage': String(Math.floor(node.ephemeralStorageKi * 1024 * 0.9)),
        'hugepages-1Gi': '0',
        'hugepages-2Mi': '0',
        memory: bytesQuantity(node.allocatableMemoryBytes),
        pods: String(node.podsCapacity),
      },
      conditions,
      addresses,
      daemonEndpoints: { kubeletEndpoint: { Port: 10250 } },
      nodeInfo: {
        machineID: node.machineId,
        systemUUID: node.systemUuid,
        bootID: node.bootId,
        kernelVersion: node.kernelVersion,
        osImage: node.osImage,
        containerRuntimeVersion: node.containerRuntimeVersion,
        kubeletVersion: node.kubeletVersion,
        kubeProxyVersion: node.kubeletVersion,
        operatingSystem: 'linux',
        architecture: 'amd64',
      },
    },
  };
}

export function renderNamespace(center: WorldCenter, namespace: WorldNamespace): Json {
  return {
    metadata: {
      name: namespace.name,
      uid: namespace.uid,
      resourceVersion: resourceVersionAt(center, namespace.createdAt),
      creationTimestamp: kubeTime(namespace.createdAt),
      labels: namespace.labels,
    },
    spec: { finalizers: ['kubernetes'] },
    status: { phase: 'Active' },
  };
}

/** Count, first and last occurrence as the API shows them at t; null when not (or no longer) listed. */
export function eventWindow(event: WorldEvent, t: number): { count: number; first: number; last: number } | null {
  const occurrences = event.occurrences;
  if (occurrences.length === 0 || occurrences[0]! > t) return null;
  let low = 0;
  let high = occurrences.length - 1;
  while (low < high) {
    const middle = (low + high + 1) >> 1;
    if (occurrences[middle]! <= t) low = middle;
    else high = middle - 1;
  }
  const last = occurrences[low]!;
  if (t - last > eventTtlMs) return null;
  return { count: low + 1, first: occurrences[0]!, last };
}

export function renderEvent(center: WorldCenter, event: WorldEvent, t: number): Json | null {
  const window = eventWindow(event, t);
  if (!window) return null;
  const involved = event.involved;
  return {
    metadata: {
      name: event.name,
      namespace: event.namespace,
      uid: event.uid,
      resourceVersion: resourceVersionAt(center, window.last),
      creationTimestamp: kubeTime(window.first),
    },
    involvedObject: {
      kind: involved.kind,
      ...(involved.namespace ? { namespace: involved.namespace } : {}),
      name: involved.name,
      uid: involved.uid,
      ...(involved.apiVersion ? { apiVersion: involved.apiVersion } : {}),
      ...(involved.fieldPath ? { fieldPath: involved.fieldPath } : {}),
    },
    reason: event.reason,
    message: event.message,
    source: event.source,
    firstTimestamp: kubeTime(window.first),
    lastTimestamp: kubeTime(window.last),
    count: window.count,
    type: event.type,
    eventTime: null,
    reportingComponent: event.source.component,
    reportingInstance: event.source.host ?? '',
  };
}

function podTemplate(labels: Record<string, string>, containers: readonly ContainerTemplate[]): Json {
  return { metadata: { labels }, spec: { containers: containers.map(containerSpec), restartPolicy: 'Always', terminationGracePeriodSeconds: 30, dnsPolicy: 'ClusterFirst', schedulerName: 'default-scheduler' } };
}

interface PodCounts {
  existing: number;
  ready: number;
  /** Latest time one of the unready pods stopped being ready. */
  lastUnreadyAt: number | null;
}

function countPods(pods: readonly WorldPod[], t: number): PodCounts {
  let existing = 0;
  let ready = 0;
  let lastUnreadyAt: number | null = null;
  for (const pod of pods) {
    if (!podExistsAt(pod, t) || (pod.deletingAt !== null && pod.deletingAt <= t)) continue;
    existing++;
    const view = podViewAt(pod, t);
    if (view.ready) ready++;
    else lastUnreadyAt = Math.max(lastUnreadyAt ?? 0, view.readyChangedAt ?? pod.createdAt);
  }
  return { existing, ready, lastUnreadyAt };
}

function workloadMeta(center: WorldCenter, workload: WorldWorkload, t: number, annotations: Record<string, string>): Json {
  return {
    name: workload.name,
    namespace: workload.namespace,
    uid: workload.uid,
    resourceVersion: resourceVersionAt(center, t - 20_000),
    generation: workload.generation,
    creationTimestamp: kubeTime(workload.createdAt),
    labels: workload.labels,
    annotations,
  };
}

export function renderReplicaSet(center: WorldCenter, replicaSet: WorldReplicaSet, t: number): Json {
  const pods = center.pods.filter((pod) => pod.namespace === replicaSet.namespace && pod.ownerUid === replicaSet.uid);
  const counts = countPods(pods, t);
  const replicas = valueAt(replicaSet.replicaHistory, t);
  const maxReplicas = Math.max(...replicaSet.replicaHistory.filter((change) => change.atMs <= t).map((change) => change.replicas), replicas);
  return {
    metadata: {
      name: replicaSet.name,
      namespace: replicaSet.namespace,
      uid: replicaSet.uid,
      resourceVersion: resourceVersionAt(center, Math.max(replicaSet.createdAt, ...replicaSet.replicaHistory.filter((change) => change.atMs <= t).map((change) => change.atMs))),
      generation: replicaSet.replicaHistory.filter((change) => change.atMs <= t).length,
      creationTimestamp: kubeTime(replicaSet.createdAt),
      labels: replicaSet.labels,
      annotations: {
        'deployment.kubernetes.io/desired-replicas': String(maxReplicas),
        'deployment.kubernetes.io/max-replicas': String(maxReplicas + 1),
        'deployment.kubernetes.io/revision': String(replicaSet.revision),
      },
      ownerReferences: [{ apiVersion: 'apps/v1', kind: 'Deployment', name: replicaSet.deployment, uid: replicaSet.deploymentUid, controller: true, blockOwnerDeletion: true }],
    },
    spec: {
      replicas,
      selector: { matchLabels: replicaSet.labels },
      template: podTemplate(replicaSet.labels, replicaSet.containers),
    },
    status: {
      replicas: counts.existing,
      ...(counts.existing > 0 ? { fullyLabeledReplicas: counts.existing } : {}),
      ...(counts.ready > 0 ? { readyReplicas: counts.ready, availableReplicas: counts.ready } : {}),
      observedGeneration: replicaSet.replicaHistory.filter((change) => change.atMs <= t).length,
    },
  };
}

export function renderDeployment(center: WorldCenter, workload: WorldWorkload, t: number): Json {
  const replicaSets = center.replicaSets.filter((rs) => rs.namespace === workload.namespace && rs.deploymentUid === workload.uid && rs.createdAt <= t);
  const current = replicaSets.reduce<WorldReplicaSet | null>((latest, rs) => (!latest || rs.revision > latest.revision ? rs : latest), null);
  const owned = new Set(replicaSets.map((rs) => rs.uid));
  const pods = center.pods.filter((pod) => pod.namespace === workload.namespace && owned.has(pod.ownerUid));
  const all = countPods(pods, t);
  const updated = current ? countPods(pods.filter((pod) => pod.ownerUid === current.uid), t) : { existing: 0, ready: 0, lastUnreadyAt: null };
  const desired = valueAt(workload.replicaHistory, t);
  const maxUnavailable = Math.floor(desired * 0.25);
  const available = all.ready >= desired - maxUnavailable;
  const lastRollout = current?.createdAt ?? workload.createdAt;
  const availabilityChangedAt = available ? workload.createdAt : all.lastUnreadyAt ?? lastRollout;
  const containers = current?.containers ?? workload.containers;
  return {
    metadata: workloadMeta(center, workload, t, { 'deployment.kubernetes.io/revision': String(current?.revision ?? 1) }),
    spec: {
      replicas: desired,
      selector: { matchLabels: workload.selector },
      template: podTemplate(workload.selector, containers),
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: '25%', maxSurge: '25%' } },
      revisionHistoryLimit: 10,
      progressDeadlineSeconds: 600,
    },
    status: {
      observedGeneration: workload.generation,
      replicas: all.existing,
      updatedReplicas: updated.existing,
      ...(all.ready > 0 ? { readyReplicas: all.ready, availableReplicas: all.ready } : {}),
      ...(desired - all.ready > 0 ? { unavailableReplicas: desired - all.ready } : {}),
      conditions: [
        {
          type: 'Available',
          status: available ? 'True' : 'False',
          lastUpdateTime: kubeTime(availabilityChangedAt),
          lastTransitionTime: kubeTime(availabilityChangedAt),
          reason: available ? 'MinimumReplicasAvailable' : 'MinimumReplicasUnavailable',
          message: available ? 'Deployment has minimum availability.' : 'Deployment does not have minimum availability.',
        },
        {
          type: 'Progressing',
          status: 'True',
          lastUpdateTime: kubeTime(lastRollout + 50_000),
          lastTransitionTime: kubeTime(workload.createdAt),
          reason: 'NewReplicaSetAvailable',
          message: `ReplicaSet "${current?.name ?? workload.name}" has successfully progressed.`,
        },
      ],
    },
  };
}

export function renderStatefulSet(center: WorldCenter, workload: WorldWorkload, t: number): Json {
  const pods = center.pods.filter((pod) => pod.namespace === workload.namespace && pod.ownerUid === workload.uid);
  const counts = countPods(pods, t);
  return {
    metadata: workloadMeta(center, workload, t, {}),
    spec: {
      replicas: workload.replicas,
      selector: { matchLabels: workload.selector },
      template: podTemplate(workload.selector, workload.containers),
      serviceName: workload.name,
      podManagementPolicy: 'OrderedReady',
      updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: 0 } },
      revisionHistoryLimit: 10,
      ...(workload.volumeClaimTemplates.length > 0
        ? {
            volumeClaimTemplates: workload.volumeClaimTemplates.map((claim) => ({
              apiVersion: 'v1',
              kind: 'PersistentVolumeClaim',
              metadata: { name: claim.name },
              spec: { accessModes: ['ReadWriteOnce'], storageClassName: claim.storageClassName, resources: { requests: { storage: claim.storage } }, volumeMode: 'Filesystem' },
            })),
          }
        : {}),
    },
    status: {
      observedGeneration: workload.generation,
      replicas: counts.existing,
      ...(counts.ready > 0 ? { readyReplicas: counts.ready, availableReplicas: counts.ready } : { availableReplicas: 0 }),
      currentReplicas: counts.existing,
      updatedReplicas: counts.existing,
      currentRevision: workload.currentRevision,
      updateRevision: workload.currentRevision,
      collisionCount: 0,
    },
  };
}

export function renderDaemonSet(center: WorldCenter, workload: WorldWorkload, t: number): Json {
  const pods = center.pods.filter((pod) => pod.namespace === workload.namespace && pod.ownerUid === workload.uid);
  const counts = countPods(pods, t);
  return {
    metadata: workloadMeta(center, workload, t, { 'deprecated.daemonset.template.generation': String(workload.generation) }),
    spec: {
      selector: { matchLabels: workload.selector },
      template: podTemplate(workload.selector, workload.containers),
      updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 1, maxSurge: 0 } },
      revisionHistoryLimit: 10,
    },
    status: {
      currentNumberScheduled: counts.existing,
      numberMisscheduled: 0,
      desiredNumberScheduled: counts.existing,
      numberReady: counts.ready,
      observedGeneration: workload.generation,
      updatedNumberScheduled: counts.existing,
      numberAvailable: counts.ready,
    },
  };
}
