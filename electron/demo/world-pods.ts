import { hashString, Random } from './random.ts';
import type { CenterCatalog, StaticPodSpec, WorkloadSpec } from './world-catalog.ts';
import type {
  ContainerRun,
  ContainerTemplate,
  WorldContainer,
  WorldNode,
  WorldPod,
  WorldReplicaSet,
  WorldWorkload,
} from './world-types.ts';

const second = 1000;
const minute = 60 * second;
const hour = 60 * minute;
const day = 24 * hour;

const priorities: Record<string, number> = { 'system-node-critical': 2_000_001_000, 'system-cluster-critical': 2_000_000_000 };

/** Hands out pod IPs: from the node's pod CIDR (Calico) or from the node's VPC subnet (AWS VPC CNI). */
export class PodIpAllocator {
  private readonly used = new Set<string>();
  private readonly nextHost = new Map<string, number>();

  constructor(private readonly random: Random, private readonly vpcSubnets: boolean) {}

  reserve(ip: string): void {
    this.used.add(ip);
  }

  allocate(node: WorldNode): string {
    if (this.vpcSubnets) {
      const [a, b, c] = node.internalIp.split('.').map(Number) as [number, number, number];
      const base = c - (c % 32);
      for (;;) {
        const ip = `${a}.${b}.${base + this.random.int(0, 31)}.${this.random.int(4, 254)}`;
        if (!this.used.has(ip)) {
          this.used.add(ip);
          return ip;
        }
      }
    }
    const host = (this.nextHost.get(node.name) ?? 1) + 1;
    this.nextHost.set(node.name, host);
    const ip = node.podCidr.replace(/\.0\/24$/, `.${host}`);
    this.used.add(ip);
    return ip;
  }
}

export function qosClassOf(containers: readonly ContainerTemplate[]): WorldPod['qosClass'] {
  const anySet = containers.some(
    (c) => c.requests.cpuMillis !== undefined || c.requests.memoryBytes !== undefined || c.limits.cpuMillis !== undefined || c.limits.memoryBytes !== undefined,
  );
  if (!anySet) return 'BestEffort';
  const guaranteed = containers.every((c) => {
    const cpuRequest = c.requests.cpuMillis ?? c.limits.cpuMillis;
    const memoryRequest = c.requests.memoryBytes ?? c.limits.memoryBytes;
    return c.limits.cpuMillis !== undefined && c.limits.memoryBytes !== undefined && cpuRequest === c.limits.cpuMillis && memoryRequest === c.limits.memoryBytes;
  });
  return guaranteed ? 'Guaranteed' : 'Burstable';
}

export function imageIdOf(image: string, seed: number): string {
  const repository = image.replace(/:[^/:]+$/, '');
  return `${repository}@sha256:${Random.derive(seed, `image/${image}`).hex(64)}`;
}

export interface RunPlan {
  startedAt: number;
  /** Earlier instances that ended (restart history) before the current one. */
  crashes?: Array<{ at: number; reason: string; exitCode: number }>;
}

export function containerRuns(random: Random, plan: RunPlan): ContainerRun[] {
  const runs: ContainerRun[] = [];
  let startedAt = plan.startedAt;
  for (const crash of plan.crashes ?? []) {
    runs.push({
      containerId: random.hex(64),
      startedAt,
      finishedAt: crash.at,
      exitReason: crash.reason,
      exitCode: crash.exitCode,
      leakFromBytes: null,
      leakToBytes: null,
      pid: random.int(3000, 4_000_000),
    });
    startedAt = crash.at + 10 * second + random.int(300, 1500);
  }
  runs.push({
    containerId: random.hex(64),
    startedAt,
    finishedAt: null,
    exitReason: null,
    exitCode: null,
    leakFromBytes: null,
    leakToBytes: null,
    pid: random.int(3000, 4_000_000),
  });
  return runs;
}

export interface CenterContext {
  centerId: string;
  seed: number;
  anchorMs: number;
  createdAt: number;
  nodes: WorldNode[];
  ips: PodIpAllocator;
}

interface Placement {
  cpuMillis: number;
  memoryBytes: number;
  pods: number;
  workloads: Map<string, number>;
}

/** A greedy stand-in for the scheduler: least requested, spread replicas of one workload. */
class Scheduler {
  private readonly placements = new Map<string, Placement>();

  constructor(private readonly nodes: WorldNode[], private readonly random: Random) {
    for (const node of nodes) this.placements.set(node.name, { cpuMillis: 0, memoryBytes: 0, pods: 0, workloads: new Map() });
  }

