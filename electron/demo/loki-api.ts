import type { IncomingMessage, ServerResponse } from 'node:http';
import { matchesLabel, type Matcher } from './label-matcher.ts';
import { sendJson, sendRawJson, sendText, type RequestHandler } from './http-server.ts';
import { demoLogStreams, lineNanos, streamLinesBetween, type DemoLogLine, type LogStream } from './world-logs.ts';
import type { DemoWorld, WorldCenter } from './world-types.ts';

/**
 * The Loki HTTP API (grafana.com/docs/loki/latest/reference/loki-http-api) over the world's
 * container logs (world-logs.ts): /loki/api/v1/query_range for log queries (a stream selector with
 * =, !=, =~, !~ matchers and line filters |= != |~ !~), /loki/api/v1/labels,
 * /loki/api/v1/label/<name>/values, /loki/api/v1/status/buildinfo and /ready. Errors are plain text
 * with status 400, as Loki writes them. Metric queries, parsers and label filters are refused.
 */

export const lokiVersion = '3.1.1';
const maxEntriesLimit = 5_000;
const defaultLimit = 100;
const hourMs = 3_600_000;

const buildInfo = {
  version: lokiVersion,
  revision: '8c8e6e5d5b',
  branch: 'HEAD',
  buildUser: 'root@7a1f3c1b2d8e',
  buildDate: '2024-08-06T09:24:06Z',
  goVersion: 'go1.22.5',
};

class BadRequest extends Error {}


interface LineFilter {
  op: '|=' | '!=' | '|~' | '!~';
  value: string;
  regex: RegExp | null;
}

export interface LogQuery {
  matchers: Matcher[];
  filters: LineFilter[];
}

function anchored(source: string, at: number): RegExp {
  try {
    return new RegExp(`^(?:${source})$`, 's');
  } catch {
    throw new BadRequest(`parse error at line 1, col ${at + 1}: error parsing regexp: invalid or unsupported Perl syntax: \`${source}\``);
  }
}

/** The LogQL subset the demo answers: `{matchers} [|= "text" | != "text" | |~ "re" | !~ "re"]…`. */
export function parseLogQuery(query: string): LogQuery {
  let at = 0;
  const fail = (what: string): never => {
    throw new BadRequest(`parse error at line 1, col ${at + 1}: syntax error: ${what}`);
  };
  const skip = () => {
    while (at < query.length && /\s/.test(query[at]!)) at++;
  };
  const readString = (): string => {
    const quote = query[at];
    if (quote === '`') {
      const end = query.indexOf('`', at + 1);
      if (end < 0) fail('unterminated raw string');
      const text = query.slice(at + 1, end);
      at = end + 1;
      return text;
    }
    if (quote !== '"') return fail(`unexpected ${query[at] === undefined ? 'end of input' : JSON.stringify(query[at])}, expecting STRING`);
    let end = at + 1;
    while (end < query.length && query[end] !== '"') end += query[end] === '\\' ? 2 : 1;
    if (end >= query.length) fail('unterminated string');
    try {
      const text = JSON.parse(query.slice(at, end + 1)) as string;
      at = end + 1;
      return text;
    } catch {
      return fail('invalid string escape');
    }
  };
  skip();
  if (query[at] !== '{') fail(`unexpected ${query[at] === undefined ? 'end of input' : JSON.stringify(query[at])}, expecting {`);
  at++;
  const matchers: Matcher[] = [];
  for (;;) {
    skip();
    const name = /^[A-Za-z_][A-Za-z0-9_]*/.exec(query.slice(at))?.[0];
    if (!name) {
      if (query[at] === '}' && matchers.length === 0) fail('unexpected }, expecting IDENTIFIER');
      fail('unexpected character, expecting IDENTIFIER');
    }
    at += name!.length;
    skip();
    const op = (['=~', '!~', '!=', '='] as const).find((candidate) => query.startsWith(candidate, at));
    if (!op) fail('unexpected character, expecting = or != or =~ or !~');
    at += op!.length;
    skip();
    const valueAt = at;
    const value = readString();
    matchers.push({ name: name!, op: op!, value, regex: op === '=~' || op === '!~' ? anchored(value, valueAt) : null });
    skip();
    if (query[at] === ',') {
      at++;
      continue;
    }
    if (query[at] === '}') {
      at++;
      break;
    }
    fail(`unexpected ${query[at] === undefined ? 'end of input' : JSON.stringify(query[at])}, expecting , or }`);
  }
  const filters: LineFilter[] = [];
  for (;;) {
    skip();
    if (at >= query.length) break;
    const op = (['|=', '!=', '|~', '!~'] as const).find((candidate) => query.startsWith(candidate, at));
    if (!op) {
      if (query[at] === '|') fail('the demo Loki answers line filters (|= != |~ !~) only; parsers and label filters are not supported');
      fail(`unexpected ${JSON.stringify(query[at])}`);
    }
    at += op!.length;
    skip();
    const valueAt = at;
    const value = readString();
    let regex: RegExp | null = null;
    if (op === '|~' || op === '!~') {
      try {
        regex = new RegExp(value, 's');
      } catch {
        throw new BadRequest(`parse error at line 1, col ${valueAt + 1}: error parsing regexp: invalid or unsupported Perl syntax: \`${value}\``);
      }
    }
    filters.push({ op: op!, value, regex });
  }
  const selective = matchers.some((matcher) => (matcher.op === '=' ? matcher.value !== '' : matcher.op === '=~' ? !matcher.regex!.test('') : false));
  if (!selective) {
    throw new BadRequest(
      'queries require at least one regexp or equality matcher that does not have an empty-compatible value. For instance, app=~".*" does not meet this requirement, but app=~".+" will',
    );
  }
  return { matchers, filters };
}

