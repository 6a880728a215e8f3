import type { CacheDatabase } from './database.ts';

export interface PinnedWindow {
  id: string;
  /** Null pins the window in every center. */
  centerId: string | null;
  fromMs: number;
  toMs: number;
  reason: string;
}

export interface RetentionPolicy {
  /** Data older than this goes. */
  maxAgeMs: number;
  /** Live pages of the cache above this evict the oldest data first. Default 2 GB. */
  maxBytes: number;
}

export interface RetentionReport {
  evictedBlocks: number;
  evictedEvents: number;
  evictedAlerts: number;
  evictedLogLines: number;
  evictedSpans: number;
  bytesBefore: number;
  bytesAfter: number;
  /** True when only pinned data is left above the budget (page-level slack aside). */
  overBudget: boolean;
}

export const defaultRetentionPolicy: RetentionPolicy = { maxAgeMs: 30 * 86_400_000, maxBytes: 2_000_000_000 };

/** What is held in the file's used pages (freed pages are reused by later writes). */
export function liveBytes(db: CacheDatabase): number {
  const pageSize = db.pragma('page_size', { simple: true }) as number;
  const pages = db.pragma('page_count', { simple: true }) as number;
  const free = db.pragma('freelist_count', { simple: true }) as number;
  return (pages - free) * pageSize;
}

/** SQL that is true when a row's [start, end] overlaps a pinned window of its center (or of all). */
const notPinned = (start: string, end: string, center: string) => `NOT EXISTS (
  SELECT 1 FROM pinned_windows p
  WHERE (p.center_id IS NULL OR p.center_id = ${center}) AND p.from_ms <= ${end} AND p.to_ms >= ${start})`;

/**
 * Evict by age, then by size budget oldest first, never anything inside a pinned window. Each step
 * is its own transaction, so a crash mid-way leaves a consistent, smaller cache.
 */
export class RetentionService {
  constructor(private readonly db: CacheDatabase) {}

  pin(window: PinnedWindow, now: number): void {
    this.db
      .prepare(
        `INSERT INTO pinned_windows (id, center_id, from_ms, to_ms, reason, created_at) VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT (id) DO UPDATE SET center_id = excluded.center_id, from_ms = excluded.from_ms, to_ms = excluded.to_ms, reason = excluded.reason`,
      )
      .run(window.id, window.centerId, window.fromMs, window.toMs, window.reason, now);
  }

  unpin(id: string): boolean {
    return this.db.prepare('DELETE FROM pinned_windows WHERE id = ?').run(id).changes > 0;
  }

  pins(): PinnedWindow[] {
    return (this.db.prepare('SELECT id, center_id, from_ms, to_ms, reason FROM pinned_windows ORDER BY from_ms').all() as Array<{ id: string; center_id: string | null; from_ms: number; to_ms: number; reason: string }>).map(
      (row) => ({ id: row.id, centerId: row.center_id, fromMs: row.from_ms, toMs: row.to_ms, reason: row.reason }),
    );
  }

  run(policy: RetentionPolicy, now: number): RetentionReport {
    const bytesBefore = liveBytes(this.db);
    const cutoff = now - policy.maxAgeMs;
    const blockOfSeries = `(SELECT center_id FROM series WHERE series.id = series_block.series_id)`;
    const byAge = this.db.transaction(() => ({
      blocks: this.db.prepare(`DELETE FROM series_block WHERE block_end < ? AND ${notPinned('block_start', 'block_end', blockOfSeries)}`).run(cutoff).changes,
      events: this.db.prepare(`DELETE FROM kube_events WHERE last_seen < ? AND ${notPinned('first_seen', 'last_seen', 'kube_events.center_id')}`).run(cutoff).changes,
      alerts: this.db
        .prepare(`DELETE FROM alerts WHERE ends_at IS NOT NULL AND ends_at < ? AND ${notPinned('starts_at', 'ends_at', 'alerts.center_id')}`)
        .run(cutoff).changes,
      logLines: this.db.prepare(`DELETE FROM log_lines WHERE timestamp_ms < ? AND ${notPinned('timestamp_ms', 'timestamp_ms', 'log_lines.center_id')}`).run(cutoff).changes,
      spans: this.db.prepare(`DELETE FROM spans WHERE start_ms < ? AND ${notPinned('start_ms', 'start_ms + duration_ms', 'spans.center_id')}`).run(cutoff).changes,
      summaries: this.db
        .prepare(`DELETE FROM trace_summaries WHERE start_ms < ? AND ${notPinned('start_ms', 'start_ms + duration_ms', 'trace_summaries.center_id')}`)
        .run(cutoff).changes,
    }))();

    // Pages free up only when they empty, so the budget is met by counting what each evicted block held.
    let evictedBlocks = byAge.blocks;
    let excess = liveBytes(this.db) - policy.maxBytes;
    const oldest = this.db.prepare(
      `SELECT series_id, block_start, length(samples) + 48 AS bytes FROM series_block
       WHERE ${notPinned('block_start', 'block_end', blockOfSeries)} ORDER BY block_start LIMIT ?`,
    );
    const remove = this.db.prepare('DELETE FROM series_block WHERE series_id = ? AND block_start = ?');
    while (excess > 0) {
      const batch = oldest.all(500) as Array<{ series_id: number; block_start: number; bytes: number }>;
      if (batch.length === 0) break;
      this.db.transaction(() => {
        for (const row of batch) {
          if (excess <= 0) break;
          remove.run(row.series_id, row.block_start);
          excess -= row.bytes;
          evictedBlocks++;
        }
      })();
    }
    this.db.prepare('DELETE FROM series WHERE NOT EXISTS (SELECT 1 FROM series_block WHERE series_block.series_id = series.id)').run();
    const bytesAfter = liveBytes(this.db);
    return { evictedBlocks, evictedEvents: byAge.events, evictedAlerts: byAge.alerts, evictedLogLines: byAge.logLines, evictedSpans: byAge.spans, bytesBefore, bytesAfter, overBudget: excess > 0 };
  }
}
