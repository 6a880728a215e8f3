import type { Migration } from './migration.ts';

/**
 * Where a log source resumes, beside the endpoint's watermark: an opaque cursor (a journal cursor,
 * a file's inode and offset) and, after a pull that hit its line cap, the millisecond to resume
 * from. Written in the same transaction as the lines it covers.
 */
export const migration0008PullCursors: Migration = {
  version: 8,
  name: 'pull-cursors',
  up: `
    CREATE TABLE pull_cursor (
      endpoint_id TEXT PRIMARY KEY,
      center_id TEXT NOT NULL,
      cursor TEXT,
      resume_from_ms INTEGER
    ) STRICT;
  `,
};
