import { goDuration } from './wire-format.ts';
import type { ContainerRun, WorldContainer, WorldPod } from './world-types.ts';

/** What a pod and its containers look like at a given instant; pure functions of (world, t). */

/** Kubelet's container restart back-off: 10s doubling to a 5m cap. */
export function restartBackoffMs(restartIndex: number): number {
  return Math.min(10_000 * 2 ** restartIndex, 300_000);
}

export type ContainerState =
  | { kind: 'running'; run: ContainerRun }
  | { kind: 'waiting'; reason: string; message: string | null }
  | { kind: 'terminated'; run: ContainerRun };

export interface ContainerView {
  container: WorldContainer;
  state: ContainerState;
  lastTerminated: ContainerRun | null;
  /** Instances that have ended so far; steps up at every kill. */
  restartCount: number;
  ready: boolean;
  started: boolean;
  /** The current instance, or the last one while waiting to restart. */
  containerId: string | null;
  /** When readiness last changed. */
  readyChangedAt: number | null;
}

export function podExistsAt(pod: WorldPod, t: number): boolean {
  return pod.createdAt <= t && (pod.removedAt === null || t < pod.removedAt);
}

/** Index of the last run started at or before t, or -1. */
function currentRunIndex(runs: readonly ContainerRun[], t: number): number {
  let low = 0;
  let high = runs.length - 1;
  let found = -1;
  while (low <= high) {
    const middle = (low + high) >> 1;
    if (runs[middle]!.startedAt <= t) {
      found = middle;
      low = middle + 1;
    } else {
      high = middle - 1;
    }
  }
  return found;
}

export function containerViewAt(pod: WorldPod, container: WorldContainer, t: number): ContainerView {
  const runs = container.runs;
  const index = currentRunIndex(runs, t);
  if (index < 0) {
    return {
      container,
      state: { kind: 'waiting', reason: 'ContainerCreating', message: null },
      lastTerminated: null,
      restartCount: 0,
      ready: false,
      started: false,
      containerId: null,
      readyChangedAt: null,
    };
  }
  const run = runs[index]!;
  const previous = index > 0 ? runs[index - 1]! : null;
  if (run.finishedAt === null || run.finishedAt > t) {
    return { container, state: { kind: 'running', run }, lastTerminated: previous, restartCount: index, ready: true, started: true, containerId: run.containerId, readyChangedAt: run.startedAt };
  }
  const restarting = pod.restartPolicy === 'Always' && pod.deletingAt === null;
  if (!restarting) {
    return { container, state: { kind: 'terminated', run }, lastTerminated: previous, restartCount: index, ready: false, started: false, containerId: run.containerId, readyChangedAt: run.finishedAt };
  }
  const backoff = goDuration(restartBackoffMs(index));
  return {
    container,
    state: {
      kind: 'waiting',
      reason: 'CrashLoopBackOff',
      message: `back-off ${backoff} restarting failed container=${container.template.name} pod=${pod.name}_${pod.namespace}(${pod.uid})`,
    },
    lastTerminated: run,
    restartCount: index + 1,
    ready: false,
    started: false,
    containerId: run.containerId,
    readyChangedAt: run.finishedAt,
  };
}

export interface PodView {
  phase: 'Pending' | 'Running' | 'Succeeded' | 'Failed';
  containers: ContainerView[];
  ready: boolean;
  readyChangedAt: number | null;
  restarts: number;
}

export function podViewAt(pod: WorldPod, t: number): PodView {
  const scheduled = pod.scheduledAt !== null && pod.scheduledAt <= t;
  const containers = scheduled ? pod.containers.map((container) => containerViewAt(pod, container, t)) : [];
  const everStarted = containers.some((view) => view.state.kind !== 'waiting' || view.lastTerminated !== null);
  const ready = containers.length > 0 && containers.every((view) => view.ready);
  const changes = containers.map((view) => view.readyChangedAt ?? pod.scheduledAt ?? pod.createdAt);
  return {
    phase: everStarted ? 'Running' : 'Pending',
    containers,
    ready,
    readyChangedAt: changes.length > 0 ? Math.max(...changes) : null,
    restarts: containers.reduce((sum, view) => sum + view.restartCount, 0),
  };
}

/** Is the container running (its cgroup exists, cAdvisor reports it) at t? */
export function runAt(container: WorldContainer, t: number): ContainerRun | null {
  const index = currentRunIndex(container.runs, t);
  if (index < 0) return null;
  const run = container.runs[index]!;
  return run.finishedAt === null || run.finishedAt > t ? run : null;
}

/** Restarts counted by the kubelet (and kube-state-metrics) at t. */
export function restartCountAt(pod: WorldPod, container: WorldContainer, t: number): number {
  const index = currentRunIndex(container.runs, t);
  if (index < 0) return 0;
  const run = container.runs[index]!;
  const restarting = pod.restartPolicy === 'Always' && pod.deletingAt === null;
  return restarting && run.finishedAt !== null && run.finishedAt <= t ? index + 1 : index;
}
