import { createHash } from 'node:crypto';
import { logLineIdentity } from '../../../shared/domain/logs.ts';

/**
 * A log line's stable id: the first 128 bits of SHA-256 over its canonical identity (stream labels
 * sorted by name, exact nanosecond stamp, line), as 32 hex characters. The same line pulled twice
 * (overlapping pulls, a page boundary, a re-sync) gets the same id, so inserts are idempotent.
 */
export function logLineId(labels: Readonly<Record<string, string>>, timestampNs: string, line: string): string {
  return createHash('sha256').update(logLineIdentity(labels, timestampNs, line)).digest('hex').slice(0, 32);
}