function matchesLabels(matchers: readonly Matcher[], labels: Readonly<Record<string, string>>): boolean {
  return matchers.every((matcher) => matchesLabel(labels, matcher));
}

function matchesLine(filters: readonly LineFilter[], text: string): boolean {
  return filters.every((filter) => {
    switch (filter.op) {
      case '|=':
        return text.includes(filter.value);
      case '!=':
        return !text.includes(filter.value);
      case '|~':
        return filter.regex!.test(text);
      case '!~':
        return !filter.regex!.test(text);
    }
  });
}

/** A point in time as (ms, ns within the ms), comparable. */
interface Instant {
  ms: number;
  subNs: number;
}

/**
 * Loki's time parameters: integer nanoseconds (10 digits or fewer: seconds), fractional seconds,
 * or RFC 3339.
 */
function parseInstant(text: string, name: string): Instant {
  if (/^\d+$/.test(text)) {
    if (text.length <= 10) return { ms: Number(text) * 1000, subNs: 0 };
    const ns = BigInt(text);
    return { ms: Number(ns / 1_000_000n), subNs: Number(ns % 1_000_000n) };
  }
  if (/^\d+\.\d+$/.test(text)) {
    const [whole, fraction] = text.split('.') as [string, string];
    const nanos = BigInt(whole) * 1_000_000_000n + BigInt(fraction.padEnd(9, '0').slice(0, 9));
    return { ms: Number(nanos / 1_000_000n), subNs: Number(nanos % 1_000_000n) };
  }
  const parsed = Date.parse(text);
  if (/^\d{4}-\d{2}-\d{2}T/.test(text) && Number.isFinite(parsed)) return { ms: parsed, subNs: 0 };
  throw new BadRequest(`invalid ${name}: cannot parse "${text}" to a valid timestamp`);
}

function before(a: Instant, b: Instant): boolean {
  return a.ms < b.ms || (a.ms === b.ms && a.subNs < b.subNs);
}

export interface LokiHandlerOptions {
  world: DemoWorld;
  center: WorldCenter;
  now: () => number;
}

