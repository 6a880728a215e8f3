import { alertStateWindows } from '../alerts.ts';
import { restartCountAt, runAt } from '../lifecycle.ts';
import { hashString } from '../random.ts';
import type { ContainerRun, Labels, WorldCenter, WorldContainer, WorldNode, WorldPod } from '../world-types.ts';
import { counter, makeWave, sampleNoise, waveAt, type Wave } from './signals.ts';

/**
 * The raw series a Prometheus scraping this center would hold: node_exporter per node, cAdvisor
 * (kubelet) per container instance and per pod cgroup, kube-state-metrics, up and ALERTS. Each
 * series knows its lifetime and computes the sample at any scrape instant; nothing is stored.
 */

export const scrapeIntervalMs = 30_000;
/** Rule evaluation interval; ALERTS samples are written at this cadence. */
export const evaluationIntervalMs = 30_000;

export interface RawSeries {
  labels: Labels;
  /** No sample before this instant. */
  startMs: number;
  /** No sample at or after this instant; once it has passed, the series is stale. */
  endMs: number | null;
  intervalMs: number;
  /** Sample instants are offsetMs + k × intervalMs (Prometheus spreads targets over the interval). */
  offsetMs: number;
  value(sampleMs: number): number;
}

export class SeriesStore {
  private readonly byName = new Map<string, RawSeries[]>();

  add(series: RawSeries): void {
    const name = series.labels.__name__!;
    const list = this.byName.get(name);
    if (list) list.push(series);
    else this.byName.set(name, [series]);
  }

  named(name: string): readonly RawSeries[] {
    return this.byName.get(name) ?? [];
  }

  names(): string[] {
    return [...this.byName.keys()].sort();
  }

  all(): RawSeries[] {
    return [...this.byName.values()].flat();
  }
}

/** A bounded memo for values many series share (all CPUs of a node follow the node's wave). */
function memoize(fn: (ms: number) => number): (ms: number) => number {
  const cache = new Map<number, number>();
  return (ms) => {
    const hit = cache.get(ms);
    if (hit !== undefined) return hit;
    if (cache.size > 200_000) cache.clear();
    const value = fn(ms);
    cache.set(ms, value);
    return value;
  };
}

const cpuModes: Array<[mode: string, share: number]> = [
  ['user', 0.7],
  ['system', 0.22],
  ['iowait', 0.08],
];

function offsetFor(key: string): number {
  return (hashString(key) % (scrapeIntervalMs / 1000)) * 1000 + (hashString(`${key}/ms`) % 1000);
}

