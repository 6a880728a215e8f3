import type { HealthResult, PullRequest } from '../../../shared/domain/connector.ts';
import type { LogLineRecord, LogsPullResult } from '../../../shared/domain/logs.ts';
import type { Endpoint, Signal } from '../../../shared/domain/records.ts';
import { probeHealth } from '../health.ts';
import { createJsonHttpClient, type HttpOptions } from '../http.ts';
import { compareNanos, msToNanos } from '../otlp/nanoseconds.ts';
import { validateAnswer } from '../validation.ts';
import { buildInfoSchema, labelsAnswerSchema, queryRangeAnswerSchema, readLokiError } from './api-schema.ts';
import { convertStreams } from './convert.ts';
import { withPlainTextErrors } from './plain-text-errors.ts';
import { collectPages, oneDayMs, type LokiDirection, type PagedQueryResult } from './query-pager.ts';

export interface LokiConnectorOptions extends HttpOptions {
  /** LogQL selector `pull` reads. Default `{service_name=~".+"}` (Loki 3 labels every stream with service_name). */
  pullQuery?: string;
  /** Lines per request; Loki refuses more than its max_entries_limit_per_query (5,000 by default). Default 1,000. */
  pageLimit?: number;
  /** Largest page used when many lines share one nanosecond. Default 5,000. */
  maxPageLimit?: number;
  /** Cap on lines per queryRange / pull. Default 50,000. */
  maxLines?: number;
  /** Ask Loki 3 to report structured metadata and parsed labels apart from stream labels. Default true. */
  categorizeLabels?: boolean;
}

export interface LokiQueryRange {
  /** A LogQL log query (a selector, optionally with filters and parsers). Metric queries are refused. */
  query: string;
  /** Epoch ms, inclusive. */
  fromMs: number;
  /** Epoch ms, inclusive (the whole millisecond). */
  toMs: number;
  /** Lines per request (page size). Default: the connector's pageLimit. */
  limit?: number;
  /** Default forward (oldest first). */
  direction?: LokiDirection;
  /** Default: the connector's maxLines. */
  maxLines?: number;
  /** Center the records belong to. Default: the endpoint's center. */
  centerId?: string;
}

export type LokiQueryResult = PagedQueryResult;

export interface LokiConnector {
  readonly kind: 'loki';
  readonly capabilities: readonly Signal[];
  health(): Promise<HealthResult>;
  /** Reads the pull query over the request range, oldest first, up to maxLines. */
  pull(request: PullRequest): Promise<LogsPullResult>;
  /** A log query over a range: paged past the page size, split by day, de-duplicated. */
  queryRange(query: LokiQueryRange): Promise<LokiQueryResult>;
  /** Label names known in the range (default: Loki's own default, the last 6 hours). */
  labels(range?: { fromMs: number; toMs: number }): Promise<string[]>;
}

export const defaultPullQuery = '{service_name=~".+"}';

function checkWholeMs(name: string, value: number): void {
  if (!Number.isSafeInteger(value) || value < 0) throw new RangeError(`${name} must be whole epoch milliseconds, got ${value}`);
}

function checkLimit(name: string, value: number): void {
  if (!Number.isSafeInteger(value) || value < 1) throw new RangeError(`${name} must be a positive whole number, got ${value}`);
}

