import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import type { Endpoint } from '../../shared/domain/records.ts';
import { spanRecordSchema, traceSummarySchema } from '../../shared/domain/traces.ts';
import { createTempoConnector, toLogfmt } from '../../electron/connectors/tempo/index.ts';
import { startLocalHttpServer, type LocalHttpServer } from '../support/real-servers.ts';
import { expectFailure, send } from '../support/connector-assertions.ts';

const fixture = (name: string) => readFileSync(new URL(`../fixtures/tempo/${name}`, import.meta.url), 'utf8');
const traceId = '2f3e0cee77ae5dc9c17ade3689eb2e54';

let server: LocalHttpServer;
before(async () => {
  server = await startLocalHttpServer();
});
after(() => server.stop());

const endpoint = (): Endpoint => ({ id: 'tempo-test', centerId: 'dc1', signal: 'traces', kind: 'prometheus', url: server.url, timeoutMs: 5_000 });
const connector = (options: Parameters<typeof createTempoConnector>[1] = {}) => createTempoConnector(endpoint(), options);

function sent(index = 0): { path: string; query: Record<string, string> } {
  const url = new URL(server.requests[index]?.url ?? '/', 'http://x');
  return { path: url.pathname, query: Object.fromEntries(url.searchParams) };
}

describe('search', () => {
  test('the tags example: logfmt tags, whole seconds, 64-bit ids padded, counts unknown without serviceStats', async () => {
    server.requests.length = 0;
    server.respond((_request, response) => send(response, 200, fixture('tempo-api.search.tags.json')));
    const found = await connector().search({ tags: { 'service.name': 'cartservice' }, fromMs: 1_634_727_700_500, toMs: 1_634_727_999_999, minDurationMs: 600, limit: 20 });
    assert.deepEqual(sent(), {
      path: '/api/search',
      query: { tags: 'service.name=cartservice', start: '1634727700', end: '1634728000', minDuration: '600ms', limit: '20' },
    });
    assert.deepEqual(found, [
      { traceId: '0000000000000000d6e9329d67b6146a', rootService: 'frontend', rootOperation: '/cart', startMs: 1_634_727_903_545, durationMs: 611, spanCount: null, errorCount: null, services: [] },
      { traceId: '00000000000000001b1ba462b409200d', rootService: 'frontend', rootOperation: '/cart', startMs: 1_634_727_775_935, durationMs: 611, spanCount: null, errorCount: null, services: [] },
    ]);
    found.forEach((summary) => traceSummarySchema.parse(summary));
  });

  test('the TraceQL example', async () => {
    server.requests.length = 0;
    server.respond((_request, response) => send(response, 200, fixture('tempo-api.search.traceql.json')));
    const found = await connector().search({ traceql: '{ status=error }', fromMs: 1_684_778_000_000, toMs: 1_684_778_999_999 });
    assert.deepEqual(sent().query, { q: '{ status=error }', start: '1684778000', end: '1684779000' });
    assert.deepEqual(found, [
      { traceId, rootService: 'shop-backend', rootOperation: 'update-billing', startMs: 1_684_778_327_699.3928, durationMs: 557, spanCount: null, errorCount: null, services: [] },
    ]);
  });

  test('serviceStats (Tempo 2.2+) give span and error counts and the services; proto3 omissions default', async () => {
    server.respond((_request, response) =>
      send(
        response,
        200,
        JSON.stringify({
          traces: [
            {
              traceID: '4bf92f3577b34da6a3ce929d0e0e4736',
              rootServiceName: 'frontend',
              rootTraceName: 'GET /cart',
              startTimeUnixNano: '1709632800123456789',
              durationMs: 42,
              serviceStats: { frontend: { spanCount: 3 }, cart: { spanCount: 5, errorCount: 2 } },
            },
            { traceID: '0af7651916cd43dd8448eb211c80319c', startTimeUnixNano: '1709632800000000000' },
          ],
        }),
      ),
    );
    assert.deepEqual(await connector().search({ fromMs: 0, toMs: 1 }), [
      { traceId: '4bf92f3577b34da6a3ce929d0e0e4736', rootService: 'frontend', rootOperation: 'GET /cart', startMs: 1_709_632_800_123.4568, durationMs: 42, spanCount: 8, errorCount: 2, services: ['cart', 'frontend'] },
      { traceId: '0af7651916cd43dd8448eb211c80319c', rootService: '', rootOperation: '', startMs: 1_709_632_800_000, durationMs: 0, spanCount: null, errorCount: null, services: [] },
    ]);
    server.respond((_request, response) => send(response, 200, '{"metrics":{"inspectedBytes":"0"}}'));
    assert.deepEqual(await connector().search({ fromMs: 0, toMs: 1 }), []);
  });

  test('logfmt quoting for values with spaces and quotes', () => {
    assert.equal(toLogfmt({ 'service.name': 'checkout', 'http.url': '/api/cart', msg: 'card "declined" now' }), 'service.name=checkout http.url=/api/cart msg="card \\"declined\\" now"');
    assert.throws(() => toLogfmt({ 'bad key': 'x' }), /a tag name cannot contain spaces/);
  });
});