function addNodeSeries(store: SeriesStore, node: WorldNode, kubernetesOnPrem: boolean): void {
  const instance = `${node.name}:9100`;
  const base = { instance, job: 'node-exporter' };
  const startMs = node.bootedAt + 25_000;
  const offsetMs = offsetFor(instance);
  const target = { startMs, endMs: null, intervalMs: scrapeIntervalMs, offsetMs };
  const seed = node.seriesSeed;
  store.add({ ...target, labels: { __name__: 'up', ...base }, value: () => 1 });
  store.add({ ...target, labels: { __name__: 'node_memory_MemTotal_bytes', ...base }, value: () => node.memoryBytes });

  const memoryWave = makeWave(seed ^ 0x3c6ef372, 0.04, 0.03);
  const script = node.memoryScript;
  const availableRatio = (ms: number): number => {
    if (script && ms >= script[0]!.atMs) {
      let ratio = script.at(-1)!.availableRatio;
      for (let index = 1; index < script.length; index++) {
        const right = script[index]!;
        if (ms <= right.atMs) {
          const left = script[index - 1]!;
          ratio = left.availableRatio + ((right.availableRatio - left.availableRatio) * (ms - left.atMs)) / (right.atMs - left.atMs);
          break;
        }
      }
      return ratio + 0.003 * sampleNoise(seed, ms);
    }
    return 1 - node.memoryUsedRatio * (1 + waveAt(memoryWave, ms / 1000)) + 0.003 * sampleNoise(seed, ms);
  };
  store.add({
    ...target,
    labels: { __name__: 'node_memory_MemAvailable_bytes', ...base },
    value: (ms) => Math.round(node.memoryBytes * availableRatio(ms) / 4096) * 4096,
  });

  const cpuWave = makeWave(seed ^ 0x1b873593, 0.35, 0.15);
  // Busy seconds of an average CPU since boot; each CPU scales it by its own share of the work.
  const busySeconds = memoize(counter(node.cpuBusy, cpuWave, node.bootedAt));
  for (let cpu = 0; cpu < node.cpuCores; cpu++) {
    const factor = 0.75 + (hashString(`${node.name}/cpu${cpu}`) % 1000) / 2000;
    const cpuLabel = String(cpu);
    store.add({
      ...target,
      labels: { __name__: 'node_cpu_seconds_total', cpu: cpuLabel, ...base, mode: 'idle' },
      value: (ms) => (ms - node.bootedAt) / 1000 - factor * busySeconds(ms),
    });
    for (const [mode, share] of cpuModes) {
      store.add({ ...target, labels: { __name__: 'node_cpu_seconds_total', cpu: cpuLabel, ...base, mode }, value: (ms) => factor * share * busySeconds(ms) });
    }
  }

  // Root filesystem: a fixed size per node, filling slowly (logs, images) from a seeded starting share.
  const filesystem = { device: '/dev/sda1', fstype: 'ext4', mountpoint: '/', ...base };
  const diskBytes = (100 + (hashString(`${node.name}/disk`) % 4) * 100) * 1024 ** 3;
  const usedAtBoot = 0.25 + (hashString(`${node.name}/disk-used`) % 40) / 100;
  const fillPerSecond = 2_000 + (hashString(`${node.name}/disk-fill`) % 8_000);
  store.add({ ...target, labels: { __name__: 'node_filesystem_size_bytes', ...filesystem }, value: () => diskBytes });
  store.add({
    ...target,
    labels: { __name__: 'node_filesystem_avail_bytes', ...filesystem },
    value: (ms) => Math.max(0, Math.round((diskBytes * (1 - usedAtBoot) - fillPerSecond * ((ms - node.bootedAt) / 1000)) / 4096) * 4096),
  });

  const devices: Array<[device: string, rate: number]> = [
    [node.primaryInterface, node.networkBytesPerSecond],
    ['lo', 38_000],
  ];
  if (kubernetesOnPrem) devices.push(['tunl0', node.networkBytesPerSecond * 0.18]);
  for (const [device, rate] of devices) {
    const received = counter(rate, makeWave(hashString(device, seed), 0.3, 0.2), node.bootedAt);
    store.add({
      ...target,
      labels: { __name__: 'node_network_receive_bytes_total', device, ...base },
      value: (ms) => Math.floor(received(ms)),
    });
  }
}

function cgroupParent(pod: WorldPod): string {
  const uid = pod.uid.replaceAll('-', '_');
  if (pod.qosClass === 'Guaranteed') return `/kubepods.slice/kubepods-pod${uid}.slice`;
  const qos = pod.qosClass === 'Burstable' ? 'burstable' : 'besteffort';
  return `/kubepods.slice/kubepods-${qos}.slice/kubepods-${qos}-pod${uid}.slice`;
}

const userFacing = new Set(['shop', 'payments', 'search', 'ingress-nginx']);

interface RunSignals {
  memory(ms: number): number;
  cpuSeconds(ms: number): number;
}