export function createLokiHandler(options: LokiHandlerOptions): RequestHandler {
  const { center, now } = options;
  let streams: LogStream[] | null = null;
  const allStreams = () => (streams ??= demoLogStreams(options.world, center));

  /** Streams whose pod existed at some point of [fromMs, toMs). */
  const activeStreams = (fromMs: number, toMs: number) =>
    allStreams().filter((stream) => stream.pod.createdAt < toMs && (stream.pod.removedAt === null || stream.pod.removedAt > fromMs));

  function queryRange(url: URL, response: ServerResponse, headers: IncomingMessage['headers']): void {
    const params = url.searchParams;
    const query = params.get('query');
    if (query === null || query.trim() === '') throw new BadRequest('query parameter is required');
    const nowMs = now();
    const end = params.has('end') ? parseInstant(params.get('end')!, 'end') : { ms: nowMs, subNs: 0 };
    const start = params.has('start') ? parseInstant(params.get('start')!, 'start') : { ms: end.ms - hourMs, subNs: end.subNs };
    if (!before(start, end)) throw new BadRequest('end timestamp must not be before or equal to start time');
    const limitText = params.get('limit') ?? String(defaultLimit);
    if (!/^\d+$/.test(limitText)) throw new BadRequest(`invalid limit: cannot parse "${limitText}"`);
    const limit = Number(limitText);
    if (limit <= 0) throw new BadRequest('limit must be a positive value');
    if (limit > maxEntriesLimit) throw new BadRequest(`max entries limit per query exceeded, limit > max_entries_limit_per_query (${limit} > ${maxEntriesLimit})`);
    const direction = (params.get('direction') ?? 'backward').toLowerCase();
    if (direction !== 'forward' && direction !== 'backward') throw new BadRequest(`invalid direction: "${params.get('direction')}"`);
    const parsed = parseLogQuery(query);

    // Lines exist only up to the server's "now".
    const toMs = Math.min(end.ms + 1, nowMs + 1);
    const candidates: DemoLogLine[] = [];
    for (const stream of activeStreams(start.ms, toMs)) {
      if (!matchesLabels(parsed.matchers, stream.labels)) continue;
      for (const line of streamLinesBetween(stream, start.ms, toMs)) {
        if (before(line, start) || !before(line, end)) continue;
        if (parsed.filters.length > 0 && !matchesLine(parsed.filters, line.text())) continue;
        candidates.push(line);
      }
    }
    const forward = direction === 'forward';
    candidates.sort((a, b) => (forward ? 1 : -1) * (a.ms - b.ms || a.subNs - b.subNs || (a.stream.key < b.stream.key ? -1 : a.stream.key > b.stream.key ? 1 : 0)));
    const chosen = candidates.slice(0, limit);
    const byStream = new Map<LogStream, DemoLogLine[]>();
    for (const line of chosen) {
      const list = byStream.get(line.stream);
      if (list) list.push(line);
      else byStream.set(line.stream, [line]);
    }
    const result = [...byStream.entries()]
      .sort(([a], [b]) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
      .map(([stream, lines]) => `{"stream":${JSON.stringify(stream.labels)},"values":[${lines.map((line) => `[${JSON.stringify(lineNanos(line))},${JSON.stringify(line.text())}]`).join(',')}]}`);
    const categorize = String(headers['x-loki-response-encoding-flags'] ?? '').includes('categorize-labels');
    const stats = `{"summary":{"totalEntriesReturned":${chosen.length},"totalLinesProcessed":${candidates.length}}}`;
    sendRawJson(
      response,
      200,
      `{"status":"success","data":{"resultType":"streams","result":[${result.join(',')}],"stats":${stats}${categorize ? ',"encodingFlags":["categorize-labels"]' : ''}}}`,
    );
  }

  function rangeOf(url: URL): { fromMs: number; toMs: number } {
    const nowMs = now();
    const end = url.searchParams.has('end') ? parseInstant(url.searchParams.get('end')!, 'end').ms : nowMs;
    const start = url.searchParams.has('start') ? parseInstant(url.searchParams.get('start')!, 'start').ms : end - 6 * hourMs;
    return { fromMs: start, toMs: Math.min(end, nowMs) + 1 };
  }

  return (request: IncomingMessage, response: ServerResponse, url: URL) => {
    try {
      if (request.method !== 'GET' && request.method !== 'POST') {
        sendText(response, 405, 'method not allowed\n');
        return;
      }
      const path = url.pathname;
      if (path === '/ready') {
        sendText(response, 200, 'ready\n');
        return;
      }
      if (path === '/loki/api/v1/status/buildinfo') {
        sendJson(response, 200, buildInfo);
        return;
      }
      if (path === '/loki/api/v1/query_range') {
        queryRange(url, response, request.headers);
        return;
      }
      if (path === '/loki/api/v1/labels') {
        const { fromMs, toMs } = rangeOf(url);
        const names = new Set<string>();
        for (const stream of activeStreams(fromMs, toMs)) for (const name of Object.keys(stream.labels)) names.add(name);
        sendJson(response, 200, { status: 'success', data: [...names].sort() });
        return;
      }
      const valuesPath = /^\/loki\/api\/v1\/label\/([^/]+)\/values$/.exec(path);
      if (valuesPath) {
        const name = decodeURIComponent(valuesPath[1]!);
        const { fromMs, toMs } = rangeOf(url);
        const values = new Set<string>();
        for (const stream of activeStreams(fromMs, toMs)) {
          const value = stream.labels[name];
          if (value !== undefined) values.add(value);
        }
        sendJson(response, 200, { status: 'success', data: [...values].sort() });
        return;
      }
      sendText(response, 404, '404 page not found\n');
    } catch (error) {
      if (error instanceof BadRequest) {
        sendText(response, 400, `${error.message}\n`);
        return;
      }
      throw error;
    }
  };
}
