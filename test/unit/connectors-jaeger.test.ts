import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import type { Endpoint } from '../../shared/domain/records.ts';
import { spanRecordSchema, type SpanRecord } from '../../shared/domain/traces.ts';
import { createJaegerConnector } from '../../electron/connectors/jaeger/index.ts';
import { freePort, startLocalHttpServer, type LocalHttpServer } from '../support/real-servers.ts';
import { expectFailure, send } from '../support/connector-assertions.ts';

const fixture = (name: string) => readFileSync(new URL(`../fixtures/jaeger/${name}`, import.meta.url), 'utf8');
const hotrodId = '2ea75461946a7dd10f2c15ab36a076cb';

let server: LocalHttpServer;
before(async () => {
  server = await startLocalHttpServer();
});
after(() => server.stop());

const endpoint = (url = server.url): Endpoint => ({ id: 'jaeger-test', centerId: 'dc1', signal: 'traces', kind: 'prometheus', url, timeoutMs: 5_000 });
const connector = () => createJaegerConnector(endpoint());

function sent(index = 0): { path: string; query: Record<string, string> } {
  const url = new URL(server.requests[index]?.url ?? '/', 'http://x');
  return { path: url.pathname, query: Object.fromEntries(url.searchParams) };
}

const frontendResource = {
  'host.name': '2fd43f7d79c6',
  'os.type': 'linux',
  'service.name': 'frontend',
  'telemetry.sdk.language': 'go',
  'telemetry.sdk.name': 'opentelemetry',
  'telemetry.sdk.version': '1.44.0',
};
const redisResource = { ...frontendResource, 'service.name': 'redis-manual' };

/** The root and the failed redis call, field by field, as api_v3 (nanoseconds) reports them. */
const rootV3: SpanRecord = {
  centerId: 'dc1',
  traceId: hotrodId,
  spanId: 'c8d93156b47cd010',
  parentSpanId: null,
  service: 'frontend',
  operation: 'GET /dispatch',
  startMs: 1_782_036_644_630.407,
  startNs: '1782036644630407050',
  durationMs: 702.608277,
  status: 'unset',
  statusMessage: null,
  kind: 'server',
  attributes: {
    'otel.scope.name': 'go.opentelemetry.io/contrib/instrumentation/net/http/otelhttp',
    'otel.scope.version': '0.69.0',
    'client.address': '172.17.0.1',
    'http.request.method': 'GET',
    'http.response.body.size': '40',
    'http.response.status_code': '200',
    'http.route': '/dispatch',
    'network.peer.address': '172.17.0.1',
    'network.peer.port': '55760',
    'network.protocol.version': '1.1',
    'server.address': 'localhost',
    'server.port': '8080',
    'url.path': '/dispatch',
    'url.scheme': 'http',
    'user_agent.original': 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/149.0.0.0 Safari/537.36',
  },
  resourceAttributes: frontendResource,
  events: [
    { name: 'Dispatch successful', timeMs: 1_782_036_645_332.9895, timeNs: '1782036645332989516', attributes: { driver: 'T724621C', eta: '2m0s', level: 'info' } },
    { name: 'Getting customer', timeMs: 1_782_036_644_635.6497, timeNs: '1782036644635649615', attributes: { customer_id: '123', level: 'info' } },
    { name: 'HTTP request received', timeMs: 1_782_036_644_630.45, timeNs: '1782036644630449832', attributes: { level: 'info', method: 'GET', url: '/dispatch?customer=123&nonse=0.7647600816788169' } },
  ],
};
const failedGetDriverV3: SpanRecord = {
  centerId: 'dc1',
  traceId: hotrodId,
  spanId: '515f970d6a704d52',
  parentSpanId: '12c2cadb3c59f584',
  service: 'redis-manual',
  operation: 'GetDriver',
  startMs: 1_782_036_644_919.044,
  startNs: '1782036644919043867',
  durationMs: 32.55282,
  status: 'error',
  statusMessage: 'An error occurred',
  kind: 'client',
  attributes: { 'otel.scope.name': 'redis-manual', 'param.driverID': 'T778539C' },
  resourceAttributes: redisResource,
  events: [
    { name: 'exception', timeMs: 1_782_036_644_951.3647, timeNs: '1782036644951364847', attributes: { 'exception.message': 'redis timeout', 'exception.type': '*errors.errorString' } },
    { name: 'redis timeout', timeMs: 1_782_036_644_951.3918, timeNs: '1782036644951391790', attributes: { driver_id: 'T778539C', error: 'redis timeout', level: 'error' } },
  ],
};

