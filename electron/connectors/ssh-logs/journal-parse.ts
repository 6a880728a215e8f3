/**
 * journalctl `-o json` output (one JSON object per line, fields as in systemd's journal export
 * format) to LogLineRecords. Every malformed line is an error naming its line number: a silent
 * skip would move the cursor past entries nobody saw.
 */
import type { LogLevel, LogLineRecord } from '../../../shared/domain/logs.ts';
import { lineRecord } from './line-record.ts';

export class JournalParseError extends Error {
  override readonly name = 'JournalParseError';
  constructor(
    readonly lineNumber: number,
    detail: string,
  ) {
    super(`journalctl output line ${lineNumber}: ${detail}`);
  }
}

/** syslog PRIORITY 0 emerg … 7 debug. */
export function priorityLevel(priority: string | undefined): LogLevel | null {
  if (priority === undefined || !/^[0-7]$/.test(priority)) return null;
  const value = Number(priority);
  if (value <= 3) return 'error';
  if (value === 4) return 'warn';
  if (value <= 6) return 'info';
  return 'debug';
}

/** A journal field value: a string, a byte array (non-UTF-8 or binary), or null (too large to show). */
function fieldText(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (Array.isArray(value) && value.every((byte) => Number.isInteger(byte) && byte >= 0 && byte <= 255)) {
    return Buffer.from(value as number[]).toString('utf8');
  }
  // A field that occurs several times in one entry is an array of values; the first is kept.
  if (Array.isArray(value) && value.length > 0) return fieldText(value[0]);
  return undefined;
}

export interface JournalParseOptions {
  centerId: string;
  /** Used for the host label when an entry has no _HOSTNAME. */
  fallbackHost: string;
  /** The configured unit, used for the unit label when an entry has no _SYSTEMD_UNIT. */
  unit?: string;
  /** Keep at most this many entries (the cursor is the last one kept). */
  maxLines: number;
}

export interface JournalParseResult {
  lines: LogLineRecord[];
  /** The __CURSOR of the last entry kept; null when there were none. */
  cursor: string | null;
}

const metadataFields: Record<string, string> = {
  SYSLOG_IDENTIFIER: 'syslog_identifier',
  PRIORITY: 'priority',
  _PID: 'pid',
  _COMM: 'comm',
  _BOOT_ID: 'boot_id',
  __CURSOR: 'cursor',
};

export function parseJournalOutput(text: string, options: JournalParseOptions): JournalParseResult {
  const rows = text.split('\n');
  const lines: LogLineRecord[] = [];
  let cursor: string | null = null;
  for (const [index, raw] of rows.entries()) {
    if (lines.length >= options.maxLines) break;
    const row = raw.replace(/\r$/, '');
    if (row.trim() === '') continue;
    const lineNumber = index + 1;
    let entry: unknown;
    try {
      entry = JSON.parse(row);
    } catch (error) {
      throw new JournalParseError(lineNumber, `not JSON (${(error as Error).message}): ${row.slice(0, 120)}`);
    }
    if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) throw new JournalParseError(lineNumber, 'not a JSON object');
    const fields = entry as Record<string, unknown>;
    const entryCursor = fields.__CURSOR;
    if (typeof entryCursor !== 'string' || entryCursor === '') throw new JournalParseError(lineNumber, 'no __CURSOR');
    const realtime = fields.__REALTIME_TIMESTAMP;
    if (typeof realtime !== 'string' || !/^(?:0|[1-9]\d{0,16})$/.test(realtime)) {
      throw new JournalParseError(lineNumber, '__REALTIME_TIMESTAMP is not decimal microseconds');
    }
    const message = fieldText(fields.MESSAGE) ?? '';
    const host = fieldText(fields._HOSTNAME) ?? options.fallbackHost;
    const unit = fieldText(fields._SYSTEMD_UNIT) ?? options.unit;
    const labels: Record<string, string> = { host };
    if (unit !== undefined) labels.unit = unit;
    const metadata: Record<string, string> = {};
    for (const [field, name] of Object.entries(metadataFields)) {
      const value = fieldText(fields[field]);
      if (value !== undefined) metadata[name] = value;
    }
    const timestampNs = realtime === '0' ? '0' : `${realtime}000`;
    lines.push(
      lineRecord({ centerId: options.centerId, labels, metadata, timestampNs, line: message, level: priorityLevel(fieldText(fields.PRIORITY)) }),
    );
    cursor = entryCursor;
  }
  return { lines, cursor };
}
