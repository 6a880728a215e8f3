import type { IncomingMessage, ServerResponse } from 'node:http';
import { panel, panelIds } from '../../shared/catalog/promql.ts';
import { readBody, sendJson, sendRawJson, sendText, type RequestHandler } from './http-server.ts';
import { buildSeriesStore, type SeriesStore } from './metrics/series-store.ts';
import { evaluate, ExecutionError, labelsKey, type Evaluated, type InstantSeries } from './promql/evaluate.ts';
import { parseDurationMs, parsePromql, PromqlError, type Expr } from './promql/parser.ts';
import { promTimestamp, promValue } from './wire-format.ts';
import type { Labels, WorldCenter } from './world-types.ts';

/**
 * The Prometheus HTTP API (prometheus.io/docs/prometheus/latest/querying/api/) over the world's
 * series: /api/v1/query and /api/v1/query_range by GET or form POST, with Prometheus's parameter
 * parsing, its error envelope and its 11,000-points-per-series limit.
 */

export const prometheusVersion = '2.53.1';

const buildInfo = {
  version: prometheusVersion,
  revision: '14cfec3f6048b735e08c1e9c64c8d4211d32bab4',
  branch: 'HEAD',
  buildUser: 'root@9f8fb5c2e9b4',
  buildDate: '20240710-10:16:27',
  goVersion: 'go1.22.5',
};

class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly errorType: string,
    message: string,
  ) {
    super(message);
  }
}

const badData = (message: string) => new ApiError(400, 'bad_data', message);
const invalidParam = (name: string, message: string) => badData(`invalid parameter "${name}": ${message}`);

const floatPattern = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
const rfc3339Pattern = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})$/i;

/** Prometheus parseTime: unix seconds (fractions kept to the millisecond) or RFC 3339. */
export function parsePrometheusTime(text: string, name: string): number {
  if (floatPattern.test(text)) {
    const seconds = Number(text);
    const whole = Math.trunc(seconds);
    return whole * 1000 + Math.round((seconds - whole) * 1000);
  }
  if (rfc3339Pattern.test(text)) {
    const parsed = Date.parse(text);
    if (Number.isFinite(parsed)) return parsed;
  }
  throw invalidParam(name, `cannot parse ${JSON.stringify(text)} to a valid timestamp`);
}

/** Prometheus parseDuration: float seconds, or a Prometheus duration such as 30s, 1m30s, 1h. */
export function parsePrometheusDuration(text: string, name: string): number {
  if (floatPattern.test(text)) {
    const ms = Math.round(Number(text) * 1000);
    if (Number.isFinite(ms)) return ms;
  }
  const ms = parseDurationMs(text);
  if (ms !== null) return ms;
  throw invalidParam(name, `cannot parse ${JSON.stringify(text)} to a valid duration`);
}

function compareLabels(a: Labels, b: Labels): number {
  const left = Object.keys(a).sort();
  const right = Object.keys(b).sort();
  for (let index = 0; index < Math.min(left.length, right.length); index++) {
    const nameA = left[index]!;
    const nameB = right[index]!;
    if (nameA !== nameB) return nameA < nameB ? -1 : 1;
    const valueA = a[nameA]!;
    const valueB = b[nameB]!;
    if (valueA !== valueB) return valueA < valueB ? -1 : 1;
  }
  return left.length - right.length;
}

function metricJson(labels: Labels): string {
  const sorted: Labels = {};
  for (const name of Object.keys(labels).sort()) sorted[name] = labels[name]!;
  return JSON.stringify(sorted);
}

/** Series with equal labels (one container instance after another) are one series to a client. */
function mergeByLabels(series: InstantSeries[]): InstantSeries[] {
  const merged = new Map<string, InstantSeries>();
  for (const item of series) {
    const key = labelsKey(item.labels);
    const existing = merged.get(key);
    if (!existing) {
      merged.set(key, { labels: item.labels, values: Float64Array.from(item.values), present: Uint8Array.from(item.present) });
      continue;
    }
    for (let index = 0; index < item.present.length; index++) {
      if (!item.present[index]) continue;
      existing.values[index] = item.values[index]!;
      existing.present[index] = 1;
    }
  }
  return [...merged.values()].sort((a, b) => compareLabels(a.labels, b.labels));
}

function success(data: string): string {
  return `{"status":"success","data":${data}}`;
}

function formatRange(result: Evaluated, times: readonly number[]): string {
  if (result.kind === 'scalar') {
    const values = times.map((t, index) => `[${promTimestamp(t)},"${promValue(result.values[index]!)}"]`);
    return success(`{"resultType":"matrix","result":[{"metric":{},"values":[${values.join(',')}]}]}`);
  }
  if (result.kind !== 'vector') throw badData(`invalid expression type "${result.kind === 'matrix' ? 'range vector' : 'string'}" for range query, must be Scalar or instant Vector`);
  const parts: string[] = [];
  for (const series of mergeByLabels(result.series)) {
    const values: string[] = [];
    for (let index = 0; index < times.length; index++) {
      if (series.present[index]) values.push(`[${promTimestamp(times[index]!)},"${promValue(series.values[index]!)}"]`);
    }
    if (values.length > 0) parts.push(`{"metric":${metricJson(series.labels)},"values":[${values.join(',')}]}`);
  }
  return success(`{"resultType":"matrix","result":[${parts.join(',')}]}`);
}

