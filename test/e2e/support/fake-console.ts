import { builtInRoles } from '../../../resources/roles/built-in-roles.ts';
import { diagnosePendingPods } from '../../../shared/analysis/pending-pods.ts';
import { rendererOutDir } from '../../../electron/build.ts';
import { Dispatcher, type ChannelHandlers } from '../../../electron/dispatcher.ts';
import { startHost } from '../../../electron/host/server.ts';
import { panel, seriesMatchesTarget } from '../../../shared/catalog/promql.ts';
import type { CenterSummary, ChannelName, SyncStatus } from '../../../shared/contract/channels.ts';
import { ApiFailure } from '../../../shared/contract/result.ts';
import type { ContainerRecord, NodeRecord, PodRecord } from '../../../shared/domain/records.ts';
import { resolveTimeRange } from '../../../shared/time/range.ts';

/**
 * A host serving the built renderer over a dispatcher with fixed records, for renderer tests that need
 * exact data or injected failures (the real console covers the full path). Small, deterministic.
 */
export interface FakeConsoleOptions {
  /** Channels that fail with this error instead of answering. */
  failures?: Partial<Record<ChannelName, ApiFailure>>;
  /** Channels answered by these instead of the fixed records. */
  handlers?: Partial<ChannelHandlers>;
  now?: number;
}

export interface FakeCall {
  channel: ChannelName;
  input: unknown;
}

export interface FakeConsole {
  url: string;
  origin: string;
  dispatcher: Dispatcher;
  statuses: SyncStatus[];
  /** Every request the renderer made, in order (after the contract parsed it). */
  calls: FakeCall[];
  close(): Promise<void>;
}

const hour = 3_600_000;
const day = 24 * hour;
const gib = 1024 ** 3;
const mib = 1024 ** 2;

const centers: CenterSummary[] = [
  { id: 'seoul-dc', name: 'Seoul DC', kind: 'on-prem', region: 'kr-seoul-1', labels: {}, demo: true, endpoints: [] },
  { id: 'ohio-region', name: 'Ohio Region', kind: 'cloud', region: 'us-east-2', labels: {}, demo: true, endpoints: [] },
];

