/**
 * The Prometheus connector against a real Prometheus (Debian /usr/bin/prometheus) scraping a real
 * node_exporter every second. Every connector answer is compared with a direct query_range/query
 * to the same server, so the connector must reproduce Prometheus exactly: same series, same
 * timestamps, same values.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { panel, panelIds, type PanelId } from '../../shared/catalog/promql.ts';
import type { Endpoint, SeriesSamples } from '../../shared/domain/records.ts';
import { ConnectorError } from '../../electron/connectors/errors.ts';
import { createPrometheusConnector } from '../../electron/connectors/prometheus/index.ts';
import { startNodeExporter, startPrometheus, type NodeExporterServer, type PrometheusServer } from '../support/real-servers.ts';

let nodeExporter: NodeExporterServer | undefined;
let prometheus: PrometheusServer | undefined;

before(async () => {
  nodeExporter = await startNodeExporter();
  prometheus = await startPrometheus({ scrapeTargets: [nodeExporter.target], scrapeIntervalSeconds: 1 });
  // rate() needs two scrapes; eight give every test window below several points.
  await prometheus.waitForScrapes(8);
});

after(async () => {
  await prometheus?.stop();
  await nodeExporter?.stop();
});

function server(): PrometheusServer {
  assert.ok(prometheus, 'prometheus started');
  return prometheus;
}

function endpoint(): Endpoint {
  return { id: 'prom-real', centerId: 'lab', signal: 'metrics', kind: 'prometheus', url: server().url, timeoutMs: 10_000 };
}

type SeriesMap = Map<string, { timestamps: number[]; values: number[] }>;

const keyOf = (labels: Record<string, string>) => JSON.stringify(Object.entries(labels).sort(([a], [b]) => (a < b ? -1 : 1)));

function toMap(series: readonly SeriesSamples[]): SeriesMap {
  return new Map(series.map((s) => [keyOf(s.labels), { timestamps: s.timestamps, values: s.values }]));
}

const secondsParam = (ms: number) => (ms / 1000).toFixed(3);

/** query_range straight to the server, converted by the test on its own (no connector code). */
async function directRange(query: string, fromMs: number, toMs: number, stepSeconds: number): Promise<{ status: number; body: any }> {
  const response = await fetch(`${server().url}/api/v1/query_range`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ query, start: secondsParam(fromMs), end: secondsParam(toMs), step: String(stepSeconds) }),
  });
  return { status: response.status, body: await response.json() };
}

function directToMap(body: any, into: SeriesMap = new Map()): SeriesMap {
  assert.equal(body.status, 'success');
  assert.equal(body.data.resultType, 'matrix');
  for (const item of body.data.result as Array<{ metric: Record<string, string>; values: Array<[number, string]> }>) {
    const entry = into.get(keyOf(item.metric)) ?? { timestamps: [], values: [] };
    for (const [t, v] of item.values) {
      assert.notEqual(v, 'NaN', 'these queries never produce NaN');
      entry.timestamps.push(Math.round(t * 1000));
      entry.values.push(Number(v));
    }
    into.set(keyOf(item.metric), entry);
  }
  return into;
}

/** A window that ended two seconds ago, on whole seconds, so no scrape still lands inside it. */
function settledWindow(lengthMs: number): { from: number; to: number } {
  const to = Math.floor((Date.now() - 2_000) / 1000) * 1000;
  return { from: to - lengthMs, to };
}

function countingFetch(): { fetch: typeof fetch; bodies: string[] } {
  const bodies: string[] = [];
  return {
    bodies,
    fetch: (input, init) => {
      bodies.push(String(init?.body ?? ''));
      return fetch(input, init);
    },
  };
}

describe('queryRange equals a direct query_range', () => {
  for (const id of ['node.cpu', 'node.memory'] as const) {
    test(`catalog ${id}`, async () => {
      const window = settledWindow(5_000);
      const connector = createPrometheusConnector(endpoint());
      const mine = await connector.queryRange(panel(id).query, window, 1);
      const direct = directToMap((await directRange(panel(id).query, window.from, window.to, 1)).body);
      assert.ok(direct.size > 0, `${id} has data on the server`);
      assert.deepEqual(toMap(mine), direct);
      const [series] = mine;
      assert.equal(series?.labels.instance, nodeExporter?.target);
      assert.ok((series?.timestamps.length ?? 0) >= 3, `at least 3 points, got ${series?.timestamps.length}`);
      assert.ok(series?.values.every((value) => Number.isFinite(value)));
    });
  }

  test('a window over 11,000 points is split into several requests and still equals', async () => {
    const window = settledWindow(12_000);
    const step = 0.001; // 1 ms: 12,001 points per series
    const query = panel('node.memory').query;

    const whole = await directRange(query, window.from, window.to, step);
    assert.equal(whole.status, 400, 'Prometheus itself refuses the whole window in one request');
    assert.match(whole.body.error, /exceeded maximum resolution of 11,000 points per timeseries/);

    const counting = countingFetch();
    const mine = await createPrometheusConnector(endpoint(), { fetch: counting.fetch }).queryRange(query, window, step);
    assert.equal(counting.bodies.length, 2, 'two requests: 11,000 + 1,001 points');

    // The test's own partition: four direct requests of about 3,000 points each.
    const direct: SeriesMap = new Map();
    for (let start = window.from; start <= window.to; start += 3_000) {
      const end = Math.min(window.to, start + 2_999);
      directToMap((await directRange(query, start, end, step)).body, direct);
    }
    assert.deepEqual(toMap(mine), direct);

    const [series] = mine;
    assert.ok(series);
    for (let index = 1; index < series.timestamps.length; index++) {
      assert.ok(series.timestamps[index]! > series.timestamps[index - 1]!, 'strictly increasing, no duplicates');
    }
    const boundary = window.from + 11_000;
    assert.ok(series.timestamps.some((t) => t < boundary) && series.timestamps.some((t) => t >= boundary), 'data from both chunks');
  });

  test('splitting loses and duplicates no point (vector(1), every millisecond)', async () => {
    const window = settledWindow(12_000);
    const counting = countingFetch();
    const [series, ...rest] = await createPrometheusConnector(endpoint(), { fetch: counting.fetch }).queryRange('vector(1)', window, 0.001);
    assert.equal(rest.length, 0);
    assert.equal(counting.bodies.length, 2);
    assert.equal(series?.timestamps.length, 12_001);
    assert.ok(series?.timestamps.every((t, index) => t === window.from + index));
    assert.ok(series?.values.every((v) => v === 1));
  });
});

