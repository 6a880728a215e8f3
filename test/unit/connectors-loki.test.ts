import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { logLineRecordSchema } from '../../shared/domain/logs.ts';
import type { Endpoint } from '../../shared/domain/records.ts';
import { createLokiConnector, type LokiConnectorOptions } from '../../electron/connectors/loki/index.ts';
import { splitRange } from '../../electron/connectors/loki/query-pager.ts';
import { startLocalHttpServer, type LocalHttpServer } from '../support/real-servers.ts';
import { expectFailure, send } from '../support/connector-assertions.ts';

const fixture = (name: string) => readFileSync(new URL(`../fixtures/loki/${name}`, import.meta.url), 'utf8');

let server: LocalHttpServer;
before(async () => {
  server = await startLocalHttpServer();
});
after(() => server.stop());

const endpoint = (): Endpoint => ({ id: 'loki-test', centerId: 'dc1', signal: 'logs', kind: 'prometheus', url: server.url, timeoutMs: 5_000 });
const connector = (options: LokiConnectorOptions = {}) => createLokiConnector(endpoint(), options);

function params(url: string | undefined): Record<string, string> {
  return Object.fromEntries(new URL(url ?? '/', 'http://x').searchParams);
}

/** The id formula written out by hand: SHA-256 of [[sorted label pairs], ns, line], first 32 hex. */
function expectedId(labels: Record<string, string>, ns: string, line: string): string {
  const pairs = Object.keys(labels).sort().map((key) => [key, labels[key]]);
  return createHash('sha256').update(JSON.stringify([pairs, ns, line])).digest('hex').slice(0, 32);
}

