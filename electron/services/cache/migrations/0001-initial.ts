import type { Migration } from './migration.ts';

export const migration0001Initial: Migration = {
  version: 1,
  name: 'initial',
  up: `
    CREATE TABLE centers (
      id TEXT PRIMARY KEY,
      name TEXT NOT NULL,
      kind TEXT NOT NULL,
      region TEXT NOT NULL,
      labels_json TEXT NOT NULL,
      demo INTEGER NOT NULL
    ) STRICT;

    CREATE TABLE endpoints (
      id TEXT PRIMARY KEY,
      center_id TEXT NOT NULL REFERENCES centers(id) ON DELETE CASCADE,
      signal TEXT NOT NULL,
      kind TEXT NOT NULL,
      url TEXT NOT NULL
    ) STRICT;

    CREATE TABLE nodes (
      center_id TEXT NOT NULL,
      name TEXT NOT NULL,
      uid TEXT NOT NULL,
      ready TEXT NOT NULL,
      unschedulable INTEGER NOT NULL,
      record_json TEXT NOT NULL,
      synced_at INTEGER NOT NULL,
      PRIMARY KEY (center_id, name)
    ) STRICT, WITHOUT ROWID;

    CREATE TABLE pods (
      center_id TEXT NOT NULL,
      namespace TEXT NOT NULL,
      name TEXT NOT NULL,
      uid TEXT NOT NULL,
      node_name TEXT,
      phase TEXT NOT NULL,
      restarts INTEGER NOT NULL,
      record_json TEXT NOT NULL,
      synced_at INTEGER NOT NULL,
      PRIMARY KEY (center_id, namespace, name)
    ) STRICT;
    CREATE INDEX pods_by_node ON pods (center_id, node_name);

    CREATE TABLE containers (
      center_id TEXT NOT NULL,
      namespace TEXT NOT NULL,
      pod_name TEXT NOT NULL,
      name TEXT NOT NULL,
      state TEXT NOT NULL,
      state_reason TEXT,
      restart_count INTEGER NOT NULL,
      record_json TEXT NOT NULL,
      synced_at INTEGER NOT NULL,
      PRIMARY KEY (center_id, namespace, pod_name, name)
    ) STRICT, WITHOUT ROWID;

    CREATE TABLE kube_events (
      center_id TEXT NOT NULL,
      uid TEXT NOT NULL,
      namespace TEXT NOT NULL,
      involved_kind TEXT NOT NULL,
      involved_name TEXT NOT NULL,
      reason TEXT NOT NULL,
      type TEXT NOT NULL,
      first_seen INTEGER NOT NULL,
      last_seen INTEGER NOT NULL,
      record_json TEXT NOT NULL,
      PRIMARY KEY (center_id, uid)
    ) STRICT;
    CREATE INDEX kube_events_by_time ON kube_events (center_id, last_seen);
    CREATE INDEX kube_events_by_object ON kube_events (center_id, namespace, involved_name);

    CREATE TABLE alerts (
      center_id TEXT NOT NULL,
      fingerprint TEXT NOT NULL,
      starts_at INTEGER NOT NULL,
      alert_name TEXT NOT NULL,
      state TEXT NOT NULL,
      ends_at INTEGER,
      updated_at INTEGER NOT NULL,
      record_json TEXT NOT NULL,
      PRIMARY KEY (center_id, fingerprint, starts_at)
    ) STRICT;
    CREATE INDEX alerts_by_time ON alerts (center_id, starts_at);

    -- Metric samples: one row per series, samples packed per series in time-bounded blocks.
    CREATE TABLE series (
      id INTEGER PRIMARY KEY,
      center_id TEXT NOT NULL,
      metric TEXT NOT NULL,
      labels_hash TEXT NOT NULL,
      labels_json TEXT NOT NULL,
      UNIQUE (center_id, metric, labels_hash)
    ) STRICT;

    CREATE TABLE series_block (
      series_id INTEGER NOT NULL REFERENCES series(id) ON DELETE CASCADE,
      block_start INTEGER NOT NULL,
      block_end INTEGER NOT NULL,
      sample_count INTEGER NOT NULL,
      samples BLOB NOT NULL,
      PRIMARY KEY (series_id, block_start)
    ) STRICT, WITHOUT ROWID;

    CREATE TABLE sync_state (
      endpoint_id TEXT PRIMARY KEY,
      center_id TEXT NOT NULL,
      signal TEXT NOT NULL,
      last_attempt_at INTEGER,
      last_success_at INTEGER,
      watermark INTEGER,
      error_code TEXT,
      error_message TEXT
    ) STRICT;
  `,
};
