import type { RecordRef } from '../domain/incidents.ts';
import type { AlertRecord } from '../domain/records.ts';
import { entryId } from './entry-id.ts';
import { within, type TimelineDraft, type TimelineWindow } from './timeline-draft.ts';

function alertObject(alert: AlertRecord): { object: string | null; refs: RecordRef[] } {
  const { labels } = alert;
  if (labels.namespace && labels.pod) {
    return { object: `pod ${labels.namespace}/${labels.pod}`, refs: [{ kind: 'pod', centerId: alert.centerId, namespace: labels.namespace, name: labels.pod }] };
  }
  const node = labels.node ?? labels.instance?.replace(/:\d+$/, '');
  if (node) return { object: `node ${node}`, refs: labels.node ? [{ kind: 'node', centerId: alert.centerId, name: labels.node }] : [] };
  if (labels.namespace && labels.deployment) return { object: `deployment ${labels.namespace}/${labels.deployment}`, refs: [] };
  if (labels.service) return { object: `service ${labels.service}`, refs: [] };
  return { object: null, refs: [] };
}

function severityOf(alert: AlertRecord): TimelineDraft['severity'] {
  const severity = (alert.severity ?? alert.labels.severity ?? '').toLowerCase();
  if (severity === 'critical' || severity === 'page' || severity === 'error') return 'critical';
  if (severity === 'warning' || severity === 'warn') return 'warning';
  return 'info';
}

/**
 * An alert gives a "firing" entry at its start and a "resolved" entry at its end once that end is
 * past (Alertmanager's endsAt of an active alert lies in the future).
 */
export function alertEntries(alerts: readonly AlertRecord[], window: TimelineWindow, now: number): TimelineDraft[] {
  const entries: TimelineDraft[] = [];
  for (const alert of alerts) {
    const { object, refs } = alertObject(alert);
    const allRefs: RecordRef[] = [{ kind: 'alert', centerId: alert.centerId, fingerprint: alert.fingerprint }, ...refs];
    const resolvedAt = alert.endsAt !== null && alert.endsAt <= now ? alert.endsAt : null;
    const summary = alert.annotations.summary ?? alert.annotations.message ?? null;
    const description = alert.annotations.description ?? null;
    if (within(window, alert.startsAt)) {
      entries.push({
        id: entryId('alert', alert.centerId, alert.fingerprint, alert.startsAt, 'firing'),
        at: alert.startsAt,
        endAt: resolvedAt,
        source: 'alert',
        centerId: alert.centerId,
        object,
        title: `${alert.alertName} firing${summary ? `: ${summary}` : ''}`,
        body: description,
        severity: severityOf(alert),
        refs: allRefs,
      });
    }
    if (resolvedAt !== null && within(window, resolvedAt)) {
      entries.push({
        id: entryId('alert', alert.centerId, alert.fingerprint, alert.startsAt, 'resolved'),
        at: resolvedAt,
        endAt: null,
        source: 'alert',
        centerId: alert.centerId,
        object,
        title: `${alert.alertName} resolved`,
        body: null,
        severity: 'info',
        refs: allRefs,
      });
    }
  }
  return entries;
}
