import { panel, panelIds } from '../../../shared/catalog/promql.ts';
import type { Connector, HealthResult, PullRequest, PullResult } from '../../../shared/domain/connector.ts';
import type { Endpoint, SeriesSamples } from '../../../shared/domain/records.ts';
import { alignRange, prometheusMaxPointsPerSeries, splitRangeByPoints, type TimeRange } from '../../../shared/time/range.ts';
import { probeHealth } from '../health.ts';
import { createJsonHttpClient, type HttpOptions } from '../http.ts';
import { validateAnswer } from '../validation.ts';
import { buildInfoAnswerSchema, instantAnswerSchema, matrixAnswerSchema, readPrometheusError } from './response-schema.ts';
import { convertSamples, pushSample, type SampleColumns } from './sample-values.ts';
import { SeriesMerger } from './series-merge.ts';

export interface PrometheusConnectorOptions extends HttpOptions {
  /** Step of the catalog queries `pull` runs; fixed so repeated pulls land on the same timestamps. Default 30 s. */
  stepSeconds?: number;
  /** Points per series per query_range request; Prometheus refuses more than 11,000. */
  maxPointsPerRequest?: number;
}

export interface PrometheusConnector extends Connector {
  /** Range query over `range` widened to whole steps, split so no request exceeds the point limit, merged per series. */
  queryRange(query: string, range: TimeRange, stepSeconds: number): Promise<SeriesSamples[]>;
  /** Instant query at `atMs`; a scalar answer becomes one series without labels. */
  query(query: string, atMs: number): Promise<SeriesSamples[]>;
}

export const defaultPullStepSeconds = 30;

/** Prometheus accepts fractional seconds; send exact milliseconds, never a float's rounding. */
export function formatUnixSeconds(ms: number): string {
  const whole = Math.floor(ms / 1000);
  const rest = ms - whole * 1000;
  return rest === 0 ? String(whole) : `${whole}.${String(rest).padStart(3, '0')}`;
}

function checkStep(stepSeconds: number): void {
  const stepMs = stepSeconds * 1000;
  if (!Number.isFinite(stepSeconds) || stepSeconds <= 0 || Math.abs(stepMs - Math.round(stepMs)) > 1e-9) {
    throw new RangeError(`query step must be a positive whole number of milliseconds, got ${stepSeconds} s`);
  }
}

export function createPrometheusConnector(endpoint: Endpoint, options: PrometheusConnectorOptions = {}): PrometheusConnector {
  const http = createJsonHttpClient(endpoint, { ...options, remoteError: readPrometheusError });
  const pullStepSeconds = options.stepSeconds ?? defaultPullStepSeconds;
  const maxPoints = options.maxPointsPerRequest ?? prometheusMaxPointsPerSeries;
  checkStep(pullStepSeconds);

  async function post(path: string, form: Record<string, string>) {
    const answer = await http.requestJson({ method: 'POST', path, form });
    if (readPrometheusError(answer.body)) throw answer.fail('remote-error', readPrometheusError(answer.body)!, { status: answer.status });
    return answer;
  }

  async function queryRange(query: string, range: TimeRange, stepSeconds: number): Promise<SeriesSamples[]> {
    checkStep(stepSeconds);
    if (!(range.from <= range.to)) throw new RangeError(`query range is empty: ${range.from} .. ${range.to}`);
    const chunks = splitRangeByPoints(alignRange(range, stepSeconds), stepSeconds, maxPoints);
    const merger = new SeriesMerger();
    for (const chunk of chunks) {
      const answer = await post('/api/v1/query_range', {
        query,
        start: formatUnixSeconds(chunk.from),
        end: formatUnixSeconds(chunk.to),
        step: String(stepSeconds),
      });
      const parsed = validateAnswer(matrixAnswerSchema, answer.body, answer.fail);
      parsed.data.result.forEach((series, index) => {
        const columns = convertSamples(series.values, `data.result[${index}].values`, answer.fail);
        merger.add(series.metric, columns.timestamps, columns.values);
      });
    }
    return merger.result();
  }

  async function query(queryText: string, atMs: number): Promise<SeriesSamples[]> {
    const answer = await post('/api/v1/query', { query: queryText, time: formatUnixSeconds(atMs) });
    const parsed = validateAnswer(instantAnswerSchema, answer.body, answer.fail);
    const data = parsed.data;
    const series: SeriesSamples[] = [];
    const keep = (labels: Record<string, string>, columns: SampleColumns) => {
      if (columns.timestamps.length > 0) series.push({ labels, ...columns });
    };
    switch (data.resultType) {
      case 'vector':
        data.result.forEach((item, index) => {
          const columns: SampleColumns = { timestamps: [], values: [] };
          pushSample(columns, item.value, () => `data.result[${index}].value`, answer.fail);
          keep(item.metric, columns);
        });
        break;
      case 'scalar': {
        const columns: SampleColumns = { timestamps: [], values: [] };
        pushSample(columns, data.result, () => 'data.result', answer.fail);
        keep({}, columns);
        break;
      }
      case 'matrix':
        data.result.forEach((item, index) => keep(item.metric, convertSamples(item.values, `data.result[${index}].values`, answer.fail)));
        break;
    }
    return series;
  }

  /** Version from /api/v1/status/buildinfo (Prometheus 2.14+), else liveness from /-/healthy. */
  function health(): Promise<HealthResult> {
    return probeHealth(
      http,
      async () => {
        const answer = await http.requestJson({ method: 'GET', path: '/api/v1/status/buildinfo' });
        const info = validateAnswer(buildInfoAnswerSchema, answer.body, answer.fail);
        return { ok: true, latencyMs: answer.latencyMs, version: info.data.version };
      },
      '/-/healthy',
    );
  }

  /**
   * Runs every catalog panel over the request range at the fixed pull step. The sync service
   * already narrows `range` to what follows its watermark (with overlap), so the range is used as given.
   */
  async function pull(request: PullRequest): Promise<PullResult> {
    const series: Extract<PullResult, { kind: 'series' }>['series'] = [];
    for (const id of panelIds) {
      series.push({ panel: id, stepSeconds: pullStepSeconds, samples: await queryRange(panel(id).query, request.range, pullStepSeconds) });
    }
    return { kind: 'series', series };
  }

  return { kind: 'prometheus', capabilities: ['metrics'], health, pull, queryRange, query };
}