  account(node: WorldNode, workloadKey: string, containers: readonly ContainerTemplate[]): void {
    const placement = this.placements.get(node.name)!;
    for (const c of containers) {
      placement.cpuMillis += c.requests.cpuMillis ?? 0;
      placement.memoryBytes += c.requests.memoryBytes ?? c.limits.memoryBytes ?? 0;
    }
    placement.pods += 1;
    placement.workloads.set(workloadKey, (placement.workloads.get(workloadKey) ?? 0) + 1);
  }

  choose(pool: string, workloadKey: string, containers: readonly ContainerTemplate[], avoid?: string): WorldNode {
    const candidates = this.nodes.filter((node) => node.role === 'worker' && node.labels['opsdesk.io/pool'] === pool && node.name !== avoid);
    let best: WorldNode | null = null;
    let bestScore = Infinity;
    for (const node of candidates) {
      const placement = this.placements.get(node.name)!;
      const score =
        placement.cpuMillis / node.allocatableCpuMillis +
        placement.memoryBytes / node.allocatableMemoryBytes +
        (placement.workloads.get(workloadKey) ?? 0) * 0.6 +
        this.random.float() * 0.05;
      if (score < bestScore) {
        bestScore = score;
        best = node;
      }
    }
    if (!best) throw new Error(`no node in pool ${pool}`);
    this.account(best, workloadKey, containers);
    return best;
  }
}

export interface GeneratedWorkloads {
  workloads: WorldWorkload[];
  replicaSets: WorldReplicaSet[];
  pods: WorldPod[];
}

function alignSecond(ms: number): number {
  return Math.floor(ms / second) * second;
}

