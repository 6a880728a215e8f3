import { z } from 'zod';
import { epochMs } from './records.ts';

/**
 * Log lines as OpsDesk keeps them (one row per line; FTS5 needs rows).
 *
 * Loki stamps lines in nanoseconds; the exact stamp travels as a decimal string (`timestampNs`)
 * because a double cannot hold it (2^53 ns is ~104 days). `timestamp` (epoch ms, floored) is for
 * range queries and charts; ordering and de-duplication use `timestampNs`.
 */

export const logLevelSchema = z.enum(['error', 'warn', 'info', 'debug', 'unknown']);
export type LogLevel = z.infer<typeof logLevelSchema>;

/** Unsigned decimal nanoseconds since the epoch, no leading zeros (except "0"). */
export const nanosecondsSchema = z.string().regex(/^(?:0|[1-9]\d{0,19})$/, 'decimal nanoseconds since the epoch');

/** A W3C / OTLP trace id: 32 lowercase hex characters, never all zeros. */
export const traceIdSchema = z.string().regex(/^(?!0{32})[0-9a-f]{32}$/, '32 lowercase hex characters, not all zeros');

export const logLineRecordSchema = z.object({
  /** Stable identity for idempotent inserts: hash of stream labels + timestampNs + line (32 hex). */
  id: z.string().regex(/^[0-9a-f]{32}$/),
  centerId: z.string().min(1),
  /** Epoch ms, floored from timestampNs. */
  timestamp: epochMs,
  timestampNs: nanosecondsSchema,
  /** The stream's labels (Loki's indexed labels). */
  labels: z.record(z.string(), z.string()),
  /** Structured metadata and labels extracted by the query's parsers, when the server reports them apart. */
  metadata: z.record(z.string(), z.string()),
  namespace: z.string().nullable(),
  pod: z.string().nullable(),
  container: z.string().nullable(),
  level: logLevelSchema,
  line: z.string(),
  traceId: traceIdSchema.nullable(),
});
export type LogLineRecord = z.infer<typeof logLineRecordSchema>;

/**
 * The canonical text a line's id is hashed from: label pairs sorted by name, the exact stamp and
 * the line, JSON-encoded so no separator can be forged by label or line content.
 */
export function logLineIdentity(labels: Readonly<Record<string, string>>, timestampNs: string, line: string): string {
  const pairs = Object.keys(labels)
    .sort()
    .map((name) => [name, labels[name]]);
  return JSON.stringify([pairs, timestampNs, line]);
}

/**
 * What a logs connector's pull returns (proposed member of PullResult). `complete` is false when a
 * line cap stopped the pull early; `resumeFromMs` is then where the next pull should start
 * (lines at that millisecond come again and are de-duplicated by id).
 */
export interface LogsPullResult {
  kind: 'logs';
  lines: LogLineRecord[];
  complete: boolean;
  resumeFromMs: number | null;
  /** Cursor-based sources (SSH journal, file tail): where the next pull resumes; committed with the lines. */
  cursor?: string | null;
}