describe('documented answers', () => {
  test('query_range streams example: request parameters and every field of every line', async () => {
    server.requests.length = 0;
    server.respond((_request, response) => send(response, 200, fixture('loki-http-api.query-range.streams.json')));
    const result = await connector().queryRange({ query: '{job="varlogs"}', fromMs: 1_569_266_492_000, toMs: 1_569_266_497_999 });

    assert.equal(server.requests.length, 1);
    assert.equal(new URL(server.requests[0]!.url, 'http://x').pathname, '/loki/api/v1/query_range');
    assert.deepEqual(params(server.requests[0]!.url), {
      query: '{job="varlogs"}',
      start: '1569266492000000000',
      end: '1569266498000000000', // toMs is inclusive, Loki's end exclusive: the whole last millisecond
      limit: '1000',
      direction: 'forward',
    });
    const labels = { filename: '/var/log/myproject.log', job: 'varlogs', level: 'info' };
    assert.deepEqual(result, {
      complete: true,
      requests: 1,
      warnings: [],
      lines: [
        {
          id: expectedId(labels, '1569266492548155000', 'bar'),
          centerId: 'dc1',
          timestamp: 1_569_266_492_548,
          timestampNs: '1569266492548155000',
          labels,
          metadata: {},
          namespace: null,
          pod: null,
          container: null,
          level: 'info',
          line: 'bar',
          traceId: null,
        },
        {
          id: expectedId(labels, '1569266497240578000', 'foo'),
          centerId: 'dc1',
          timestamp: 1_569_266_497_240,
          timestampNs: '1569266497240578000',
          labels,
          metadata: {},
          namespace: null,
          pod: null,
          container: null,
          level: 'info',
          line: 'foo',
          traceId: null,
        },
      ],
    });
    result.lines.forEach((line) => logLineRecordSchema.parse(line));
  });

  test('backward returns newest first, as the page documents', async () => {
    server.respond((_request, response) => send(response, 200, fixture('loki-http-api.query-range.streams.json')));
    const result = await connector().queryRange({ query: '{job="varlogs"}', fromMs: 1_569_266_492_000, toMs: 1_569_266_497_999, direction: 'backward' });
    assert.deepEqual(result.lines.map((line) => line.line), ['foo', 'bar']);
  });

  test('Loki 3 categorize-labels: metadata apart from stream labels, levels and trace ids from every source', async () => {
    server.requests.length = 0;
    server.respond((_request, response) => send(response, 200, fixture('loki-3.categorize-labels.streams.json')));
    const result = await connector().queryRange({ query: '{namespace=~"shop|kube-system"}', fromMs: 1_709_632_800_000, toMs: 1_709_632_800_999, centerId: 'eu-1' });
    const request = server.requests[0]!;
    assert.ok(request);
    const shop = { container: 'checkout', namespace: 'shop', pod: 'checkout-7d9f8b6c5-x2m4q', service_name: 'checkout' };
    const scheduler = { container: 'kube-scheduler', namespace: 'kube-system', pod: 'kube-scheduler-node-1', service_name: 'kube-scheduler' };
    const lines = [
      'ts=2024-03-05T10:00:00.123456789Z level=error msg="payment declined" traceID=4bf92f3577b34da6a3ce929d0e0e4736 order=9313',
      '{"time":"2024-03-05T10:00:00.223Z","level":"warn","msg":"retrying charge","trace_id":"4BF92F3577B34DA6A3CE929D0E0E4736"}',
      'GET /cart 200 traceparent=00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01',
      'E0305 10:00:00.323456       1 schedule_one.go:1004] "Error scheduling pod; retrying" err="0/3 nodes are available: 3 Insufficient cpu." pod="shop/checkout-7d9f8b6c5-abcde"',
    ];
    const common = (labels: typeof shop, ns: string, line: string) => ({
      id: expectedId(labels, ns, line),
      centerId: 'eu-1',
      timestamp: Number(ns.slice(0, -6)),
      timestampNs: ns,
      labels,
      namespace: labels.namespace,
      pod: labels.pod,
      container: labels.container,
      line,
    });
    assert.deepEqual(result.lines, [
      { ...common(shop, '1709632800123456789', lines[0]!), metadata: { detected_level: 'error' }, level: 'error', traceId: '4bf92f3577b34da6a3ce929d0e0e4736' },
      {
        ...common(shop, '1709632800223456789', lines[1]!),
        metadata: { trace_id: '4bf92f3577b34da6a3ce929d0e0e4736', span_id: '00f067aa0ba902b7' },
        level: 'warn',
        traceId: '4bf92f3577b34da6a3ce929d0e0e4736',
      },
      // Same nanosecond in two streams: both kept, in answer order.
      { ...common(shop, '1709632800323456789', lines[2]!), metadata: {}, level: 'unknown', traceId: '0af7651916cd43dd8448eb211c80319c' },
      { ...common(scheduler, '1709632800323456789', lines[3]!), metadata: {}, level: 'error', traceId: null },
    ]);
  });

  test('the categorize-labels flag is sent by default, alongside the caller\'s headers, and can be turned off', async () => {
    const seen: Array<Record<string, string | string[] | undefined>> = [];
    server.respond((request, response) => {
      seen.push(request.headers);
      send(response, 200, fixture('loki-http-api.query-range.streams.json'));
    });
    const range = { query: '{job="varlogs"}', fromMs: 1_569_266_492_000, toMs: 1_569_266_497_999 };
    await connector({ headers: { authorization: 'Bearer t0' } }).queryRange(range);
    await connector({ categorizeLabels: false }).queryRange(range);
    assert.equal(seen[0]?.['x-loki-response-encoding-flags'], 'categorize-labels');
    assert.equal(seen[0]?.authorization, 'Bearer t0');
    assert.equal(seen[1]?.['x-loki-response-encoding-flags'], undefined);
  });

  test('labels example', async () => {
    server.requests.length = 0;
    server.respond((_request, response) => send(response, 200, fixture('loki-http-api.labels.json')));
    assert.deepEqual(await connector().labels({ fromMs: 1_000, toMs: 1_999 }), ['foo', 'bar', 'baz']);
    assert.equal(new URL(server.requests[0]!.url, 'http://x').pathname, '/loki/api/v1/labels');
    assert.deepEqual(params(server.requests[0]!.url), { start: '1000000000', end: '2000000000' });
  });

  test('health reads the version from buildinfo, and falls back to /ready on an older Loki', async () => {
    server.respond((request, response) =>
      request.url === '/loki/api/v1/status/buildinfo' ? send(response, 200, fixture('loki-http-api.status-buildinfo.json')) : send(response, 404, '404 page not found\n', 'text/plain'),
    );
    const health = await connector().health();
    assert.deepEqual({ ok: health.ok, version: health.version }, { ok: true, version: '3.3.2' });

    server.respond((request, response) => (request.url === '/ready' ? send(response, 200, 'ready\n', 'text/plain') : send(response, 404, '404 page not found\n', 'text/plain')));
    const fallback = await connector().health();
    assert.deepEqual({ ok: fallback.ok, message: fallback.message }, { ok: true, message: 'ready' });
  });
});

