import type { HealthResult, PullRequest } from '../../../shared/domain/connector.ts';
import type { Endpoint, Signal } from '../../../shared/domain/records.ts';
import type { SpanRecord, TraceSummary, TracesPullResult } from '../../../shared/domain/traces.ts';
import { ConnectorError } from '../errors.ts';
import { probeHealth } from '../health.ts';
import { createJsonHttpClient, type HttpOptions } from '../http.ts';
import { withPlainTextErrors } from '../loki/plain-text-errors.ts';
import { shortHexIdToHex } from '../otlp/ids.ts';
import { convertTracesData } from '../otlp/otlp-json.ts';
import { summarizeTrace } from '../otlp/trace-summary.ts';
import { validateAnswer } from '../validation.ts';
import { buildInfoSchema, readTempoError, searchAnswerSchema } from './api-schema.ts';
import { convertSearchTrace, toLogfmt } from './convert.ts';

export interface TempoConnectorOptions extends HttpOptions {
  /** Search hits per pull. Default 50. */
  pullSearchLimit?: number;
  /** Traces per pull fetched in full (errors first, then the slowest). Default 10. */
  pullTraceDetails?: number;
}

export interface TempoSearch {
  /** Tag filters (sent as logfmt `tags=`): all must match, values as case-insensitive substrings. */
  tags?: Readonly<Record<string, string>>;
  /** A TraceQL query (`q=`), e.g. `{ status = error }`; instead of tags. */
  traceql?: string;
  /** Epoch ms, inclusive. */
  fromMs: number;
  /** Epoch ms, inclusive. */
  toMs: number;
  minDurationMs?: number;
  maxDurationMs?: number;
  /** Default: Tempo's (20). */
  limit?: number;
}

export interface TempoConnector {
  readonly kind: 'tempo';
  readonly capabilities: readonly Signal[];
  health(): Promise<HealthResult>;
  /** Summaries of the traces in the range, and the spans of the most interesting few. */
  pull(request: PullRequest): Promise<TracesPullResult>;
  search(query: TempoSearch): Promise<TraceSummary[]>;
  /** GET /api/traces/{id}; null when Tempo has no such trace. */
  getTrace(traceId: string, centerId?: string): Promise<SpanRecord[] | null>;
}

function checkRange(fromMs: number, toMs: number): void {
  for (const [name, value] of [['fromMs', fromMs], ['toMs', toMs]] as const) {
    if (!Number.isSafeInteger(value) || value < 0) throw new RangeError(`${name} must be whole epoch milliseconds, got ${value}`);
  }
  if (fromMs > toMs) throw new RangeError(`search range is empty: ${fromMs} .. ${toMs}`);
}

function goDuration(ms: number | undefined): string | undefined {
  if (ms === undefined) return undefined;
  if (!Number.isFinite(ms) || ms < 0) throw new RangeError(`durations must be non-negative milliseconds, got ${ms}`);
  return `${ms}ms`;
}

export function createTempoConnector(endpoint: Endpoint, options: TempoConnectorOptions = {}): TempoConnector {
  const http = createJsonHttpClient(endpoint, { ...options, fetch: withPlainTextErrors(options.fetch ?? globalThis.fetch), remoteError: readTempoError });

  async function search(query: TempoSearch): Promise<TraceSummary[]> {
    checkRange(query.fromMs, query.toMs);
    if (query.tags && query.traceql) throw new RangeError('search by tags or by TraceQL, not both');
    if (query.limit !== undefined && (!Number.isSafeInteger(query.limit) || query.limit < 1)) throw new RangeError(`limit must be a positive whole number, got ${query.limit}`);
    const answer = await http.requestJson({
      method: 'GET',
      path: '/api/search',
      query: {
        q: query.traceql,
        tags: query.tags && Object.keys(query.tags).length > 0 ? toLogfmt(query.tags) : undefined,
        // Tempo takes whole seconds; widen outward so the range is covered.
        start: String(Math.floor(query.fromMs / 1000)),
        end: String(Math.ceil((query.toMs + 1) / 1000)),
        minDuration: goDuration(query.minDurationMs),
        maxDuration: goDuration(query.maxDurationMs),
        limit: query.limit === undefined ? undefined : String(query.limit),
      },
    });
    const parsed = validateAnswer(searchAnswerSchema, answer.body, answer.fail);
    return (parsed.traces ?? []).map((trace, index) => convertSearchTrace(trace, `traces[${index}]`, answer.fail));
  }

  async function getTrace(traceId: string, centerId = endpoint.centerId): Promise<SpanRecord[] | null> {
    const id = shortHexIdToHex(traceId, 16);
    if (id === null) throw new RangeError(`a trace id is up to 32 hex characters, got "${traceId}"`);
    try {
      const answer = await http.requestJson({ method: 'GET', path: `/api/traces/${id}` });
      const spans = convertTracesData(answer.body, '', centerId, (path, problem) => {
        throw answer.fail('malformed', `${path}: ${problem}`);
      });
      return spans.length === 0 ? null : spans;
    } catch (error) {
      if (error instanceof ConnectorError && error.status === 404) return null;
      throw error;
    }
  }

  /** Version from /api/status/buildinfo, else readiness from /ready. */
  function health(): Promise<HealthResult> {
    return probeHealth(
      http,
      async () => {
        const answer = await http.requestJson({ method: 'GET', path: '/api/status/buildinfo' });
        return { ok: true, latencyMs: answer.latencyMs, version: validateAnswer(buildInfoSchema, answer.body, answer.fail).version };
      },
      '/ready',
    );
  }

  async function pull(request: PullRequest): Promise<TracesPullResult> {
    const found = await search({ fromMs: request.range.from, toMs: request.range.to, limit: options.pullSearchLimit ?? 50 });
    const ranked = [...found].sort((a, b) => (b.errorCount ?? 0) - (a.errorCount ?? 0) || b.durationMs - a.durationMs);
    const spans: SpanRecord[] = [];
    const summaries = new Map(found.map((summary) => [summary.traceId, summary]));
    for (const summary of ranked.slice(0, options.pullTraceDetails ?? 10)) {
      const trace = await getTrace(summary.traceId, request.centerId);
      if (!trace) continue;
      spans.push(...trace);
      // The full trace knows more than the search hit (span and error counts, every service).
      summaries.set(summary.traceId, summarizeTrace(trace));
    }
    return { kind: 'traces', summaries: [...summaries.values()], spans };
  }

  return { kind: 'tempo', capabilities: ['traces'], health, pull, search, getTrace };
}
