import { randomUUID } from 'node:crypto';
import type { AuditEvent } from '../../../shared/domain/incidents.ts';
import { maskSecrets } from '../../../shared/masking/mask.ts';
import type { CacheDatabase } from '../cache/database.ts';

export interface AuditQuery {
  fromMs?: number | undefined;
  toMs?: number | undefined;
  action?: string | undefined;
  centerIds?: readonly string[] | undefined;
  limit: number;
}

export interface AuditTrailOptions {
  now: () => number;
  /** Who acts now: the signed-in user, else the local OS user. */
  actor: () => string;
  /** Masks the secret values the process knows of (the log's masker); shapes of credentials are masked regardless. */
  mask?: (text: string) => string;
}

const maxDetail = 500;

/**
 * The audit trail: sign-ins and console actions, kept in the cache (table audit_events) and shown
 * on incident timelines. Details are masked and short: never a secret, never a payload.
 */
export class AuditTrail {
  private readonly listeners = new Set<(event: AuditEvent) => void>();

  constructor(
    private readonly db: CacheDatabase,
    private readonly options: AuditTrailOptions,
  ) {}

  record(action: string, detail: string, centerId: string | null = null): AuditEvent {
    const mask = (text: string) => maskSecrets(this.options.mask ? this.options.mask(text) : text);
    const masked = mask(detail);
    const event: AuditEvent = {
      id: randomUUID(),
      at: this.options.now(),
      actor: mask(this.options.actor()).slice(0, 200),
      action: action.slice(0, 100),
      detail: masked.length > maxDetail ? `${masked.slice(0, maxDetail - 1)}…` : masked,
      centerId,
    };
    this.db
      .prepare('INSERT INTO audit_events (id, at, actor, action, detail, center_id) VALUES (?, ?, ?, ?, ?, ?)')
      .run(event.id, event.at, event.actor, event.action, event.detail, event.centerId);
    for (const listener of this.listeners) listener(event);
    return event;
  }

  /** Newest first. */
  list(query: AuditQuery): AuditEvent[] {
    const where: string[] = [];
    const params: Array<string | number> = [];
    if (query.fromMs !== undefined) {
      where.push('at >= ?');
      params.push(query.fromMs);
    }
    if (query.toMs !== undefined) {
      where.push('at <= ?');
      params.push(query.toMs);
    }
    if (query.action !== undefined) {
      where.push('action = ?');
      params.push(query.action);
    }
    if (query.centerIds && query.centerIds.length > 0) {
      // Actions without a center (sign-ins, incidents) concern every center.
      where.push(`(center_id IS NULL OR center_id IN (${query.centerIds.map(() => '?').join(', ')}))`);
      params.push(...query.centerIds);
    }
    const rows = this.db
      .prepare(`SELECT id, at, actor, action, detail, center_id FROM audit_events ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY at DESC, id LIMIT ?`)
      .all(...params, query.limit) as Array<{ id: string; at: number; actor: string; action: string; detail: string; center_id: string | null }>;
    return rows.map((row) => ({ id: row.id, at: row.at, actor: row.actor, action: row.action, detail: row.detail, centerId: row.center_id }));
  }

  onDidRecord(listener: (event: AuditEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