interface Entry {
  labels: Record<string, string>;
  ns: bigint;
  line: string;
}

/**
 * A Loki-shaped range query over `entries`: start inclusive, end exclusive, the `limit` earliest
 * (forward) or latest (backward) entries, ties in a fixed order as a real store's are, grouped into
 * streams by label set.
 */
function lokiAnswer(entries: readonly Entry[], url: string): string {
  const query = params(url);
  const start = BigInt(query.start ?? '0');
  const end = BigInt(query.end ?? '0');
  const limit = Number(query.limit);
  const forward = query.direction === 'forward';
  const selected = entries
    .map((entry, index) => ({ entry, index }))
    .filter(({ entry }) => entry.ns >= start && entry.ns < end)
    .sort((a, b) => (a.entry.ns === b.entry.ns ? a.index - b.index : (a.entry.ns < b.entry.ns ? -1 : 1) * (forward ? 1 : -1)))
    .slice(0, limit)
    .map(({ entry }) => entry);
  const streams = new Map<string, { stream: Record<string, string>; values: string[][] }>();
  for (const entry of selected) {
    const key = JSON.stringify(entry.labels);
    const stream = streams.get(key) ?? { stream: entry.labels, values: [] };
    stream.values.push([entry.ns.toString(), entry.line]);
    streams.set(key, stream);
  }
  return JSON.stringify({ status: 'success', data: { resultType: 'streams', result: [...streams.values()], stats: {} } });
}

