import type { IncomingMessage, ServerResponse } from 'node:http';
import { parseGoDurationMs } from './jaeger-api.ts';
import { sendJson, sendText, type RequestHandler } from './http-server.ts';
import { toResourceSpans } from './trace-wire.ts';
import type { DemoSpan, DemoTrace, DemoTraces } from './world-traces.ts';

/**
 * Tempo's HTTP API over the demo's traces (grafana.com/docs/tempo/latest/api_docs): `/api/search`
 * by tags (logfmt) or a small TraceQL subset (one spanset, conditions joined by `&&`),
 * `/api/traces/{id}` as tempopb.Trace (`{"batches": [...]}`, base64 ids, enum names),
 * `/api/v2/traces/{id}` (`{"trace": {...}}`), `/api/status/buildinfo`, `/ready`, `/api/echo`.
 * Errors are plain text, as Tempo writes them.
 */

export interface TempoHandlerOptions {
  traces: DemoTraces;
  now: () => number;
}

const buildInfo = { version: '2.6.1', revision: '5b1ba1a0c', branch: 'HEAD', buildUser: '', buildDate: '', goVersion: 'go1.23.2' };
const defaultLimit = 20;
const hourMs = 3_600_000;

class BadRequest extends Error {}

type Condition = (span: DemoSpan) => boolean;