function buildWorld(now: number) {
  const nodes: NodeRecord[] = [];
  const pods: PodRecord[] = [];
  const containers: ContainerRecord[] = [];
  for (const center of centers) {
    const prefix = center.id === 'seoul-dc' ? 'sel' : 'ip-10-2';
    for (let index = 0; index < 4; index += 1) {
      const name = center.id === 'seoul-dc' ? `${prefix}-k8s-${index === 0 ? 'cp' : 'w'}${index}` : `${prefix}-0-${10 + index}.ec2.internal`;
      nodes.push({
        centerId: center.id,
        name,
        uid: `${center.id}-node-${index}`,
        roles: index === 0 ? ['control-plane'] : ['worker'],
        ready: center.id === 'seoul-dc' && index === 3 ? 'False' : 'True',
        unschedulable: center.id === 'ohio-region' && index === 2,
        conditions: [
          { type: 'Ready', status: center.id === 'seoul-dc' && index === 3 ? 'False' : 'True', reason: 'KubeletReady' },
          { type: 'MemoryPressure', status: 'False' },
          { type: 'DiskPressure', status: 'False' },
        ],
        capacity: { cpuMillis: 16_000, memoryBytes: 64 * gib, pods: 110 },
        allocatable: { cpuMillis: 15_500, memoryBytes: 62 * gib, pods: 110 },
        labels: {},
        internalIp: `10.${center.id === 'seoul-dc' ? 1 : 2}.0.${10 + index}`,
        kubeletVersion: 'v1.31.4',
        osImage: 'Ubuntu 24.04.1 LTS',
        createdAt: now - (40 + index) * day,
      });
    }
    const workloads: [string, string, PodRecord['phase'], string | null, number][] = [
      ['shop', 'checkout-7d9f8b6c5-x2kqp', 'Running', null, 0],
      ['shop', 'cart-5c6d7f8g9-h7jkl', 'Running', null, 3],
      ['shop', 'payments-6b7c8d9e-q4rst', 'Running', 'CrashLoopBackOff', 14],
      ['infra', 'ingress-nginx-controller-abcde', 'Running', null, 0],
      ['batch', 'report-28876540-zzq9x', 'Pending', 'Unschedulable', 0],
      ['batch', 'export-28876100-m2n3b', 'Failed', 'OOMKilled', 1],
    ];
    workloads.forEach(([namespace, name, phase, reason, restarts], index) => {
      const node = nodes.filter((candidate) => candidate.centerId === center.id)[1 + (index % 3)];
      pods.push({
        centerId: center.id,
        namespace,
        name,
        uid: `${center.id}-pod-${index}`,
        nodeName: phase === 'Pending' ? null : (node?.name ?? null),
        phase,
        reason,
        message: reason === 'Unschedulable' ? '0/4 nodes are available: 4 Insufficient memory.' : null,
        qosClass: index % 2 ? 'Burstable' : 'Guaranteed',
        ownerKind: 'ReplicaSet',
        ownerName: name.split('-').slice(0, -1).join('-'),
        restarts,
        readyContainers: reason ? 1 : 2,
        totalContainers: 2,
        podIp: `10.244.${index}.7`,
        labels: {},
        createdAt: now - (index + 1) * 5 * hour,
        startedAt: now - (index + 1) * 5 * hour + 30_000,
      });
      for (const container of ['app', 'istio-proxy']) {
        const crashing = container === 'app' && reason === 'CrashLoopBackOff';
        containers.push({
          centerId: center.id,
          namespace,
          podName: name,
          name: container,
          image: container === 'app' ? `registry.example.com/${namespace}/${name.split('-')[0]}:1.4.2` : 'docker.io/istio/proxyv2:1.23.2',
          ready: !crashing,
          restartCount: container === 'app' ? restarts : 0,
          state: crashing ? 'waiting' : phase === 'Failed' ? 'terminated' : 'running',
          stateReason: crashing ? 'CrashLoopBackOff' : phase === 'Failed' && container === 'app' ? 'OOMKilled' : null,
          startedAt: now - hour,
          lastTerminationReason: restarts > 0 && container === 'app' ? (crashing ? 'Error' : 'OOMKilled') : null,
          lastTerminatedAt: restarts > 0 ? now - 10 * 60_000 : null,
          requests: { cpuMillis: 250, memoryBytes: 256 * mib },
          limits: { cpuMillis: 1000, memoryBytes: 512 * mib },
        });
      }
    });
  }
  return { nodes, pods, containers };
}

function syntheticSeries(labels: Record<string, string>, unit: string, from: number, to: number) {
  const step = 60_000;
  const timestamps: number[] = [];
  const values: number[] = [];
  const seed = [...JSON.stringify(labels)].reduce((sum, char) => sum + char.charCodeAt(0), 0);
  for (let t = Math.ceil(from / step) * step; t <= to; t += step) {
    const wave = Math.sin(t / 600_000 + seed) * 0.5 + 0.5;
    timestamps.push(t);
    values.push(unit === 'bytes' ? (180 + wave * 120) * mib : unit === 'ratio' ? 0.2 + wave * 0.4 : unit === 'count' ? Math.floor((t - from) / (20 * 60_000)) : 0.05 + wave * 0.3);
  }
  return { labels, timestamps, values };
}

