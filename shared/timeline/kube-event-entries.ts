import type { RecordRef } from '../domain/incidents.ts';
import type { KubeEventRecord } from '../domain/records.ts';
import { entryId } from './entry-id.ts';
import { overlaps, times, type TimelineDraft, type TimelineWindow } from './timeline-draft.ts';

/**
 * Kubernetes events as timeline entries, repeats grouped: events of one reason on the pods of one
 * ReplicaSet/DaemonSet (pod names up to their random suffix), or on one object, become one entry
 * spanning the first to the last occurrence with the summed count. The kernel monitor's OOMKilling
 * events on a node become "OOMKilled" entries, one per node and killed process name.
 */

/** Kubernetes' random pod-name suffix: five characters of an alphabet without vowels. */
const podSuffix = /-[bcdfghjklmnpqrstvwxz2456789]{5}$/;
const killedProcess = /Killed process \d+ \(([^)]+)\)/;
const maxEventRefs = 25;

const criticalReasons = new Set(['OOMKilled', 'OOMKilling', 'Evicted', 'NodeNotReady', 'SystemOOM']);

interface Group {
  key: string;
  reason: string;
  label: string;
  centerId: string;
  namespace: string;
  kind: string;
  name: string;
  events: KubeEventRecord[];
  objects: Set<string>;
}

function describe(event: KubeEventRecord): { reason: string; label: string; name: string } {
  if (event.reason === 'OOMKilling') {
    const process = killedProcess.exec(event.message)?.[1] ?? 'process';
    return { reason: 'OOMKilled', label: `OOMKilled`, name: `${event.involvedName}/${process}` };
  }
  if (event.involvedKind === 'Pod') return { reason: event.reason, label: event.reason, name: event.involvedName.replace(podSuffix, '') };
  return { reason: event.reason, label: event.reason, name: event.involvedName };
}

function objectText(group: Group): string {
  if (group.reason === 'OOMKilled' && group.kind === 'Node') {
    const [node, process] = group.name.split('/');
    return `node ${node} (${process})`;
  }
  const kind = group.kind.toLowerCase();
  const where = group.namespace ? `${group.namespace}/` : '';
  if (group.objects.size > 1) return `${kind}s ${where}${group.name}-* (${group.objects.size})`;
  return `${kind} ${where}${[...group.objects][0] ?? group.name}`;
}

function severityOf(group: Group): TimelineDraft['severity'] {
  if (criticalReasons.has(group.reason)) return 'critical';
  return group.events.some((event) => event.type === 'Warning') ? 'warning' : 'info';
}

function objectRefs(group: Group): RecordRef[] {
  if (group.kind === 'Node') return [{ kind: 'node', centerId: group.centerId, name: group.name.split('/')[0]! }];
  if (group.kind === 'Pod') return [...group.objects].sort().map((name) => ({ kind: 'pod', centerId: group.centerId, namespace: group.namespace, name }));
  return [];
}

export function kubeEventEntries(events: readonly KubeEventRecord[], range: TimelineWindow, skipUids: ReadonlySet<string> = new Set()): TimelineDraft[] {
  const groups = new Map<string, Group>();
  for (const event of events) {
    if (skipUids.has(event.uid) || !overlaps(range, event.firstSeen, event.lastSeen)) continue;
    const { reason, label, name } = describe(event);
    const key = [event.centerId, reason, event.namespace, event.involvedKind, name].join('\u0000');
    let group = groups.get(key);
    if (!group) {
      group = { key, reason, label, centerId: event.centerId, namespace: event.involvedKind === 'Node' ? '' : event.namespace, kind: event.involvedKind, name, events: [], objects: new Set() };
      groups.set(key, group);
    }
    group.events.push(event);
    group.objects.add(event.involvedName);
  }
  const entries: TimelineDraft[] = [];
  for (const group of groups.values()) {
    group.events.sort((a, b) => a.firstSeen - b.firstSeen || (a.uid < b.uid ? -1 : 1));
    // An event object first seen before the window is known to occur in it at its last sighting.
    const at = group.events.reduce((min, event) => Math.min(min, event.firstSeen >= range.fromMs ? event.firstSeen : event.lastSeen), Infinity);
    const end = group.events.reduce((max, event) => Math.max(max, event.lastSeen), at);
    // The kernel monitor reports each kill as its own event (the pid differs): count the events.
    const count = group.events.reduce((sum, event) => sum + Math.max(1, event.count), 0);
    const messages = [...new Set(group.events.map((event) => event.message))];
    const body = messages.length === 1 ? messages[0]! : `${messages[0]!}\n(and ${messages.length - 1} similar message${messages.length > 2 ? 's' : ''})`;
    entries.push({
      id: entryId('kube', group.centerId, group.reason, group.namespace, group.kind, group.name),
      at,
      endAt: end > at ? end : null,
      source: 'kube-event',
      centerId: group.centerId,
      object: objectText(group),
      title: `${group.label}${times(count)}: ${objectText(group)}`,
      body,
      severity: severityOf(group),
      refs: [
        ...objectRefs(group),
        ...group.events.slice(0, maxEventRefs).map((event): RecordRef => ({ kind: 'kube-event', centerId: group.centerId, uid: event.uid })),
      ],
    });
  }
  return entries;
}
