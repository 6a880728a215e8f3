import type { Migration } from './migration.ts';

/**
 * Log lines, one row per line (FTS5 needs rows), with a full-text index over the line.
 *
 * `rowid` is not a counter: LogStore derives it from the line's time (see log-store.ts,
 * `rowidSlot`), so rowid order is time order. That lets the FTS index walk its matches newest first
 * and stop at the page size, and lets every index (whose keys end in rowid) answer "newest first"
 * without a sort.
 *
 * `log_lines_fts` is an external-content FTS5 table over `line` (the text is stored once, in
 * log_lines), kept in step by triggers so retention deletes cannot leave stale index entries.
 * Tokenizer unicode61 (words of letters and digits, case and diacritics folded) with prefix indexes
 * for 2 and 3 characters so short type-ahead prefixes do not scan the term list. Measured with
 * test/bench/logs.bench.ts lines (50,000, this 2-core machine): unicode61 + prefix '2 3' ~10.4k
 * lines/s, unicode61 alone ~17.4k, detail=column ~17.9k, trigram ~7.7k (and no word semantics).
 *
 * Kubernetes events are not log lines: they keep their own table (kube_events).
 */
export const migration0003Logs: Migration = {
  version: 3,
  name: 'logs',
  up: `
    CREATE TABLE log_lines (
      rowid INTEGER PRIMARY KEY,
      id TEXT NOT NULL UNIQUE,
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
    CREATE INDEX log_lines_by_time ON log_lines (center_id, timestamp_ms);
    CREATE INDEX log_lines_by_trace ON log_lines (trace_id) WHERE trace_id IS NOT NULL;
    CREATE INDEX log_lines_by_pod ON log_lines (center_id, namespace, pod);

    CREATE VIRTUAL TABLE log_lines_fts USING fts5(
      line,
      content = 'log_lines',
      content_rowid = 'rowid',
      tokenize = 'unicode61 remove_diacritics 2',
      prefix = '2 3'
    );

    CREATE TRIGGER log_lines_fts_insert AFTER INSERT ON log_lines BEGIN
      INSERT INTO log_lines_fts (rowid, line) VALUES (new.rowid, new.line);
    END;
    CREATE TRIGGER log_lines_fts_delete AFTER DELETE ON log_lines BEGIN
      INSERT INTO log_lines_fts (log_lines_fts, rowid, line) VALUES ('delete', old.rowid, old.line);
    END;
    CREATE TRIGGER log_lines_fts_update AFTER UPDATE OF rowid, line ON log_lines BEGIN
      INSERT INTO log_lines_fts (log_lines_fts, rowid, line) VALUES ('delete', old.rowid, old.line);
      INSERT INTO log_lines_fts (rowid, line) VALUES (new.rowid, new.line);
    END;
  `,
};
