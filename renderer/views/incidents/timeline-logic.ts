import type { PanelId } from '../../../shared/catalog/promql.ts';
import type { Incident, IncidentSeverity, RecordRef, TimelineEntry } from '../../../shared/domain/incidents.ts';
import type { AlertRecord } from '../../../shared/domain/records.ts';
import type { TimeRangeInput } from '../../../shared/time/range.ts';
import type { PanelTargetKey } from '../../data/query-keys.ts';

const minute = 60_000;

/** Oldest first; entries at the same instant keep a stable order by id. */
export function orderTimeline(entries: readonly TimelineEntry[]): TimelineEntry[] {
  return [...entries].sort((a, b) => a.at - b.at || a.id.localeCompare(b.id));
}

export function visibleEntries(entries: readonly TimelineEntry[], showHidden: boolean): TimelineEntry[] {
  return showHidden ? [...entries] : entries.filter((entry) => !entry.hidden);
}

/** Entries of the sources left on (an empty set of muted sources shows everything). */
export function withoutSources(entries: readonly TimelineEntry[], muted: ReadonlySet<TimelineEntry['source']>): TimelineEntry[] {
  return muted.size === 0 ? [...entries] : entries.filter((entry) => !muted.has(entry.source));
}

/** How many entries each source contributes, in the order sources first appear. */
export function sourceCounts(entries: readonly TimelineEntry[]): [TimelineEntry['source'], number][] {
  const counts = new Map<TimelineEntry['source'], number>();
  for (const entry of entries) counts.set(entry.source, (counts.get(entry.source) ?? 0) + 1);
  return [...counts.entries()];
}

/** j/k: the next or previous id, staying at the ends; with nothing focused, j starts at the top and k at the bottom. */
export function moveFocus(ids: readonly string[], current: string | null, delta: 1 | -1): string | null {
  if (ids.length === 0) return null;
  const index = current === null ? -1 : ids.indexOf(current);
  if (index === -1) return delta === 1 ? ids[0]! : ids[ids.length - 1]!;
  return ids[Math.min(ids.length - 1, Math.max(0, index + delta))]!;
}

/** A window as the absolute time range the charts, logs and traces views take. */
export function windowRange(window: { fromMs: number; toMs: number }): TimeRangeInput {
  return { from: new Date(window.fromMs).toISOString(), to: new Date(window.toMs).toISOString() };
}

/** Namespaces of the pods the timeline cites, most cited first (hidden entries do not count). */
export function citedNamespaces(entries: readonly TimelineEntry[]): string[] {
  const counts = new Map<string, number>();
  for (const entry of entries) {
    if (entry.hidden) continue;
    for (const ref of entry.refs) {
      const namespace = ref.kind === 'pod' ? ref.namespace : ref.kind === 'logs' ? ref.namespace : null;
      if (namespace) counts.set(namespace, (counts.get(namespace) ?? 0) + 1);
    }
  }
  return [...counts.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([namespace]) => namespace);
}

export type EntryLink =
  | { kind: 'pod'; label: string; centerId: string; namespace: string; name: string }
  | { kind: 'node'; label: string; centerId: string; name: string }
  | { kind: 'logs'; label: string; centerId: string | null; namespace: string; pod: string; range: TimeRangeInput }
  | { kind: 'trace'; label: string; traceId: string };

/** What an entry's records can open: the pod or node, the logs view filtered to the window, the trace. */
export function entryLinks(entry: TimelineEntry): EntryLink[] {
  const links: EntryLink[] = [];
  const seen = new Set<string>();
  const add = (key: string, link: EntryLink) => {
    if (seen.has(key)) return;
    seen.add(key);
    links.push(link);
  };
  const around = { fromMs: entry.at - 5 * minute, toMs: (entry.endAt ?? entry.at) + 5 * minute };
  const pods = new Set(entry.refs.flatMap((ref) => (ref.kind === 'pod' ? [`${ref.namespace}/${ref.name}`] : [])));
  for (const ref of entry.refs) {
    linkFor(ref, around, add, pods.size > 1);
  }
  return links;
}

/** "checkout-7d9f8b6c5-x2kqp" → "…x2kqp": enough to tell an entry's pods apart. */
function podSuffix(name: string): string {
  const last = name.slice(name.lastIndexOf('-') + 1);
  return last && last !== name ? `…${last}` : name;
}

function linkFor(ref: RecordRef, around: { fromMs: number; toMs: number }, add: (key: string, link: EntryLink) => void, manyPods: boolean): void {
  switch (ref.kind) {
    case 'pod': {
      const which = manyPods ? ` ${podSuffix(ref.name)}` : '';
      add(`pod/${ref.centerId}/${ref.namespace}/${ref.name}`, { kind: 'pod', label: `Open pod${which}`, centerId: ref.centerId, namespace: ref.namespace, name: ref.name });
      add(`logs/${ref.namespace}/${ref.name}`, { kind: 'logs', label: `Pod logs${which}`, centerId: ref.centerId, namespace: ref.namespace, pod: ref.name, range: windowRange(around) });
      return;
    }
    case 'node':
      add(`node/${ref.centerId}/${ref.name}`, { kind: 'node', label: 'Open node', centerId: ref.centerId, name: ref.name });
      return;
    case 'logs':
      add(`logs/${ref.namespace ?? ''}/${ref.pod ?? ''}`, {
        kind: 'logs',
        label: ref.pod ? 'Logs' : 'Logs in window',
        centerId: ref.centerId,
        namespace: ref.namespace ?? '',
        pod: ref.pod ?? '',
        range: windowRange({ fromMs: ref.fromMs, toMs: ref.toMs }),
      });
      return;
    case 'trace':
      add(`trace/${ref.traceId}`, { kind: 'trace', label: `Trace ${ref.traceId.slice(0, 8)}…`, traceId: ref.traceId });
      return;
    case 'log-line':
      add('logs/line', { kind: 'logs', label: 'Logs around', centerId: null, namespace: '', pod: '', range: windowRange(around) });
      return;
    case 'alert':
    case 'kube-event':
    case 'audit':
      return;
  }
}

