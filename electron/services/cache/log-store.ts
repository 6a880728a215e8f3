import type BetterSqlite3 from 'better-sqlite3';
import type { LogLevel, LogLineRecord } from '../../../shared/domain/logs.ts';
import type { CacheDatabase } from './database.ts';

/**
 * Cached log lines (table log_lines, full-text index log_lines_fts; migration 0003).
 *
 * Row ids carry time. A line's rowid is `rowidSlot(timestamp ms) + n`, where n counts the lines
 * of that millisecond in arrival order (lines of one insert are ordered by their nanosecond stamp
 * first). So rowid order is time order, and "newest first" is `ORDER BY rowid DESC` on every
 * path: the FTS index walks its matches from the newest and stops at the page size, and the
 * secondary indexes (whose keys end in rowid) return rows already ordered. More than
 * `slotSize` lines in one millisecond spill into the next millisecond's ids (found by probing);
 * such lines sort up to a millisecond late and a window ending exactly at that millisecond may
 * miss them. No real collector stamps 4,096 lines into one millisecond.
 *
 * Keys are found without random-key B-trees (migration 0009): duplicates through the time-ordered
 * unique index (timestamp_ms, id), line ids and trace ids through the FTS5 index `log_keys_fts`.
 */

/** 2020-01-01T00:00:00Z: rowids are counted from here so (ms × slotSize) stays a safe integer until 2089. */
const rowidEpochMs = Date.UTC(2020, 0, 1);
const slotBits = 12;
const slotSize = 2 ** slotBits;
/** Newest stamp whose rowid is still a safe integer (mid 2089); the oldest is 1970. */
const maxTimestampMs = rowidEpochMs + Math.floor(Number.MAX_SAFE_INTEGER / slotSize) - 1;

/** The first rowid of a millisecond. */
export function rowidSlot(timestampMs: number): number {
  return (timestampMs - rowidEpochMs) * slotSize;
}

/** Lines as the store returns them: the record plus its rowid, the paging cursor. */
export type StoredLogLine = LogLineRecord & { rowid: number };

export interface LogSearchQuery {
  /** Empty means every center. */
  centerIds: readonly string[];
  /** Epoch ms, inclusive. */
  fromMs: number;
  /** Epoch ms, inclusive. */
  toMs: number;
  /** Words the line must contain (each word also matches as a prefix; "quoted text" is an exact phrase). */
  text?: string | undefined;
  /** A JavaScript regular expression the line must match. */
  regex?: string | undefined;
  levels?: readonly string[] | undefined;
  namespace?: string | undefined;
  pod?: string | undefined;
  container?: string | undefined;
  traceId?: string | undefined;
  limit: number;
  /** Paging: only lines older than this one (the last line of the previous page). */
  before?: { timestampMs: number; rowid: number } | undefined;
}

export interface LogRow {
  rowid: number;
  id: string;
  center_id: string;
  timestamp_ms: number;
  timestamp_ns: string;
  namespace: string | null;
  pod: string | null;
  container: string | null;
  level: string;
  trace_id: string | null;
  labels_json: string;
  metadata_json: string;
  line: string;
}

const tokenPattern = /[\p{L}\p{N}\p{M}\p{Co}]+/gu;

/**
 * User text to an FTS5 query that can only mean "these words": every word becomes a quoted phrase
 * of its tokens (what the unicode61 tokenizer would make of it, so punctuation, quotes, `*`, `^`,
 * `NEAR`, `AND`, column filters and parentheses are inert), joined with AND. A bare word's last
 * token matches as a prefix (`"fail" *` finds "failed"); text in double quotes is an exact phrase.
 * Null when the text holds no word characters at all.
 */
export function ftsQuery(text: string): string | null {
  const terms: string[] = [];
  for (const match of text.matchAll(/"([^"]*)"?|([^\s"]+)/g)) {
    const quoted = match[1] !== undefined;
    const tokens = (quoted ? match[1]! : match[2]!).match(tokenPattern) ?? [];
    if (tokens.length === 0) continue;
    const phrase = `"${tokens.join(' ')}"`;
    // One-character prefixes would expand to a large share of the vocabulary: those stay exact.
    terms.push(!quoted && tokens[tokens.length - 1]!.length >= 2 ? `${phrase} *` : phrase);
  }
  return terms.length > 0 ? terms.join(' AND ') : null;
}

