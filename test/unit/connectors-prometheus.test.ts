import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import type { ServerResponse } from 'node:http';
import { after, before, describe, test } from 'node:test';
import { panel, panelIds } from '../../shared/catalog/promql.ts';
import type { Endpoint } from '../../shared/domain/records.ts';
import { createPrometheusConnector, formatUnixSeconds, parseSampleValue } from '../../electron/connectors/prometheus/index.ts';
import { SeriesMerger } from '../../electron/connectors/prometheus/series-merge.ts';
import { startLocalHttpServer, type LocalHttpServer } from '../support/real-servers.ts';

const fixture = (name: string) => readFileSync(new URL(`../fixtures/prometheus/${name}`, import.meta.url), 'utf8');

let server: LocalHttpServer;
before(async () => {
  server = await startLocalHttpServer();
});
after(() => server.stop());

const endpoint = (): Endpoint => ({ id: 'prom-test', centerId: 'dc1', signal: 'metrics', kind: 'prometheus', url: server.url, timeoutMs: 5_000 });

function json(response: ServerResponse, status: number, body: unknown): void {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  response.writeHead(status, { 'content-type': 'application/json' }).end(text);
}

function form(body: string): Record<string, string> {
  return Object.fromEntries(new URLSearchParams(body));
}

describe('documented answers', () => {
  test('query_range example from the HTTP API page', async () => {
    server.respond((_request, response) => json(response, 200, fixture('querying-api.query-range.up.json')));
    server.requests.length = 0;
    const series = await createPrometheusConnector(endpoint()).queryRange('up', { from: 1_435_781_430_781, to: 1_435_781_460_781 }, 15);
    assert.deepEqual(series, [
      {
        labels: { __name__: 'up', job: 'prometheus', instance: 'localhost:9090' },
        timestamps: [1_435_781_430_781, 1_435_781_445_781, 1_435_781_460_781],
        values: [1, 1, 1],
      },
      {
        labels: { __name__: 'up', job: 'node', instance: 'localhost:9091' },
        timestamps: [1_435_781_430_781, 1_435_781_445_781, 1_435_781_460_781],
        values: [0, 0, 1],
      },
    ]);
    assert.equal(server.requests.length, 1);
    const [sent] = server.requests;
    assert.equal(sent?.method, 'POST');
    assert.equal(sent?.url, '/api/v1/query_range');
    // The range is widened to whole 15 s steps: 20:10:30 .. 20:11:15.
    assert.deepEqual(form(sent?.body ?? ''), { query: 'up', start: '1435781430', end: '1435781475', step: '15' });
  });

  test('instant query example from the HTTP API page', async () => {
    server.respond((_request, response) => json(response, 200, fixture('querying-api.query.up.json')));
    server.requests.length = 0;
    const series = await createPrometheusConnector(endpoint()).query('up', Date.parse('2015-07-01T20:10:51.781Z'));
    assert.deepEqual(series, [
      { labels: { __name__: 'up', job: 'prometheus', instance: 'localhost:9090' }, timestamps: [1_435_781_451_781], values: [1] },
      { labels: { __name__: 'up', job: 'node', instance: 'localhost:9100' }, timestamps: [1_435_781_451_781], values: [0] },
    ]);
    assert.equal(server.requests[0]?.url, '/api/v1/query');
    assert.deepEqual(form(server.requests[0]?.body ?? ''), { query: 'up', time: '1435781451.781' });
  });

  test('a scalar answer is one series without labels', async () => {
    server.respond((_request, response) => json(response, 200, { status: 'success', data: { resultType: 'scalar', result: [1435781451.781, '42'] } }));
    assert.deepEqual(await createPrometheusConnector(endpoint()).query('42', 1_435_781_451_781), [
      { labels: {}, timestamps: [1_435_781_451_781], values: [42] },
    ]);
  });

  test('build info example gives the version', async () => {
    server.respond((incoming, response) => json(response, incoming.url === '/api/v1/status/buildinfo' ? 200 : 404, fixture('querying-api.status-buildinfo.json')));
    const health = await createPrometheusConnector(endpoint()).health();
    assert.equal(health.ok, true);
    assert.equal(health.version, '2.13.1');
  });
});

