import type { IncomingMessage, ServerResponse } from 'node:http';
import { sendJson, sendText, type RequestHandler } from './http-server.ts';
import { jaegerTags, toJaegerTrace, toResourceSpans } from './trace-wire.ts';
import type { DemoSpan, DemoTrace, DemoTraces } from './world-traces.ts';

/**
 * Jaeger's query service over the demo's traces: the legacy HTTP API Jaeger UI uses
 * (`/api/services`, `/api/services/{service}/operations`, `/api/operations`, `/api/traces`,
 * `/api/traces/{id}`; the `{data, total, limit, offset, errors}` envelope, cmd/query/app/http_handler.go)
 * and api_v3 over HTTP (`/api/v3/traces/{id}`, `/api/v3/traces`, `/api/v3/services`,
 * `/api/v3/operations`; OTLP inside `{"result": ...}`, errors as the grpc-gateway's).
 */

export interface JaegerHandlerOptions {
  traces: DemoTraces;
  now: () => number;
}

/** Jaeger's default search limit when none is given. */
const defaultLimit = 100;
const hourMs = 3_600_000;

class BadRequest extends Error {}

function envelope(data: unknown, total = Array.isArray(data) ? data.length : 0) {
  return { data, total, limit: 0, offset: 0, errors: null };
}

function legacyError(response: ServerResponse, code: number, msg: string): void {
  sendJson(response, code, { data: null, total: 0, limit: 0, offset: 0, errors: [{ code, msg }] });
}

function v3Error(response: ServerResponse, httpCode: number, grpcCode: number, message: string): void {
  sendJson(response, httpCode, { error: { grpcCode, httpCode, message, httpStatus: httpCode === 404 ? 'Not Found' : 'Bad Request' } });
}

const durationUnits: Record<string, number> = { ns: 1e-6, us: 1e-3, µs: 1e-3, ms: 1, s: 1000, m: 60_000, h: hourMs };

/** Go's time.ParseDuration, to ms: "250ms", "1.5s", "1m30s". */
export function parseGoDurationMs(text: string, name: string): number {
  const pattern = /(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|ms|s|m|h)/gy;
  let total = 0;
  let consumed = 0;
  for (let match = pattern.exec(text); match; match = pattern.exec(text)) {
    total += Number(match[1]) * durationUnits[match[2]!]!;
    consumed = pattern.lastIndex;
  }
  if (text === '' || consumed !== text.length) throw new BadRequest(`cannot parse ${name} '${text}': time: invalid duration "${text}"`);
  return total;
}

function integer(text: string | null, name: string): number | undefined {
  if (text === null || text === '') return undefined;
  if (!/^\d+$/.test(text)) throw new BadRequest(`unable to parse param '${name}': strconv.ParseInt: parsing "${text}": invalid syntax`);
  return Number(text);
}

interface SpanFilter {
  service: string;
  operation?: string | undefined;
  tags: Record<string, string>;
  minDurationMs?: number | undefined;
  maxDurationMs?: number | undefined;
}

/** Jaeger matches one span: of the service, with the operation, every tag (span, process or log field) and the duration. */
function spanMatches(span: DemoSpan, filter: SpanFilter): boolean {
  if (span.service !== filter.service) return false;
  if (filter.operation !== undefined && span.operation !== filter.operation) return false;
  const durationMs = span.durationUs / 1000;
  if (filter.minDurationMs !== undefined && durationMs < filter.minDurationMs) return false;
  if (filter.maxDurationMs !== undefined && durationMs > filter.maxDurationMs) return false;
  const entries = Object.entries(filter.tags);
  if (entries.length === 0) return true;
  const values = new Map<string, string[]>();
  const add = (key: string, value: unknown) => values.set(key, [...(values.get(key) ?? []), String(value)]);
  for (const tag of jaegerTags(span)) add(tag.key, tag.value);
  for (const [key, value] of Object.entries(span.resource)) add(key, value);
  for (const event of span.events) for (const [key, value] of Object.entries({ event: event.name, ...event.attributes })) add(key, value);
  return entries.every(([key, value]) => values.get(key)?.includes(value) ?? false);
}

function traceMatches(trace: DemoTrace, filter: SpanFilter): boolean {
  return trace.spans.some((span) => spanMatches(span, filter));
}

