import { Random } from './random.ts';
import type { InvolvedObject, WorldEvent, WorldNode, WorldPod, WorldReplicaSet, WorldWorkload } from './world-types.ts';

/**
 * Kubernetes events derived from the world's history, the way the kubelet, the scheduler and the
 * controllers record them: one Event object per (object, reason, message, source), its count and
 * timestamps growing with every repeat. Only the last hour is visible through the API (the API
 * server's default event TTL), so most of this history is never shown.
 */

export type EventDraft = Omit<WorldEvent, 'name' | 'uid'>;

const second = 1000;
const minute = 60 * second;

/** Go's time.Duration.String() with millisecond precision: 812ms, 3.412s. */
function goDurationMs(ms: number): string {
  if (ms < 1000) return `${ms}ms`;
  return `${(ms / 1000).toFixed(3).replace(/\.?0+$/, '')}s`;
}

function podObject(pod: WorldPod, container?: string): InvolvedObject {
  return {
    kind: 'Pod',
    namespace: pod.namespace,
    name: pod.name,
    uid: pod.uid,
    apiVersion: 'v1',
    ...(container ? { fieldPath: `spec.containers{${container}}` } : {}),
  };
}

export class EventRecorder {
  private readonly drafts = new Map<string, EventDraft>();

  record(draft: Omit<EventDraft, 'occurrences'>, at: number | number[]): void {
    const key = [draft.involved.uid, draft.involved.fieldPath ?? '', draft.reason, draft.message, draft.source.component].join('\u0000');
    const existing = this.drafts.get(key);
    const times = Array.isArray(at) ? at : [at];
    if (existing) existing.occurrences.push(...times);
    else this.drafts.set(key, { ...draft, occurrences: [...times] });
  }

  add(draft: EventDraft): void {
    this.record(draft, draft.occurrences);
  }

  /** Names like the recorder's `<involved name>.<first timestamp in ns, hex>`, uids, sorted occurrences. */
  finish(random: Random): WorldEvent[] {
    const names = new Set<string>();
    const events: WorldEvent[] = [];
    for (const draft of this.drafts.values()) {
      const occurrences = [...draft.occurrences].sort((a, b) => a - b);
      let nanos = BigInt(Math.round(occurrences[0]!)) * 1_000_000n;
      let name = `${draft.involved.name}.${nanos.toString(16)}`;
      while (names.has(`${draft.namespace}/${name}`)) {
        nanos += 1n;
        name = `${draft.involved.name}.${nanos.toString(16)}`;
      }
      names.add(`${draft.namespace}/${name}`);
      events.push({ ...draft, occurrences, name, uid: random.uuid() });
    }
    events.sort((a, b) => (a.namespace === b.namespace ? (a.name < b.name ? -1 : 1) : a.namespace < b.namespace ? -1 : 1));
    return events;
  }
}

function oomScoreAdjust(pod: WorldPod, requestBytes: number, node: WorldNode): number {
  if (pod.qosClass === 'Guaranteed') return -997;
  if (pod.qosClass === 'BestEffort') return 1000;
  return Math.min(999, Math.max(2, 1000 - Math.floor((1000 * requestBytes) / node.memoryBytes)));
}

export interface EventSources {
  nodes: WorldNode[];
  workloads: WorldWorkload[];
  replicaSets: WorldReplicaSet[];
  pods: WorldPod[];
  /** node-problem-detector runs on the on-prem cluster and reports kernel OOM kills on the Node. */
  problemDetector: boolean;
}