function canonicalJson(record: Readonly<Record<string, string>>): string {
  const keys = Object.keys(record);
  if (keys.length === 0) return '{}';
  const sorted: Record<string, string> = {};
  for (const key of keys.sort()) sorted[key] = record[key]!;
  return JSON.stringify(sorted);
}

/**
 * Connectors share one labels object per stream: within one insert call (synchronous, so nothing
 * can change the objects meanwhile) its JSON is built once per object, not once per line.
 */
function canonicalJsonPerObject(): (record: Readonly<Record<string, string>>) => string {
  const built = new Map<object, string>();
  return (record) => {
    let json = built.get(record);
    if (json === undefined) {
      json = canonicalJson(record);
      built.set(record, json);
    }
    return json;
  };
}

/**
 * An FTS5 query narrowing log_keys_fts to the rows that may hold `key` (its tagged tokens, view
 * log_lines_keys, migration 0009): "i"/"t" + the first 4 characters of an id/trace id, "p" + the
 * hex of a pod's UTF-8 (tokens of the ascii tokenizer: ASCII letters and digits, any non-ASCII).
 * The caller compares the row's column exactly. Null for an empty key (nothing can match).
 */
function keyQuery(column: 'id' | 'trace_id' | 'pod', key: string): string | null {
  if (key === '') return null;
  if (column === 'pod') return `"p${Buffer.from(key, 'utf8').toString('hex')}"`;
  // Hex ids make one token; anything else is narrowed by each of its tokens.
  const tokens = `${column === 'id' ? 'i' : 't'}${key.slice(0, 4)}`.match(/[0-9A-Za-z\u0080-\uffff]+/g)!;
  return tokens.map((token) => `"${token}"`).join(' AND ');
}

/** Decimal nanosecond strings without leading zeros: shorter is smaller, then by text. */
function compareNs(a: string, b: string): number {
  return a.length - b.length || (a < b ? -1 : a > b ? 1 : 0);
}

function byStamp(a: LogLineRecord, b: LogLineRecord): number {
  return a.timestamp - b.timestamp || compareNs(a.timestampNs, b.timestampNs);
}

/** Pulls usually arrive oldest first already: then the copy and sort are skipped. */
function inOrder(lines: readonly LogLineRecord[]): boolean {
  for (let index = 1; index < lines.length; index++) if (byStamp(lines[index - 1]!, lines[index]!) > 0) return false;
  return true;
}

export function logLineFromRow(row: LogRow): StoredLogLine {
  return {
    id: row.id,
    centerId: row.center_id,
    timestamp: row.timestamp_ms,
    timestampNs: row.timestamp_ns,
    labels: JSON.parse(row.labels_json) as Record<string, string>,
    metadata: JSON.parse(row.metadata_json) as Record<string, string>,
    namespace: row.namespace,
    pod: row.pod,
    container: row.container,
    level: row.level as LogLevel,
    line: row.line,
    traceId: row.trace_id,
    rowid: row.rowid,
  };
}

function checkMs(name: string, value: number): void {
  if (!Number.isSafeInteger(value)) throw new RangeError(`${name} must be whole epoch milliseconds, got ${value}`);
}

const columns = 'l.rowid, l.id, l.center_id, l.timestamp_ms, l.timestamp_ns, l.namespace, l.pod, l.container, l.level, l.trace_id, l.labels_json, l.metadata_json, l.line';

export class LogStore {
  private readonly insertLine;
  private readonly bulkIndexingOn;
  private readonly bulkIndexingOff;
  private readonly indexText;
  private readonly indexKeys;
  private readonly maxRowid;
  private readonly maxRowidInRange;
  private readonly rowidTaken;
  private readonly byId;
  private readonly streamBefore;
  private readonly streamAfter;
  private readonly podStreamBefore;
  private readonly podStreamAfter;
  private readonly countLines;
  private readonly statements = new Map<string, BetterSqlite3.Statement<unknown[]>>();
  private regexCache: { source: string; regex: RegExp } | null = null;