function operationsOf(traces: DemoTraces, service: string, spanKind?: string | null): Array<{ name: string; spanKind: string }> {
  return [...(traces.operations.get(service) ?? new Map())]
    .filter(([, kind]) => !spanKind || kind === spanKind)
    .map(([name, kind]) => ({ name, spanKind: kind }))
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

export function createJaegerHandler(options: JaegerHandlerOptions): RequestHandler {
  const { traces } = options;

  function legacySearch(params: URLSearchParams): DemoTrace[] {
    const service = params.get('service') ?? '';
    if (service === '') throw new BadRequest("parameter 'service' is required");
    const nowMs = options.now();
    const endUs = integer(params.get('end'), 'end');
    const startUs = integer(params.get('start'), 'start');
    const lookback = params.get('lookback');
    const toMs = endUs === undefined ? nowMs : Math.floor(endUs / 1000);
    const fromMs = startUs !== undefined ? Math.floor(startUs / 1000) : toMs - (lookback && lookback !== 'custom' ? parseGoDurationMs(lookback, 'lookback') : hourMs);
    let tags: Record<string, string> = {};
    for (const text of params.getAll('tags')) {
      try {
        const parsed = JSON.parse(text) as unknown;
        if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error('not an object');
        tags = { ...tags, ...Object.fromEntries(Object.entries(parsed).map(([key, value]) => [key, String(value)])) };
      } catch {
        throw new BadRequest(`malformed 'tags' parameter: ${text}`);
      }
    }
    for (const tag of params.getAll('tag')) {
      const at = tag.indexOf(':');
      if (at <= 0) throw new BadRequest(`malformed 'tag' parameter, expecting key:value, received: ${tag}`);
      tags[tag.slice(0, at)] = tag.slice(at + 1);
    }
    const minDuration = params.get('minDuration');
    const maxDuration = params.get('maxDuration');
    const filter: SpanFilter = {
      service,
      operation: params.get('operation') || undefined,
      tags,
      minDurationMs: minDuration ? parseGoDurationMs(minDuration, 'minDuration') : undefined,
      maxDurationMs: maxDuration ? parseGoDurationMs(maxDuration, 'maxDuration') : undefined,
    };
    const limit = integer(params.get('limit'), 'limit') || defaultLimit;
    return traces.search({ fromMs, toMs, nowMs, limit, service, match: (trace) => traceMatches(trace, filter) });
  }

  function v3Search(params: URLSearchParams): DemoTrace[] {
    const service = params.get('query.service_name') ?? '';
    if (service === '') throw new BadRequest('service name must not be empty');
    const nowMs = options.now();
    const from = Date.parse(params.get('query.start_time_min') ?? '');
    const to = Date.parse(params.get('query.start_time_max') ?? '');
    if (!Number.isFinite(from) || !Number.isFinite(to)) throw new BadRequest('start time min and max are required');
    let tags: Record<string, string> = {};
    const attributes = params.get('query.attributes');
    if (attributes) {
      try {
        tags = Object.fromEntries(Object.entries(JSON.parse(attributes) as Record<string, unknown>).map(([key, value]) => [key, String(value)]));
      } catch {
        throw new BadRequest(`malformed query.attributes: ${attributes}`);
      }
    }
    const minDuration = params.get('query.duration_min');
    const maxDuration = params.get('query.duration_max');
    const filter: SpanFilter = {
      service,
      operation: params.get('query.operation_name') || undefined,
      tags,
      minDurationMs: minDuration ? parseGoDurationMs(minDuration, 'duration_min') : undefined,
      maxDurationMs: maxDuration ? parseGoDurationMs(maxDuration, 'duration_max') : undefined,
    };
    const limit = integer(params.get('query.search_depth'), 'search_depth') || defaultLimit;
    return traces.search({ fromMs: from, toMs: to, nowMs, limit, service, match: (trace) => traceMatches(trace, filter) });
  }

  return (request: IncomingMessage, response: ServerResponse, url: URL) => {
    if (request.method !== 'GET') return sendText(response, 405, 'Method Not Allowed\n');
    const path = url.pathname.replace(/\/+$/, '') || '/';
    const params = url.searchParams;
    const v3 = path.startsWith('/api/v3/');
    try {
      if (path === '/api/services') return sendJson(response, 200, envelope(traces.services()));
      if (path === '/api/v3/services') return sendJson(response, 200, { services: traces.services() });
      if (path === '/api/operations') {
        const service = params.get('service') ?? '';
        if (service === '') return legacyError(response, 400, "parameter 'service' is required");
        return sendJson(response, 200, envelope(operationsOf(traces, service, params.get('spanKind'))));
      }
      if (path === '/api/v3/operations') {
        const service = params.get('service') ?? '';
        if (service === '') return v3Error(response, 400, 3, 'service name must not be empty');
        return sendJson(response, 200, { operations: operationsOf(traces, service, params.get('span_kind')) });
      }
      const legacyOperations = /^\/api\/services\/([^/]+)\/operations$/.exec(path);
      if (legacyOperations) {
        const service = decodeURIComponent(legacyOperations[1]!);
        return sendJson(response, 200, envelope(operationsOf(traces, service).map((operation) => operation.name)));
      }
      if (path === '/api/traces') {
        const found = legacySearch(params);
        return sendJson(response, 200, envelope(found.map(toJaegerTrace)));
      }
      if (path === '/api/v3/traces') {
        const found = v3Search(params);
        if (found.length === 0) return v3Error(response, 404, 5, 'No traces found');
        return sendJson(response, 200, { result: { resourceSpans: toResourceSpans(found, { ids: 'hex', enums: 'numbers' }) } });
      }
      const byId = /^\/api(?:\/v3)?\/traces\/([^/]+)$/.exec(path);
      if (byId) {
        const id = byId[1]!;
        if (!/^[0-9a-fA-F]{1,32}$/.test(id)) {
          return v3 ? v3Error(response, 400, 3, `malformed parameter trace_id: ${id}`) : legacyError(response, 400, `cannot parse traceID param: ${id}`);
        }
        const trace = traces.byId(id, options.now());
        if (!trace) return v3 ? v3Error(response, 404, 5, 'trace not found') : legacyError(response, 404, 'trace not found');
        if (v3) return sendJson(response, 200, { result: { resourceSpans: toResourceSpans([trace], { ids: 'hex', enums: 'numbers' }) } });
        return sendJson(response, 200, envelope([toJaegerTrace(trace)]));
      }
      return sendText(response, 404, '404 page not found\n');
    } catch (error) {
      if (!(error instanceof BadRequest)) throw error;
      return v3 ? v3Error(response, 400, 3, error.message) : legacyError(response, 400, error.message);
    }
  };
}