describe('instant query', () => {
  test('node_memory_MemTotal_bytes equals the direct answer and /proc/meminfo', async () => {
    const at = Math.floor((Date.now() - 2_000) / 1000) * 1000;
    const mine = await createPrometheusConnector(endpoint()).query('node_memory_MemTotal_bytes', at);
    const direct = (await server().queryDirect('node_memory_MemTotal_bytes', at)) as any;
    assert.equal(direct.data.resultType, 'vector');
    assert.deepEqual(
      mine,
      direct.data.result.map((item: { metric: Record<string, string>; value: [number, string] }) => ({
        labels: item.metric,
        timestamps: [Math.round(item.value[0] * 1000)],
        values: [Number(item.value[1])],
      })),
    );
    const memTotalKiB = Number(/^MemTotal:\s+(\d+) kB$/m.exec(readFileSync('/proc/meminfo', 'utf8'))?.[1]);
    assert.equal(mine[0]?.values[0], memTotalKiB * 1024);
    assert.equal(mine[0]?.timestamps[0], at);
  });

  test('NaN from the server is dropped; +Inf and -Inf arrive as infinities', async () => {
    const at = Math.floor(Date.now() / 1000) * 1000;
    const nanDirect = (await server().queryDirect('vector(0)/0', at)) as any;
    assert.equal(nanDirect.data.result[0].value[1], 'NaN', 'the server really sends "NaN"');
    const connector = createPrometheusConnector(endpoint());
    assert.deepEqual(await connector.query('vector(0)/0', at), []);
    const infDirect = (await server().queryDirect('vector(1)/0', at)) as any;
    assert.equal(infDirect.data.result[0].value[1], '+Inf');
    assert.deepEqual(await connector.query('vector(1)/0', at), [{ labels: {}, timestamps: [at], values: [Infinity] }]);
    const [negative] = await connector.queryRange('-vector(1)/0', { from: at - 4_000, to: at }, 1);
    assert.deepEqual(negative?.values, [-Infinity, -Infinity, -Infinity, -Infinity, -Infinity]);
  });

  test("a bad query is Prometheus's own error, as a remote error", async () => {
    const error = await createPrometheusConnector(endpoint())
      .query('sum(', Date.now())
      .then(
        () => null,
        (caught: unknown) => caught,
      );
    assert.ok(error instanceof ConnectorError);
    assert.equal(error.code, 'remote-error');
    assert.equal(error.status, 400);
    assert.match(error.message, /\(POST \/api\/v1\/query\): Prometheus error \(bad_data\): .*parse error.* \(HTTP 400 Bad Request\)$/);
  });
});

describe('health and pull', () => {
  test("health returns the server's version", async () => {
    const health = await createPrometheusConnector(endpoint()).health();
    assert.equal(health.ok, true);
    assert.equal(health.version, server().version);
    assert.match(health.version ?? '', /^2\.\d+\.\d+/);
  });

  test('pull runs every catalog panel at the default 30 s step; pod panels are empty here', async () => {
    const now = Date.now();
    const result = await createPrometheusConnector(endpoint()).pull({ centerId: 'lab', range: { from: now - 120_000, to: now }, watermark: null });
    assert.equal(result.kind, 'series');
    if (result.kind !== 'series') return;
    assert.deepEqual(result.series.map((batch) => batch.panel), panelIds);
    for (const batch of result.series) {
      assert.equal(batch.stepSeconds, 30);
      for (const series of batch.samples) assert.ok(series.timestamps.every((t) => t % 30_000 === 0), `${batch.panel} on the 30 s grid`);
      if (batch.panel.startsWith('node.')) assert.ok(batch.samples.length > 0, `${batch.panel} has data`);
      else assert.deepEqual(batch.samples, [], `${batch.panel}: no cAdvisor/kube-state-metrics in this lab`);
    }
  });

  test('pull equals direct query_range for every node panel (step 1 s over a settled window)', async () => {
    const window = settledWindow(5_000);
    const result = await createPrometheusConnector(endpoint(), { stepSeconds: 1 }).pull({ centerId: 'lab', range: window, watermark: null });
    assert.equal(result.kind, 'series');
    const batches: Array<{ panel: PanelId; samples: SeriesSamples[] }> = result.kind === 'series' ? result.series : [];
    for (const id of ['node.cpu', 'node.memory', 'node.network', 'node.disk'] as const) {
      const batch = batches.find((candidate) => candidate.panel === id);
      const direct = directToMap((await directRange(panel(id).query, window.from, window.to, 1)).body);
      assert.ok(direct.size > 0, `${id} has data`);
      assert.deepEqual(toMap(batch?.samples ?? []), direct, id);
    }
  });
});