describe('paging past the limit', () => {
  const base = 1_700_000_000_000_000_000n;
  const a = { app: 'a' };
  const b = { app: 'b' };
  // Three lines share base+3 and four share base+5: both straddle page boundaries at limit 3.
  const entries: Entry[] = [
    { labels: a, ns: base + 1n, line: 'a1' },
    { labels: b, ns: base + 2n, line: 'b1' },
    { labels: a, ns: base + 3n, line: 'a2' },
    { labels: b, ns: base + 3n, line: 'b2' },
    { labels: a, ns: base + 3n, line: 'a3' },
    { labels: b, ns: base + 4n, line: 'b3' },
    { labels: a, ns: base + 5n, line: 'a4' },
    { labels: b, ns: base + 5n, line: 'b4' },
    { labels: a, ns: base + 5n, line: 'a5' },
    { labels: b, ns: base + 5n, line: 'b5' },
    { labels: a, ns: base + 6n, line: 'a6' },
  ];
  const fromMs = 1_700_000_000_000;
  const window = (url: string) => {
    const query = params(url);
    return [BigInt(query.start!) - base, BigInt(query.end!) - base, Number(query.limit)].map(String).join(' ');
  };

  test('forward: start moves to the last timestamp, equal timestamps at the boundary are neither lost nor doubled', async () => {
    server.requests.length = 0;
    server.respond((request, response) => send(response, 200, lokiAnswer(entries, request.url ?? '')));
    const result = await connector({ pageLimit: 3 }).queryRange({ query: '{app=~"a|b"}', fromMs, toMs: fromMs });
    // Oldest first; lines sharing a nanosecond in the order they first arrived (answers group by stream).
    assert.deepEqual(
      result.lines.map((line) => line.line),
      ['a1', 'b1', 'a2', 'a3', 'b2', 'b3', 'a4', 'b4', 'a5', 'b5', 'a6'],
    );
    assert.equal(new Set(result.lines.map((line) => line.id)).size, entries.length);
    assert.deepEqual(result.warnings, []);
    assert.equal(result.complete, true);
    // start..end (relative to base, end = next millisecond) and limit of each request
    assert.deepEqual(server.requests.map((request) => window(request.url)), [
      '0 1000000 3', // a1 b1 a2 → last timestamp +3
      '3 1000000 3', // a2 b2 a3 all at +3: no way past it at this size
      '3 1000000 6', // doubled: a2 b2 a3 b3 a4 b4 → last +5
      '5 1000000 3', // a4 b4 a5 all at +5
      '5 1000000 6', // a4 b4 a5 b5 a6: short page, range exhausted
    ]);
  });

  test('backward: end moves to one nanosecond past the last timestamp (end is exclusive)', async () => {
    server.requests.length = 0;
    server.respond((request, response) => send(response, 200, lokiAnswer(entries, request.url ?? '')));
    const result = await connector({ pageLimit: 3 }).queryRange({ query: '{app=~"a|b"}', fromMs, toMs: fromMs, direction: 'backward' });
    assert.deepEqual(
      result.lines.map((line) => line.line),
      ['a6', 'a4', 'b4', 'a5', 'b5', 'b3', 'a2', 'a3', 'b2', 'b1', 'a1'],
    );
    assert.equal(new Set(result.lines.map((line) => line.id)).size, entries.length);
    assert.deepEqual(server.requests.map((request) => window(request.url)), [
      '0 1000000 3', // a6 a4 b4 → smallest +5
      '0 6 3', // end = +5 + 1: a4 b4 a5, all at +5
      '0 6 6', // a4 b4 a5 b5 b3 a2 → smallest +3
      '0 4 3', // a2 b2 a3 all at +3
      '0 4 6', // a2 b2 a3 b1 a1: short page, done
    ]);
  });

  test('more lines at one nanosecond than the largest page: stepped over with a warning naming the timestamp', async () => {
    const crowded: Entry[] = [
      ...['c1', 'c2', 'c3', 'c4', 'c5'].map((line) => ({ labels: a, ns: base + 7n, line })),
      { labels: b, ns: base + 8n, line: 'after' },
    ];
    server.respond((request, response) => send(response, 200, lokiAnswer(crowded, request.url ?? '')));
    const result = await connector({ pageLimit: 2, maxPageLimit: 4 }).queryRange({ query: '{app=~"a|b"}', fromMs, toMs: fromMs });
    assert.deepEqual(result.lines.map((line) => line.line), ['c1', 'c2', 'c3', 'c4', 'after']);
    assert.deepEqual(result.warnings, [
      `at least 4 lines share the timestamp ${base + 7n} ns; lines beyond the first 4 at that instant may be missing`,
    ]);
  });

  test('maxLines stops early: incomplete, and pull says where to resume', async () => {
    server.respond((request, response) => send(response, 200, lokiAnswer(entries, request.url ?? '')));
    const result = await connector({ pageLimit: 3 }).queryRange({ query: '{app=~"a|b"}', fromMs, toMs: fromMs, maxLines: 4 });
    assert.deepEqual(result.lines.map((line) => line.line), ['a1', 'b1', 'a2', 'a3']);
    assert.equal(result.complete, false);

    const pulled = await connector({ pageLimit: 3, maxLines: 4, pullQuery: '{app=~"a|b"}' }).pull({ centerId: 'eu-1', range: { from: fromMs, to: fromMs }, watermark: null });
    assert.equal(pulled.kind, 'logs');
    assert.deepEqual(pulled.lines.map((line) => [line.line, line.centerId]), [['a1', 'eu-1'], ['b1', 'eu-1'], ['a2', 'eu-1'], ['a3', 'eu-1']]);
    assert.deepEqual({ complete: pulled.complete, resumeFromMs: pulled.resumeFromMs }, { complete: false, resumeFromMs: fromMs });

    const whole = await connector({ pageLimit: 3, pullQuery: '{app=~"a|b"}' }).pull({ centerId: 'eu-1', range: { from: fromMs, to: fromMs }, watermark: null });
    assert.deepEqual({ count: whole.lines.length, complete: whole.complete, resumeFromMs: whole.resumeFromMs }, { count: 11, complete: true, resumeFromMs: null });
  });
});