export async function startFakeConsole(options: FakeConsoleOptions = {}): Promise<FakeConsole> {
  const now = options.now ?? Date.now();
  const world = buildWorld(now);
  const statuses: SyncStatus[] = centers.flatMap((center) =>
    (['kubernetes', 'metrics'] as const).map((signal) => ({
      centerId: center.id,
      endpointId: `${center.id}-${signal}`,
      signal,
      state: 'ok' as const,
      lastAttemptAt: now - 20_000,
      lastSuccessAt: now - 20_000,
      progress: null,
      error: null,
    })),
  );
  const inCenters = (centerIds: string[]) => (record: { centerId: string }) =>
    centerIds.length === 0 || centerIds.includes(record.centerId);

  const handlers: ChannelHandlers = {
    'app:info': () => ({ version: 'fake', dataDir: '/tmp/fake', demo: true, startedAt: now }),
    'centers:list': () => centers,
    'sync:status': () => statuses,
    'sync:refresh': () => ({ started: 2 }),
    'inventory:nodes': ({ centerIds }) => world.nodes.filter(inCenters(centerIds)),
    'inventory:pods': ({ centerIds, namespace, nodeName }) =>
      world.pods
        .filter(inCenters(centerIds))
        .filter((pod) => (!namespace || pod.namespace === namespace) && (!nodeName || pod.nodeName === nodeName)),
    'inventory:containers': ({ centerIds, namespace, podName }) =>
      world.containers
        .filter(inCenters(centerIds))
        .filter((container) => (!namespace || container.namespace === namespace) && (!podName || container.podName === podName)),
    'events:list': ({ centerIds, involvedName }) =>
      world.pods
        .filter(inCenters(centerIds))
        .filter((pod) => pod.reason && (!involvedName || pod.name === involvedName))
        .map((pod) => ({
          centerId: pod.centerId,
          uid: `${pod.uid}-event`,
          namespace: pod.namespace,
          involvedKind: 'Pod',
          involvedName: pod.name,
          reason: pod.reason === 'CrashLoopBackOff' ? 'BackOff' : (pod.reason ?? 'Unknown'),
          message: pod.reason === 'CrashLoopBackOff' ? 'Back-off restarting failed container app' : (pod.message ?? pod.reason ?? ''),
          type: 'Warning',
          count: 12,
          firstSeen: now - hour,
          lastSeen: now - 60_000,
          source: 'kubelet',
        })),
    'alerts:list': () => [],
    'centers:config': () => ({ file: '/tmp/fake/centers.yaml', centers: [], problems: [] }),
    'centers:save': () => ({ saved: true as const }),
    'centers:reload': () => ({ problems: 0 }),
    'logs:search': () => [],
    'logs:around': () => [],
    'traces:search': () => [],
    'traces:services': () => [],
    'traces:get': ({ traceId }) => {
      throw new ApiFailure('not-found', `trace ${traceId} is not in the fake console`);
    },
    'sync:backfill': () => ({ endpoints: 0 }),
    'centers:remove': () => ({ removed: false }),
    'centers:test': () => [],
    'secrets:set': () => ({ stored: true as const, backend: 'memory' as const }),
    'secrets:status': () => ({ backend: 'keychain' as const, reason: null }),
    'auth:sessions': () => [],
    'auth:signIn': () => {
      throw new ApiFailure('unavailable', 'the fake console has no sign-in profiles');
    },
    'auth:signOut': () => {
      throw new ApiFailure('unavailable', 'the fake console has no sign-in profiles');
    },
    'tunnels:answerHostKey': () => ({ answered: false }),
    'roles:list': () => ({ roles: [...builtInRoles], activeRoleId: 'infrastructure', reason: 'first-permitted' as const, reasonText: 'first role open to you', groups: [] }),
    'roles:select': ({ roleId }) => {
      if (!builtInRoles.some((role) => role.id === roleId)) throw new ApiFailure('not-found', `no role "${roleId}"`);
      return { roles: [...builtInRoles], activeRoleId: roleId, reason: 'selected' as const, reasonText: 'selected by you', groups: [] };
    },
    'roles:serviceHealth': () => [],
    'analysis:pending': ({ centerIds }) =>
      diagnosePendingPods({ pods: world.pods.filter(inCenters(centerIds)), containers: world.containers, nodes: world.nodes, events: [] }),
    'incidents:list': () => [],
    'incidents:get': ({ id }) => {
      throw new ApiFailure('not-found', `incident ${id} is not in the fake console`);
    },
    'incidents:create': () => {
      throw new ApiFailure('unavailable', 'the fake console keeps no incidents');
    },
    'incidents:update': ({ id }) => {
      throw new ApiFailure('not-found', `incident ${id} is not in the fake console`);
    },
    'incidents:delete': () => ({ deleted: false }),
    'incidents:addNote': ({ id }) => {
      throw new ApiFailure('not-found', `incident ${id} is not in the fake console`);
    },
    'incidents:markEntry': ({ id }) => {
      throw new ApiFailure('not-found', `incident ${id} is not in the fake console`);
    },
    'audit:list': () => [],
    'incidents:export': ({ incidentId }) => {
      throw new ApiFailure('not-found', `incident ${incidentId} is not in the fake console`);
    },
    'packs:verify': () => {
      throw new ApiFailure('unavailable', 'the fake console reads no packs');
    },
    'packs:import': () => {
      throw new ApiFailure('unavailable', 'the fake console reads no packs');
    },
    'series:panel': ({ centerId, panel: panelId, target, range }) => {
      const definition = panel(panelId);
      const resolved = resolveTimeRange(range, Date.now());
      const labels: Record<string, string> =
        target.kind === 'node'
          ? { instance: `${target.name}:9100` }
          : target.kind === 'pod'
            ? { namespace: target.namespace ?? '', pod: target.name }
            : { namespace: target.namespace ?? '', pod: target.pod ?? '', container: target.name };
      // The NotReady node stopped reporting: its panels are empty, as a dead node's would be.
      const known =
        target.kind === 'node'
          ? world.nodes.some((node) => node.centerId === centerId && node.name === target.name && node.ready === 'True')
          : world.pods.some((pod) => pod.centerId === centerId && pod.name === (target.kind === 'pod' ? target.name : target.pod));
      const series = known && seriesMatchesTarget(labels, target) ? [syntheticSeries(labels, definition.unit, resolved.from, resolved.to)] : [];
      return { panel: panelId, title: definition.title, unit: definition.unit, series };
    },
    'map:frames': ({ centerIds, entity, metric, range, steps }) => {
      const resolved = resolveTimeRange(range, Date.now());
      const timestamps = Array.from({ length: steps }, (_, index) => Math.round(resolved.from + ((resolved.to - resolved.from) * index) / (steps - 1)));
      const unit = metric === 'memory' ? (entity === 'node' ? 'ratio' : 'bytes') : metric === 'restarts' ? 'count' : metric === 'network' ? 'bytes/s' : entity === 'node' ? 'ratio' : 'cores';
      const valuesFor = (labels: Record<string, string>) => {
        const series = syntheticSeries(labels, unit, resolved.from - 60_000, resolved.to);
        return timestamps.map((t) => series.values[series.timestamps.findLastIndex((at) => at <= t)] ?? null);
      };
      const podNode = new Map(world.pods.map((pod) => [`${pod.centerId}/${pod.namespace}/${pod.name}`, pod.nodeName]));
      const cells =
        entity === 'node'
          ? world.nodes.filter(inCenters(centerIds)).map((node) => ({
              key: `${node.centerId}/${node.name}`, centerId: node.centerId, name: node.name, namespace: null, pod: null, node: node.name,
              status: node.ready === 'True' ? 'Ready' : 'NotReady', values: node.ready === 'True' ? valuesFor({ instance: `${node.name}:9100` }) : timestamps.map(() => null),
            }))
          : entity === 'pod'
            ? world.pods.filter(inCenters(centerIds)).map((pod) => ({
                key: `${pod.centerId}/${pod.namespace}/${pod.name}`, centerId: pod.centerId, name: pod.name, namespace: pod.namespace, pod: pod.name,
                node: pod.nodeName, status: pod.phase, values: valuesFor({ namespace: pod.namespace, pod: pod.name }),
              }))
            : world.containers.filter(inCenters(centerIds)).map((container) => ({
                key: `${container.centerId}/${container.namespace}/${container.podName}/${container.name}`, centerId: container.centerId,
                name: container.name, namespace: container.namespace, pod: container.podName,
                node: podNode.get(`${container.centerId}/${container.namespace}/${container.podName}`) ?? null, status: container.state,
                values: valuesFor({ namespace: container.namespace, pod: container.podName, container: container.name }),
              }));
      return { entity, metric, unit, timestamps, cells };
    },
  };
  Object.assign(handlers, options.handlers ?? {});
  for (const [channel, failure] of Object.entries(options.failures ?? {})) {
    (handlers as Record<string, unknown>)[channel] = () => {
      throw failure;
    };
  }
  const calls: FakeCall[] = [];
  const recorded = Object.fromEntries(
    (Object.entries(handlers) as Array<[ChannelName, (input: unknown) => unknown]>).map(([channel, handler]) => [
      channel,
      (input: unknown) => {
        calls.push({ channel, input });
        return handler(input);
      },
    ]),
  ) as unknown as ChannelHandlers;
  const dispatcher = new Dispatcher(recorded);
  const host = await startHost({ dispatcher, rendererDir: rendererOutDir });
  return { url: host.url, origin: host.origin, dispatcher, statuses, calls, close: () => host.close() };
}
