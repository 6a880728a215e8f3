import { randomBytes } from 'node:crypto';
import { incidentSchema, type Incident } from '../../../shared/domain/incidents.ts';
import type { EntryMark } from '../../../shared/timeline/build-timeline.ts';
import type { IncidentNote } from '../../../shared/timeline/human-entries.ts';
import type { CacheDatabase } from '../cache/database.ts';

/** `inc-` + time (base 36) + randomness: sortable by creation, unguessable enough to never collide. */
export function newIncidentId(now: number): string {
  const random = BigInt(`0x${randomBytes(8).toString('hex')}`).toString(36).padStart(10, '0').slice(0, 10);
  return `inc-${now.toString(36)}${random}`;
}

/** Rows of tables incidents, incident_notes and timeline_marks (migration 0006). */
export class IncidentStore {
  constructor(private readonly db: CacheDatabase) {}

  list(): Incident[] {
    const rows = this.db.prepare('SELECT record_json FROM incidents ORDER BY created_at DESC, id DESC').pluck().all() as string[];
    return rows.map((json) => incidentSchema.parse(JSON.parse(json)));
  }

  get(id: string): Incident | null {
    const json = this.db.prepare('SELECT record_json FROM incidents WHERE id = ?').pluck().get(id) as string | undefined;
    return json === undefined ? null : incidentSchema.parse(JSON.parse(json));
  }

  save(incident: Incident): void {
    const valid = incidentSchema.parse(incident);
    this.db
      .prepare(
        `INSERT INTO incidents (id, status, created_at, updated_at, record_json) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (id) DO UPDATE SET status = excluded.status, updated_at = excluded.updated_at, record_json = excluded.record_json`,
      )
      .run(valid.id, valid.status, valid.createdAt, valid.updatedAt, JSON.stringify(valid));
  }

  /** Notes and marks go with it (foreign keys cascade). */
  delete(id: string): boolean {
    return this.db.prepare('DELETE FROM incidents WHERE id = ?').run(id).changes > 0;
  }

  addNote(incidentId: string, note: IncidentNote, now: number): void {
    this.db
      .prepare('INSERT INTO incident_notes (id, incident_id, at, author, markdown, created_at) VALUES (?, ?, ?, ?, ?, ?)')
      .run(note.id, incidentId, note.at, note.author, note.markdown, now);
  }

  notes(incidentId: string): IncidentNote[] {
    return this.db
      .prepare('SELECT id, at, author, markdown FROM incident_notes WHERE incident_id = ? ORDER BY at, id')
      .all(incidentId) as IncidentNote[];
  }

  marks(incidentId: string): Map<string, EntryMark> {
    const rows = this.db.prepare('SELECT entry_id, starred, hidden, annotation FROM timeline_marks WHERE incident_id = ?').all(incidentId) as Array<{
      entry_id: string;
      starred: number;
      hidden: number;
      annotation: string | null;
    }>;
    return new Map(rows.map((row) => [row.entry_id, { starred: row.starred === 1, hidden: row.hidden === 1, annotation: row.annotation }]));
  }

  /** Fields left undefined keep their stored value. */
  mark(incidentId: string, entryId: string, change: Partial<EntryMark>, now: number): EntryMark {
    const current = this.marks(incidentId).get(entryId) ?? { starred: false, hidden: false, annotation: null };
    const next: EntryMark = {
      starred: change.starred ?? current.starred,
      hidden: change.hidden ?? current.hidden,
      annotation: change.annotation === undefined ? current.annotation : change.annotation,
    };
    this.db
      .prepare(
        `INSERT INTO timeline_marks (incident_id, entry_id, starred, hidden, annotation, updated_at) VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT (incident_id, entry_id) DO UPDATE SET starred = excluded.starred, hidden = excluded.hidden,
           annotation = excluded.annotation, updated_at = excluded.updated_at`,
      )
      .run(incidentId, entryId, next.starred ? 1 : 0, next.hidden ? 1 : 0, next.annotation, now);
    return next;
  }
}