describe('ranges longer than a day', () => {
  const day = 86_400_000;
  const from = Date.UTC(2024, 2, 1);

  test('splitRange covers the range back to back in at most one-day pieces', () => {
    assert.deepEqual(splitRange(from, from + 2.5 * day, day), [
      { startMs: from, endMs: from + day },
      { startMs: from + day, endMs: from + 2 * day },
      { startMs: from + 2 * day, endMs: from + 2.5 * day },
    ]);
    assert.deepEqual(splitRange(from, from + day, day), [{ startMs: from, endMs: from + day }]);
  });

  test('2.5 days become three requests, walked in the query direction, lines merged', async () => {
    const ns = (ms: number) => `${ms}000000`;
    for (const direction of ['forward', 'backward'] as const) {
      server.requests.length = 0;
      server.respond((request, response) => {
        const query = params(request.url);
        // One line in the middle of each window, stamped in that window.
        const middle = (BigInt(query.start!) + BigInt(query.end!)) / 2n;
        send(response, 200, JSON.stringify({ status: 'success', data: { resultType: 'streams', result: [{ stream: { app: 'a' }, values: [[middle.toString(), `line ${middle}`]] }] } }));
      });
      const result = await connector().queryRange({ query: '{app="a"}', fromMs: from, toMs: from + 2.5 * day - 1, direction });
      const windows = server.requests.map((request) => [params(request.url).start, params(request.url).end]);
      const expected = [
        [ns(from), ns(from + day)],
        [ns(from + day), ns(from + 2 * day)],
        [ns(from + 2 * day), ns(from + 2.5 * day)],
      ];
      assert.deepEqual(windows, direction === 'forward' ? expected : expected.reverse(), direction);
      const stamps = result.lines.map((line) => line.timestamp);
      assert.deepEqual(stamps, direction === 'forward' ? [...stamps].sort((x, y) => x - y) : [...stamps].sort((x, y) => y - x));
      assert.equal(result.lines.length, 3);
    }
  });
});