  constructor(private readonly db: CacheDatabase) {
    this.insertLine = db.prepare(
      `INSERT INTO log_lines (rowid, id, center_id, timestamp_ms, timestamp_ns, namespace, pod, container, level, trace_id, labels_json, metadata_json, line)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (timestamp_ms, id) DO NOTHING`,
    );
    this.bulkIndexingOn = db.prepare('INSERT INTO log_lines_bulk_indexing (active) VALUES (1)');
    this.bulkIndexingOff = db.prepare('DELETE FROM log_lines_bulk_indexing');
    const newLines = 'FROM json_each(?) j CROSS JOIN log_lines l ON l.rowid = j.value';
    this.indexText = db.prepare(`INSERT INTO log_lines_fts (rowid, line) SELECT l.rowid, l.line ${newLines}`);
    this.indexKeys = db.prepare(`INSERT INTO log_keys_fts (rowid, keys) SELECT k.rowid, k.keys FROM json_each(?) j CROSS JOIN log_lines_keys k ON k.rowid = j.value`);
    this.maxRowid = db.prepare('SELECT max(rowid) FROM log_lines').pluck();
    this.maxRowidInRange = db.prepare('SELECT max(rowid) FROM log_lines WHERE rowid >= ? AND rowid < ?').pluck();
    this.rowidTaken = db.prepare('SELECT 1 FROM log_lines WHERE rowid = ?').pluck();
    this.byId = db.prepare(`SELECT ${columns} FROM log_keys_fts k CROSS JOIN log_lines l ON l.rowid = k.rowid WHERE log_keys_fts MATCH ? AND l.id = ?`);
    // The same stream: through the pod key when the line has a pod, else through the center's time index.
    const sameStream = 'l.center_id = ? AND l.namespace IS ? AND l.pod IS ? AND l.labels_json = ?';
    const byPod = 'FROM log_keys_fts k CROSS JOIN log_lines l ON l.rowid = k.rowid WHERE log_keys_fts MATCH ? AND';
    this.podStreamBefore = db.prepare(`SELECT ${columns} ${byPod} ${sameStream} AND k.rowid < ? ORDER BY k.rowid DESC LIMIT ?`);
    this.podStreamAfter = db.prepare(`SELECT ${columns} ${byPod} ${sameStream} AND k.rowid > ? ORDER BY k.rowid ASC LIMIT ?`);
    this.streamBefore = db.prepare(
      `SELECT ${columns} FROM log_lines l WHERE ${sameStream} AND (l.timestamp_ms, l.rowid) < (?, ?) ORDER BY l.timestamp_ms DESC, l.rowid DESC LIMIT ?`,
    );
    this.streamAfter = db.prepare(
      `SELECT ${columns} FROM log_lines l WHERE ${sameStream} AND (l.timestamp_ms, l.rowid) > (?, ?) ORDER BY l.timestamp_ms ASC, l.rowid ASC LIMIT ?`,
    );
    this.countLines = db.prepare('SELECT count(*) FROM log_lines').pluck();
    db.function('opsdesk_regexp', { deterministic: true }, (pattern: unknown, line: unknown) =>
      typeof pattern === 'string' && typeof line === 'string' && this.compiled(pattern).test(line) ? 1 : 0,
    );
  }

  /** Store lines for a center in one transaction; lines already held (same id) are skipped. Returns how many were new. */
  insert(centerId: string, lines: readonly LogLineRecord[]): number {
    if (lines.length === 0) return 0;
    for (const line of lines) {
      if (!Number.isSafeInteger(line.timestamp) || line.timestamp < 0 || line.timestamp > maxTimestampMs) {
        throw new RangeError(`log line ${line.id}: timestamp ${line.timestamp} is outside what the cache can hold (1970 to 2089)`);
      }
    }
    const ordered = inOrder(lines) ? lines : [...lines].sort(byStamp);
    const labelsJson = canonicalJsonPerObject();
    const metadataJson = canonicalJsonPerObject();
    return this.db.transaction(() => {
      this.bulkIndexingOn.run();
      const newest = (this.maxRowid.get() as number | null) ?? -Infinity;
      const nextInSlot = new Map<number, number>();
      const added: number[] = [];
      for (const line of ordered) {
        const slot = rowidSlot(line.timestamp);
        let next = nextInSlot.get(slot);
        if (next === undefined) {
          const taken = slot > newest ? null : (this.maxRowidInRange.get(slot, slot + slotSize) as number | null);
          next = taken === null ? slot : taken + 1;
        }
        let rowid = next;
        if (rowid >= slot + slotSize) while (this.rowidTaken.get(rowid) !== undefined) rowid++;
        const result = this.insertLine.run(
          rowid,
          line.id,
          centerId,
          line.timestamp,
          line.timestampNs,
          line.namespace,
          line.pod,
          line.container,
          line.level,
          line.traceId,
          labelsJson(line.labels),
          metadataJson(line.metadata),
          line.line,
        );
        if (result.changes > 0) {
          added.push(rowid);
          nextInSlot.set(slot, rowid + 1);
        } else {
          nextInSlot.set(slot, next);
        }
      }
      if (added.length > 0) {
        const rowids = JSON.stringify(added);
        this.indexText.run(rowids);
        this.indexKeys.run(rowids);
      }
      this.bulkIndexingOff.run();
      return added.length;
    })();
  }

