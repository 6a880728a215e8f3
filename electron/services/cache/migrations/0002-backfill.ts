import type { Migration } from './migration.ts';

/** Resumable backfills: how far each endpoint's chosen window has been committed. */
export const migration0002Backfill: Migration = {
  version: 2,
  name: 'backfill',
  up: `
    CREATE TABLE backfill_state (
      endpoint_id TEXT PRIMARY KEY,
      center_id TEXT NOT NULL,
      range_from INTEGER NOT NULL,
      range_to INTEGER NOT NULL,
      chunk_ms INTEGER NOT NULL,
      -- Everything up to and including this instant is committed; range_from - 1 before the first chunk.
      done_to INTEGER NOT NULL,
      started_at INTEGER NOT NULL,
      finished_at INTEGER
    ) STRICT;
  `,
};