function stripQuotes(value: string): string {
  const trimmed = value.trim();
  return /^".*"$/.test(trimmed) ? trimmed.slice(1, -1).replace(/\\"/g, '"').replace(/\\\\/g, '\\') : trimmed;
}

function lookup(span: DemoSpan, name: string): string | number | undefined {
  switch (name) {
    case 'status':
      return span.status;
    case 'name':
      return span.operation;
    case 'kind':
      return span.kind;
    case 'duration':
      return span.durationUs / 1000;
    case 'resource.service.name':
    case '.service.name':
      return span.service;
  }
  if (name.startsWith('resource.')) return span.resource[name.slice('resource.'.length)];
  if (name.startsWith('span.')) {
    const value = span.attributes[name.slice('span.'.length)];
    return typeof value === 'boolean' ? String(value) : value;
  }
  if (name.startsWith('.')) {
    const value = span.attributes[name.slice(1)] ?? span.resource[name.slice(1)];
    return typeof value === 'boolean' ? String(value) : value;
  }
  return undefined;
}

/** `{ status = error && resource.service.name = "checkout" && duration > 100ms }` and `{}`. */
export function parseTraceQl(query: string): Condition {
  const body = /^\s*\{(.*)\}\s*$/s.exec(query);
  if (!body) throw new BadRequest(`invalid TraceQL query: parse error at line 1, col 1: syntax error: unexpected ${JSON.stringify(query.trim().slice(0, 1) || 'end of input')}`);
  const text = body[1]!.trim();
  if (text === '') return () => true;
  const conditions = text.split('&&').map((part): Condition => {
    const match = /^\s*([.\w]+)\s*(!=|>=|<=|=~|=|>|<)\s*(.+?)\s*$/.exec(part);
    if (!match) throw new BadRequest(`invalid TraceQL query: parse error: syntax error near ${JSON.stringify(part.trim())}`);
    const [, name, operator, rawValue] = match as unknown as [string, string, string, string];
    const value = stripQuotes(rawValue);
    const numeric = name === 'duration' ? parseGoDurationMs(value, 'duration') : Number(value);
    return (span) => {
      const actual = lookup(span, name);
      if (actual === undefined) return false;
      const left = typeof actual === 'number' ? actual : actual;
      switch (operator) {
        case '=':
          return String(left) === value || (typeof left === 'number' && left === numeric);
        case '!=':
          return String(left) !== value;
        case '=~':
          return new RegExp(`^(?:${value})$`).test(String(left));
        default: {
          const number = typeof left === 'number' ? left : Number(left);
          if (!Number.isFinite(number) || !Number.isFinite(numeric)) return false;
          return operator === '>' ? number > numeric : operator === '<' ? number < numeric : operator === '>=' ? number >= numeric : number <= numeric;
        }
      }
    };
  });
  return (span) => conditions.every((condition) => condition(span));
}

/** Tempo's logfmt tags: `service.name=checkout error=true http.route="/orders"`; values match as case-insensitive substrings. */
export function parseLogfmtTags(text: string): Condition {
  const pairs: Array<[string, string]> = [];
  const pattern = /\s*([^\s="]+)=("(?:[^"\\]|\\.)*"|[^\s"]*)/gy;
  let consumed = 0;
  for (let match = pattern.exec(text); match; match = pattern.exec(text)) {
    pairs.push([match[1]!, stripQuotes(match[2]!)]);
    consumed = pattern.lastIndex;
  }
  if (text.slice(consumed).trim() !== '') throw new BadRequest(`invalid tags: ${text}`);
  return (span) =>
    pairs.every(([key, wanted]) => {
      let actual: string | undefined;
      if (key === 'service.name') actual = span.service;
      else if (key === 'name') actual = span.operation;
      else if (key === 'status.code') actual = span.status;
      else if (key === 'error') actual = span.status === 'error' ? 'true' : undefined;
      else {
        const value = span.attributes[key] ?? span.resource[key];
        actual = value === undefined ? undefined : String(value);
      }
      return actual !== undefined && actual.toLowerCase().includes(wanted.toLowerCase());
    });
}

function seconds(text: string | null, name: string): number | undefined {
  if (text === null || text === '') return undefined;
  if (!/^\d+$/.test(text)) throw new BadRequest(`invalid ${name}: strconv.ParseInt: parsing "${text}": invalid syntax`);
  return Number(text) * 1000;
}

function searchHit(trace: DemoTrace, matched: DemoSpan[]) {
  const root = trace.spans.find((span) => span.parentSpanId === null) ?? trace.spans[0]!;
  const stats: Record<string, { spanCount: number; errorCount?: number }> = {};
  for (const span of trace.spans) {
    const stat = (stats[span.service] ??= { spanCount: 0 });
    stat.spanCount++;
    if (span.status === 'error') stat.errorCount = (stat.errorCount ?? 0) + 1;
  }
  const spanSet = {
    spans: matched.slice(0, 3).map((span) => ({
      spanID: span.spanId,
      startTimeUnixNano: `${span.startUs}000`,
      durationNanos: `${span.durationUs}000`,
      ...(span.status === 'error' ? { attributes: [{ key: 'status', value: { stringValue: 'error' } }] } : {}),
    })),
    matched: matched.length,
  };
  const durationMs = Math.floor(trace.durationUs / 1000);
  return {
    // Tempo drops leading zeros of trace ids in search results.
    traceID: trace.traceId.replace(/^0+(?=.)/, ''),
    rootServiceName: root.service,
    rootTraceName: root.operation,
    startTimeUnixNano: `${trace.startUs}000`,
    ...(durationMs > 0 ? { durationMs } : {}),
    spanSet,
    spanSets: [spanSet],
    serviceStats: stats,
  };
}

export function createTempoHandler(options: TempoHandlerOptions): RequestHandler {
  const { traces } = options;

  function search(params: URLSearchParams) {
    const q = params.get('q');
    const tags = params.get('tags');
    const condition: Condition = q ? parseTraceQl(q) : tags ? parseLogfmtTags(tags) : () => true;
    const nowMs = options.now();
    const toMs = seconds(params.get('end'), 'end') ?? nowMs;
    const fromMs = seconds(params.get('start'), 'start') ?? toMs - hourMs;
    if (fromMs > toMs) throw new BadRequest('invalid start: start must not be after end');
    const minDuration = params.get('minDuration');
    const maxDuration = params.get('maxDuration');
    const minMs = minDuration ? parseGoDurationMs(minDuration, 'minDuration') : undefined;
    const maxMs = maxDuration ? parseGoDurationMs(maxDuration, 'maxDuration') : undefined;
    const limitText = params.get('limit');
    const limit = limitText ? Number(limitText) : defaultLimit;
    if (!Number.isSafeInteger(limit) || limit <= 0) throw new BadRequest(`invalid limit: ${limitText}`);
    let inspected = 0;
    const hits: Array<ReturnType<typeof searchHit>> = [];
    traces.search({
      fromMs,
      // Tempo's end is exclusive, in whole seconds.
      toMs: toMs - 1,
      nowMs,
      limit,
      match: (trace) => {
        inspected++;
        const durationMs = trace.durationUs / 1000;
        if ((minMs !== undefined && durationMs < minMs) || (maxMs !== undefined && durationMs > maxMs)) return false;
        const matched = trace.spans.filter(condition);
        if (matched.length === 0) return false;
        hits.push(searchHit(trace, matched));
        return true;
      },
    });
    return { traces: hits, metrics: { inspectedTraces: inspected, inspectedBytes: String(inspected * 2_048), completedJobs: 1, totalJobs: 1 } };
  }

  return (request: IncomingMessage, response: ServerResponse, url: URL) => {
    if (request.method !== 'GET') return sendText(response, 405, 'Method Not Allowed\n');
    const path = url.pathname.replace(/\/+$/, '') || '/';
    try {
      if (path === '/ready') return sendText(response, 200, 'ready\n');
      if (path === '/api/echo') return sendText(response, 200, 'echo');
      if (path === '/api/status/buildinfo') return sendJson(response, 200, buildInfo);
      if (path === '/api/search') return sendJson(response, 200, search(url.searchParams));
      const byId = /^\/api(\/v2)?\/traces\/([^/]+)$/.exec(path);
      if (byId) {
        const id = byId[2]!;
        if (!/^[0-9a-fA-F]{1,32}$/.test(id)) return sendText(response, 400, `invalid trace id: ${id}`);
        const trace = traces.byId(id, options.now());
        if (!trace) return sendText(response, 404, 'trace not found');
        const batches = toResourceSpans([trace], { ids: 'base64', enums: 'names' });
        return sendJson(response, 200, byId[1] ? { trace: { resourceSpans: batches } } : { batches });
      }
      return sendText(response, 404, '404 page not found\n');
    } catch (error) {
      if (!(error instanceof BadRequest)) throw error;
      return sendText(response, 400, error.message);
    }
  };
}