describe('trace by id', () => {
  test('batches with base64 ids, enum names and every AnyValue kind convert field by field', async () => {
    server.requests.length = 0;
    server.respond((_request, response) => send(response, 200, fixture('tempo-api.trace-by-id.batches.json')));
    const spans = await connector().getTrace(traceId.toUpperCase(), 'eu-1');
    assert.equal(sent().path, `/api/traces/${traceId}`);
    assert.deepEqual(spans, [
      {
        centerId: 'eu-1',
        traceId,
        spanId: '4c6f1b0a2f6a3e21',
        parentSpanId: null,
        service: 'shop-backend',
        operation: 'update-billing',
        startMs: 1_684_778_327_699.3928,
        startNs: '1684778327699392724',
        durationMs: 557.009206,
        status: 'error',
        statusMessage: 'billing service unavailable',
        kind: 'server',
        attributes: { 'otel.scope.name': 'shop-backend-instrumentation', 'otel.scope.version': '0.1.0', 'http.method': 'POST', 'http.target': '/billing', 'http.status_code': '500' },
        resourceAttributes: { 'service.name': 'shop-backend', 'host.name': 'shop-backend-6d9c5f7b8-r4k2p' },
        events: [],
      },
      {
        centerId: 'eu-1',
        traceId,
        spanId: '563d623c76514f8e',
        parentSpanId: '4c6f1b0a2f6a3e21',
        service: 'billing-service',
        operation: 'charge-card',
        startMs: 1_684_778_327_735.078,
        startNs: '1684778327735077898',
        durationMs: 446.979497, // the search hit's durationNanos
        status: 'error',
        statusMessage: null,
        kind: 'client',
        attributes: { 'otel.scope.name': 'billing-instrumentation', retry: 'true', amount: '19.99', cards: '["visa",4]', customer: '{"tier":"gold"}' },
        resourceAttributes: { 'service.name': 'billing-service' },
        events: [{ name: 'exception', timeMs: 1_684_778_328_182, timeNs: '1684778328182000000', attributes: { 'exception.type': 'TimeoutError', 'exception.message': 'upstream timed out' } }],
      },
    ]);
    spans?.forEach((span) => spanRecordSchema.parse(span));
  });

  test('the same trace as {resourceSpans} or wrapped in {trace} (v2) converts the same', async () => {
    const batches = JSON.parse(fixture('tempo-api.trace-by-id.batches.json')) as { batches: unknown };
    server.respond((_request, response) => send(response, 200, fixture('tempo-api.trace-by-id.batches.json')));
    const expected = await connector().getTrace(traceId);
    server.respond((_request, response) => send(response, 200, JSON.stringify({ resourceSpans: batches.batches })));
    assert.deepEqual(await connector().getTrace(traceId), expected);
    server.respond((_request, response) => send(response, 200, JSON.stringify({ trace: { resourceSpans: batches.batches }, status: 'COMPLETE' })));
    assert.deepEqual(await connector().getTrace(traceId), expected);
  });

  test('404 is null; an empty trace is null', async () => {
    server.respond((_request, response) => send(response, 404, 'trace not found', 'text/plain'));
    assert.equal(await connector().getTrace(traceId), null);
    server.respond((_request, response) => send(response, 200, '{"batches":[]}'));
    assert.equal(await connector().getTrace(traceId), null);
  });
});