  /**
   * Lines matching every given filter, newest first, at most `limit`. Several centers without a
   * word to look up are read one center at a time (each through its own index range, already
   * ordered) and merged, so no path sorts the whole window.
   */
  search(query: LogSearchQuery): StoredLogLine[] {
    const plans = this.plan(query);
    const pages = plans.map(({ sql, params }) => (this.statement(sql).all(...params) as LogRow[]).map(logLineFromRow));
    if (pages.length === 1) return pages[0]!;
    return pages
      .flat()
      .sort((a, b) => b.rowid - a.rowid)
      .slice(0, query.limit);
  }

  /** EXPLAIN QUERY PLAN of the statements `search` would run (for tests and diagnostics). */
  explainSearch(query: LogSearchQuery): string[] {
    return this.plan(query).flatMap(({ sql, params }) =>
      (this.db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as Array<{ detail: string }>).map((row) => row.detail),
    );
  }

  /**
   * The line and up to `count` lines either side of it in the same stream (same center and stream
   * labels), oldest first. Empty when the line is not cached.
   */
  around(lineId: string, count: number): StoredLogLine[] {
    if (!Number.isSafeInteger(count) || count < 0) throw new RangeError(`count must be a whole number >= 0, got ${count}`);
    const match = keyQuery('id', lineId);
    const target = match === null ? undefined : (this.byId.get(match, lineId) as LogRow | undefined);
    if (!target) return [];
    const stream = [target.center_id, target.namespace, target.pod, target.labels_json];
    const podMatch = target.pod === null ? null : keyQuery('pod', target.pod);
    const before = (podMatch === null
      ? this.streamBefore.all(...stream, target.timestamp_ms, target.rowid, count)
      : this.podStreamBefore.all(podMatch, ...stream, target.rowid, count)) as LogRow[];
    const after = (podMatch === null
      ? this.streamAfter.all(...stream, target.timestamp_ms, target.rowid, count)
      : this.podStreamAfter.all(podMatch, ...stream, target.rowid, count)) as LogRow[];
    return [...before.reverse(), target, ...after].map(logLineFromRow);
  }

  /** One cached line by id (through the key index; `log_lines` has no index on `id` alone), or null. */
  get(lineId: string): StoredLogLine | null {
    const match = keyQuery('id', lineId);
    const row = match === null ? undefined : (this.byId.get(match, lineId) as LogRow | undefined);
    return row ? logLineFromRow(row) : null;
  }

  count(): number {
    return this.countLines.get() as number;
  }

  private compiled(source: string): RegExp {
    if (this.regexCache?.source !== source) this.regexCache = { source, regex: new RegExp(source) };
    return this.regexCache.regex;
  }

  private statement(sql: string): BetterSqlite3.Statement<unknown[]> {
    let statement = this.statements.get(sql);
    if (!statement) {
      if (this.statements.size > 256) this.statements.clear();
      statement = this.db.prepare<unknown[]>(sql);
      this.statements.set(sql, statement);
    }
    return statement;
  }