export function recordLifecycleEvents(recorder: EventRecorder, sources: EventSources): void {
  const nodesByName = new Map(sources.nodes.map((node) => [node.name, node]));
  const workloadsByKey = new Map(sources.workloads.map((workload) => [`${workload.kind}/${workload.namespace}/${workload.name}`, workload]));

  for (const pod of sources.pods) {
    const kubelet = { component: 'kubelet', ...(pod.nodeName ? { host: pod.nodeName } : {}) };
    if (pod.scheduledAt !== null && pod.ownerKind !== 'Node') {
      recorder.record(
        {
          namespace: pod.namespace,
          involved: podObject(pod),
          reason: 'Scheduled',
          message: `Successfully assigned ${pod.namespace}/${pod.name} to ${pod.nodeName}`,
          type: 'Normal',
          source: { component: 'default-scheduler' },
        },
        pod.scheduledAt,
      );
    }
    if (pod.pending) {
      // Unschedulable pods are retried when the cluster changes or every 5 minutes.
      const retries: number[] = [];
      for (let at = pod.createdAt + 40; at <= pod.createdAt + 24 * 60 * minute; at += 5 * minute) retries.push(at);
      recorder.record(
        { namespace: pod.namespace, involved: podObject(pod), reason: 'FailedScheduling', message: pod.pending.message, type: 'Warning', source: { component: 'default-scheduler' } },
        retries,
      );
    }
    for (const container of pod.containers) {
      const name = container.template.name;
      const involved = podObject(pod, name);
      const image = container.template.image;
      container.runs.forEach((run, index) => {
        if (index === 0 && container.pulledImageMs !== null) {
          recorder.record({ namespace: pod.namespace, involved, reason: 'Pulling', message: `Pulling image "${image}"`, type: 'Normal', source: kubelet }, run.startedAt - container.pulledImageMs - 300);
          const took = goDurationMs(container.pulledImageMs);
          recorder.record(
            { namespace: pod.namespace, involved, reason: 'Pulled', message: `Successfully pulled image "${image}" in ${took} (${took} including waiting)`, type: 'Normal', source: kubelet },
            run.startedAt - 250,
          );
        } else {
          recorder.record(
            { namespace: pod.namespace, involved, reason: 'Pulled', message: `Container image "${image}" already present on machine`, type: 'Normal', source: kubelet },
            run.startedAt - 250,
          );
        }
        recorder.record({ namespace: pod.namespace, involved, reason: 'Created', message: `Created container ${name}`, type: 'Normal', source: kubelet }, run.startedAt - 120);
        recorder.record({ namespace: pod.namespace, involved, reason: 'Started', message: `Started container ${name}`, type: 'Normal', source: kubelet }, run.startedAt);

        if (run.finishedAt !== null && run.exitReason === 'OOMKilled' && sources.problemDetector && pod.nodeName) {
          const node = nodesByName.get(pod.nodeName)!;
          const limitKb = Math.round((container.template.limits.memoryBytes ?? node.memoryBytes) / 1024);
          const anonKb = limitKb - 180 - (run.pid % 900);
          recorder.record(
            {
              namespace: 'default',
              involved: { kind: 'Node', namespace: '', name: node.name, uid: node.name, apiVersion: '' },
              reason: 'OOMKilling',
              message:
                `Memory cgroup out of memory: Killed process ${run.pid} (${name}) total-vm:${anonKb * 3 + 41_112}kB, anon-rss:${anonKb}kB, ` +
                `file-rss:${2_048 + (run.pid % 4_000)}kB, shmem-rss:0kB, UID:10001 pgtables:${1_100 + (run.pid % 300)}kB ` +
                `oom_score_adj:${oomScoreAdjust(pod, container.template.requests.memoryBytes ?? 0, node)}`,
              type: 'Warning',
              source: { component: 'kernel-monitor', host: node.name },
            },
            run.finishedAt,
          );
        }
        const next = container.runs[index + 1];
        if (run.finishedAt !== null && pod.restartPolicy === 'Always' && pod.deletingAt === null) {
          const until = next ? next.startedAt - 1500 : run.finishedAt + 24 * 60 * minute;
          const backoffs: number[] = [];
          for (let at = run.finishedAt + 1200; at < until; at += 20 * second) backoffs.push(at);
          if (backoffs.length > 0) {
            recorder.record(
              {
                namespace: pod.namespace,
                involved,
                reason: 'BackOff',
                message: `Back-off restarting failed container ${name} in pod ${pod.name}_${pod.namespace}(${pod.uid})`,
                type: 'Warning',
                source: kubelet,
              },
              backoffs,
            );
          }
        }
      });
      if (pod.deletingAt !== null && container.runs.some((run) => run.startedAt <= pod.deletingAt! && (run.finishedAt === null || run.finishedAt >= pod.deletingAt!))) {
        recorder.record({ namespace: pod.namespace, involved, reason: 'Killing', message: `Stopping container ${name}`, type: 'Normal', source: kubelet }, pod.deletingAt + 30);
      }
    }

    if (pod.ownerKind === 'ReplicaSet') {
      const owner: InvolvedObject = { kind: 'ReplicaSet', namespace: pod.namespace, name: pod.ownerName, uid: pod.ownerUid, apiVersion: 'apps/v1' };
      const source = { component: 'replicaset-controller' };
      recorder.record({ namespace: pod.namespace, involved: owner, reason: 'SuccessfulCreate', message: `Created pod: ${pod.name}`, type: 'Normal', source }, pod.createdAt);
      if (pod.deletingAt !== null) {
        recorder.record({ namespace: pod.namespace, involved: owner, reason: 'SuccessfulDelete', message: `Deleted pod: ${pod.name}`, type: 'Normal', source }, pod.deletingAt);
      }
    } else if (pod.ownerKind === 'StatefulSet' || pod.ownerKind === 'DaemonSet') {
      const workload = workloadsByKey.get(`${pod.ownerKind}/${pod.namespace}/${pod.ownerName}`);
      const owner: InvolvedObject = { kind: pod.ownerKind, namespace: pod.namespace, name: pod.ownerName, uid: pod.ownerUid, apiVersion: 'apps/v1' };
      const statefulSet = pod.ownerKind === 'StatefulSet';
      recorder.record(
        {
          namespace: pod.namespace,
          involved: owner,
          reason: 'SuccessfulCreate',
          message: statefulSet ? `create Pod ${pod.name} in StatefulSet ${workload?.name ?? pod.ownerName} successful` : `Created pod: ${pod.name}`,
          type: 'Normal',
          source: { component: statefulSet ? 'statefulset-controller' : 'daemonset-controller' },
        },
        pod.createdAt,
      );
    }
  }

  for (const replicaSet of sources.replicaSets) {
    const deployment: InvolvedObject = { kind: 'Deployment', namespace: replicaSet.namespace, name: replicaSet.deployment, uid: replicaSet.deploymentUid, apiVersion: 'apps/v1' };
    let previous = 0;
    for (const change of replicaSet.replicaHistory) {
      if (change.replicas === previous) continue;
      const direction = change.replicas > previous ? 'up' : 'down';
      recorder.record(
        {
          namespace: replicaSet.namespace,
          involved: deployment,
          reason: 'ScalingReplicaSet',
          message: `Scaled ${direction} replica set ${replicaSet.name} to ${change.replicas} from ${previous}`,
          type: 'Normal',
          source: { component: 'deployment-controller' },
        },
        change.atMs,
      );
      previous = change.replicas;
    }
  }
}