describe('bad answers and refusals', () => {
  const query = { query: '{job="varlogs"}', fromMs: 1_569_266_492_000, toMs: 1_569_266_497_999 };
  const prefix = /^logs endpoint http:\/\/127\.0\.0\.1:\d+ \(GET \/loki\/api\/v1\/query_range\?query=/;

  test('truncated JSON names the byte where it stopped', async () => {
    const body = fixture('loki-http-api.query-range.streams.json');
    const cut = body.slice(0, 200);
    server.respond((_request, response) => send(response, 200, cut));
    await expectFailure(connector().queryRange(query), 'malformed', prefix, new RegExp(`: truncated JSON at byte ${Buffer.byteLength(cut)}$`));
  });

  test('a timestamp sent as a number instead of a string names the entry', async () => {
    server.respond((_request, response) =>
      send(response, 200, JSON.stringify({ status: 'success', data: { resultType: 'streams', result: [{ stream: { job: 'x' }, values: [['1569266492548155000', 'ok'], [1569266497240578000, 'bad']] }] } })),
    );
    await expectFailure(connector().queryRange(query), 'malformed', /: data\.result\[0\]\.values\[1\]\[0\]: expected nanoseconds since the epoch as a decimal string, got number 1569266497240578000$/);
  });

  test('wrong types in the envelope name the path', async () => {
    server.respond((_request, response) => send(response, 200, JSON.stringify({ status: 'success', data: { resultType: 'streams', result: [{ stream: { job: 7 }, values: [] }] } })));
    await expectFailure(connector().queryRange(query), 'malformed', /: data\.result\[0\]\.stream\.job: expected string, got number 7$/);
    server.respond((_request, response) => send(response, 200, JSON.stringify({ status: 'success', data: { resultType: 'streams', result: [{ stream: {}, values: [['1', 'x', { trace_id: 5 }]] }] } })));
    await expectFailure(connector().queryRange(query), 'malformed', /: data\.result\[0\]\.values\[0\]\[2\]: expected an object of string values, got an object$/);
  });

  test('a metric query answers with a matrix: said plainly', async () => {
    server.respond((_request, response) => send(response, 200, JSON.stringify({ status: 'success', data: { resultType: 'matrix', result: [] } })));
    await expectFailure(connector().queryRange({ ...query, query: 'rate({job="varlogs"}[5m])' }), 'malformed', /: data\.resultType: expected "streams" \(a log query\), got "matrix": a metric query does not return log lines$/);
  });

  test('lines outside the requested window are refused (they would derail paging)', async () => {
    server.respond((_request, response) =>
      send(response, 200, JSON.stringify({ status: 'success', data: { resultType: 'streams', result: [{ stream: { job: 'x' }, values: [['1000', 'too early']] }] } })),
    );
    await expectFailure(connector().queryRange(query), 'malformed', /a line stamped 1000 ns lies outside the requested range \[1569266492000000000, 1569266498000000000\)$/);
  });

  test('an HTML page with status 200 is not JSON', async () => {
    server.respond((_request, response) => send(response, 200, '<html><head><title>Sign in</title></head><body>SSO</body></html>', 'text/html'));
    await expectFailure(connector().queryRange(query), 'malformed', /: answer is not JSON \(HTML page starting "<html><head><title>Sign in/);
  });

  test('400 with Loki\'s plain-text parse error becomes a remote error with the whole message', async () => {
    const message = 'parse error at line 1, col 7: syntax error: unexpected IDENTIFIER, expecting STRING or BYTES or DURATION or NUMBER or RANGE or OPEN_BRACE';
    server.respond((_request, response) => send(response, 400, message, 'text/plain; charset=utf-8'));
    const error = await expectFailure(connector().queryRange({ ...query, query: '{job=varlogs}' }), 'remote-error', prefix, new RegExp(`: Loki error: ${message.replace(/[()]/g, '\\$&')} \\(HTTP 400 Bad Request\\)$`));
    assert.equal(error.status, 400);
  });

  test('5xx stays an HTTP status error with the start of the body', async () => {
    server.respond((_request, response) => send(response, 502, '<html><head><title>502 Bad Gateway</title></head></html>', 'text/html'));
    assert.equal((await expectFailure(connector().queryRange(query), 'http-status', /: HTTP 502 Bad Gateway \(HTML page starting "<html><head><title>502 Bad Gateway/)).status, 502);
    server.respond((_request, response) => send(response, 504, 'request timed out, decrease the duration of the request or add more label matchers', 'text/plain; charset=utf-8'));
    await expectFailure(connector().queryRange(query), 'http-status', /: HTTP 504 Gateway Timeout \(text\/plain text starting "request timed out, decrease the duration/);
  });

  test('401 stays unauthorized, even with a plain-text body', async () => {
    server.respond((_request, response) => send(response, 401, 'no org id\n', 'text/plain'));
    await expectFailure(connector().queryRange(query), 'unauthorized', /: HTTP 401 Unauthorized/);
  });

  test('an answer over the size limit is refused', async () => {
    server.respond((_request, response) => send(response, 200, fixture('loki-http-api.query-range.streams.json') + ' '.repeat(4096)));
    await expectFailure(connector({ maxResponseBytes: 1024 }).queryRange(query), 'too-large', /: answer exceeds 1 KiB limit \(Content-Length \d+ bytes\)$/);
  });

  test('an answer with more lines than the limit asked for is refused', async () => {
    server.respond((_request, response) => {
      const values = Array.from({ length: 3 }, (_, index) => [`156926649254815500${index}`, `line ${index}`]);
      send(response, 200, JSON.stringify({ status: 'success', data: { resultType: 'streams', result: [{ stream: { job: 'x' }, values }] } }));
    });
    await expectFailure(connector().queryRange({ ...query, limit: 2 }), 'malformed', /: data\.result: 3 lines returned for limit=2$/);
  });

  test('caller mistakes are RangeErrors, before any request', async () => {
    await assert.rejects(connector().queryRange({ ...query, fromMs: 2, toMs: 1 }), /query range is empty: 2 \.\. 1/);
    await assert.rejects(connector().queryRange({ ...query, query: ' ' }), /LogQL query is empty/);
    await assert.rejects(connector().queryRange({ ...query, limit: 0 }), /limit must be a positive whole number, got 0/);
    await assert.rejects(connector().queryRange({ ...query, fromMs: 1.5 }), /fromMs must be whole epoch milliseconds, got 1\.5/);
  });
});
