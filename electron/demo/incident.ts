import { restartBackoffMs } from './lifecycle.ts';
import { hashString, Random } from './random.ts';
import { imageIdOf, type PodIpAllocator } from './world-pods.ts';
import type { ContainerRun, ContainerTemplate, IncidentFacts, WorldAlert, WorldNode, WorldPod, WorldReplicaSet, WorldWorkload } from './world-types.ts';

/**
 * The scripted incident in Seoul DC, all in the hour before the anchor:
 * - anchor-50m: Deployment shop/checkout rolls out revision N+1 (image 1.42.0); every new pod
 *   lands on one worker. The new build leaks memory: the working set climbs to the 512Mi limit,
 *   the kernel OOM-kills it (~anchor-40m first), the kubelet restarts it with growing back-off,
 *   and at the anchor all three pods sit in CrashLoopBackOff.
 * - The worker's MemAvailable falls below 10% from anchor-40m; NodeMemoryHigh fires at
 *   anchor-38m and resolves at anchor+90s.
 * - anchor-31m: data/reports-db-0 is deleted together with its PVC and comes back Pending:
 *   the scheduler cannot find persistentvolumeclaim "data-reports-db-0".
 */

const second = 1000;
const minute = 60 * second;
const hour = 60 * minute;

export const incidentNodeName = 'sel-k8s-w-07';
const leakingImageTag = '1.42.0';
/** How far past the anchor the crash loop is scripted; later "nows" see the last state. */
const horizonMs = 24 * hour;

export interface IncidentInput {
  centerId: string;
  seed: number;
  anchorMs: number;
  nodes: WorldNode[];
  workloads: WorldWorkload[];
  replicaSets: WorldReplicaSet[];
  pods: WorldPod[];
  ips: PodIpAllocator;
}

export interface IncidentOutput {
  facts: IncidentFacts;
  alerts: WorldAlert[];
}

interface CrashLoopPlan {
  firstStart: number;
  firstOom: number;
  /** The OOM kill that leaves the container waiting at the anchor. */
  lastOomBeforeAnchor: number;
  killsBeforeAnchor: number;
  horizon: number;
  limitBytes: number;
  firstFromBytes: number;
  restartFromBytes: number;
}

function crashLoopRuns(random: Random, plan: CrashLoopPlan): ContainerRun[] {
  const createDelay = 1 * second;
  const restarts = plan.killsBeforeAnchor - 1;
  let backoffTotal = 0;
  for (let index = 0; index < restarts; index++) backoffTotal += restartBackoffMs(index) + createDelay;
  // Every restarted run leaks at the same pace: it reaches the limit after `runMs`.
  const runMs = (plan.lastOomBeforeAnchor - plan.firstOom - backoffTotal) / restarts;
  const runs: ContainerRun[] = [];
  const run = (startedAt: number, finishedAt: number, fromBytes: number): ContainerRun => ({
    containerId: random.hex(64),
    startedAt: Math.round(startedAt),
    finishedAt: Math.round(finishedAt),
    exitReason: 'OOMKilled',
    exitCode: 137,
    leakFromBytes: fromBytes,
    leakToBytes: plan.limitBytes,
    pid: random.int(20_000, 3_900_000),
  });
  runs.push(run(plan.firstStart, plan.firstOom, plan.firstFromBytes));
  let killedAt = plan.firstOom;
  for (let index = 0; ; index++) {
    const startedAt = killedAt + restartBackoffMs(index) + createDelay;
    if (startedAt > plan.horizon) break;
    const finishedAt = index === restarts - 1 ? plan.lastOomBeforeAnchor : startedAt + runMs;
    runs.push(run(startedAt, finishedAt, plan.restartFromBytes * random.between(0.97, 1.03)));
    killedAt = finishedAt;
  }
  return runs;
}

function withTag(image: string, tag: string): string {
  return image.replace(/:[^/:]+$/, `:${tag}`);
}

