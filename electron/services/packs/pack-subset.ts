import { randomUUID } from 'node:crypto';
import { maskSecrets } from '../../../shared/masking/mask.ts';
import type { CacheDatabase } from '../cache/database.ts';
import { openCacheDatabase } from '../cache/database.ts';
import { decodeBlock, encodeBlock } from '../cache/series-codec.ts';

export interface SubsetWindow {
  incidentId: string;
  centerIds: readonly string[];
  fromMs: number;
  toMs: number;
}

/**
 * The rows a pack carries, per table: the incident's centers, and for time-stamped records only
 * those overlapping the window. Inventory (nodes, pods, containers) is the centers' cached snapshot.
 * The incident itself comes with its notes and marks, and the audit trail of the window. Endpoints,
 * sync and backfill state, other pins and other incidents stay behind: a pack holds no endpoint URL,
 * credential or other incident. Text columns that could quote a secret are masked.
 */
const tables: ReadonlyArray<{ table: string; where: string; masked: readonly string[] }> = [
  { table: 'centers', where: 'id IN (SELECT value FROM json_each(@centers))', masked: ['labels_json'] },
  { table: 'nodes', where: 'center_id IN (SELECT value FROM json_each(@centers))', masked: ['record_json'] },
  { table: 'pods', where: 'center_id IN (SELECT value FROM json_each(@centers))', masked: ['record_json'] },
  { table: 'containers', where: 'center_id IN (SELECT value FROM json_each(@centers))', masked: ['record_json'] },
  { table: 'kube_events', where: 'center_id IN (SELECT value FROM json_each(@centers)) AND last_seen >= @from AND first_seen <= @to', masked: ['record_json'] },
  { table: 'alerts', where: 'center_id IN (SELECT value FROM json_each(@centers)) AND starts_at <= @to AND (ends_at IS NULL OR ends_at >= @from)', masked: ['record_json'] },
  { table: 'log_lines', where: 'center_id IN (SELECT value FROM json_each(@centers)) AND timestamp_ms BETWEEN @from AND @to', masked: ['line', 'labels_json', 'metadata_json'] },
  { table: 'spans', where: 'center_id IN (SELECT value FROM json_each(@centers)) AND start_ms <= @to AND start_ms + duration_ms >= @from', masked: ['attributes_json', 'resource_json', 'events_json', 'status_message'] },
  { table: 'trace_summaries', where: 'center_id IN (SELECT value FROM json_each(@centers)) AND start_ms <= @to AND start_ms + duration_ms >= @from', masked: [] },
  { table: 'incidents', where: 'id = @incident', masked: ['record_json'] },
  { table: 'incident_notes', where: 'incident_id = @incident', masked: ['markdown'] },
  { table: 'timeline_marks', where: 'incident_id = @incident', masked: ['annotation'] },
  { table: 'audit_events', where: 'at BETWEEN @from AND @to', masked: ['detail'] },
];

function columnsOf(db: CacheDatabase, schema: string, table: string): string[] {
  return (db.prepare(`SELECT name FROM pragma_table_info(?, ?)`).all(table, schema) as Array<{ name: string }>).map((row) => row.name);
}

/** Columns that are part of the row's identity or ordering (log_lines' rowid is time-derived). */
function selectList(db: CacheDatabase, table: string, masked: readonly string[]): { columns: string; values: string } {
  const columns = columnsOf(db, 'main', table);
  const withRowid = table === 'log_lines' && !columns.includes('rowid') ? ['rowid', ...columns] : columns;
  return {
    columns: withRowid.map((column) => `"${column}"`).join(', '),
    values: withRowid.map((column) => (masked.includes(column) ? `opsdesk_mask("${column}")` : `"${column}"`)).join(', '),
  };
}

/** Creates `file` with the cache schema (every migration) in rollback-journal mode, so the one file is the whole database. */
export function createEmptyCacheFile(file: string): void {
  const db = openCacheDatabase(file);
  db.pragma('journal_mode = DELETE');
  db.close();
}

/**
 * Copies the window's records of the centers from `source` (the live cache) into the empty cache
 * database at `file`, masking text by `knownSecrets` and credential shapes; metric blocks are cut to the window.
 */
export function copyWindowSubset(source: CacheDatabase, file: string, window: SubsetWindow, knownSecrets: readonly string[], pin: { id: string; reason: string; now: number }): { rows: Record<string, number> } {
  const alias = `pack_${randomUUID().replace(/-/g, '')}`;
  source.function('opsdesk_mask', { deterministic: true }, (value: unknown) => (typeof value === 'string' ? maskSecrets(value, knownSecrets) : value));
  source.prepare('ATTACH DATABASE ? AS ' + alias).run(file);
  const rows: Record<string, number> = {};
  try {
    const params = { centers: JSON.stringify(window.centerIds), from: window.fromMs, to: window.toMs, incident: window.incidentId };
    source.transaction(() => {
      for (const { table, where, masked } of tables) {
        if (columnsOf(source, 'main', table).length === 0) continue;
        const { columns, values } = selectList(source, table, masked);
        rows[table] = source.prepare(`INSERT INTO ${alias}.${table} (${columns}) SELECT ${values} FROM main.${table} WHERE ${where}`).run(params).changes;
      }
      const seriesRows = source
        .prepare(`SELECT id, center_id, metric, labels_hash, labels_json FROM main.series WHERE center_id IN (SELECT value FROM json_each(@centers))`)
        .all(params) as Array<{ id: number; center_id: string; metric: string; labels_hash: string; labels_json: string }>;
      const blocks = source.prepare('SELECT block_start, sample_count, samples FROM main.series_block WHERE series_id = ? AND block_start <= ? AND block_end >= ? ORDER BY block_start');
      const insertSeries = source.prepare(`INSERT INTO ${alias}.series (id, center_id, metric, labels_hash, labels_json) VALUES (?, ?, ?, ?, ?)`);
      const insertBlock = source.prepare(`INSERT INTO ${alias}.series_block (series_id, block_start, block_end, sample_count, samples) VALUES (?, ?, ?, ?, ?)`);
      rows.series = 0;
      rows.series_block = 0;
      for (const series of seriesRows) {
        let inserted = false;
        for (const block of blocks.all(series.id, window.toMs, window.fromMs) as Array<{ block_start: number; sample_count: number; samples: Buffer }>) {
          const decoded = decodeBlock(block.samples, block.sample_count);
          const keep: number[] = [];
          for (let index = 0; index < decoded.timestamps.length; index++) {
            const ms = decoded.timestamps[index]!;
            if (ms >= window.fromMs && ms <= window.toMs) keep.push(index);
          }
          if (keep.length === 0) continue;
          if (!inserted) {
            insertSeries.run(series.id, series.center_id, series.metric, series.labels_hash, series.labels_json);
            inserted = true;
            rows.series++;
          }
          const timestamps = keep.map((index) => decoded.timestamps[index]!);
          insertBlock.run(series.id, block.block_start, timestamps.at(-1)!, keep.length, encodeBlock(timestamps, keep.map((index) => decoded.values[index]!)));
          rows.series_block++;
        }
      }
      source
        .prepare(`INSERT INTO ${alias}.pinned_windows (id, center_id, from_ms, to_ms, reason, created_at) VALUES (?, NULL, ?, ?, ?, ?)`)
        .run(pin.id, window.fromMs, window.toMs, pin.reason, pin.now);
    })();
  } finally {
    source.prepare(`DETACH DATABASE ${alias}`).run();
  }
  return { rows };
}
