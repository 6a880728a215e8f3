import type { Migration } from './migration.ts';

/**
 * Incidents (issue #6): the incident itself (its fields as JSON, validated on read), the engineer's
 * Markdown notes, the marks on timeline entries (by the entry's stable id, so they stick when the
 * timeline is rebuilt from a grown cache), and the audit trail of sign-ins and console actions.
 * An incident's data window is pinned through pinned_windows (0005), one row per center.
 */
export const migration0006Incidents: Migration = {
  version: 6,
  name: 'incidents',
  up: `
    CREATE TABLE incidents (
      id TEXT PRIMARY KEY,
      status TEXT NOT NULL,
      created_at INTEGER NOT NULL,
      updated_at INTEGER NOT NULL,
      record_json TEXT NOT NULL
    ) STRICT;
    CREATE INDEX incidents_by_created ON incidents (created_at);

    CREATE TABLE incident_notes (
      id TEXT PRIMARY KEY,
      incident_id TEXT NOT NULL REFERENCES incidents(id) ON DELETE CASCADE,
      at INTEGER NOT NULL,
      author TEXT NOT NULL,
      markdown TEXT NOT NULL,
      created_at INTEGER NOT NULL
    ) STRICT;
    CREATE INDEX incident_notes_by_incident ON incident_notes (incident_id, at);

    CREATE TABLE timeline_marks (
      incident_id TEXT NOT NULL REFERENCES incidents(id) ON DELETE CASCADE,
      entry_id TEXT NOT NULL,
      starred INTEGER NOT NULL DEFAULT 0,
      hidden INTEGER NOT NULL DEFAULT 0,
      annotation TEXT,
      updated_at INTEGER NOT NULL,
      PRIMARY KEY (incident_id, entry_id)
    ) STRICT, WITHOUT ROWID;

    CREATE TABLE audit_events (
      id TEXT PRIMARY KEY,
      at INTEGER NOT NULL,
      actor TEXT NOT NULL,
      action TEXT NOT NULL,
      detail TEXT NOT NULL,
      center_id TEXT
    ) STRICT;
    CREATE INDEX audit_events_by_time ON audit_events (at);
  `,
};
