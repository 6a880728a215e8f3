/**
 * Tailing a remote file by byte offset. The cursor is `<inode>:<offset>`. One remote command opens
 * the file once and reports the inode and size of that very open file before streaming from the
 * offset, so a rotation between the two steps cannot mix two files. Only complete lines are taken;
 * a partial last line stays for the next pull.
 */
import type { LogLineRecord } from '../../../shared/domain/logs.ts';
import { lineRecord } from './line-record.ts';
import { quoteShellArg } from './shell-quote.ts';

export interface FileCursor {
  inode: string;
  offset: number;
}

export function parseFileCursor(cursor: string | null): FileCursor | null {
  if (cursor === null) return null;
  const match = /^(\d+):(0|[1-9]\d{0,15})$/.exec(cursor);
  if (!match) throw new Error(`not a file cursor (<inode>:<offset>): ${cursor.slice(0, 80)}`);
  return { inode: match[1]!, offset: Number(match[2]) };
}

export function formatFileCursor(cursor: FileCursor): string {
  return `${cursor.inode}:${cursor.offset}`;
}

/**
 * `exec 3< 'path'` opens the file once; `stat -L` of /dev/fd/3 prints `inode:size` of that open
 * file; `tail -c +N` streams from byte N (1-based) of the same descriptor, capped at maxBytes.
 * The offset is chosen remotely: from the cursor when the inode matches and the file did not
 * shrink, otherwise from 0 (rotated or truncated).
 */
export function fileTailCommand(path: string, cursor: FileCursor | null, maxBytes: number): string {
  const quotedPath = quoteShellArg(path);
  const inode = cursor ? quoteShellArg(cursor.inode) : "''";
  const offset = cursor ? cursor.offset : 0;
  return [
    `exec 3< ${quotedPath} || exit 66`,
    `info=$(stat -L -c %i:%s /dev/fd/3) || exit 67`,
    `ino=\${info%%:*}; size=\${info#*:}; start=${offset}`,
    `if [ "$ino" != ${inode} ] || [ "$size" -lt "$start" ]; then start=0; fi`,
    `printf '%s:%s:%s\\n' "$ino" "$size" "$start"`,
    `tail -c +$((start + 1)) <&3 | head -c ${Math.max(1, Math.floor(maxBytes))}`,
  ].join('; ');
}

export interface FileTailParseOptions {
  centerId: string;
  host: string;
  path: string;
  maxLines: number;
  /** Stamp for lines without a leading timestamp (epoch ms); line i gets pullTime ns + i. */
  pullTimeMs: number;
  /** Current year for syslog stamps, which have none. */
  now?: Date;
}

export interface FileTailParseResult {
  lines: LogLineRecord[];
  cursor: string;
  /** Whether the remote side started from 0 although a cursor was given (rotation/truncation). */
  restarted: boolean;
}

/** Output of fileTailCommand: `inode:size:start\n` then the raw bytes from start. */
export function parseFileTailOutput(output: Buffer, previous: FileCursor | null, options: FileTailParseOptions): FileTailParseResult {
  const newline = output.indexOf(0x0a);
  const header = newline < 0 ? '' : output.subarray(0, newline).toString('latin1');
  const match = /^(\d+):(\d+):(\d+)$/.exec(header);
  if (!match) throw new Error(`unexpected answer from stat: ${header.slice(0, 80) || output.subarray(0, 80).toString('utf8')}`);
  const inode = match[1]!;
  const start = Number(match[3]);
  const data = output.subarray(newline + 1);
  const lines: LogLineRecord[] = [];
  const labels = { host: options.host, file: options.path };
  const pullNs = BigInt(options.pullTimeMs) * 1_000_000n;
  let consumed = 0;
  while (lines.length < options.maxLines) {
    const end = data.indexOf(0x0a, consumed);
    if (end < 0) break;
    const line = data.subarray(consumed, end).toString('utf8').replace(/\r$/, '');
    consumed = end + 1;
    const stamped = leadingTimestampNs(line, options.now ?? new Date(options.pullTimeMs));
    const timestampNs = stamped ?? String(pullNs + BigInt(lines.length));
    lines.push(lineRecord({ centerId: options.centerId, labels, metadata: {}, timestampNs, line }));
  }
  return {
    lines,
    cursor: formatFileCursor({ inode, offset: start + consumed }),
    restarted: previous !== null && start === 0 && previous.offset !== 0,
  };
}

const rfc3339 = /^\[?(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2}):(\d{2})(?:[.,](\d{1,9}))?(Z|[+-]\d{2}:?\d{2})?(?=[\s\]]|$)/i;
const syslog = /^([A-Z][a-z]{2}) ([ \d]\d) (\d{2}):(\d{2}):(\d{2})(?=\s|$)/;
const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/**
 * The line's leading stamp in decimal ns: RFC 3339 / ISO (`2024-03-05T12:00:00.123456Z`, offset or
 * none = UTC) or classic syslog (`Mar  5 12:00:00`, no year: this year, or last year when that
 * would be more than a day ahead; read as UTC). Null when the line has none.
 */
export function leadingTimestampNs(line: string, now: Date): string | null {
  const iso = rfc3339.exec(line);
  if (iso) {
    const [, y, mo, d, h, mi, s, fraction, zone] = iso;
    let ms = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s));
    if (Number.isNaN(ms)) return null;
    if (zone && zone.toUpperCase() !== 'Z') {
      const sign = zone.startsWith('-') ? -1 : 1;
      const digits = zone.slice(1).replace(':', '');
      ms -= sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2))) * 60_000;
    }
    if (ms < 0) return null;
    const fractionNs = BigInt((fraction ?? '').padEnd(9, '0'));
    return String(BigInt(ms) * 1_000_000n + fractionNs);
  }
  const classic = syslog.exec(line);
  if (classic) {
    const month = months.indexOf(classic[1]!);
    if (month < 0) return null;
    const parts = [Number(classic[2]), Number(classic[3]), Number(classic[4]), Number(classic[5])] as const;
    let year = now.getUTCFullYear();
    let ms = Date.UTC(year, month, ...parts);
    if (ms - now.getTime() > 86_400_000) ms = Date.UTC(--year, month, ...parts);
    return String(BigInt(ms) * 1_000_000n);
  }
  return null;
}