/** What the legacy API (microseconds) can carry of a record: times truncated to whole microseconds. */
function toMicroseconds(record: SpanRecord): SpanRecord {
  const micros = (ns: bigint) => ns / 1000n;
  const startNs = BigInt(record.startNs);
  const endNs = startNs + BigInt(Math.round(record.durationMs * 1e6));
  return {
    ...record,
    startNs: (micros(startNs) * 1000n).toString(),
    startMs: Number(micros(startNs)) / 1000,
    // Jaeger truncates the duration itself to whole microseconds.
    durationMs: Number(micros(endNs - startNs)) / 1000,
    events: record.events.map((event) => ({ ...event, timeNs: (micros(BigInt(event.timeNs)) * 1000n).toString(), timeMs: Number(micros(BigInt(event.timeNs))) / 1000 })),
  };
}

describe('api_v3 (OTLP) on the HotROD trace', () => {
  test('getTraceV3 converts every span; root and failed call checked field by field', async () => {
    server.requests.length = 0;
    server.respond((_request, response) => send(response, 200, fixture('jaeger-ui.api-v3.hotrod-trace.trimmed.json')));
    const spans = await connector().getTraceV3(hotrodId.toUpperCase());
    assert.ok(spans);
    assert.equal(sent().path, `/api/v3/traces/${hotrodId}`);
    assert.deepEqual(spans.find((span) => span.spanId === 'c8d93156b47cd010'), rootV3);
    assert.deepEqual(spans.find((span) => span.spanId === '515f970d6a704d52'), failedGetDriverV3);
    assert.deepEqual(
      spans.map((span) => [span.spanId, span.parentSpanId, span.service, span.operation, span.kind, span.status, span.startNs, span.durationMs]),
      [
        ['9082d67808fc8870', 'c8d93156b47cd010', 'frontend', 'HTTP GET', 'client', 'unset', '1782036644636668325', 261.558454],
        ['7286f10626650bcb', 'c8d93156b47cd010', 'frontend', 'HTTP GET', 'client', 'unset', '1782036645125825261', 37.276447],
        ['c8d93156b47cd010', null, 'frontend', 'GET /dispatch', 'server', 'unset', '1782036644630407050', 702.608277],
        ['4fc89bb4bc7afb79', 'c8d93156b47cd010', 'frontend', 'driver.DriverService/FindNearest', 'client', 'unset', '1782036644898589215', 226.852923],
        ['12c2cadb3c59f584', '4fc89bb4bc7afb79', 'driver', 'driver.DriverService/FindNearest', 'server', 'unset', '1782036644899101911', 226.054196],
        ['e6708333fe663354', '7286f10626650bcb', 'route', 'GET /route', 'server', 'unset', '1782036645126491080', 36.402913],
        ['287ef456402ce2ad', '12c2cadb3c59f584', 'redis-manual', 'FindDriverIDs', 'client', 'unset', '1782036644899180813', 19.713653],
        ['515f970d6a704d52', '12c2cadb3c59f584', 'redis-manual', 'GetDriver', 'client', 'error', '1782036644919043867', 32.55282],
        ['bd0ab5445ccdf1dc', '12c2cadb3c59f584', 'redis-manual', 'GetDriver', 'client', 'unset', '1782036644951687337', 15.399735],
      ],
    );
    spans.forEach((span) => spanRecordSchema.parse(span));
  });

  test('findTracesV3 sends query.* parameters with RFC 3339 times and summarises what comes back', async () => {
    server.requests.length = 0;
    server.respond((_request, response) => send(response, 200, fixture('jaeger-ui.api-v3.hotrod-trace.trimmed.json')));
    const found = await connector().findTracesV3({
      service: 'frontend',
      operation: 'GET /dispatch',
      tags: { 'http.response.status_code': '200' },
      fromMs: Date.UTC(2026, 5, 21, 10, 0, 0),
      toMs: Date.UTC(2026, 5, 21, 10, 59, 59, 999),
      minDurationMs: 250,
      limit: 20,
    });
    assert.deepEqual(sent(), {
      path: '/api/v3/traces',
      query: {
        'query.service_name': 'frontend',
        'query.operation_name': 'GET /dispatch',
        'query.attributes': '{"http.response.status_code":"200"}',
        'query.start_time_min': '2026-06-21T10:00:00.000Z',
        'query.start_time_max': '2026-06-21T11:00:00.000Z',
        'query.duration_min': '250ms',
        'query.search_depth': '20',
      },
    });
    assert.equal(found.spans.length, 9);
    assert.deepEqual(found.summaries.map((summary) => [summary.traceId, summary.rootOperation, summary.spanCount, summary.errorCount]), [[hotrodId, 'GET /dispatch', 9, 1]]);
  });

  test('not found is null (getTraceV3) or nothing found (findTracesV3); other errors carry Jaeger\'s message', async () => {
    const notFound = '{"error":{"grpcCode":5,"httpCode":404,"message":"trace not found","httpStatus":"Not Found"}}';
    server.respond((_request, response) => send(response, 404, notFound));
    assert.equal(await connector().getTraceV3(hotrodId), null);
    assert.deepEqual(await connector().findTracesV3({ service: 'frontend', fromMs: 0, toMs: 1 }), { summaries: [], spans: [], warnings: [] });
    server.respond((_request, response) => send(response, 500, '{"error":{"grpcCode":2,"httpCode":500,"message":"cannot query storage: context deadline exceeded","httpStatus":"Internal Server Error"}}'));
    await expectFailure(connector().getTraceV3(hotrodId), 'remote-error', /\(GET \/api\/v3\/traces\/2ea75461946a7dd10f2c15ab36a076cb\): Jaeger error: cannot query storage: context deadline exceeded \(HTTP 500 Internal Server Error\)$/);
  });

  test('a malformed span inside the OTLP answer is named by its path under result', async () => {
    const body = JSON.parse(fixture('jaeger-ui.api-v3.hotrod-trace.trimmed.json')) as { result: { resourceSpans: Array<{ scopeSpans: Array<{ spans: Array<Record<string, unknown>> }> }> } };
    body.result.resourceSpans[3]!.scopeSpans[0]!.spans[1]!.spanId = 'not-hex!';
    server.respond((_request, response) => send(response, 200, JSON.stringify(body)));
    await expectFailure(connector().getTraceV3(hotrodId), 'malformed', /: result\.resourceSpans\[3\]\.scopeSpans\[0\]\.spans\[1\]\.spanId: expected 16 hex characters or base64 of 8 bytes, got "not-hex!"$/);
    server.respond((_request, response) => send(response, 200, '{"resourceSpans": []}'));
    await expectFailure(connector().getTraceV3(hotrodId), 'malformed', /\(GET \/api\/v3\/traces\/2ea75461946a7dd10f2c15ab36a076cb\): result: missing \(expected record\)$/);
  });
});

