import { randomUUID } from 'node:crypto';
import type { Incident } from '../../../shared/domain/incidents.ts';
import type { LogLineRecord } from '../../../shared/domain/logs.ts';
import { entryId } from '../../../shared/timeline/entry-id.ts';
import { CacheService } from '../cache/cache-service.ts';
import { logLineFromRow, type LogRow } from '../cache/log-store.ts';

export interface MergeReport {
  series: number;
  logLines: number;
  rows: Record<string, number>;
}

/** Centers rows only name the center (views list configured centers only); audit events are the window's sign-ins and actions. */
const copiedAsRows = ['centers', 'kube_events', 'alerts', 'spans', 'trace_summaries', 'audit_events'] as const;
/** Inventory is a snapshot the next pull replaces: it is taken from a pack only for centers this cache holds none of. */
const snapshotTables = ['nodes', 'pods', 'containers'] as const;

/**
 * Adds a verified pack's records to the live cache without replacing any it already holds:
 * rows by primary key (existing ones win), log lines through the log store (time-ordered row ids,
 * FTS index), metric samples merged block by block. Runs after the pack's database was verified.
 */
export function mergePackDatabase(live: CacheService, packFile: string, imported: { sourceId: string; incident: Incident; dataWindow: { fromMs: number; toMs: number } }): MergeReport {
  const window = imported.dataWindow;
  const pack = new CacheService(packFile);
  const report: MergeReport = { series: 0, logLines: 0, rows: {} };
  try {
    const seriesRows = pack.db.prepare('SELECT DISTINCT center_id, metric FROM series').all() as Array<{ center_id: string; metric: string }>;
    for (const { center_id: centerId, metric } of seriesRows) {
      const samples = pack.readSeries(centerId, metric, { from: window.fromMs, to: window.toMs });
      live.writeSeries(centerId, metric, samples);
      report.series += samples.length;
    }
    const lines = pack.db.prepare('SELECT rowid, id, center_id, timestamp_ms, timestamp_ns, namespace, pod, container, level, trace_id, labels_json, metadata_json, line FROM log_lines ORDER BY rowid').all() as LogRow[];
    const byCenter = new Map<string, LogLineRecord[]>();
    for (const row of lines) {
      const record = logLineFromRow(row);
      byCenter.set(row.center_id, [...(byCenter.get(row.center_id) ?? []), record]);
    }
    for (const [centerId, records] of byCenter) report.logLines += live.logs.insert(centerId, records);
  } finally {
    pack.close();
  }
  const alias = `pack_${randomUUID().replace(/-/g, '')}`;
  live.db.prepare(`ATTACH DATABASE ? AS ${alias}`).run(packFile);
  try {
    live.db.transaction(() => {
      for (const table of copiedAsRows) {
        report.rows[table] = live.db.prepare(`INSERT OR IGNORE INTO main.${table} SELECT * FROM ${alias}.${table}`).run().changes;
      }
      report.rows.incidents = live.db
        .prepare('INSERT INTO main.incidents (id, status, created_at, updated_at, record_json) VALUES (?, ?, ?, ?, ?)')
        .run(imported.incident.id, imported.incident.status, imported.incident.createdAt, imported.incident.updatedAt, JSON.stringify(imported.incident)).changes;
      // Under a new id (its own was taken here), notes get new ids too, and marks on notes follow them.
      const renamed = imported.incident.id !== imported.sourceId;
      const noteId = (id: string) => (renamed ? `${id}.${imported.incident.id}` : id);
      const notes = live.db.prepare(`SELECT id, at, author, markdown, created_at FROM ${alias}.incident_notes WHERE incident_id = ?`).all(imported.sourceId) as Array<{ id: string; at: number; author: string; markdown: string; created_at: number }>;
      const insertNote = live.db.prepare('INSERT INTO main.incident_notes (id, incident_id, at, author, markdown, created_at) VALUES (?, ?, ?, ?, ?, ?)');
      for (const note of notes) insertNote.run(noteId(note.id), imported.incident.id, note.at, note.author, note.markdown, note.created_at);
      const noteEntries = new Map(notes.map((note) => [entryId('note', note.id), entryId('note', noteId(note.id))]));
      const marks = live.db.prepare(`SELECT entry_id, starred, hidden, annotation, updated_at FROM ${alias}.timeline_marks WHERE incident_id = ?`).all(imported.sourceId) as Array<{ entry_id: string; starred: number; hidden: number; annotation: string | null; updated_at: number }>;
      const insertMark = live.db.prepare('INSERT INTO main.timeline_marks (incident_id, entry_id, starred, hidden, annotation, updated_at) VALUES (?, ?, ?, ?, ?, ?)');
      for (const mark of marks) insertMark.run(imported.incident.id, noteEntries.get(mark.entry_id) ?? mark.entry_id, mark.starred, mark.hidden, mark.annotation, mark.updated_at);
      report.rows.incident_notes = notes.length;
      report.rows.timeline_marks = marks.length;
      for (const table of snapshotTables) {
        report.rows[table] = live.db
          .prepare(`INSERT OR IGNORE INTO main.${table} SELECT * FROM ${alias}.${table} p WHERE NOT EXISTS (SELECT 1 FROM main.${table} m WHERE m.center_id = p.center_id)`)
          .run().changes;
      }
    })();
  } finally {
    live.db.prepare(`DETACH DATABASE ${alias}`).run();
  }
  return report;
}