function runSignals(container: WorldContainer, run: ContainerRun, cpuWave: Wave, memoryWave: Wave): RunSignals {
  const template = container.template;
  const seed = container.seriesSeed;
  const limit = template.limits.memoryBytes ?? Infinity;
  const leaking = run.leakFromBytes !== null && run.leakToBytes !== null && run.finishedAt !== null;
  const durationMs = run.finishedAt === null ? 0 : run.finishedAt - run.startedAt;
  const cpu = counter(template.usageCores, cpuWave, run.startedAt);
  return {
    memory(ms) {
      if (leaking) {
        const fraction = (ms - run.startedAt) / durationMs;
        const value = run.leakFromBytes! + (run.leakToBytes! - run.leakFromBytes!) * fraction;
        return Math.min(run.leakToBytes! - 4096, Math.round(value * (1 + 0.002 * sampleNoise(seed, ms))));
      }
      // Working sets settle over the first minutes of a container's life.
      const warm = Math.min(1, 0.55 + (0.45 * (ms - run.startedAt)) / 180_000);
      const value = template.usageMemoryBytes * warm * (1 + waveAt(memoryWave, ms / 1000) + 0.01 * sampleNoise(seed, ms));
      return Math.round(Math.min(limit * 0.97, value));
    },
    cpuSeconds(ms) {
      const base = cpu(ms);
      if (!leaking) return base;
      // The leaking build spends ever more time in garbage collection as its heap fills.
      const duration = durationMs / 1000;
      const fraction = (ms - run.startedAt) / durationMs;
      return base + (template.usageCores * 1.8 * duration * fraction ** 3) / 3;
    },
  };
}

function addPodSeries(store: SeriesStore, pod: WorldPod, node: WorldNode, ksmInstance: string): void {
  if (pod.scheduledAt === null || pod.nodeName === null) return;
  const kubelet = { instance: `${node.internalIp}:10250`, job: 'kubelet', metrics_path: '/metrics/cadvisor', node: node.name };
  const kubeletOffset = offsetFor(`${node.name}/kubelet`);
  const ksmOffset = offsetFor(ksmInstance);
  const podLabels = { namespace: pod.namespace, pod: pod.name };
  const parent = cgroupParent(pod);
  const endMs = pod.removedAt;
  const daily = userFacing.has(pod.namespace) ? 0.3 : 0.08;

  const perContainer = pod.containers.map((container) => {
    const cpuWave = makeWave(container.seriesSeed, daily, 0.12);
    const memoryWave = makeWave(container.seriesSeed ^ 0x27d4eb2f, 0.03, 0.02);
    const signals = new Map<ContainerRun, RunSignals>(container.runs.map((run) => [run, runSignals(container, run, cpuWave, memoryWave)]));
    for (const run of container.runs) {
      const runEnd = run.finishedAt === null ? endMs : endMs === null ? run.finishedAt : Math.min(run.finishedAt, endMs);
      const cadvisor = {
        container: container.template.name,
        id: `${parent}/cri-containerd-${run.containerId}.scope`,
        image: container.template.image,
        ...kubelet,
        name: run.containerId,
        ...podLabels,
      };
      const lifetime = { startMs: run.startedAt, endMs: runEnd, intervalMs: scrapeIntervalMs, offsetMs: kubeletOffset };
      const signal = signals.get(run)!;
      store.add({ ...lifetime, labels: { __name__: 'container_cpu_usage_seconds_total', ...cadvisor, cpu: 'total' }, value: signal.cpuSeconds });
      store.add({ ...lifetime, labels: { __name__: 'container_memory_working_set_bytes', ...cadvisor }, value: signal.memory });
    }
    return { container, signals };
  });

  // The pod's own cgroup (no container label): the sum of its containers plus the sandbox.
  const firstStart = Math.min(...pod.containers.map((container) => container.runs[0]?.startedAt ?? Infinity));
  if (Number.isFinite(firstStart)) {
    const podCgroup = { id: parent, ...kubelet, ...podLabels };
    const lifetime = { startMs: firstStart, endMs, intervalMs: scrapeIntervalMs, offsetMs: kubeletOffset };
    const sandboxBytes = 1_400_000 + (pod.seriesSeed % 600_000);
    store.add({
      ...lifetime,
      labels: { __name__: 'container_memory_working_set_bytes', ...podCgroup },
      value: (ms) => {
        let sum = sandboxBytes;
        for (const { container, signals } of perContainer) {
          const run = runAt(container, ms);
          if (run) sum += signals.get(run)!.memory(ms);
        }
        return sum;
      },
    });
    store.add({
      ...lifetime,
      labels: { __name__: 'container_cpu_usage_seconds_total', ...podCgroup, cpu: 'total' },
      value: (ms) => {
        let sum = 0;
        for (const { container, signals } of perContainer) {
          for (const run of container.runs) {
            if (run.startedAt > ms) break;
            sum += signals.get(run)!.cpuSeconds(run.finishedAt === null ? ms : Math.min(ms, run.finishedAt));
          }
        }
        return sum;
      },
    });
    if (!pod.hostNetwork && pod.networkBytesPerSecond > 0) {
      const received = counter(pod.networkBytesPerSecond, makeWave(pod.seriesSeed, daily, 0.2), firstStart);
      store.add({
        ...lifetime,
        labels: { __name__: 'container_network_receive_bytes_total', ...podCgroup, interface: 'eth0' },
        value: (ms) => Math.floor(received(ms)),
      });
    }
  }

  // kube-state-metrics reports a container once the kubelet has posted its status.
  const ksm = { instance: ksmInstance, job: 'kube-state-metrics' };
  for (const container of pod.containers) {
    const labels = { container: container.template.name, ...ksm, ...podLabels, uid: pod.uid };
    store.add({
      labels: { __name__: 'kube_pod_container_status_restarts_total', ...labels },
      startMs: pod.scheduledAt + 1000,
      endMs,
      intervalMs: scrapeIntervalMs,
      offsetMs: ksmOffset,
      value: (ms) => restartCountAt(pod, container, ms),
    });
    if (pod.restartPolicy !== 'Always') continue;
    container.runs.forEach((run, index) => {
      const next = container.runs[index + 1];
      if (run.finishedAt === null || (pod.deletingAt !== null && run.finishedAt >= pod.deletingAt)) return;
      store.add({
        labels: { __name__: 'kube_pod_container_status_waiting_reason', ...labels, reason: 'CrashLoopBackOff' },
        startMs: run.finishedAt,
        endMs: next ? next.startedAt : endMs,
        intervalMs: scrapeIntervalMs,
        offsetMs: ksmOffset,
        value: () => 1,
      });
    });
  }
}