describe('sample values', () => {
  test('NaN is dropped, infinities kept, decimals and exponents parsed', async () => {
    server.respond((_request, response) =>
      json(response, 200, {
        status: 'success',
        data: {
          resultType: 'matrix',
          result: [
            { metric: { s: 'mixed' }, values: [[1700000000, '1.5'], [1700000015, 'NaN'], [1700000030, '+Inf'], [1700000045, '-Inf'], [1700000060, '1e-3'], [1700000075, '-0.25']] },
            { metric: { s: 'all-nan' }, values: [[1700000000, 'NaN'], [1700000015, 'NaN']] },
          ],
        },
      }),
    );
    const series = await createPrometheusConnector(endpoint()).queryRange('x', { from: 1_700_000_000_000, to: 1_700_000_075_000 }, 15);
    assert.deepEqual(series, [
      {
        labels: { s: 'mixed' },
        timestamps: [1_700_000_000_000, 1_700_000_030_000, 1_700_000_045_000, 1_700_000_060_000, 1_700_000_075_000],
        values: [1.5, Infinity, -Infinity, 0.001, -0.25],
      },
    ]);
  });

  test('float seconds round to the exact millisecond', async () => {
    server.respond((_request, response) =>
      json(response, 200, { status: 'success', data: { resultType: 'matrix', result: [{ metric: {}, values: [[1700000000.123, '1'], [1700000000.999, '2'], [1435781430.781, '3']] }] } }),
    );
    const [series] = await createPrometheusConnector(endpoint()).queryRange('x', { from: 0, to: 1 }, 1);
    assert.deepEqual(series?.timestamps, [1_700_000_000_123, 1_700_000_000_999]);
    // 1435781430.781 is before the previous sample, so the merge drops it (no going back in time).
    assert.deepEqual(series?.values, [1, 2]);
  });

  test('parseSampleValue', () => {
    assert.ok(Number.isNaN(parseSampleValue('NaN')));
    assert.equal(parseSampleValue('+Inf'), Infinity);
    assert.equal(parseSampleValue('-Inf'), -Infinity);
    assert.equal(parseSampleValue('0'), 0);
    assert.equal(parseSampleValue('12345678901234567'), 12345678901234567);
    assert.equal(parseSampleValue('6.02e23'), 6.02e23);
    for (const bad of ['', ' 1', 'abc', '1,5', 'Infinity', 'nan', '0x10']) assert.equal(parseSampleValue(bad), null, bad);
  });

  test('formatUnixSeconds sends exact milliseconds', () => {
    assert.equal(formatUnixSeconds(1_435_781_451_781), '1435781451.781');
    assert.equal(formatUnixSeconds(1_700_000_000_000), '1700000000');
    assert.equal(formatUnixSeconds(1_700_000_000_005), '1700000000.005');
    assert.equal(formatUnixSeconds(1_700_000_000_050), '1700000000.050');
  });

  test('steps Prometheus cannot take are refused before any request', async () => {
    const connector = createPrometheusConnector(endpoint());
    await assert.rejects(connector.queryRange('up', { from: 0, to: 1000 }, 0), RangeError);
    await assert.rejects(connector.queryRange('up', { from: 0, to: 1000 }, 0.0005), /whole number of milliseconds/);
    await assert.rejects(connector.queryRange('up', { from: 2000, to: 1000 }, 1), /query range is empty/);
  });
});