describe('the legacy API (Jaeger JSON model)', () => {
  test('getTrace on the same HotROD spans gives the same records as api_v3, to the microsecond', async () => {
    server.respond((request, response) =>
      send(response, 200, fixture(request.url?.startsWith('/api/v3/') ? 'jaeger-ui.api-v3.hotrod-trace.trimmed.json' : 'jaeger-api.hotrod-trace.legacy-model.json')),
    );
    server.requests.length = 0;
    const legacy = await connector().getTrace(hotrodId);
    assert.equal(sent().path, `/api/traces/${hotrodId}`);
    const v3 = await connector().getTraceV3(hotrodId);
    assert.ok(legacy && v3);
    assert.equal(legacy.length, 9);
    // Field by field for the root (tags span.kind / otel.scope.* / error / otel.status_* land in their fields)…
    assert.deepEqual(legacy.find((span) => span.spanId === 'c8d93156b47cd010'), toMicroseconds(rootV3));
    assert.deepEqual(legacy.find((span) => span.spanId === '515f970d6a704d52'), toMicroseconds(failedGetDriverV3));
    // …and every span equal to its api_v3 twin once times are cut to microseconds.
    assert.deepEqual(legacy, v3.map(toMicroseconds));
  });

  test('findTraces: request parameters, a span repeated in the answer kept once, a parent outside the trace', async () => {
    server.requests.length = 0;
    server.respond((_request, response) => send(response, 200, fixture('jaeger.otlp2jaeger-out.json')));
    const found = await connector().findTraces({
      service: 'telemetrygen',
      operation: 'okey-dokey-0',
      tags: { 'net.peer.ip': '1.2.3.4', error: 'false' },
      fromMs: 1_706_678_900_000,
      toMs: 1_706_678_999_999,
      minDurationMs: 0.1,
      maxDurationMs: 1500,
      limit: 20,
    });
    assert.deepEqual(sent(), {
      path: '/api/traces',
      query: {
        service: 'telemetrygen',
        operation: 'okey-dokey-0',
        tags: '{"net.peer.ip":"1.2.3.4","error":"false"}',
        start: '1706678900000000',
        end: '1706678999999999',
        minDuration: '0.1ms',
        maxDuration: '1500ms',
        limit: '20',
      },
    });
    assert.deepEqual(found.spans, [
      {
        centerId: 'dc1',
        traceId: '83a9efd15c1c98a977e0711cc93ee28b',
        spanId: 'e127af99e3b3e074',
        parentSpanId: '909541b92cf05311',
        service: 'telemetrygen',
        operation: 'okey-dokey-0',
        startMs: 1_706_678_909_209.712,
        startNs: '1706678909209712000',
        durationMs: 0.123,
        status: 'unset',
        statusMessage: null,
        kind: 'server',
        attributes: { 'otel.scope.name': 'telemetrygen', 'net.peer.ip': '1.2.3.4', 'peer.service': 'telemetrygen-client' },
        resourceAttributes: { 'service.name': 'telemetrygen' },
        events: [],
      },
    ]);
    assert.deepEqual(found.summaries, [
      {
        traceId: '83a9efd15c1c98a977e0711cc93ee28b',
        rootService: 'telemetrygen',
        rootOperation: 'okey-dokey-0',
        startMs: 1_706_678_909_209.712,
        durationMs: 0.123,
        spanCount: 1,
        errorCount: 0,
        services: ['telemetrygen'],
      },
    ]);
    assert.deepEqual(found.warnings, []);
  });

  test('64-bit trace ids are padded; OpenTracing error=true, FOLLOWS_FROM parents, inline processes, partial errors', async () => {
    const answer = {
      data: [
        {
          traceID: '5915e2d0f3575298',
          spans: [
            {
              traceID: '5915e2d0f3575298',
              spanID: '5915e2d0f3575298',
              operationName: 'HTTP GET /dispatch',
              references: [],
              startTime: 1_657_915_861_152_340,
              duration: 1_737_292,
              tags: [{ key: 'error', type: 'bool', value: true }, { key: 'sampler.type', type: 'string', value: 'const' }],
              logs: [{ timestamp: 1_657_915_861_152_400, fields: [{ key: 'message', type: 'string', value: 'no event field' }] }],
              processID: 'p1',
            },
            {
              traceID: '5915e2d0f3575298',
              spanID: '2a',
              operationName: 'consume',
              references: [
                { refType: 'CHILD_OF', traceID: 'ffffffffffffffffffffffffffffffff', spanID: '1111111111111111' },
                { refType: 'FOLLOWS_FROM', traceID: '5915e2d0f3575298', spanID: '5915e2d0f3575298' },
              ],
              startTime: 1_657_915_861_200_000,
              duration: 10,
              process: { serviceName: 'worker', tags: [{ key: 'hostname', type: 'string', value: 'w-1' }] },
            },
          ],
          processes: { p1: { serviceName: 'frontend', tags: null } },
          warnings: ['clock skew adjustment disabled'],
        },
      ],
      total: 0,
      limit: 0,
      offset: 0,
      errors: [{ code: 0, msg: 'trace not found', traceID: 'abc' }],
    };
    server.respond((_request, response) => send(response, 200, JSON.stringify(answer)));
    const found = await connector().findTraces({ service: 'frontend', fromMs: 0, toMs: 1 });
    assert.deepEqual(
      found.spans.map((span) => ({ traceId: span.traceId, spanId: span.spanId, parentSpanId: span.parentSpanId, service: span.service, status: span.status, attributes: span.attributes, resourceAttributes: span.resourceAttributes, events: span.events })),
      [
        {
          traceId: '00000000000000005915e2d0f3575298',
          spanId: '5915e2d0f3575298',
          parentSpanId: null,
          service: 'frontend',
          status: 'error',
          attributes: { 'sampler.type': 'const' },
          resourceAttributes: { 'service.name': 'frontend' },
          events: [{ name: '', timeMs: 1_657_915_861_152.4, timeNs: '1657915861152400000', attributes: { message: 'no event field' } }],
        },
        {
          traceId: '00000000000000005915e2d0f3575298',
          spanId: '000000000000002a',
          parentSpanId: '5915e2d0f3575298', // the CHILD_OF points into another trace: a link, not the parent
          service: 'worker',
          status: 'unset',
          attributes: {},
          resourceAttributes: { hostname: 'w-1', 'service.name': 'worker' },
          events: [],
        },
      ],
    );
    assert.deepEqual(found.warnings, ['trace abc: trace not found', 'trace 5915e2d0f3575298: clock skew adjustment disabled']);
  });

  test('services and operations (with the pre-1.16 fallback path)', async () => {
    server.requests.length = 0;
    server.respond((request, response) =>
      send(response, 200, fixture(request.url === '/api/services' ? 'jaeger-api.services.json' : 'jaeger-api.operations.json')),
    );
    assert.deepEqual(await connector().services(), ['customer', 'driver', 'frontend', 'mysql', 'redis-manual', 'route']);
    assert.deepEqual(await connector().operations('frontend'), [
      { name: 'GET /dispatch', spanKind: 'server' },
      { name: 'HTTP GET', spanKind: 'client' },
      { name: 'driver.DriverService/FindNearest', spanKind: 'client' },
    ]);
    assert.deepEqual(sent(1), { path: '/api/operations', query: { service: 'frontend' } });

    server.requests.length = 0;
    server.respond((request, response) =>
      request.url === '/api/services/redis%20manual/operations' ? send(response, 200, '{"data":["GetDriver","FindDriverIDs"],"total":2,"limit":0,"offset":0,"errors":null}') : send(response, 404, '404 page not found\n', 'text/plain'),
    );
    assert.deepEqual(await connector().operations('redis manual'), [
      { name: 'GetDriver', spanKind: null },
      { name: 'FindDriverIDs', spanKind: null },
    ]);
  });

  test('not found is null; a 200 envelope with only errors is a remote error', async () => {
    server.respond((_request, response) => send(response, 404, '{"data":null,"total":0,"limit":0,"offset":0,"errors":[{"code":404,"msg":"trace not found"}]}'));
    assert.equal(await connector().getTrace(hotrodId), null);
    server.respond((_request, response) => send(response, 200, '{"data":null,"total":0,"limit":0,"offset":0,"errors":[{"code":500,"msg":"elasticsearch: no index found"}]}'));
    await expectFailure(connector().services(), 'remote-error', /\(GET \/api\/services\): Jaeger error: elasticsearch: no index found$/);
    server.respond((_request, response) => send(response, 400, '{"data":null,"total":0,"limit":0,"offset":0,"errors":[{"code":400,"msg":"parameter \'service\' is required"}]}'));
    const error = await expectFailure(connector().findTraces({ service: 'x', fromMs: 0, toMs: 1 }), 'remote-error', /: Jaeger error: parameter 'service' is required \(HTTP 400 Bad Request\)$/);
    assert.equal(error.status, 400);
  });
});