describe('bad answers and refusals', () => {
  test('a malformed id in the batches is named by its path', async () => {
    const body = JSON.parse(fixture('tempo-api.trace-by-id.batches.json')) as { batches: Array<{ scopeSpans: Array<{ spans: Array<Record<string, unknown>> }> }> };
    body.batches[1]!.scopeSpans[0]!.spans[0]!.traceId = 'Lz4M7neuXcnBet42iesu';
    server.respond((_request, response) => send(response, 200, JSON.stringify(body)));
    await expectFailure(
      connector().getTrace(traceId),
      'malformed',
      /^traces endpoint http:\/\/127\.0\.0\.1:\d+ \(GET \/api\/traces\/2f3e0cee77ae5dc9c17ade3689eb2e54\): batches\[1\]\.scopeSpans\[0\]\.spans\[0\]\.traceId: expected 32 hex characters or base64 of 16 bytes, got "Lz4M7neuXcnBet42iesu"$/,
    );
  });

  test('search answers with wrong types name the hit', async () => {
    server.respond((_request, response) => send(response, 200, JSON.stringify({ traces: [{ traceID: 'abc', startTimeUnixNano: '1' }, { traceID: 'xyz!', startTimeUnixNano: '1' }] })));
    await expectFailure(connector().search({ fromMs: 0, toMs: 1 }), 'malformed', /: traces\[1\]\.traceID: expected a trace id of up to 32 hex characters, got "xyz!"$/);
    server.respond((_request, response) => send(response, 200, JSON.stringify({ traces: [{ traceID: 'abc', startTimeUnixNano: '1.5e18' }] })));
    await expectFailure(connector().search({ fromMs: 0, toMs: 1 }), 'malformed', /: traces\[0\]\.startTimeUnixNano: expected nanoseconds since the epoch as a decimal string, got "1\.5e18"$/);
    server.respond((_request, response) => send(response, 200, JSON.stringify({ traces: [{ traceID: 'abc', durationMs: '611' }] })));
    await expectFailure(connector().search({ fromMs: 0, toMs: 1 }), 'malformed', /: traces\[0\]\.durationMs: expected number, got "611"$/);
  });

  test('a TraceQL syntax error (400, plain text) is a remote error in Tempo\'s words', async () => {
    server.respond((_request, response) => send(response, 400, 'invalid TraceQL query: parse error at line 1, col 3: syntax error: unexpected IDENTIFIER', 'text/plain; charset=utf-8'));
    await expectFailure(connector().search({ traceql: '{ x y }', fromMs: 0, toMs: 1 }), 'remote-error', /: Tempo error: invalid TraceQL query: parse error at line 1, col 3: syntax error: unexpected IDENTIFIER \(HTTP 400 Bad Request\)$/);
  });

  test('truncated JSON, an HTML page, a 503', async () => {
    const whole = fixture('tempo-api.trace-by-id.batches.json');
    server.respond((_request, response) => send(response, 200, whole.slice(0, 512)));
    await expectFailure(connector().getTrace(traceId), 'malformed', /: truncated JSON at byte 512$/);
    server.respond((_request, response) => send(response, 200, '<html><body>Grafana Cloud login</body></html>', 'text/html'));
    await expectFailure(connector().search({ fromMs: 0, toMs: 1 }), 'malformed', /: answer is not JSON \(HTML page starting "<html><body>Grafana Cloud login/);
    server.respond((_request, response) => send(response, 503, 'no healthy upstream', 'text/plain'));
    await expectFailure(connector().search({ fromMs: 0, toMs: 1 }), 'http-status', /: HTTP 503 Service Unavailable \(text\/plain text starting "no healthy upstream"\)$/);
  });

  test('an answer over the size limit is refused', async () => {
    server.respond((_request, response) => send(response, 200, fixture('tempo-api.trace-by-id.batches.json')));
    await expectFailure(connector({ maxResponseBytes: 1024 }).getTrace(traceId), 'too-large', /answer exceeds 1 KiB limit \(Content-Length \d+ bytes\)$/);
  });

  test('caller mistakes are RangeErrors', async () => {
    await assert.rejects(connector().search({ tags: { a: 'b' }, traceql: '{}', fromMs: 0, toMs: 1 }), /search by tags or by TraceQL, not both/);
    await assert.rejects(connector().search({ fromMs: 2, toMs: 1 }), /search range is empty/);
    await assert.rejects(connector().getTrace('zz'), /a trace id is up to 32 hex characters/);
  });
});

describe('health and pull', () => {
  test('health: buildinfo version, else /ready', async () => {
    server.respond((request, response) => (request.url === '/api/status/buildinfo' ? send(response, 200, fixture('tempo-api.status-buildinfo.json')) : send(response, 404, '')));
    const health = await connector().health();
    assert.deepEqual({ ok: health.ok, version: health.version }, { ok: true, version: '2.6.1' });
    server.respond((request, response) => (request.url === '/ready' ? send(response, 200, 'ready', 'text/plain') : send(response, 404, '404 page not found', 'text/plain')));
    assert.deepEqual(await connector().health().then((result) => [result.ok, result.message]), [true, 'ready']);
  });

  test('pull: search the range, fetch error traces first then the slowest, replace their summaries with full ones', async () => {
    server.requests.length = 0;
    const hits = {
      traces: [
        { traceID: '1b1ba462b409200d', rootServiceName: 'frontend', rootTraceName: '/cart', startTimeUnixNano: '1684778300000000000', durationMs: 900 },
        { traceID: traceId, rootServiceName: 'shop-backend', rootTraceName: 'update-billing', startTimeUnixNano: '1684778327699392724', durationMs: 557, serviceStats: { 'shop-backend': { spanCount: 1, errorCount: 1 } } },
        { traceID: 'd6e9329d67b6146a', rootServiceName: 'frontend', rootTraceName: '/', startTimeUnixNano: '1684778200000000000', durationMs: 20 },
      ],
    };
    server.respond((request, response) => {
      if (request.url?.startsWith('/api/search')) return send(response, 200, JSON.stringify(hits));
      if (request.url === `/api/traces/${traceId}`) return send(response, 200, fixture('tempo-api.trace-by-id.batches.json'));
      return send(response, 404, 'trace not found', 'text/plain');
    });
    const pulled = await connector({ pullTraceDetails: 2 }).pull({ centerId: 'eu-1', range: { from: 1_684_778_000_000, to: 1_684_778_999_999 }, watermark: null });
    assert.deepEqual(server.requests.map((request) => new URL(request.url, 'http://x').pathname), ['/api/search', `/api/traces/${traceId}`, '/api/traces/00000000000000001b1ba462b409200d']);
    assert.deepEqual(sent().query, { start: '1684778000', end: '1684779000', limit: '50' });
    assert.equal(pulled.kind, 'traces');
    assert.deepEqual(pulled.spans.map((span) => [span.spanId, span.centerId]), [['4c6f1b0a2f6a3e21', 'eu-1'], ['563d623c76514f8e', 'eu-1']]);
    assert.deepEqual(
      pulled.summaries.map((summary) => [summary.traceId, summary.spanCount, summary.errorCount, summary.services.join(',')]),
      [
        ['00000000000000001b1ba462b409200d', null, null, ''],
        [traceId, 2, 2, 'billing-service,shop-backend'],
        ['0000000000000000d6e9329d67b6146a', null, null, ''],
      ],
    );
  });
});