function formatInstant(result: Evaluated, time: number): string {
  const at = promTimestamp(time);
  switch (result.kind) {
    case 'scalar':
      return success(`{"resultType":"scalar","result":[${at},"${promValue(result.values[0]!)}"]}`);
    case 'string':
      return success(`{"resultType":"string","result":[${at},${JSON.stringify(result.value)}]}`);
    case 'matrix': {
      const parts = [...result.series]
        .sort((a, b) => compareLabels(a.labels, b.labels))
        .map((series) => `{"metric":${metricJson(series.labels)},"values":[${series.samples.map(([t, v]) => `[${promTimestamp(t)},"${promValue(v)}"]`).join(',')}]}`);
      return success(`{"resultType":"matrix","result":[${parts.join(',')}]}`);
    }
    case 'vector': {
      const parts = mergeByLabels(result.series)
        .filter((series) => series.present[0])
        .map((series) => `{"metric":${metricJson(series.labels)},"value":[${at},"${promValue(series.values[0]!)}"]}`);
      return success(`{"resultType":"vector","result":[${parts.join(',')}]}`);
    }
  }
}

export interface PrometheusApiOptions {
  center: WorldCenter;
  now: () => number;
}

export function createPrometheusHandler(options: PrometheusApiOptions): RequestHandler {
  let store: SeriesStore | null = null;
  const seriesStore = () => (store ??= buildSeriesStore(options.center));
  // Build the series index off the startup path but before the first pull arrives.
  setImmediate(seriesStore).unref();
  // The catalog's queries are parsed once; anything else goes through a small cache.
  const parsed = new Map<string, Expr>(panelIds.map((id) => [panel(id).query, parsePromql(panel(id).query)]));

  function parse(query: string): Expr {
    const cached = parsed.get(query);
    if (cached) return cached;
    try {
      const expr = parsePromql(query);
      if (parsed.size > 500) parsed.clear();
      parsed.set(query, expr);
      return expr;
    } catch (error) {
      if (error instanceof PromqlError) throw invalidParam('query', error.message);
      throw error;
    }
  }

  function run(expr: Expr, times: number[], nowMs: number): Evaluated {
    try {
      return evaluate(expr, { store: seriesStore(), times, nowMs });
    } catch (error) {
      if (error instanceof ExecutionError) throw new ApiError(422, 'execution', error.message);
      if (error instanceof PromqlError) throw invalidParam('query', error.message);
      throw error;
    }
  }

  function instantQuery(params: URLSearchParams): string {
    const now = options.now();
    const timeText = params.get('time');
    const time = timeText === null || timeText === '' ? now : parsePrometheusTime(timeText, 'time');
    checkTimeout(params);
    const expr = parse(params.get('query') ?? '');
    return formatInstant(run(expr, [time], now), time);
  }

  function rangeQuery(params: URLSearchParams): string {
    const start = parsePrometheusTime(params.get('start') ?? '', 'start');
    const end = parsePrometheusTime(params.get('end') ?? '', 'end');
    if (end < start) throw invalidParam('end', 'end timestamp must not be before start time');
    const step = parsePrometheusDuration(params.get('step') ?? '', 'step');
    if (step <= 0) throw invalidParam('step', 'zero or negative query resolution step widths are not accepted. Try a positive integer');
    // Prometheus divides durations as integers: 11,001 points pass, 11,002 do not.
    if (Math.floor((end - start) / step) > 11_000) {
      throw badData('exceeded maximum resolution of 11,000 points per timeseries. Try decreasing the query resolution (?step=XX)');
    }
    checkTimeout(params);
    const expr = parse(params.get('query') ?? '');
    const times: number[] = [];
    for (let t = start; t <= end; t += step) times.push(t);
    return formatRange(run(expr, times, options.now()), times);
  }

  function checkTimeout(params: URLSearchParams): void {
    const timeout = params.get('timeout');
    if (timeout) parsePrometheusDuration(timeout, 'timeout');
  }

  async function formParams(request: IncomingMessage, url: URL): Promise<URLSearchParams> {
    const params = new URLSearchParams();
    if (request.method === 'POST' && (request.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded')) {
      for (const [name, value] of new URLSearchParams(await readBody(request))) params.append(name, value);
    }
    // Go's FormValue prefers the body's value over the URL's.
    for (const [name, value] of url.searchParams) if (!params.has(name)) params.append(name, value);
    return params;
  }

  return async (request: IncomingMessage, response: ServerResponse, url: URL) => {
    const path = url.pathname;
    if (path === '/-/healthy') return sendText(response, 200, 'Prometheus Server is Healthy.\n');
    if (path === '/-/ready') return sendText(response, 200, 'Prometheus Server is Ready.\n');
    const api = ['/api/v1/query', '/api/v1/query_range', '/api/v1/status/buildinfo', '/api/v1/labels', '/api/v1/label/__name__/values'];
    if (!api.includes(path)) return sendText(response, 404, '404 page not found\n');
    if (request.method !== 'GET' && request.method !== 'POST') return sendText(response, 405, 'Method Not Allowed\n');
    try {
      switch (path) {
        case '/api/v1/status/buildinfo':
          return sendJson(response, 200, { status: 'success', data: buildInfo });
        case '/api/v1/labels': {
          const names = new Set<string>();
          for (const series of seriesStore().all()) for (const name of Object.keys(series.labels)) names.add(name);
          return sendJson(response, 200, { status: 'success', data: [...names].sort() });
        }
        case '/api/v1/label/__name__/values':
          return sendJson(response, 200, { status: 'success', data: seriesStore().names() });
        case '/api/v1/query':
          return sendRawJson(response, 200, instantQuery(await formParams(request, url)));
        default:
          return sendRawJson(response, 200, rangeQuery(await formParams(request, url)));
      }
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      return sendJson(response, error.status, { status: 'error', errorType: error.errorType, error: error.message });
    }
  };
}