export function isFiring(alert: AlertRecord, nowMs: number): boolean {
  return alert.state === 'active' && (alert.endsAt === null || alert.endsAt > nowMs);
}

/** Firing first, then the most recent. */
export function orderAlerts(alerts: readonly AlertRecord[], nowMs: number): AlertRecord[] {
  return [...alerts].sort(
    (a, b) => Number(isFiring(b, nowMs)) - Number(isFiring(a, nowMs)) || b.startsAt - a.startsAt || a.fingerprint.localeCompare(b.fingerprint),
  );
}

export interface IncidentDraft {
  title: string;
  severity: IncidentSeverity;
  owner: string;
  centerIds: string[];
  services: string[];
  window: { fromMs: number; toMs: number };
  origin: Incident['origin'];
}

export function alertSeverity(label: string | null): IncidentSeverity {
  switch ((label ?? '').toLowerCase()) {
    case 'critical':
    case 'page':
      return 'critical';
    case 'warning':
    case 'high':
      return 'high';
    case 'info':
    case 'low':
      return 'low';
    default:
      return 'medium';
  }
}

/**
 * An incident from an alert: its window opens 30 minutes before the alert fired (changes that cause alerts
 * come first — a rollout, a deleted volume) and closes 10 minutes after it resolved, or now while it fires.
 */
export function draftFromAlert(alert: AlertRecord, nowMs: number): IncidentDraft {
  const subject = alert.labels.instance ?? alert.labels.node ?? alert.labels.pod ?? alert.labels.deployment ?? alert.labels.service ?? null;
  const services = [alert.labels.service, alert.labels.deployment, alert.labels.job].filter((value): value is string => Boolean(value));
  const resolvedAt = alert.endsAt !== null && alert.endsAt <= nowMs ? alert.endsAt : null;
  return {
    title: subject ? `${alert.alertName} on ${subject}` : alert.alertName,
    severity: alertSeverity(alert.severity),
    owner: '',
    centerIds: [alert.centerId],
    services: [...new Set(services)],
    window: { fromMs: alert.startsAt - 30 * minute, toMs: resolvedAt === null ? nowMs : Math.min(nowMs, resolvedAt + 10 * minute) },
    origin: { type: 'alert', centerId: alert.centerId, fingerprint: alert.fingerprint, alertName: alert.alertName },
  };
}

export interface ViewSelection {
  view: string;
  kind: 'node' | 'pod' | 'container';
  /** The row key of the inventory table: center/name, center/namespace/pod, center/namespace/pod/container. */
  key: string;
}

/** An incident around what is selected in a view, over the desk's current time range. */
export function draftFromSelection(selection: ViewSelection, window: { fromMs: number; toMs: number }): IncidentDraft {
  const parts = selection.key.split('/');
  const centerId = parts[0] ?? '';
  const object = selection.kind === 'node' ? `node ${parts[1] ?? ''}` : selection.kind === 'pod' ? `pod ${parts[1]}/${parts[2]}` : `container ${parts[1]}/${parts[2]}/${parts[3]}`;
  const workload = selection.kind === 'node' ? null : workloadOf(parts[2] ?? '');
  return {
    title: `Investigate ${object}`,
    severity: 'medium',
    owner: '',
    centerIds: centerId ? [centerId] : [],
    services: workload ? [workload] : [],
    window,
    origin: { type: 'selection', view: selection.view, description: `${object} in ${centerId}` },
  };
}

/** "checkout-7d9f8b6c5-x2kqp" → "checkout": a Deployment pod's name minus its ReplicaSet hash and suffix. */
export function workloadOf(podName: string): string {
  const deployment = /^(.+)-[0-9a-f]{6,10}-[0-9a-z]{5}$/.exec(podName);
  if (deployment) return deployment[1]!;
  const statefulSet = /^(.+)-\d+$/.exec(podName);
  return statefulSet ? statefulSet[1]! : podName;
}

/** Comma- or space-separated names typed in a field. */
export function parseList(text: string): string[] {
  return [...new Set(text.split(/[,\s]+/).map((part) => part.trim()).filter(Boolean))];
}

/** `<input type="datetime-local">` values are in the browser's zone; these convert both ways. */
export function toLocalInput(epochMs: number): string {
  const date = new Date(epochMs);
  const pad = (value: number) => String(value).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

export function fromLocalInput(value: string): number | null {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(value)) return null;
  const parsed = new Date(value).getTime();
  return Number.isFinite(parsed) ? parsed : null;
}

export function formatBytesShort(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}
