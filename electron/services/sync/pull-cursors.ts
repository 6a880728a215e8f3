import type { CacheDatabase } from '../cache/database.ts';

export interface PullCursor {
  /** Opaque resume point of a cursor-based source (journal cursor, file offsets). */
  cursor: string | null;
  /** After a pull stopped by its line cap: the next pull starts here, not at the watermark. */
  resumeFromMs: number | null;
}

/**
 * Resume points beside the endpoint watermarks (table pull_cursor, migration 0008). Callers write
 * them inside the transaction that stores the lines they cover, so a crash keeps both or neither.
 */
export class PullCursorStore {
  constructor(private readonly db: CacheDatabase) {}

  read(endpointId: string): PullCursor | null {
    const row = this.db.prepare('SELECT cursor, resume_from_ms FROM pull_cursor WHERE endpoint_id = ?').get(endpointId) as
      | { cursor: string | null; resume_from_ms: number | null }
      | undefined;
    return row ? { cursor: row.cursor, resumeFromMs: row.resume_from_ms } : null;
  }

  write(endpointId: string, centerId: string, value: PullCursor): void {
    if (value.cursor === null && value.resumeFromMs === null) {
      this.db.prepare('DELETE FROM pull_cursor WHERE endpoint_id = ?').run(endpointId);
      return;
    }
    this.db
      .prepare(
        `INSERT INTO pull_cursor (endpoint_id, center_id, cursor, resume_from_ms) VALUES (?, ?, ?, ?)
         ON CONFLICT (endpoint_id) DO UPDATE SET center_id = excluded.center_id, cursor = excluded.cursor, resume_from_ms = excluded.resume_from_ms`,
      )
      .run(endpointId, centerId, value.cursor, value.resumeFromMs);
  }

  removeCenter(centerId: string): void {
    this.db.prepare('DELETE FROM pull_cursor WHERE center_id = ?').run(centerId);
  }
}
