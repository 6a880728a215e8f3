import { randomUUID } from 'node:crypto';
import type { IncidentOriginInput } from '../../../shared/contract/incidents-channels.ts';
import { ApiFailure } from '../../../shared/contract/result.ts';
import type { AuditEvent, Incident, IncidentSeverity, IncidentStatus, TimelineEntry } from '../../../shared/domain/incidents.ts';
import { buildTimeline, type EntryMark } from '../../../shared/timeline/build-timeline.ts';
import { AuditTrail } from '../audit/audit-trail.ts';
import type { CacheService } from '../cache/cache-service.ts';
import type { RetentionService } from '../cache/retention.ts';
import { IncidentStore, newIncidentId } from './incident-store.ts';
import { WindowReader, type IncidentWindowRecords, type WindowScope } from './window-reader.ts';

const minute = 60_000;
/** An incident made from an alert looks this far back for what led to it. */
export const alertLookbackMs = 30 * minute;
/** ...and this far past the alert's end (or now). */
export const alertFollowMs = 5 * minute;

/** Actions on the incident itself are not events of the incident (its notes and marks show already). */
const ownActions = new Set(['incidents:update', 'incidents:addNote', 'incidents:markEntry', 'incidents:delete', 'audit:list']);

export interface CreateIncidentInput {
  title: string;
  severity: IncidentSeverity;
  owner?: string | undefined;
  centerIds: readonly string[];
  services: readonly string[];
  window?: { fromMs: number; toMs: number } | undefined;
  origin: IncidentOriginInput;
}

export interface UpdateIncidentInput {
  id: string;
  title?: string | undefined;
  severity?: IncidentSeverity | undefined;
  status?: IncidentStatus | undefined;
  owner?: string | null | undefined;
  centerIds?: readonly string[] | undefined;
  services?: readonly string[] | undefined;
  window?: { fromMs: number; toMs: number } | undefined;
  summary?: string | undefined;
  impact?: string | undefined;
  rootCause?: string | undefined;
  actions?: string | undefined;
}

export interface IncidentWithTimeline {
  incident: Incident;
  timeline: TimelineEntry[];
}

export interface IncidentServiceOptions {
  cache: CacheService;
  /** Pins incident windows; absent for a read-only cache (an imported pack). */
  retention?: RetentionService | undefined;
  audit?: AuditTrail | undefined;
  now: () => number;
  /** Who acts (authors notes). */
  actor: () => string;
}

export type IncidentChange = { id: string; change: 'created' | 'updated' | 'deleted' };

/**
 * Incidents: stored in the cache, their windows pinned there (one pin per center, or one for every
 * center), their timelines built from the cache on every read so they grow with it. Works the
 * same with every center unreachable: nothing here calls a center.
 */
export class IncidentService {
  readonly store: IncidentStore;
  readonly reader: WindowReader;
  private readonly audit: AuditTrail;
  private readonly listeners = new Set<(change: IncidentChange) => void>();

  constructor(private readonly options: IncidentServiceOptions) {
    this.store = new IncidentStore(options.cache.db);
    this.reader = new WindowReader(options.cache);
    this.audit = options.audit ?? new AuditTrail(options.cache.db, { now: options.now, actor: options.actor });
  }