  private plan(query: LogSearchQuery): Array<{ sql: string; params: unknown[] }> {
    checkMs('fromMs', query.fromMs);
    checkMs('toMs', query.toMs);
    if (!Number.isSafeInteger(query.limit) || query.limit < 1) throw new RangeError(`limit must be a positive whole number, got ${query.limit}`);
    if (query.before) {
      checkMs('before.timestampMs', query.before.timestampMs);
      if (!Number.isSafeInteger(query.before.rowid)) throw new RangeError(`before.rowid must be a whole number, got ${query.before.rowid}`);
    }
    if (query.regex !== undefined) {
      try {
        this.compiled(query.regex);
      } catch (error) {
        throw new RangeError(`not a valid regular expression: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
    const text = query.text?.trim() ?? '';
    const match = text === '' ? null : ftsQuery(text);
    // A trace id is far more selective than any word: then the key index leads and words are checked per line.
    // A pod is too: its key leads when no word or trace does.
    const traceMatch = query.traceId === undefined ? null : keyQuery('trace_id', query.traceId);
    const podMatch = query.pod === undefined ? null : keyQuery('pod', query.pod);
    if (traceMatch !== null) return [this.statementFor(query, 'keys', match, text, query.centerIds, podMatch === null ? traceMatch : `${traceMatch} AND ${podMatch}`)];
    if (match !== null && query.traceId === undefined) return [this.statementFor(query, 'words', match, text, query.centerIds)];
    if (podMatch !== null && query.traceId === undefined) return [this.statementFor(query, 'keys', match, text, query.centerIds, podMatch)];
    if (query.traceId !== undefined || query.centerIds.length <= 1) return [this.statementFor(query, 'index', match, text, query.centerIds)];
    return [...new Set(query.centerIds)].map((centerId) => this.statementFor(query, 'index', match, text, [centerId]));
  }

  /**
   * One SELECT. `words`: the FTS index leads (CROSS JOIN keeps it outermost), walking matches by
   * rowid, newest first, inside the window's rowid range. `keys`: the same over the key index
   * (log_keys_fts: trace id and/or pod), the stored columns then compared exactly. `index`: one
   * center's time index (center, timestamp_ms, rowid); with no center, the table's rowid range.
   */
  private statementFor(
    query: LogSearchQuery,
    path: 'words' | 'keys' | 'index',
    match: string | null,
    text: string,
    centerIds: readonly string[],
    keysMatch: string | null = null,
  ): { sql: string; params: unknown[] } {
    const fromMs = Math.max(query.fromMs, 0);
    const toMs = Math.min(query.toMs, maxTimestampMs);
    const byTime = path === 'index' && centerIds.length === 1;
    const key = path === 'words' ? 'f.rowid' : path === 'keys' ? 'k.rowid' : 'l.rowid';
    const where: string[] = [];
    const params: unknown[] = [];
    if (path === 'words') {
      where.push('log_lines_fts MATCH ?');
      params.push(match);
    }
    if (path === 'keys') {
      where.push('log_keys_fts MATCH ?');
      params.push(keysMatch);
    }
    // The window as a rowid range (rowids carry time), then exactly on the stored stamp.
    where.push(`${key} >= ?`, `${key} < ?`, 'l.timestamp_ms >= ?', 'l.timestamp_ms <= ?');
    params.push(rowidSlot(fromMs), rowidSlot(toMs + 1), fromMs, toMs);
    if (query.before) {
      where.push(byTime ? '(l.timestamp_ms, l.rowid) < (?, ?)' : `${key} < ?`);
      params.push(...(byTime ? [query.before.timestampMs, query.before.rowid] : [query.before.rowid]));
    }
    if (centerIds.length > 0) {
      where.push(`l.center_id IN (${centerIds.map(() => '?').join(', ')})`);
      params.push(...centerIds);
    }
    if (query.levels && query.levels.length > 0) {
      where.push(`l.level IN (${query.levels.map(() => '?').join(', ')})`);
      params.push(...query.levels);
    }
    for (const [column, value] of [
      ['l.namespace', query.namespace],
      ['l.pod', query.pod],
      ['l.container', query.container],
      ['l.trace_id', query.traceId],
    ] as const) {
      if (value === undefined) continue;
      where.push(`${column} = ?`);
      params.push(value);
    }
    if (match !== null && path !== 'words') {
      where.push('EXISTS (SELECT 1 FROM log_lines_fts WHERE log_lines_fts MATCH ? AND rowid = l.rowid)');
      params.push(match);
    }
    if (text !== '' && match === null) {
      // Only punctuation (e.g. "->" or "{"): no word to look up, so a plain substring test.
      where.push('instr(l.line, ?) > 0');
      params.push(text);
    }
    if (query.regex !== undefined) {
      where.push('opsdesk_regexp(?, l.line)');
      params.push(query.regex);
    }
    const from =
      path === 'words'
        ? 'log_lines_fts f CROSS JOIN log_lines l ON l.rowid = f.rowid'
        : path === 'keys'
          ? 'log_keys_fts k CROSS JOIN log_lines l ON l.rowid = k.rowid'
          : 'log_lines l';
    const order = byTime ? 'l.timestamp_ms DESC, l.rowid DESC' : `${key} DESC`;
    params.push(query.limit);
    return { sql: `SELECT ${columns} FROM ${from} WHERE ${where.join(' AND ')} ORDER BY ${order} LIMIT ?`, params };
  }
}
