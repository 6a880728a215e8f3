import type { Migration } from './migration.ts';

/**
 * Spans row per span (a waterfall reads one trace's rows; searches read summaries), and one summary
 * per trace. Times are epoch ms as REAL (sub-ms kept) plus the exact start in nanoseconds as text.
 * Summaries are recomputed from the full spans whenever they arrive; a summary without spans
 * (a Tempo search hit not fetched in full) is kept as the source reported it.
 */
export const migration0004Traces: Migration = {
  version: 4,
  name: 'traces',
  up: `
    CREATE TABLE spans (
      center_id TEXT NOT NULL,
      trace_id TEXT NOT NULL,
      span_id TEXT NOT NULL,
      parent_span_id TEXT,
      service TEXT NOT NULL,
      operation TEXT NOT NULL,
      start_ms REAL NOT NULL,
      start_ns TEXT NOT NULL,
      duration_ms REAL NOT NULL,
      status TEXT NOT NULL,
      status_message TEXT,
      kind TEXT NOT NULL,
      attributes_json TEXT NOT NULL,
      resource_json TEXT NOT NULL,
      events_json TEXT NOT NULL,
      PRIMARY KEY (center_id, trace_id, span_id)
    ) STRICT, WITHOUT ROWID;
    CREATE INDEX spans_by_trace ON spans (trace_id);
    CREATE INDEX spans_by_service ON spans (center_id, service, start_ms);
    CREATE INDEX spans_by_time ON spans (center_id, start_ms);

    CREATE TABLE trace_summaries (
      center_id TEXT NOT NULL,
      trace_id TEXT NOT NULL,
      root_service TEXT NOT NULL,
      root_operation TEXT NOT NULL,
      start_ms REAL NOT NULL,
      duration_ms REAL NOT NULL,
      span_count INTEGER,
      error_count INTEGER,
      services_json TEXT NOT NULL,
      PRIMARY KEY (center_id, trace_id)
    ) STRICT;
    CREATE INDEX trace_summaries_by_time ON trace_summaries (center_id, start_ms);
  `,
};