export function generateWorkloads(context: CenterContext, catalog: CenterCatalog): GeneratedWorkloads {
  const { centerId, seed, anchorMs, nodes } = context;
  const scheduler = new Scheduler(nodes, Random.derive(seed, `${centerId}/scheduler`));
  const workloads: WorldWorkload[] = [];
  const replicaSets: WorldReplicaSet[] = [];
  const pods: WorldPod[] = [];

  function buildContainers(random: Random, podKey: string, templates: readonly ContainerTemplate[], startedAt: number, allowCrash: boolean): WorldContainer[] {
    return templates.map((template) => {
      const crashes: RunPlan['crashes'] = [];
      // Ordinary noise: now and then a container restarted once, long before the demo's hour.
      const latestCrash = anchorMs - 3 * hour;
      if (allowCrash && random.chance(0.05) && latestCrash - startedAt > 2 * hour) {
        const oom = random.chance(0.35) && template.limits.memoryBytes !== undefined;
        crashes.push({ at: alignSecond(random.between(startedAt + hour, latestCrash)), reason: oom ? 'OOMKilled' : 'Error', exitCode: oom ? 137 : 1 });
      }
      return {
        template,
        imageId: imageIdOf(template.image, seed),
        runs: containerRuns(random, { startedAt, crashes }),
        pulledImageMs: random.chance(0.6) ? random.int(900, 9500) : null,
        seriesSeed: hashString(`${podKey}/${template.name}`, seed),
      };
    });
  }

  function basePod(random: Random, spec: { namespace: string; name: string; hostNetwork: boolean; priorityClassName: string | null }, node: WorldNode, createdAt: number, templates: readonly ContainerTemplate[]) {
    const scheduledAt = createdAt + random.int(5, 900);
    const pullMs = random.int(600, 5000);
    const startedAt = alignSecond(scheduledAt + pullMs + random.int(200, 1500));
    const podKey = `${centerId}/${spec.namespace}/${spec.name}`;
    const containers = buildContainers(random, podKey, templates, startedAt, true);
    return {
      nodeName: node.name,
      nodeSelector: null,
      hostNetwork: spec.hostNetwork,
      hostIp: node.internalIp,
      podIp: spec.hostNetwork ? node.internalIp : context.ips.allocate(node),
      createdAt,
      scheduledAt,
      deletingAt: null,
      removedAt: null,
      pending: null,
      restartPolicy: 'Always' as const,
      priorityClassName: spec.priorityClassName,
      priority: spec.priorityClassName ? priorities[spec.priorityClassName] ?? 0 : 0,
      claimNames: [],
      containers,
      qosClass: qosClassOf(templates),
      seriesSeed: hashString(podKey, seed),
    };
  }

  function workloadLabels(spec: WorkloadSpec): Record<string, string> {
    const labels: Record<string, string> = { [spec.appLabel]: spec.name };
    if (spec.partOf) labels['app.kubernetes.io/part-of'] = spec.partOf;
    return labels;
  }

  for (const spec of catalog.workloads) {
    const random = Random.derive(seed, `${centerId}/${spec.namespace}/${spec.name}`);
    const system = spec.namespace === 'kube-system' || spec.namespace === 'monitoring' || spec.namespace === 'ingress-nginx';
    const createdAt = alignSecond(system ? context.createdAt + random.int(2, 30) * hour : Math.max(context.createdAt + 3 * day, anchorMs - random.int(60, 300) * day));
    const rolloutAt = alignSecond(
      spec.kind === 'Deployment' ? anchorMs - random.between(1.5, 25) * day : spec.kind === 'StatefulSet' ? anchorMs - random.between(5, 60) * day : anchorMs - random.between(20, 120) * day,
    );
    const effectiveRollout = Math.max(rolloutAt, createdAt);
    const selector = workloadLabels(spec);
    const labels = { ...selector };
    const workloadKey = `${spec.namespace}/${spec.name}`;
    const workload: WorldWorkload = {
      kind: spec.kind,
      namespace: spec.namespace,
      name: spec.name,
      uid: random.uuid(),
      createdAt,
      labels,
      selector,
      replicas: spec.replicas,
      replicaHistory: [{ atMs: createdAt, replicas: spec.replicas }],
      containers: spec.containers,
      generation: random.int(2, 14),
      currentRevision: '',
      hostNetwork: spec.hostNetwork ?? false,
      priorityClassName: spec.priorityClassName ?? null,
      serviceAccountName: spec.name,
      volumeClaimTemplates: spec.volumeClaim ? [spec.volumeClaim] : [],
      lastRolloutAt: effectiveRollout,
    };
    workloads.push(workload);
    const podSpec = { namespace: spec.namespace, name: '', hostNetwork: workload.hostNetwork, priorityClassName: workload.priorityClassName };
    const common = (name: string) => ({
      namespace: spec.namespace,
      name,
      uid: random.uuid(),
      annotations: {} as Record<string, string>,
      terminationGracePeriodSeconds: 30,
      serviceAccountName: workload.serviceAccountName,
      networkBytesPerSecond: workload.hostNetwork ? 0 : Math.round(((spec.networkBytesPerSecond ?? 20_000) / Math.max(1, spec.replicas)) * random.between(0.75, 1.25)),
    });

    if (spec.kind === 'Deployment') {
      const revision = random.int(3, 14);
      const hash = random.kubeSuffix(random.chance(0.5) ? 9 : 10);
      const rsName = `${spec.name}-${hash}`;
      // Older revisions stay behind as ReplicaSets scaled to zero (revisionHistoryLimit).
      const history = random.int(1, 2);
      for (let back = history; back >= 1; back--) {
        const oldHash = random.kubeSuffix(random.chance(0.5) ? 9 : 10);
        const oldCreated = alignSecond(effectiveRollout - back * random.between(3, 20) * day);
        if (oldCreated <= createdAt) continue;
        replicaSets.push({
          namespace: spec.namespace,
          name: `${spec.name}-${oldHash}`,
          uid: random.uuid(),
          deployment: spec.name,
          deploymentUid: workload.uid,
          podTemplateHash: oldHash,
          revision: revision - back,
          createdAt: oldCreated,
          replicaHistory: [
            { atMs: oldCreated, replicas: spec.replicas },
            { atMs: effectiveRollout + 45 * second, replicas: 0 },
          ],
          containers: spec.containers,
          labels: { ...selector, 'pod-template-hash': oldHash },
          nodeSelector: null,
        });
      }
      const replicaSet: WorldReplicaSet = {
        namespace: spec.namespace,
        name: rsName,
        uid: random.uuid(),
        deployment: spec.name,
        deploymentUid: workload.uid,
        podTemplateHash: hash,
        revision,
        createdAt: effectiveRollout,
        replicaHistory: [{ atMs: effectiveRollout, replicas: spec.replicas }],
        containers: spec.containers,
        labels: { ...selector, 'pod-template-hash': hash },
        nodeSelector: null,
      };
      replicaSets.push(replicaSet);
      workload.currentRevision = rsName;
      workload.generation = revision;
      for (let index = 0; index < spec.replicas; index++) {
        const node = scheduler.choose(spec.pool ?? 'general', workloadKey, spec.containers);
        const createdAtPod = alignSecond(Math.max(effectiveRollout + index * 15 * second, node.createdAt + random.int(60, 900) * second));
        const name = `${rsName}-${random.kubeSuffix(5)}`;
        pods.push({
          ...common(name),
          generateName: `${rsName}-`,
          labels: { ...replicaSet.labels },
          ownerKind: 'ReplicaSet',
          ownerName: rsName,
          ownerUid: replicaSet.uid,
          ownerApiVersion: 'apps/v1',
          ...basePod(random, { ...podSpec, name }, node, createdAtPod, spec.containers),
        });
      }
    } else if (spec.kind === 'StatefulSet') {
      const revisionHash = `${spec.name}-${random.kubeSuffix(10)}`;
      workload.currentRevision = revisionHash;
      for (let index = 0; index < spec.replicas; index++) {
        const node = scheduler.choose(spec.pool ?? 'general', workloadKey, spec.containers);
        const name = `${spec.name}-${index}`;
        const createdAtPod = alignSecond(Math.max(effectiveRollout + (spec.replicas - index) * 40 * second, node.createdAt + random.int(60, 900) * second));
        const pod: WorldPod = {
          ...common(name),
          generateName: `${spec.name}-`,
          labels: {
            ...selector,
            'apps.kubernetes.io/pod-index': String(index),
            'controller-revision-hash': revisionHash,
            'statefulset.kubernetes.io/pod-name': name,
          },
          ownerKind: 'StatefulSet',
          ownerName: spec.name,
          ownerUid: workload.uid,
          ownerApiVersion: 'apps/v1',
          ...basePod(random, { ...podSpec, name }, node, createdAtPod, spec.containers),
        };
        pod.claimNames = spec.volumeClaim ? [`${spec.volumeClaim.name}-${name}`] : [];
        pod.terminationGracePeriodSeconds = 120;
        pods.push(pod);
      }
    } else {
      const revisionHash = random.kubeSuffix(10);
      workload.currentRevision = revisionHash;
      const eligible = nodes.filter((node) => node.role === 'worker' || spec.onControlPlane);
      workload.replicas = eligible.length;
      workload.replicaHistory = [{ atMs: createdAt, replicas: eligible.length }];
      for (const node of eligible) {
        scheduler.account(node, workloadKey, spec.containers);
        const name = `${spec.name}-${random.kubeSuffix(5)}`;
        const createdAtPod = alignSecond(Math.max(effectiveRollout + random.int(0, 600) * second, node.createdAt + random.int(15, 40) * second));
        pods.push({
          ...common(name),
          generateName: `${spec.name}-`,
          labels: { ...selector, 'controller-revision-hash': revisionHash, 'pod-template-generation': String(workload.generation) },
          ownerKind: 'DaemonSet',
          ownerName: spec.name,
          ownerUid: workload.uid,
          ownerApiVersion: 'apps/v1',
          ...basePod(random, { ...podSpec, name }, node, createdAtPod, spec.containers),
        });
      }
    }
  }

  for (const node of nodes.filter((candidate) => candidate.role === 'control-plane')) {
    for (const spec of catalog.staticPods) pods.push(staticPod(spec, node));
  }

  function staticPod(spec: StaticPodSpec, node: WorldNode): WorldPod {
    const name = `${spec.name}-${node.name}`;
    const random = Random.derive(seed, `${centerId}/kube-system/${name}`);
    scheduler.account(node, `kube-system/${spec.name}`, spec.containers);
    // Mirror pods appear when the kubelet starts after the node's last reboot.
    const createdAt = alignSecond(node.bootedAt + random.int(20, 70) * second);
    const configHash = random.hex(32);
    return {
      namespace: 'kube-system',
      name,
      uid: random.uuid(),
      generateName: null,
      labels: { component: spec.name, tier: 'control-plane' },
      annotations: {
        'kubernetes.io/config.hash': configHash,
        'kubernetes.io/config.mirror': configHash,
        'kubernetes.io/config.seen': new Date(createdAt - 2 * second).toISOString().replace('Z', '000000Z'),
        'kubernetes.io/config.source': 'file',
      },
      ownerKind: 'Node',
      ownerName: node.name,
      ownerUid: node.uid,
      ownerApiVersion: 'v1',
      terminationGracePeriodSeconds: 30,
      serviceAccountName: '',
      networkBytesPerSecond: 0,
      ...basePod(random, { namespace: 'kube-system', name, hostNetwork: true, priorityClassName: 'system-node-critical' }, node, createdAt, spec.containers),
    };
  }

  return { workloads, replicaSets, pods };
}