export function applySeoulIncident(input: IncidentInput): IncidentOutput {
  const { centerId, seed, anchorMs, nodes, workloads, replicaSets, pods } = input;
  const random = Random.derive(seed, `${centerId}/incident`);
  const node = nodes.find((candidate) => candidate.name === incidentNodeName);
  const workload = workloads.find((candidate) => candidate.namespace === 'shop' && candidate.name === 'checkout');
  const oldReplicaSet = replicaSets.find((candidate) => candidate.namespace === 'shop' && candidate.name === workload?.currentRevision);
  if (!node || !workload || !oldReplicaSet) throw new Error('demo world: the incident needs shop/checkout and its node');

  const rolloutAt = anchorMs - 50 * minute;
  const step = 15 * second;

  // The rollout: new ReplicaSet up one at a time (maxSurge 1, maxUnavailable 0), old one down.
  const newHash = random.kubeSuffix(10);
  const newName = `checkout-${newHash}`;
  const containers: ContainerTemplate[] = workload.containers.map((template) =>
    template.name === 'checkout' ? { ...template, image: withTag(template.image, leakingImageTag) } : template,
  );
  const replicas = workload.replicas;
  const newReplicaSet: WorldReplicaSet = {
    namespace: 'shop',
    name: newName,
    uid: random.uuid(),
    deployment: 'checkout',
    deploymentUid: workload.uid,
    podTemplateHash: newHash,
    revision: oldReplicaSet.revision + 1,
    createdAt: rolloutAt,
    replicaHistory: Array.from({ length: replicas }, (_, index) => ({ atMs: rolloutAt + index * step, replicas: index + 1 })),
    containers,
    labels: { ...workload.selector, 'pod-template-hash': newHash },
    nodeSelector: null,
  };
  replicaSets.push(newReplicaSet);
  for (let index = 1; index <= replicas; index++) oldReplicaSet.replicaHistory.push({ atMs: rolloutAt + index * step, replicas: replicas - index });
  workload.containers = containers;
  workload.currentRevision = newName;
  workload.generation += 1;
  workload.lastRolloutAt = rolloutAt;

  const oldPods = pods.filter((pod) => pod.ownerName === oldReplicaSet.name);
  oldPods.forEach((pod, index) => {
    pod.deletingAt = rolloutAt + (index + 1) * step + random.int(50, 400);
    pod.removedAt = pod.deletingAt + random.int(2500, 3800);
    for (const container of pod.containers) {
      const last = container.runs.at(-1)!;
      last.finishedAt = pod.deletingAt + random.int(1500, 2400);
      last.exitReason = 'Completed';
      last.exitCode = 0;
    }
  });

  const checkoutTemplate = containers.find((template) => template.name === 'checkout')!;
  const limitBytes = checkoutTemplate.limits.memoryBytes!;
  const leakingPods: string[] = [];
  let firstOomKillAt = Infinity;
  for (let index = 0; index < replicas; index++) {
    const name = `${newName}-${random.kubeSuffix(5)}`;
    leakingPods.push(name);
    const createdAt = rolloutAt + index * step + random.int(20, 300);
    const scheduledAt = createdAt + random.int(5, 60);
    const pulledImageMs = index === 0 ? random.int(3200, 4800) : null;
    const firstStart = scheduledAt + (pulledImageMs ?? 0) + random.int(700, 1300);
    const firstOom = rolloutAt + 10 * minute + index * step + random.int(0, 8000);
    firstOomKillAt = Math.min(firstOomKillAt, firstOom);
    const runs = crashLoopRuns(random, {
      firstStart,
      firstOom,
      lastOomBeforeAnchor: anchorMs - (65 + index * 25 + random.int(0, 10)) * second,
      killsBeforeAnchor: 8,
      horizon: anchorMs + horizonMs,
      limitBytes,
      firstFromBytes: checkoutTemplate.usageMemoryBytes * random.between(0.88, 0.95),
      restartFromBytes: checkoutTemplate.usageMemoryBytes * 0.9,
    });
    const podKey = `${centerId}/shop/${name}`;
    const pod: WorldPod = {
      namespace: 'shop',
      name,
      uid: random.uuid(),
      generateName: `${newName}-`,
      labels: { ...newReplicaSet.labels },
      annotations: {},
      ownerKind: 'ReplicaSet',
      ownerName: newName,
      ownerUid: newReplicaSet.uid,
      ownerApiVersion: 'apps/v1',
      nodeName: node.name,
      nodeSelector: null,
      hostNetwork: false,
      hostIp: node.internalIp,
      podIp: input.ips.allocate(node),
      createdAt,
      scheduledAt,
      deletingAt: null,
      removedAt: null,
      pending: null,
      restartPolicy: 'Always',
      terminationGracePeriodSeconds: 30,
      priorityClassName: null,
      priority: 0,
      serviceAccountName: workload.serviceAccountName,
      claimNames: [],
      containers: containers.map((template) => ({
        template,
        imageId: imageIdOf(template.image, seed),
        runs:
          template.name === 'checkout'
            ? runs
            : [
                {
                  containerId: random.hex(64),
                  startedAt: firstStart + random.int(100, 400),
                  finishedAt: null,
                  exitReason: null,
                  exitCode: null,
                  leakFromBytes: null,
                  leakToBytes: null,
                  pid: random.int(20_000, 3_900_000),
                },
              ],
        pulledImageMs: template.name === 'checkout' ? pulledImageMs : null,
        seriesSeed: hashString(`${podKey}/${template.name}`, seed),
      })),
      qosClass: 'Burstable',
      networkBytesPerSecond: Math.round(random.between(30_000, 50_000)),
      seriesSeed: hashString(podKey, seed),
    };
    pods.push(pod);
  }

  // The worker's memory: the surge and the leaking pods eat the headroom until the alert fires.
  const nodeMemory = { pendingAt: anchorMs - 40 * minute, firingAt: anchorMs - 38 * minute, resolvedAt: anchorMs + 90 * second };
  const ordinary = 1 - node.memoryUsedRatio;
  node.memoryScript = [
    { atMs: rolloutAt, availableRatio: ordinary },
    { atMs: nodeMemory.pendingAt, availableRatio: 0.1 },
    { atMs: nodeMemory.pendingAt + minute, availableRatio: 0.071 },
    { atMs: anchorMs - 25 * minute, availableRatio: 0.064 },
    { atMs: anchorMs - 8 * minute, availableRatio: 0.069 },
    { atMs: anchorMs + 60 * second, availableRatio: 0.074 },
    { atMs: nodeMemory.resolvedAt, availableRatio: 0.1 },
    { atMs: anchorMs + 5 * minute, availableRatio: 0.29 },
  ];

  const pendingPod = applyPendingReportsDb(input, random);

  const alerts: WorldAlert[] = [
    {
      labels: { alertname: 'NodeMemoryHigh', instance: `${node.name}:9100`, node: node.name, severity: 'warning' },
      annotations: {
        summary: 'Node memory is running low.',
        description: `Less than 10% of the memory of node ${node.name} is available; pods on it risk eviction and OOM kills.`,
      },
      expr: 'node_memory_MemAvailable_bytes{job="node-exporter"} / node_memory_MemTotal_bytes{job="node-exporter"} * 100 < 10',
      receiver: 'slack-warnings',
      ...nodeMemory,
    },
  ];
  let crashLoopAlertFiringAt = Infinity;
  for (const pod of pods.filter((candidate) => leakingPods.includes(candidate.name))) {
    const firstKill = pod.containers.find((c) => c.template.name === 'checkout')!.runs[0]!.finishedAt!;
    // Rules are evaluated every 30 s; the alert waits `for: 15m` before it fires.
    const pendingAt = Math.ceil((firstKill + 15 * second) / 30_000) * 30_000;
    const firingAt = pendingAt + 15 * minute;
    crashLoopAlertFiringAt = Math.min(crashLoopAlertFiringAt, firingAt);
    alerts.push({
      labels: {
        alertname: 'KubePodCrashLooping',
        container: 'checkout',
        job: 'kube-state-metrics',
        namespace: 'shop',
        pod: pod.name,
        reason: 'CrashLoopBackOff',
        severity: 'critical',
      },
      annotations: {
        description: `Pod shop/${pod.name} (checkout) is in waiting state (reason: "CrashLoopBackOff").`,
        runbook_url: 'https://runbooks.prometheus-operator.dev/runbooks/kubernetes/kubepodcrashlooping',
        summary: 'Pod is crash looping.',
      },
      expr: 'max_over_time(kube_pod_container_status_waiting_reason{job="kube-state-metrics",reason="CrashLoopBackOff"}[5m]) >= 1',
      receiver: 'pagerduty-critical',
      pendingAt,
      firingAt,
      resolvedAt: null,
    });
  }

  return {
    facts: {
      centerId,
      namespace: 'shop',
      deployment: 'checkout',
      rolloutAt,
      oldReplicaSet: oldReplicaSet.name,
      newReplicaSet: newName,
      leakingPods,
      leakingContainer: 'checkout',
      memoryLimitBytes: limitBytes,
      node: node.name,
      firstOomKillAt,
      pendingPod,
      nodeMemoryAlert: nodeMemory,
      crashLoopAlertFiringAt,
    },
    alerts,
  };
}