/** Ohio's ordinary noise: the HPA scaling recommendations, and one flaky readiness probe. */
export function recordOhioNoise(recorder: EventRecorder, sources: EventSources, anchorMs: number, random: Random): void {
  const recommendations = sources.workloads.find((workload) => workload.namespace === 'shop' && workload.name === 'recommendations');
  const replicaSet = sources.replicaSets.find((candidate) => candidate.name === recommendations?.currentRevision);
  const scaled = replicaSet?.replicaHistory.at(-1);
  if (recommendations && scaled && replicaSet && replicaSet.replicaHistory.length > 1) {
    recorder.record(
      {
        namespace: 'shop',
        involved: { kind: 'HorizontalPodAutoscaler', namespace: 'shop', name: 'recommendations', uid: random.uuid(), apiVersion: 'autoscaling/v2' },
        reason: 'SuccessfulRescale',
        message: `New size: ${scaled.replicas}; reason: cpu resource utilization (percentage of request) above target`,
        type: 'Normal',
        source: { component: 'horizontal-pod-autoscaler' },
      },
      scaled.atMs - 400,
    );
  }
  const probePod = sources.pods.find((pod) => pod.namespace === 'search' && pod.name.startsWith('search-api-') && pod.removedAt === null);
  if (probePod?.podIp) {
    const at = anchorMs - 14 * minute;
    recorder.record(
      {
        namespace: 'search',
        involved: podObject(probePod, 'search-api'),
        reason: 'Unhealthy',
        message: `Readiness probe failed: Get "http://${probePod.podIp}:8080/healthz": context deadline exceeded (Client.Timeout exceeded while awaiting headers)`,
        type: 'Warning',
        source: { component: 'kubelet', host: probePod.nodeName! },
      },
      [at, at + 10 * second, at + 20 * second],
    );
  }
}
