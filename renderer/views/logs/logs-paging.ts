import type { LogLevel } from '../../../shared/domain/logs.ts';
import type { TimeRangeInput } from '../../../shared/time/range.ts';

export interface LogsCursor {
  timestampMs: number;
  rowid: number;
}

/** The `before` cursor for the page after this one; null when the page was not full (no more lines). */
export function nextLogsCursor(page: readonly { timestamp: number; rowid: number }[], limit: number): LogsCursor | null {
  if (page.length < limit) return null;
  const last = page[page.length - 1];
  return last ? { timestampMs: last.timestamp, rowid: last.rowid } : null;
}

/** Pages joined newest first; a line that two pages both hold (a live tail shifting the window) shows once. */
export function flattenLogPages<T extends { id: string }>(pages: readonly (readonly T[])[]): T[] {
  const seen = new Set<string>();
  const lines: T[] = [];
  for (const page of pages) {
    for (const line of page) {
      if (seen.has(line.id)) continue;
      seen.add(line.id);
      lines.push(line);
    }
  }
  return lines;
}

/** A pinned window of ±margin around a span (or any instant), as UTC ISO expressions. */
export function windowAround(startMs: number, durationMs: number, marginMs = 5 * 60_000): TimeRangeInput {
  return {
    from: new Date(Math.floor(startMs - marginMs)).toISOString(),
    to: new Date(Math.ceil(startMs + durationMs + marginMs)).toISOString(),
  };
}

export const logLevels: readonly LogLevel[] = ['error', 'warn', 'info', 'debug', 'unknown'];

/** Toggles a level chip; the result keeps the canonical order so query keys stay stable. */
export function toggleLevel(levels: readonly LogLevel[], level: LogLevel): LogLevel[] {
  const next = new Set(levels);
  if (next.has(level)) next.delete(level);
  else next.add(level);
  return logLevels.filter((candidate) => next.has(candidate));
}