/** reports-db-0 was deleted together with its PVC; its replacement cannot be scheduled. */
function applyPendingReportsDb(input: IncidentInput, random: Random): IncidentFacts['pendingPod'] {
  const { pods, nodes, anchorMs } = input;
  const index = pods.findIndex((pod) => pod.namespace === 'data' && pod.name === 'reports-db-0');
  const previous = pods[index];
  if (!previous) throw new Error('demo world: the incident needs data/reports-db-0');
  const recreatedAt = anchorMs - 31 * minute;
  previous.deletingAt = recreatedAt - random.int(6000, 9000);
  previous.removedAt = recreatedAt;
  for (const container of previous.containers) {
    const last = container.runs.at(-1)!;
    last.finishedAt = recreatedAt - random.int(500, 1500);
    last.exitReason = 'Completed';
    last.exitCode = 0;
  }
  const claim = previous.claimNames[0] ?? 'data-reports-db-0';
  const count = nodes.length;
  const message = `0/${count} nodes are available: persistentvolumeclaim "${claim}" not found. preemption: 0/${count} nodes are available: ${count} Preemption is not helpful for scheduling.`;
  const replacement: WorldPod = {
    ...previous,
    uid: random.uuid(),
    annotations: {},
    nodeName: null,
    hostIp: null,
    podIp: null,
    createdAt: recreatedAt + random.int(200, 900),
    scheduledAt: null,
    deletingAt: null,
    removedAt: null,
    pending: { reason: 'Unschedulable', message },
    containers: previous.containers.map((container) => ({ ...container, runs: [], pulledImageMs: null })),
  };
  pods.push(replacement);
  return { namespace: 'data', name: 'reports-db-0', message };
}

