import type { HealthResult, PullRequest } from '../../../shared/domain/connector.ts';
import type { Endpoint, Signal } from '../../../shared/domain/records.ts';
import type { SpanRecord, TraceSummary, TracesPullResult } from '../../../shared/domain/traces.ts';
import { ConnectorError } from '../errors.ts';
import { unhealthy } from '../health.ts';
import { createJsonHttpClient, type HttpOptions, type JsonAnswer } from '../http.ts';
import { shortHexIdToHex } from '../otlp/ids.ts';
import { convertTracesData } from '../otlp/otlp-json.ts';
import { groupSpansByTrace, summarizeTrace } from '../otlp/trace-summary.ts';
import { validateAnswer } from '../validation.ts';
import {
  legacyOperationsAnswerSchema,
  operationsAnswerSchema,
  readJaegerError,
  servicesAnswerSchema,
  tracesAnswerSchema,
  v3TracesAnswerSchema,
} from './api-schema.ts';
import { convertJaegerTrace } from './convert.ts';

export interface JaegerConnectorOptions extends HttpOptions {
  /** Services `pull` searches; default every service /api/services lists. */
  pullServices?: readonly string[];
  /** Traces per service per pull. Default 20. */
  pullLimitPerService?: number;
}

export interface JaegerTraceQuery {
  service: string;
  operation?: string;
  /** Span or process tags that must all match, e.g. `{ error: 'true' }`. */
  tags?: Readonly<Record<string, string>>;
  /** Epoch ms, inclusive. */
  fromMs: number;
  /** Epoch ms, inclusive. */
  toMs: number;
  minDurationMs?: number;
  maxDurationMs?: number;
  /** Traces to return (Jaeger's default is 20). */
  limit?: number;
  /** Center the records belong to; default the endpoint's. */
  centerId?: string;
}

export interface JaegerFindResult {
  summaries: TraceSummary[];
  spans: SpanRecord[];
  /** Per-trace problems Jaeger reported next to the data (`errors`, trace `warnings`). */
  warnings: string[];
}

export interface JaegerOperation {
  name: string;
  /** server / client / … ; null when the backend does not report it (legacy endpoint). */
  spanKind: string | null;
}

export interface JaegerConnector {
  readonly kind: 'jaeger';
  readonly capabilities: readonly Signal[];
  health(): Promise<HealthResult>;
  /** Recent traces of every (configured) service in the request range. */
  pull(request: PullRequest): Promise<TracesPullResult>;
  services(): Promise<string[]>;
  operations(service: string): Promise<JaegerOperation[]>;
  /** Legacy search: GET /api/traces (Jaeger JSON). */
  findTraces(query: JaegerTraceQuery): Promise<JaegerFindResult>;
  /** Legacy trace by id: GET /api/traces/{id}; null when Jaeger has no such trace. */
  getTrace(traceId: string, centerId?: string): Promise<SpanRecord[] | null>;
  /** api_v3 search: GET /api/v3/traces (OTLP). */
  findTracesV3(query: JaegerTraceQuery): Promise<JaegerFindResult>;
  /** api_v3 trace by id: GET /api/v3/traces/{id} (OTLP); null when not found. */
  getTraceV3(traceId: string, centerId?: string): Promise<SpanRecord[] | null>;
}

const errorTags: Readonly<Record<string, string>> = { error: 'true' };

function checkQuery(query: JaegerTraceQuery): void {
  if (query.service.trim() === '') throw new RangeError('service is required for a Jaeger trace search');
  for (const [name, value] of [['fromMs', query.fromMs], ['toMs', query.toMs]] as const) {
    if (!Number.isSafeInteger(value) || value < 0) throw new RangeError(`${name} must be whole epoch milliseconds, got ${value}`);
  }
  if (query.fromMs > query.toMs) throw new RangeError(`search range is empty: ${query.fromMs} .. ${query.toMs}`);
  if (query.limit !== undefined && (!Number.isSafeInteger(query.limit) || query.limit < 1)) throw new RangeError(`limit must be a positive whole number, got ${query.limit}`);
}

