import type { AuditEvent, TimelineEntry, TimelineSource } from '../domain/incidents.ts';
import type { AlertRecord, ContainerRecord, KubeEventRecord, PodRecord } from '../domain/records.ts';
import { alertEntries } from './alert-entries.ts';
import { logBurstEntries, traceErrorEntries, type OccurrenceSeries } from './burst-entries.ts';
import { containerOomEntries } from './container-oom-entries.ts';
import { auditEntries, noteEntries, type IncidentNote } from './human-entries.ts';
import { kubeEventEntries } from './kube-event-entries.ts';
import { rolloutEntries } from './rollout-entries.ts';
import type { TimelineDraft, TimelineWindow } from './timeline-draft.ts';

export interface EntryMark {
  starred: boolean;
  hidden: boolean;
  annotation: string | null;
}

/** Everything the timeline is made of, already read from the cache for the incident's centers. */
export interface TimelineInputs {
  window: TimelineWindow;
  now: number;
  alerts: readonly AlertRecord[];
  events: readonly KubeEventRecord[];
  pods: readonly PodRecord[];
  containers: readonly ContainerRecord[];
  errorLogs: readonly OccurrenceSeries[];
  failedTraces: readonly OccurrenceSeries[];
  audit: readonly AuditEvent[];
  notes: readonly IncidentNote[];
  marks: ReadonlyMap<string, EntryMark>;
}

/** At one instant: what happened to the system first, then what people did about it. */
const sourceRank: Record<TimelineSource, number> = { rollout: 0, alert: 1, 'kube-event': 2, 'log-burst': 3, 'trace-errors': 4, audit: 5, note: 6 };

export function compareEntries(a: TimelineDraft, b: TimelineDraft): number {
  return a.at - b.at || sourceRank[a.source] - sourceRank[b.source] || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

export function applyMarks(drafts: readonly TimelineDraft[], marks: ReadonlyMap<string, EntryMark>): TimelineEntry[] {
  return drafts.map((draft) => {
    const mark = marks.get(draft.id);
    return { ...draft, starred: mark?.starred ?? false, hidden: mark?.hidden ?? false, annotation: mark?.annotation ?? null };
  });
}

/** The incident's timeline in time order, every entry with a stable id and refs to its records. */
export function buildTimeline(inputs: TimelineInputs): TimelineEntry[] {
  const rollouts = rolloutEntries(inputs.events, inputs.window, { pods: inputs.pods, containers: inputs.containers });
  const events = kubeEventEntries(inputs.events, inputs.window, rollouts.consumedUids);
  const kernelOom = new Set(
    inputs.events.filter((event) => event.reason === 'OOMKilling' && event.involvedKind === 'Node').map((event) => `${event.centerId}\u0000${event.involvedName}/${/\(([^)]+)\)/.exec(event.message)?.[1] ?? ''}`),
  );
  const drafts: TimelineDraft[] = [
    ...alertEntries(inputs.alerts, inputs.window, inputs.now),
    ...rollouts.entries,
    ...events,
    ...containerOomEntries(inputs.containers, inputs.pods, inputs.window, kernelOom),
    ...logBurstEntries(inputs.errorLogs, inputs.window),
    ...traceErrorEntries(inputs.failedTraces, inputs.window),
    ...auditEntries(inputs.audit),
    ...noteEntries(inputs.notes),
  ];
  const unique = new Map<string, TimelineDraft>();
  for (const draft of drafts) if (!unique.has(draft.id)) unique.set(draft.id, draft);
  return applyMarks([...unique.values()].sort(compareEntries), inputs.marks);
}