/** Ohio's ordinary day: the HPA added a recommendations replica 22 minutes before the anchor. */
export function applyOhioNoise(input: IncidentInput): void {
  const { anchorMs, replicaSets, pods, workloads, nodes } = input;
  const random = Random.derive(input.seed, `${input.centerId}/noise`);
  const workload = workloads.find((candidate) => candidate.namespace === 'shop' && candidate.name === 'recommendations');
  const replicaSet = replicaSets.find((candidate) => candidate.name === workload?.currentRevision);
  const template = pods.find((pod) => pod.ownerName === replicaSet?.name);
  if (!workload || !replicaSet || !template) return;
  const scaledAt = anchorMs - 22 * minute;
  workload.replicas += 1;
  workload.replicaHistory.push({ atMs: scaledAt, replicas: workload.replicas });
  replicaSet.replicaHistory.push({ atMs: scaledAt, replicas: workload.replicas });
  const used = new Set(pods.filter((pod) => pod.ownerName === replicaSet.name).map((pod) => pod.nodeName));
  const node = nodes.find((candidate) => candidate.labels['opsdesk.io/pool'] === 'general' && !used.has(candidate.name)) ?? nodes[0]!;
  const name = `${replicaSet.name}-${random.kubeSuffix(5)}`;
  const createdAt = scaledAt + random.int(100, 600);
  const scheduledAt = createdAt + random.int(10, 80);
  const startedAt = scheduledAt + random.int(4000, 7000);
  const podKey = `${input.centerId}/shop/${name}`;
  pods.push({
    ...template,
    name,
    uid: random.uuid(),
    nodeName: node.name,
    hostIp: node.internalIp,
    podIp: input.ips.allocate(node),
    createdAt,
    scheduledAt,
    containers: template.containers.map((container) => ({
      ...container,
      pulledImageMs: random.int(2500, 5200),
      seriesSeed: hashString(`${podKey}/${container.template.name}`, input.seed),
      runs: [
        {
          containerId: random.hex(64),
          startedAt,
          finishedAt: null,
          exitReason: null,
          exitCode: null,
          leakFromBytes: null,
          leakToBytes: null,
          pid: random.int(20_000, 3_900_000),
        },
      ],
    })),
    seriesSeed: hashString(podKey, input.seed),
  });
}