  onDidChange(listener: (change: IncidentChange) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  list(filter: { status?: readonly IncidentStatus[] | undefined } = {}): Incident[] {
    const all = this.store.list();
    return filter.status && filter.status.length > 0 ? all.filter((incident) => filter.status!.includes(incident.status)) : all;
  }

  exists(id: string): boolean {
    return this.store.get(id) !== null;
  }

  incident(id: string): Incident {
    const incident = this.store.get(id);
    if (!incident) throw new ApiFailure('not-found', `no incident ${id}`);
    return incident;
  }

  get(id: string): IncidentWithTimeline {
    const incident = this.incident(id);
    return { incident, timeline: this.timeline(incident) };
  }

  /** The timeline as of now: rebuilt from the cache, with the engineer's notes and marks. */
  timeline(incident: Incident): TimelineEntry[] {
    const scope = this.scope(incident);
    return buildTimeline({
      window: incident.window,
      now: this.options.now(),
      alerts: this.reader.alerts(scope),
      events: this.reader.events(scope),
      pods: this.reader.pods(scope),
      containers: this.reader.containers(scope),
      errorLogs: this.reader.errorLogs(scope),
      failedTraces: this.reader.failedTraces(scope),
      audit: this.auditOf(scope),
      notes: this.store.notes(incident.id),
      marks: this.store.marks(incident.id),
    });
  }

  /** Every cached record of the incident's window (metrics, logs, spans, events, alerts, inventory), for packing. */
  windowRecords(id: string): IncidentWindowRecords & { incident: Incident; timeline: TimelineEntry[]; audit: AuditEvent[] } {
    const incident = this.incident(id);
    const scope = this.scope(incident);
    return { ...this.reader.records(scope), incident, timeline: this.timeline(incident), audit: this.auditOf(scope) };
  }

  create(input: CreateIncidentInput): Incident {
    const now = this.options.now();
    const known = new Set(this.options.cache.listCenters().map((center) => center.id));
    const unknown = input.centerIds.filter((centerId) => !known.has(centerId));
    if (unknown.length > 0) throw new ApiFailure('not-found', `no center ${unknown.join(', ')}`);
    let origin: Incident['origin'];
    let window = input.window;
    let centerIds = [...new Set(input.centerIds)];
    if (input.origin.type === 'alert') {
      const { centerId, fingerprint } = input.origin;
      const alert = this.reader.alerts({ centerIds: [centerId], fromMs: 0, toMs: Number.MAX_SAFE_INTEGER }).filter((candidate) => candidate.fingerprint === fingerprint).at(-1);
      if (!alert) throw new ApiFailure('not-found', `no cached alert ${fingerprint} in center ${centerId}`);
      origin = { type: 'alert', centerId, fingerprint, alertName: alert.alertName };
      const end = alert.endsAt !== null && alert.endsAt <= now ? alert.endsAt : now;
      window ??= { fromMs: Math.max(0, alert.startsAt - alertLookbackMs), toMs: end + alertFollowMs };
      if (centerIds.length === 0) centerIds = [centerId];
    } else {
      origin = input.origin;
    }
    if (!window) throw new ApiFailure('invalid-input', 'incidents:create: window: required unless the incident comes from an alert');
    if (!(window.fromMs < window.toMs)) throw new ApiFailure('invalid-input', 'incidents:create: window: must end after it starts');
    const incident: Incident = {
      id: newIncidentId(now),
      title: input.title,
      severity: input.severity,
      status: 'open',
      owner: input.owner ?? null,
      centerIds,
      services: [...new Set(input.services)],
      window: { fromMs: window.fromMs, toMs: window.toMs },
      origin,
      summary: '',
      impact: '',
      rootCause: '',
      actions: '',
      createdAt: now,
      updatedAt: now,
      imported: null,
    };
    this.options.cache.db.transaction(() => {
      this.store.save(incident);
      this.pin(incident);
    })();
    this.emit({ id: incident.id, change: 'created' });
    return incident;
  }

  update(input: UpdateIncidentInput): Incident {
    const current = this.writable(input.id);
    if (input.window) {
      const grows = input.window.fromMs <= current.window.fromMs && input.window.toMs >= current.window.toMs;
      if (!grows) throw new ApiFailure('invalid-input', `incidents:update: window: can only be extended (now ${new Date(current.window.fromMs).toISOString()} to ${new Date(current.window.toMs).toISOString()})`);
    }
    if (input.centerIds) {
      const known = new Set(this.options.cache.listCenters().map((center) => center.id));
      const unknown = input.centerIds.filter((centerId) => !known.has(centerId));
      if (unknown.length > 0) throw new ApiFailure('not-found', `no center ${unknown.join(', ')}`);
    }
    const next: Incident = {
      ...current,
      ...(input.title !== undefined ? { title: input.title } : {}),
      ...(input.severity !== undefined ? { severity: input.severity } : {}),
      ...(input.status !== undefined ? { status: input.status } : {}),
      ...(input.owner !== undefined ? { owner: input.owner } : {}),
      ...(input.centerIds !== undefined ? { centerIds: [...new Set(input.centerIds)] } : {}),
      ...(input.services !== undefined ? { services: [...new Set(input.services)] } : {}),
      ...(input.window !== undefined ? { window: { fromMs: input.window.fromMs, toMs: input.window.toMs } } : {}),
      ...(input.summary !== undefined ? { summary: input.summary } : {}),
      ...(input.impact !== undefined ? { impact: input.impact } : {}),
      ...(input.rootCause !== undefined ? { rootCause: input.rootCause } : {}),
      ...(input.actions !== undefined ? { actions: input.actions } : {}),
      updatedAt: this.options.now(),
    };
    this.options.cache.db.transaction(() => {
      this.store.save(next);
      if (input.window || input.centerIds) this.pin(next);
    })();
    this.emit({ id: next.id, change: 'updated' });
    return next;
  }

  delete(id: string): boolean {
    const deleted = this.options.cache.db.transaction(() => {
      this.unpin(id);
      return this.store.delete(id);
    })();
    if (deleted) this.emit({ id, change: 'deleted' });
    return deleted;
  }

  addNote(id: string, markdown: string, at?: number): TimelineEntry {
    const incident = this.writable(id);
    const now = this.options.now();
    const note = { id: randomUUID(), at: at ?? now, author: this.options.actor(), markdown };
    this.store.addNote(incident.id, note, now);
    this.touch(incident);
    return this.entry(incident, `note:${note.id}`);
  }

  markEntry(id: string, entryId: string, change: Partial<EntryMark>): TimelineEntry {
    const incident = this.writable(id);
    // Only entries the timeline has can be marked (ids are stable, so a mark sticks across rebuilds).
    this.entry(incident, entryId);
    this.store.mark(incident.id, entryId, change, this.options.now());
    this.touch(incident);
    return this.entry(incident, entryId);
  }

  /** The pinned windows of an incident (for tests and diagnostics). */
  pins(id: string): Array<{ centerId: string | null; fromMs: number; toMs: number }> {
    return (this.options.retention?.pins() ?? []).filter((pin) => pin.id.startsWith(pinPrefix(id))).map(({ centerId, fromMs, toMs }) => ({ centerId, fromMs, toMs }));
  }

  private entry(incident: Incident, entryId: string): TimelineEntry {
    const entry = this.timeline(incident).find((candidate) => candidate.id === entryId);
    if (!entry) throw new ApiFailure('not-found', `incident ${incident.id} has no timeline entry ${entryId}`);
    return entry;
  }

  private writable(id: string): Incident {
    const incident = this.incident(id);
    if (incident.imported) throw new ApiFailure('forbidden', `incident ${id} was imported from a pack and is read-only`);
    return incident;
  }

  private touch(incident: Incident): void {
    this.store.save({ ...incident, updatedAt: this.options.now() });
    this.emit({ id: incident.id, change: 'updated' });
  }

  private scope(incident: Incident): WindowScope {
    return { centerIds: incident.centerIds, fromMs: incident.window.fromMs, toMs: incident.window.toMs };
  }

  private auditOf(scope: WindowScope): AuditEvent[] {
    return this.audit.list({ fromMs: scope.fromMs, toMs: scope.toMs, centerIds: scope.centerIds, limit: 1_000 }).filter((event) => !ownActions.has(event.action));
  }

  private pin(incident: Incident): void {
    const retention = this.options.retention;
    if (!retention) return;
    this.unpin(incident.id);
    const now = this.options.now();
    const centers = incident.centerIds.length > 0 ? incident.centerIds : [null];
    for (const centerId of centers) {
      retention.pin({ id: `${pinPrefix(incident.id)}${centerId ?? '*'}`, centerId, fromMs: incident.window.fromMs, toMs: incident.window.toMs, reason: `incident ${incident.id}: ${incident.title}` }, now);
    }
  }

  private unpin(id: string): void {
    const retention = this.options.retention;
    if (!retention) return;
    for (const pin of retention.pins()) if (pin.id.startsWith(pinPrefix(id))) retention.unpin(pin.id);
  }

  private emit(change: IncidentChange): void {
    for (const listener of this.listeners) listener(change);
  }
}

function pinPrefix(id: string): string {
  return `incident:${id}:`;
}