describe('splitting a long range', () => {
  const value = (ms: number) => (ms / 1000) % 97;

  /** A stand-in Prometheus: evaluates `value(t)` per step, refuses more than 11,000 points like the real one. */
  function fakePrometheus(extraSeriesFrom?: number) {
    return (incoming: { body: string }, response: ServerResponse) => {
      const params = form(incoming.body);
      const start = Math.round(Number(params.start) * 1000);
      const end = Math.round(Number(params.end) * 1000);
      const step = Math.round(Number(params.step) * 1000);
      const points = Math.floor((end - start) / step) + 1;
      if (points > 11_000) {
        json(response, 400, fixture('prometheus-2.42.query-range.exceeded-resolution.json'));
        return;
      }
      const values: Array<[number, string]> = [];
      // Answer one step early too, as an overlapping server might: the merge must not duplicate it.
      for (let t = start - step; t <= end; t += step) values.push([t / 1000, String(value(t))]);
      const result = [{ metric: { instance: 'a:9100' }, values }];
      if (extraSeriesFrom !== undefined && end >= extraSeriesFrom) {
        result.push({ metric: { instance: 'late:9100' }, values: values.filter(([t]) => t * 1000 >= extraSeriesFrom) });
      }
      json(response, 200, { status: 'success', data: { resultType: 'matrix', result } });
    };
  }

  test('25,000 points at 15 s become three contiguous requests, merged without duplicates', async () => {
    const from = 113_333_334 * 15_000; // 2023-11-14T22:13:30Z, a whole 15 s step
    const to = from + 24_999 * 15_000;
    server.respond(fakePrometheus(from + 20_000 * 15_000));
    server.requests.length = 0;
    const series = await createPrometheusConnector(endpoint()).queryRange('q', { from, to }, 15);
    const chunks = server.requests.map((r) => form(r.body)).map((p) => ({ start: Number(p.start) * 1000, end: Number(p.end) * 1000, step: p.step }));
    assert.equal(chunks.length, 3);
    assert.equal(chunks[0]?.start, from);
    assert.equal(chunks.at(-1)?.end, to);
    for (let index = 0; index < chunks.length; index++) {
      const chunk = chunks[index]!;
      assert.equal(chunk.step, '15');
      assert.ok((chunk.end - chunk.start) / 15_000 + 1 <= 11_000, `chunk ${index} has at most 11,000 points`);
      if (index > 0) assert.equal(chunk.start, chunks[index - 1]!.end + 15_000, 'each chunk starts one step after the previous end');
    }
    const [a, late] = series;
    assert.deepEqual(a?.labels, { instance: 'a:9100' });
    // One step before `from` comes back from the first chunk (the stand-in answers one early).
    assert.equal(a?.timestamps.length, 25_001);
    assert.equal(a?.timestamps[1], from);
    assert.equal(a?.timestamps.at(-1), to);
    for (let index = 1; index < (a?.timestamps.length ?? 0); index++) assert.equal(a!.timestamps[index]! - a!.timestamps[index - 1]!, 15_000);
    assert.ok(a?.values.every((v, index) => v === value(a.timestamps[index]!)));
    assert.deepEqual(late?.labels, { instance: 'late:9100' });
    assert.equal(late?.timestamps[0], from + 20_000 * 15_000);
    assert.equal(late?.timestamps.length, 5_000);
  });

  test('maxPointsPerRequest lowers the chunk size', async () => {
    server.respond(fakePrometheus());
    server.requests.length = 0;
    await createPrometheusConnector(endpoint(), { maxPointsPerRequest: 10 }).queryRange('q', { from: 1_000_000, to: 1_099_000 }, 1);
    assert.equal(server.requests.length, 10);
  });

  test('SeriesMerger joins by label set regardless of label order', () => {
    const merger = new SeriesMerger();
    merger.add({ a: '1', b: '2' }, [1, 2, 3], [10, 20, 30]);
    merger.add({ b: '2', a: '1' }, [3, 4], [31, 40]);
    merger.add({ a: '1' }, [5], [50]);
    assert.deepEqual(merger.result(), [
      { labels: { a: '1', b: '2' }, timestamps: [1, 2, 3, 4], values: [10, 20, 30, 40] },
      { labels: { a: '1' }, timestamps: [5], values: [50] },
    ]);
  });
});

describe('pull', () => {
  test('runs every catalog panel at the fixed 30 s step over the aligned range', async () => {
    server.respond((incoming, response) => {
      const params = form(incoming.body);
      json(response, 200, {
        status: 'success',
        data: { resultType: 'matrix', result: [{ metric: { q: params.query ?? '' }, values: [[Number(params.start), '1']] }] },
      });
    });
    server.requests.length = 0;
    const from = 1_700_000_007_000;
    const result = await createPrometheusConnector(endpoint()).pull({ centerId: 'dc1', range: { from, to: from + 3_600_000 }, watermark: null });
    assert.equal(result.kind, 'series');
    if (result.kind !== 'series') return;
    assert.deepEqual(result.series.map((s) => s.panel), panelIds);
    for (const batch of result.series) {
      assert.equal(batch.stepSeconds, 30);
      assert.deepEqual(batch.samples, [{ labels: { q: panel(batch.panel).query }, timestamps: [1_700_000_000_000 - (1_700_000_000_000 % 30_000)], values: [1] }]);
    }
    assert.deepEqual(
      server.requests.map((r) => form(r.body).query),
      panelIds.map((id) => panel(id).query),
    );
    const first = form(server.requests[0]?.body ?? '');
    assert.equal(Number(first.start) % 30, 0);
    assert.equal(Number(first.end) % 30, 0);
    assert.equal(first.step, '30');
  });

  test('the pull step is configurable', async () => {
    server.requests.length = 0;
    const result = await createPrometheusConnector(endpoint(), { stepSeconds: 60 }).pull({ centerId: 'dc1', range: { from: 0, to: 600_000 }, watermark: null });
    assert.ok(result.kind === 'series' && result.series.every((s) => s.stepSeconds === 60));
    assert.ok(server.requests.every((r) => form(r.body).step === '60'));
  });
});