/** Jaeger parses Go durations: "250ms", "1.5ms". */
function goDuration(ms: number | undefined): string | undefined {
  if (ms === undefined) return undefined;
  if (!Number.isFinite(ms) || ms < 0) throw new RangeError(`durations must be non-negative milliseconds, got ${ms}`);
  return `${ms}ms`;
}

function checkTraceId(traceId: string): string {
  const hex = shortHexIdToHex(traceId, 16);
  if (hex === null) throw new RangeError(`a trace id is up to 32 hex characters, got "${traceId}"`);
  return hex;
}

function isNotFound(error: unknown): boolean {
  return error instanceof ConnectorError && error.status === 404;
}

export function createJaegerConnector(endpoint: Endpoint, options: JaegerConnectorOptions = {}): JaegerConnector {
  const http = createJsonHttpClient(endpoint, { ...options, remoteError: readJaegerError });
  const pullLimit = options.pullLimitPerService ?? 20;

  async function get(path: string, query?: Record<string, string | undefined>): Promise<JsonAnswer> {
    const answer = await http.requestJson({ method: 'GET', path, ...(query ? { query } : {}) });
    // A 200 with errors and no data is still a failure (the legacy handler's envelope).
    const envelope = answer.body as { data?: unknown; errors?: unknown } | null;
    if (envelope && typeof envelope === 'object' && envelope.data === null && readJaegerError(answer.body)) {
      throw answer.fail('remote-error', readJaegerError(answer.body)!, { status: answer.status });
    }
    return answer;
  }

  function collect(spans: SpanRecord[], warnings: string[]): JaegerFindResult {
    const summaries = [...groupSpansByTrace(spans).values()].map(summarizeTrace).sort((a, b) => b.startMs - a.startMs);
    return { summaries, spans, warnings };
  }

  async function services(): Promise<string[]> {
    const answer = await get('/api/services');
    return validateAnswer(servicesAnswerSchema, answer.body, answer.fail).data ?? [];
  }

  async function operations(service: string): Promise<JaegerOperation[]> {
    try {
      const answer = await get('/api/operations', { service });
      return (validateAnswer(operationsAnswerSchema, answer.body, answer.fail).data ?? []).map((operation) => ({ name: operation.name, spanKind: operation.spanKind || null }));
    } catch (error) {
      // Before Jaeger 1.16 only the per-service path existed.
      if (!isNotFound(error)) throw error;
      const answer = await get(`/api/services/${encodeURIComponent(service)}/operations`);
      return (validateAnswer(legacyOperationsAnswerSchema, answer.body, answer.fail).data ?? []).map((name) => ({ name, spanKind: null }));
    }
  }

  async function findTraces(query: JaegerTraceQuery): Promise<JaegerFindResult> {
    checkQuery(query);
    const centerId = query.centerId ?? endpoint.centerId;
    const answer = await get('/api/traces', {
      service: query.service,
      operation: query.operation,
      tags: query.tags && Object.keys(query.tags).length > 0 ? JSON.stringify(query.tags) : undefined,
      start: String(query.fromMs * 1000),
      end: String(query.toMs * 1000 + 999),
      minDuration: goDuration(query.minDurationMs),
      maxDuration: goDuration(query.maxDurationMs),
      limit: query.limit === undefined ? undefined : String(query.limit),
    });
    const parsed = validateAnswer(tracesAnswerSchema, answer.body, answer.fail);
    const spans = (parsed.data ?? []).flatMap((trace, index) => convertJaegerTrace(trace, centerId, `data[${index}]`, answer.fail));
    const warnings = [
      ...(parsed.errors ?? []).map((error) => `${error.traceID ? `trace ${error.traceID}: ` : ''}${error.msg}`),
      ...(parsed.data ?? []).flatMap((trace) => (trace.warnings ?? []).map((warning) => `trace ${trace.traceID}: ${warning}`)),
    ];
    return collect(spans, warnings);
  }

  async function getTrace(traceId: string, centerId = endpoint.centerId): Promise<SpanRecord[] | null> {
    const id = checkTraceId(traceId);
    try {
      const answer = await get(`/api/traces/${id}`);
      const parsed = validateAnswer(tracesAnswerSchema, answer.body, answer.fail);
      const spans = (parsed.data ?? []).flatMap((trace, index) => convertJaegerTrace(trace, centerId, `data[${index}]`, answer.fail));
      return spans.length === 0 ? null : spans;
    } catch (error) {
      if (isNotFound(error)) return null;
      throw error;
    }
  }

  function convertV3(answer: JsonAnswer, centerId: string): SpanRecord[] {
    const parsed = validateAnswer(v3TracesAnswerSchema, answer.body, answer.fail);
    return convertTracesData(parsed.result, 'result', centerId, (path, problem) => {
      throw answer.fail('malformed', `${path}: ${problem}`);
    });
  }

  async function findTracesV3(query: JaegerTraceQuery): Promise<JaegerFindResult> {
    checkQuery(query);
    const centerId = query.centerId ?? endpoint.centerId;
    try {
      const answer = await get('/api/v3/traces', {
        'query.service_name': query.service,
        'query.operation_name': query.operation,
        'query.attributes': query.tags && Object.keys(query.tags).length > 0 ? JSON.stringify(query.tags) : undefined,
        'query.start_time_min': new Date(query.fromMs).toISOString(),
        'query.start_time_max': new Date(query.toMs + 1).toISOString(),
        'query.duration_min': goDuration(query.minDurationMs),
        'query.duration_max': goDuration(query.maxDurationMs),
        'query.search_depth': query.limit === undefined ? undefined : String(query.limit),
      });
      return collect(convertV3(answer, centerId), []);
    } catch (error) {
      // api_v3 answers "no traces" with 404 (gRPC NotFound).
      if (isNotFound(error)) return collect([], []);
      throw error;
    }
  }

  async function getTraceV3(traceId: string, centerId = endpoint.centerId): Promise<SpanRecord[] | null> {
    const id = checkTraceId(traceId);
    try {
      const spans = convertV3(await get(`/api/v3/traces/${id}`), centerId);
      return spans.length === 0 ? null : spans;
    } catch (error) {
      if (isNotFound(error)) return null;
      throw error;
    }
  }

  /** Jaeger's query service has no version endpoint: listing services proves the API answers. */
  async function health(): Promise<HealthResult> {
    const startedAt = performance.now();
    try {
      const answer = await get('/api/services');
      const list = validateAnswer(servicesAnswerSchema, answer.body, answer.fail).data ?? [];
      return { ok: true, latencyMs: answer.latencyMs, message: `${list.length} service${list.length === 1 ? '' : 's'}` };
    } catch (error) {
      return unhealthy(error, startedAt);
    }
  }

  async function pull(request: PullRequest): Promise<TracesPullResult> {
    const names = options.pullServices ?? (await services());
    const byTrace = new Map<string, SpanRecord[]>();
    for (const service of names) {
      const window = { service, fromMs: request.range.from, toMs: request.range.to, limit: pullLimit, centerId: request.centerId };
      // The newest `limit` traces of a busy service can all be healthy ones; the failed ones are what
      // an incident review needs, so they are searched for on their own (OpenTracing's error=true tag,
      // which Jaeger also sets for OTLP spans with status ERROR).
      for (const query of [window, { ...window, tags: errorTags }]) {
        const found = await findTraces(query);
        // A trace touching several services comes back once per service: keep the first copy.
        for (const [traceId, spans] of groupSpansByTrace(found.spans)) if (!byTrace.has(traceId)) byTrace.set(traceId, spans);
      }
    }
    const spans = [...byTrace.values()].flat();
    return { kind: 'traces', summaries: collect(spans, []).summaries, spans };
  }

  return { kind: 'jaeger', capabilities: ['traces'], health, pull, services, operations, findTraces, getTrace, findTracesV3, getTraceV3 };
}
