import type { Migration } from './migration.ts';

/** Windows of data retention must never evict (incidents pin theirs). */
export const migration0005Pins: Migration = {
  version: 5,
  name: 'pins',
  up: `
    CREATE TABLE pinned_windows (
      id TEXT PRIMARY KEY,
      -- NULL pins the window in every center.
      center_id TEXT,
      from_ms INTEGER NOT NULL,
      to_ms INTEGER NOT NULL,
      reason TEXT NOT NULL,
      created_at INTEGER NOT NULL
    ) STRICT;
    CREATE INDEX series_block_by_start ON series_block (block_start);
  `,
};
