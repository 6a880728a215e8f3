import type { RecordRef } from '../domain/incidents.ts';
import type { ContainerRecord, KubeEventRecord, PodRecord } from '../domain/records.ts';
import { entryId } from './entry-id.ts';
import { within, type TimelineDraft, type TimelineWindow } from './timeline-draft.ts';

/**
 * Rollouts from the deployment controller's ScalingReplicaSet events ("Scaled up replica set
 * checkout-7d9f to 1 from 0"): a ReplicaSet scaled up from zero starts a rollout of its
 * Deployment; the scaling that follows (the new set up, the old ones down) belongs to it until the
 * next rollout or a quiet gap. Images come from the cached containers of the new set's pods.
 */

const scalingPattern = /^Scaled (up|down) replica set (\S+) to (\d+)(?: from (\d+))?/;
/** Scaling this long after the previous step is a new change, not part of the rollout. */
const quietGapMs = 15 * 60_000;

export interface ScalingStep {
  event: KubeEventRecord;
  direction: 'up' | 'down';
  replicaSet: string;
  to: number;
  from: number | null;
}

export function parseScaling(event: KubeEventRecord): ScalingStep | null {
  if (event.reason !== 'ScalingReplicaSet') return null;
  const match = scalingPattern.exec(event.message);
  if (!match) return null;
  return { event, direction: match[1] as 'up' | 'down', replicaSet: match[2]!, to: Number(match[3]), from: match[4] === undefined ? null : Number(match[4]) };
}

export interface RolloutResult {
  entries: TimelineDraft[];
  /** Events folded into a rollout entry (not repeated as plain events). */
  consumedUids: Set<string>;
}

export interface RolloutContext {
  pods: readonly PodRecord[];
  containers: readonly ContainerRecord[];
}

const pullingImage = /^Pulling image "([^"]+)"/;

/** Images the new set's pods had to pull: the ones the rollout changed (unchanged ones are "already present"). */
function pulledImagesOf(events: readonly KubeEventRecord[], centerId: string, namespace: string, replicaSet: string): string[] {
  const images = events
    .filter((event) => event.centerId === centerId && event.namespace === namespace && event.reason === 'Pulling' && event.involvedName.startsWith(`${replicaSet}-`))
    .map((event) => pullingImage.exec(event.message)?.[1])
    .filter((image): image is string => image !== undefined);
  return [...new Set(images)].sort();
}

function imagesOf(centerId: string, namespace: string, replicaSet: string, context: RolloutContext): string[] {
  const pods = new Set(
    context.pods.filter((pod) => pod.centerId === centerId && pod.namespace === namespace && pod.ownerKind === 'ReplicaSet' && pod.ownerName === replicaSet).map((pod) => pod.name),
  );
  const images = context.containers.filter((container) => container.centerId === centerId && container.namespace === namespace && pods.has(container.podName)).map((container) => container.image);
  return [...new Set(images)].sort();
}

export function rolloutEntries(events: readonly KubeEventRecord[], window: TimelineWindow, context: RolloutContext): RolloutResult {
  const byDeployment = new Map<string, ScalingStep[]>();
  for (const event of events) {
    if (event.involvedKind !== 'Deployment') continue;
    const step = parseScaling(event);
    if (!step) continue;
    const key = `${event.centerId}\u0000${event.namespace}\u0000${event.involvedName}`;
    const steps = byDeployment.get(key) ?? [];
    steps.push(step);
    byDeployment.set(key, steps);
  }
  const entries: TimelineDraft[] = [];
  const consumedUids = new Set<string>();
  for (const steps of byDeployment.values()) {
    steps.sort((a, b) => a.event.firstSeen - b.event.firstSeen || (a.event.uid < b.event.uid ? -1 : 1));
    const seen = new Set<string>();
    let rollout: ScalingStep[] | null = null;
    const rollouts: ScalingStep[][] = [];
    for (const step of steps) {
      const starts = step.direction === 'up' && (step.from === 0 || (step.from === null && !seen.has(step.replicaSet)));
      seen.add(step.replicaSet);
      const last = rollout?.at(-1);
      if (starts) {
        rollout = [step];
        rollouts.push(rollout);
      } else if (rollout && last && step.event.firstSeen - last.event.lastSeen <= quietGapMs) {
        rollout.push(step);
      } else {
        rollout = null;
      }
    }
    for (const rolloutSteps of rollouts) {
      const first = rolloutSteps[0]!;
      if (!within(window, first.event.firstSeen)) continue;
      const { centerId, namespace, involvedName: deployment } = first.event;
      const replaced = [...new Set(rolloutSteps.filter((step) => step.direction === 'down' && step.replicaSet !== first.replicaSet).map((step) => step.replicaSet))];
      const newest = rolloutSteps.filter((step) => step.replicaSet === first.replicaSet).reduce((max, step) => Math.max(max, step.to), 0);
      const endAt = rolloutSteps.reduce((max, step) => Math.max(max, step.event.lastSeen), first.event.firstSeen);
      const images = imagesOf(centerId, namespace, first.replicaSet, context);
      const changed = pulledImagesOf(events, centerId, namespace, first.replicaSet);
      const headline = changed.length > 0 ? changed : images;
      for (const step of rolloutSteps) consumedUids.add(step.event.uid);
      const refs: RecordRef[] = rolloutSteps.map((step) => ({ kind: 'kube-event', centerId, uid: step.event.uid }));
      const body = [
        `New ReplicaSet ${first.replicaSet} scaled to ${newest}${replaced.length > 0 ? `; ${replaced.join(', ')} scaled down` : ''}.`,
        images.length > 0 ? `Image${images.length > 1 ? 's' : ''}: ${images.join(', ')}` : null,
        ...rolloutSteps.map((step) => `- ${step.event.message}`),
      ]
        .filter((line): line is string => line !== null)
        .join('\n');
      entries.push({
        id: entryId('rollout', centerId, namespace, deployment, first.replicaSet),
        at: first.event.firstSeen,
        endAt: endAt > first.event.firstSeen ? endAt : null,
        source: 'rollout',
        centerId,
        object: `deployment ${namespace}/${deployment}`,
        title: `Rollout of ${namespace}/${deployment}: ${replaced.length > 0 ? `${replaced.join(', ')} → ` : ''}${first.replicaSet}${headline.length > 0 && headline.length <= 2 ? ` (${headline.map((image) => image.split('/').at(-1)).join(', ')})` : ''}`,
        body,
        severity: 'info',
        refs,
      });
    }
  }
  return { entries, consumedUids };
}