describe('bad answers', () => {
  const prefix = /^traces endpoint http:\/\/127\.0\.0\.1:\d+ \(GET \/api\/traces\/2ea75461946a7dd10f2c15ab36a076cb\): /;

  test('wrong types and dangling process ids name the path', async () => {
    const body = JSON.parse(fixture('jaeger-api.hotrod-trace.legacy-model.json')) as { data: Array<{ spans: Array<Record<string, unknown>>; processes: Record<string, unknown> }> };
    body.data[0]!.spans[4]!.startTime = '1782036644899101';
    server.respond((_request, response) => send(response, 200, JSON.stringify(body)));
    await expectFailure(connector().getTrace(hotrodId), 'malformed', prefix, /data\[0\]\.spans\[4\]\.startTime: expected number, got "1782036644899101"$/);

    const dangling = JSON.parse(fixture('jaeger-api.hotrod-trace.legacy-model.json')) as typeof body;
    delete dangling.data[0]!.processes.p4;
    server.respond((_request, response) => send(response, 200, JSON.stringify(dangling)));
    await expectFailure(connector().getTrace(hotrodId), 'malformed', /: data\[0\]\.spans\[6\]\.processID: "p4" is not in data\[0\]\.processes$/);

    const badId = JSON.parse(fixture('jaeger-api.hotrod-trace.legacy-model.json')) as typeof body;
    badId.data[0]!.spans[2]!.spanID = 'c8d93156b47cd010ff';
    server.respond((_request, response) => send(response, 200, JSON.stringify(badId)));
    await expectFailure(connector().getTrace(hotrodId), 'malformed', /: data\[0\]\.spans\[2\]\.spanID: expected a span id of up to 16 hex characters, got "c8d93156b47cd010ff"$/);
  });

  test('truncated JSON, an HTML login page, a 502', async () => {
    const whole = fixture('jaeger-api.hotrod-trace.legacy-model.json');
    server.respond((_request, response) => send(response, 200, whole.slice(0, 1000)));
    await expectFailure(connector().getTrace(hotrodId), 'malformed', prefix, /truncated JSON at byte 1000$/);
    server.respond((_request, response) => send(response, 200, '<!DOCTYPE html><html><title>Sign in</title></html>', 'text/html'));
    await expectFailure(connector().getTrace(hotrodId), 'malformed', /: answer is not JSON \(HTML page starting "<!DOCTYPE html><html><title>Sign in/);
    server.respond((_request, response) => send(response, 502, '<html><head><title>502 Bad Gateway</title></head></html>', 'text/html'));
    await expectFailure(connector().getTrace(hotrodId), 'http-status', /: HTTP 502 Bad Gateway/);
  });

  test('an answer over the size limit is refused', async () => {
    server.respond((_request, response) => send(response, 200, fixture('jaeger-api.hotrod-trace.legacy-model.json')));
    await expectFailure(createJaegerConnector(endpoint(), { maxResponseBytes: 16 * 1024 }).getTrace(hotrodId), 'too-large', prefix, /answer exceeds 16 KiB limit \(Content-Length \d+ bytes\)$/);
  });

  test('caller mistakes are RangeErrors', async () => {
    await assert.rejects(connector().getTrace('not-a-trace-id'), /a trace id is up to 32 hex characters, got "not-a-trace-id"/);
    await assert.rejects(connector().findTraces({ service: '', fromMs: 0, toMs: 1 }), /service is required/);
    await assert.rejects(connector().findTraces({ service: 'x', fromMs: 5, toMs: 1 }), /search range is empty/);
  });
});

describe('health and pull', () => {
  test('health lists services; an unreachable Jaeger is reported, not thrown', async () => {
    server.respond((_request, response) => send(response, 200, fixture('jaeger-api.services.json')));
    const health = await connector().health();
    assert.deepEqual({ ok: health.ok, message: health.message }, { ok: true, message: '6 services' });
    const closed = await createJaegerConnector(endpoint(`http://127.0.0.1:${await freePort()}`)).health();
    assert.equal(closed.ok, false);
    assert.match(closed.message ?? '', /connection refused/);
  });

  test('pull searches every service and keeps a trace seen under several services once', async () => {
    server.requests.length = 0;
    server.respond((request, response) => {
      if (request.url === '/api/services') return send(response, 200, '{"data":["frontend","driver"],"total":2,"limit":0,"offset":0,"errors":null}');
      return send(response, 200, fixture('jaeger-api.hotrod-trace.legacy-model.json'));
    });
    const pulled = await connector().pull({ centerId: 'eu-1', range: { from: 1_782_036_600_000, to: 1_782_036_699_999 }, watermark: null });
    assert.equal(pulled.kind, 'traces');
    assert.equal(pulled.spans.length, 9);
    assert.ok(pulled.spans.every((span) => span.centerId === 'eu-1'));
    assert.deepEqual(pulled.summaries.map((summary) => [summary.traceId, summary.spanCount]), [[hotrodId, 9]]);
    assert.deepEqual(
      server.requests.slice(1).map((request) => {
        const params = new URL(request.url, 'http://x').searchParams;
        return [params.get('service'), params.get('tags')];
      }),
      [['frontend', null], ['frontend', '{"error":"true"}'], ['driver', null], ['driver', '{"error":"true"}']],
    );
    assert.deepEqual(sent(1).query, { service: 'frontend', start: '1782036600000000', end: '1782036699999999', limit: '20' });
    assert.deepEqual(sent(2).query, { service: 'frontend', tags: '{"error":"true"}', start: '1782036600000000', end: '1782036699999999', limit: '20' });
  });

  test('pull keeps the failed traces of a window whose newest traces are all healthy', async () => {
    server.requests.length = 0;
    const empty = '{"data":[],"total":0,"limit":0,"offset":0,"errors":null}';
    server.respond((request, response) => {
      if (request.url === '/api/services') return send(response, 200, '{"data":["frontend"],"total":1,"limit":0,"offset":0,"errors":null}');
      // Jaeger's search with tags={"error":"true"}: only then does the failed HotROD trace come back.
      const tags = new URL(request.url ?? '/', 'http://x').searchParams.get('tags');
      return send(response, 200, tags === '{"error":"true"}' ? fixture('jaeger-api.hotrod-trace.legacy-model.json') : empty);
    });
    const pulled = await connector().pull({ centerId: 'eu-1', range: { from: 1_782_036_600_000, to: 1_782_036_699_999 }, watermark: null });
    assert.equal(pulled.spans.length, 9);
    assert.ok(pulled.spans.some((span) => span.status === 'error'), 'the failed redis call is among the pulled spans');
    assert.ok((pulled.summaries[0]?.errorCount ?? 0) >= 1, 'the summary counts the error');
  });
});
