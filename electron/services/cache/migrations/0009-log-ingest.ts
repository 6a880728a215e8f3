import type { Migration } from './migration.ts';

/**
 * Log ingest without random-key B-tree writes (issue #4 log benchmark: 6.4k -> see README).
 *
 * 0003 kept `id` UNIQUE, a `trace_id` index and a (center, namespace, pod) index. The first two are
 * random hex, so with a million lines nearly every inserted line dirtied its own index page; the pod
 * index took every line at one of hundreds of places. Each commit rewrote thousands of pages
 * (measured: the pod index alone cost more CPU per line than the row). Now:
 * - de-duplication uses `log_lines_identity (timestamp_ms, id)`: a line's id is a hash over its exact
 *   stamp, so equal ids share a millisecond, and keys ordered by time append at the end of the index;
 * - lookups by line id (logs:around), trace id and pod go through `log_keys_fts`, an FTS5 index
 *   over tagged key tokens (view log_lines_keys): FTS5 buffers new keys in memory and writes sorted
 *   segments, merged as they grow, so scattered keys cost sequential writes; a match is then checked
 *   exactly against the row (the index only narrows);
 * - neither FTS table keeps per-row sizes (columnsize=0: they serve ranking, and results are ordered
 *   by time), which saved a B-tree insert per line per table;
 * - the text index drops its 2- and 3-character prefix indexes (they tripled the index writes per
 *   word); prefix queries walk the term list instead (measured: search p95 still far under 50 ms
 *   over 1 M lines, test/bench/logs.bench.ts).
 * - LogStore.insert feeds both FTS indexes in bulk after its rows (see log_lines_bulk_indexing).
 * The table is rebuilt (SQLite cannot drop a UNIQUE column constraint) and both FTS indexes are
 * rebuilt from it, all in the migration's one transaction.
 */
/** The tagged key tokens of a log_lines row (`row` is '', 'new.' or 'old.'). */
function keysOf(row: '' | 'new.' | 'old.'): string {
  return (
    `'i' || substr(${row}id, 1, 4)` +
    ` || iif(${row}trace_id IS NULL OR ${row}trace_id = '', '', ' t' || substr(${row}trace_id, 1, 4))` +
    ` || iif(${row}pod IS NULL OR ${row}pod = '', '', ' p' || hex(${row}pod))`
  );
}

export const migration0009LogIngest: Migration = {
  version: 9,
  name: 'log-ingest',
  up: `
    DROP TRIGGER log_lines_fts_insert;
    DROP TRIGGER log_lines_fts_delete;
    DROP TRIGGER log_lines_fts_update;
    DROP TABLE log_lines_fts;
    DROP INDEX log_lines_by_time;
    DROP INDEX log_lines_by_trace;
    DROP INDEX log_lines_by_pod;
    ALTER TABLE log_lines RENAME TO log_lines_0003;

    CREATE TABLE log_lines (
      rowid INTEGER PRIMARY KEY,
      id TEXT NOT NULL,
      center_id TEXT NOT NULL,
      timestamp_ms INTEGER NOT NULL,
      timestamp_ns TEXT NOT NULL,
      namespace TEXT,
      pod TEXT,
      container TEXT,
      level TEXT NOT NULL,
      trace_id TEXT,
      -- Stream labels as canonical JSON (keys sorted): equal text means the same stream.
      labels_json TEXT NOT NULL,
      metadata_json TEXT NOT NULL,
      line TEXT NOT NULL
    ) STRICT;
    INSERT INTO log_lines (rowid, id, center_id, timestamp_ms, timestamp_ns, namespace, pod, container, level, trace_id, labels_json, metadata_json, line)
      SELECT rowid, id, center_id, timestamp_ms, timestamp_ns, namespace, pod, container, level, trace_id, labels_json, metadata_json, line
      FROM log_lines_0003 ORDER BY rowid;
    DROP TABLE log_lines_0003;

    CREATE UNIQUE INDEX log_lines_identity ON log_lines (timestamp_ms, id);
    CREATE INDEX log_lines_by_time ON log_lines (center_id, timestamp_ms);

    CREATE VIRTUAL TABLE log_lines_fts USING fts5(
      line,
      content = 'log_lines',
      content_rowid = 'rowid',
      tokenize = 'unicode61 remove_diacritics 2',
      columnsize = 0
    );
    -- The keys as indexed, one text per line of tagged tokens: "i" + the id's first 4 hex digits,
    -- "t" + the trace id's (65,536 buckets each; a unique term per line cost FTS5 as much as a
    -- dozen words) and "p" + the hex of the pod's UTF-8 (one token per pod). Lookups check the row exactly.
    CREATE VIEW log_lines_keys (rowid, keys) AS SELECT rowid, ${keysOf('')} FROM log_lines;
    CREATE VIRTUAL TABLE log_keys_fts USING fts5(
      keys,
      content = 'log_lines_keys',
      content_rowid = 'rowid',
      tokenize = 'ascii',
      detail = 'none',
      columnsize = 0
    );
    INSERT INTO log_lines_fts (log_lines_fts) VALUES ('rebuild');
    INSERT INTO log_keys_fts (log_keys_fts) VALUES ('rebuild');

    -- Holds a row only inside a LogStore.insert transaction (added and removed in it, never committed):
    -- LogStore then indexes its new lines in one statement per FTS table after the rows, which
    -- measured 3x cheaper than the per-row trigger. Every other writer gets the trigger.
    CREATE TABLE log_lines_bulk_indexing (active INTEGER NOT NULL) STRICT;
    CREATE TRIGGER log_lines_fts_insert AFTER INSERT ON log_lines WHEN NOT EXISTS (SELECT 1 FROM log_lines_bulk_indexing) BEGIN
      INSERT INTO log_lines_fts (rowid, line) VALUES (new.rowid, new.line);
      INSERT INTO log_keys_fts (rowid, keys) VALUES (new.rowid, ${keysOf('new.')});
    END;
    CREATE TRIGGER log_lines_fts_delete AFTER DELETE ON log_lines BEGIN
      INSERT INTO log_lines_fts (log_lines_fts, rowid, line) VALUES ('delete', old.rowid, old.line);
      INSERT INTO log_keys_fts (log_keys_fts, rowid, keys) VALUES ('delete', old.rowid, ${keysOf('old.')});
    END;
    CREATE TRIGGER log_lines_fts_update AFTER UPDATE OF rowid, id, trace_id, pod, line ON log_lines BEGIN
      INSERT INTO log_lines_fts (log_lines_fts, rowid, line) VALUES ('delete', old.rowid, old.line);
      INSERT INTO log_keys_fts (log_keys_fts, rowid, keys) VALUES ('delete', old.rowid, ${keysOf('old.')});
      INSERT INTO log_lines_fts (rowid, line) VALUES (new.rowid, new.line);
      INSERT INTO log_keys_fts (rowid, keys) VALUES (new.rowid, ${keysOf('new.')});
    END;
  `,
};