export function createLokiConnector(endpoint: Endpoint, options: LokiConnectorOptions = {}): LokiConnector {
  const categorize = options.categorizeLabels ?? true;
  const userHeaders = options.headers;
  const http = createJsonHttpClient(endpoint, {
    ...options,
    fetch: withPlainTextErrors(options.fetch ?? globalThis.fetch),
    headers: async () => ({
      ...(typeof userHeaders === 'function' ? await userHeaders() : (userHeaders ?? {})),
      ...(categorize ? { 'X-Loki-Response-Encoding-Flags': 'categorize-labels' } : {}),
    }),
    remoteError: readLokiError,
  });
  const pageLimit = options.pageLimit ?? 1_000;
  const maxPageLimit = Math.max(pageLimit, options.maxPageLimit ?? 5_000);
  const defaultMaxLines = options.maxLines ?? 50_000;
  checkLimit('pageLimit', pageLimit);
  checkLimit('maxLines', defaultMaxLines);

  async function queryRange(request: LokiQueryRange): Promise<LokiQueryResult> {
    const direction = request.direction ?? 'forward';
    const limit = request.limit ?? pageLimit;
    const maxLines = request.maxLines ?? defaultMaxLines;
    if (request.query.trim() === '') throw new RangeError('LogQL query is empty');
    checkWholeMs('fromMs', request.fromMs);
    checkWholeMs('toMs', request.toMs);
    if (request.fromMs > request.toMs) throw new RangeError(`query range is empty: ${request.fromMs} .. ${request.toMs}`);
    checkLimit('limit', limit);
    checkLimit('maxLines', maxLines);
    if (direction !== 'forward' && direction !== 'backward') throw new RangeError(`direction must be forward or backward, got ${String(direction)}`);
    const centerId = request.centerId ?? endpoint.centerId;

    return collectPages(
      { fromMs: request.fromMs, toMs: request.toMs, direction, pageLimit: limit, maxPageLimit: Math.max(limit, maxPageLimit), maxLines, maxSpanMs: oneDayMs },
      async (page): Promise<LogLineRecord[]> => {
        const answer = await http.requestJson({
          method: 'GET',
          path: '/loki/api/v1/query_range',
          query: { query: request.query, start: page.startNs, end: page.endNs, limit: String(page.limit), direction },
        });
        if (readLokiError(answer.body)) throw answer.fail('remote-error', readLokiError(answer.body)!, { status: answer.status });
        const parsed = validateAnswer(queryRangeAnswerSchema, answer.body, answer.fail);
        if (parsed.data.resultType !== 'streams') {
          throw answer.fail('malformed', `data.resultType: expected "streams" (a log query), got "${parsed.data.resultType}": a metric query does not return log lines`);
        }
        const lines = convertStreams(parsed.data.result, centerId, 'data.result', answer.fail);
        const outside = lines.find((line) => compareNanos(line.timestampNs, page.startNs) < 0 || compareNanos(line.timestampNs, page.endNs) >= 0);
        if (outside) {
          throw answer.fail('malformed', `data.result: a line stamped ${outside.timestampNs} ns lies outside the requested range [${page.startNs}, ${page.endNs})`);
        }
        if (lines.length > page.limit) {
          throw answer.fail('malformed', `data.result: ${lines.length} lines returned for limit=${page.limit}`);
        }
        return lines;
      },
    );
  }

  async function labels(range?: { fromMs: number; toMs: number }): Promise<string[]> {
    if (range) {
      checkWholeMs('fromMs', range.fromMs);
      checkWholeMs('toMs', range.toMs);
    }
    const answer = await http.requestJson({
      method: 'GET',
      path: '/loki/api/v1/labels',
      query: range ? { start: msToNanos(range.fromMs), end: msToNanos(range.toMs + 1) } : {},
    });
    return validateAnswer(labelsAnswerSchema, answer.body, answer.fail).data ?? [];
  }

  /** Version from /loki/api/v1/status/buildinfo, else readiness from /ready. */
  function health(): Promise<HealthResult> {
    return probeHealth(
      http,
      async () => {
        const answer = await http.requestJson({ method: 'GET', path: '/loki/api/v1/status/buildinfo' });
        const info = validateAnswer(buildInfoSchema, answer.body, answer.fail);
        return { ok: true, latencyMs: answer.latencyMs, version: info.version };
      },
      '/ready',
    );
  }

  /** The pull query over the request range, oldest first; when capped, resume from the last line's millisecond. */
  async function pull(request: PullRequest): Promise<LogsPullResult> {
    const result = await queryRange({
      query: options.pullQuery ?? defaultPullQuery,
      fromMs: request.range.from,
      toMs: request.range.to,
      direction: 'forward',
      centerId: request.centerId,
    });
    const last = result.lines[result.lines.length - 1];
    return { kind: 'logs', lines: result.lines, complete: result.complete, resumeFromMs: result.complete || !last ? null : last.timestamp };
  }

  return { kind: 'loki', capabilities: ['logs'], health, pull, queryRange, labels };
}