export function buildSeriesStore(center: WorldCenter): SeriesStore {
  const store = new SeriesStore();
  const onPrem = center.kind === 'on-prem';
  const nodes = new Map(center.nodes.map((node) => [node.name, node]));
  for (const node of center.nodes) {
    addNodeSeries(store, node, onPrem);
    store.add({
      labels: { __name__: 'up', instance: `${node.internalIp}:10250`, job: 'kubelet', metrics_path: '/metrics/cadvisor', node: node.name },
      startMs: node.bootedAt + 20_000,
      endMs: null,
      intervalMs: scrapeIntervalMs,
      offsetMs: offsetFor(`${node.name}/kubelet`),
      value: () => 1,
    });
  }
  for (const pod of center.pods) {
    const node = pod.nodeName ? nodes.get(pod.nodeName) : undefined;
    if (node) addPodSeries(store, pod, node, center.kubeStateMetricsInstance);
  }
  const scrapedPods: Array<[prefix: string, job: string, port: number]> = [
    ['kube-state-metrics-', 'kube-state-metrics', 8080],
    ['prometheus-k8s-', 'prometheus-k8s', 9090],
    ['alertmanager-main-', 'alertmanager-main', 9093],
  ];
  for (const pod of center.pods) {
    const target = scrapedPods.find(([prefix]) => pod.namespace === 'monitoring' && pod.name.startsWith(prefix));
    const started = pod.containers[0]?.runs[0]?.startedAt;
    if (!target || !pod.podIp || started === undefined) continue;
    const instance = `${pod.podIp}:${target[2]}`;
    store.add({
      labels: { __name__: 'up', instance, job: target[1], namespace: pod.namespace, pod: pod.name },
      startMs: started + 5_000,
      endMs: pod.removedAt,
      intervalMs: scrapeIntervalMs,
      offsetMs: offsetFor(instance),
      value: () => 1,
    });
  }
  const ruleOffset = offsetFor(`${center.id}/rules`);
  for (const alert of center.alerts) {
    for (const window of alertStateWindows(alert)) {
      store.add({
        labels: { __name__: 'ALERTS', alertstate: window.state, ...alert.labels },
        startMs: window.from,
        endMs: window.to,
        intervalMs: evaluationIntervalMs,
        offsetMs: ruleOffset,
        value: () => 1,
      });
    }
  }
  return store;
}
