import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { spanRecordSchema, traceSummarySchema } from '../../shared/domain/traces.ts';
import { ConnectorError } from '../../electron/connectors/errors.ts';
import { otlpIdToHex, shortHexIdToHex } from '../../electron/connectors/otlp/ids.ts';
import { importOtlpFile, summarizeTrace } from '../../electron/connectors/otlp/index.ts';
import { convertTracesData } from '../../electron/connectors/otlp/otlp-json.ts';

const fixture = (path: string) => readFileSync(new URL(`../fixtures/${path}`, import.meta.url), 'utf8');
const throwing = (path: string, problem: string): never => {
  throw new Error(`${path}: ${problem}`);
};

/** A TracesData with one span; `span` and `resource` override the defaults. */
function tracesData(span: Record<string, unknown> = {}, resource: Record<string, unknown> = { attributes: [{ key: 'service.name', value: { stringValue: 'checkout' } }] }) {
  return {
    resourceSpans: [
      {
        resource,
        scopeSpans: [
          {
            scope: { name: 'manual' },
            spans: [{ traceId: '5b8efff798038103d269b633813fc60c', spanId: 'eee19b7ec3c1b174', name: 'op', startTimeUnixNano: '1000000000', endTimeUnixNano: '3500000000', ...span }],
          },
        ],
      },
    ],
  };
}

function importFailure(text: string, fileName = 'handover.json'): ConnectorError {
  try {
    importOtlpFile(text, 'dc1', { fileName });
  } catch (error) {
    assert.ok(error instanceof ConnectorError, `expected a ConnectorError, got ${String(error)}`);
    assert.equal(error.code, 'malformed');
    assert.equal(error.endpointId, `file:${fileName}`);
    return error;
  }
  assert.fail('expected the import to fail');
}

describe('the opentelemetry-proto example (examples/trace.json)', () => {
  test('converts field by field: upper-case hex ids, times given as JSON numbers, kind 2, scope as attributes', () => {
    const spans = importOtlpFile(fixture('otlp/opentelemetry-proto.examples.trace.json'), 'dc1', { fileName: 'trace.json' });
    assert.deepEqual(spans, [
      {
        centerId: 'dc1',
        traceId: '5b8efff798038103d269b633813fc60c',
        spanId: 'eee19b7ec3c1b174',
        parentSpanId: 'eee19b7ec3c1b173',
        service: 'my.service',
        operation: "I'm a server span",
        startMs: 1_544_712_660_000,
        startNs: '1544712660000000000',
        durationMs: 1000,
        status: 'unset',
        statusMessage: null,
        kind: 'server',
        attributes: { 'otel.scope.name': 'my.library', 'otel.scope.version': '1.0.0', 'my.span.attr': 'some value' },
        resourceAttributes: { 'service.name': 'my.service' },
        events: [],
      },
    ]);
    spans.forEach((span) => spanRecordSchema.parse(span));
  });

  test('nanosecond numbers above 2^53 keep every digit (JSON.parse alone would round them)', () => {
    const text = fixture('otlp/opentelemetry-proto.examples.trace.json')
      .replace('1544712660000000000', '1544712660123456789')
      .replace('1544712661000000000', '1544712661123456790');
    assert.notEqual(String(JSON.parse('1544712660123456789')), '1544712660123456789');
    const [span] = importOtlpFile(text, 'dc1');
    assert.equal(span?.startNs, '1544712660123456789');
    assert.equal(span?.durationMs, 1000.000001);
    assert.equal(span?.startMs, 1_544_712_660_123.4568);
  });
});

describe('ids', () => {
  test('hex in any case, base64 standard or URL-safe, padded or not; nothing else', () => {
    assert.equal(otlpIdToHex('5B8EFFF798038103D269B633813FC60C', 16), '5b8efff798038103d269b633813fc60c');
    assert.equal(otlpIdToHex('Lz4M7neuXcnBet42iesuVA==', 16), '2f3e0cee77ae5dc9c17ade3689eb2e54');
    assert.equal(otlpIdToHex('Lz4M7neuXcnBet42iesuVA', 16), '2f3e0cee77ae5dc9c17ade3689eb2e54');
    assert.equal(otlpIdToHex('Vj1iPHZRT44=', 8), '563d623c76514f8e');
    assert.equal(otlpIdToHex('_____________________w==', 16), 'ffffffffffffffffffffffffffffffff');
    for (const hex of ['fbefbefbefbefbefbefbefbefbefbefb', '0af7651916cd43dd8448eb211c80319c', '00000000000000000000000000000001']) {
      const bytes = Buffer.from(hex, 'hex');
      assert.equal(otlpIdToHex(bytes.toString('base64'), 16), hex);
      assert.equal(otlpIdToHex(bytes.toString('base64url'), 16), hex);
    }
    // The unused low bits of the last base64 character must be zero ("+" leaves them set).
    assert.equal(otlpIdToHex(`${'+'.repeat(22)}==`, 16), null);
    for (const bad of ['5b8efff798038103d269b633813fc60', 'Lz4M7neuXcnBet42iesuVB==', 'Lz4M7neuXcnBet42iesu', 'Vj1iPHZRT44=', 'not an id at all!!!!!==']) {
      assert.equal(otlpIdToHex(bad, 16), null, bad);
    }
    assert.equal(otlpIdToHex('eee19b7ec3c1b17', 8), null);
    assert.equal(shortHexIdToHex('5915e2d0f3575298', 16), '00000000000000005915e2d0f3575298');
    assert.equal(shortHexIdToHex('1b1ba462b409200', 16), '00000000000000001b1ba462b409200'.padStart(32, '0'));
    assert.equal(shortHexIdToHex('g'.repeat(16), 16), null);
  });

  test('an empty or all-zero parent means a root; a base64 parent is decoded', () => {
    const parent = (parentSpanId: unknown) => convertTracesData(tracesData({ parentSpanId }), '', 'dc1', throwing)[0]?.parentSpanId;
    assert.equal(parent(''), null);
    assert.equal(parent(undefined), null);
    assert.equal(parent('0000000000000000'), null);
    assert.equal(parent('AAAAAAAAAAA='), null);
    assert.equal(parent('Vj1iPHZRT44='), '563d623c76514f8e');
  });
});

describe('values as sources send them', () => {
  test('every AnyValue kind becomes text; arrays and maps as JSON', () => {
    const value = (anyValue: unknown) => ({ key: 'k', value: anyValue });
    const attributes = (anyValue: unknown) => convertTracesData(tracesData({ attributes: [value(anyValue)] }), '', 'dc1', throwing)[0]?.attributes.k;
    assert.equal(attributes({ stringValue: 'text' }), 'text');
    assert.equal(attributes({ boolValue: false }), 'false');
    assert.equal(attributes({ intValue: '9007199254740993' }), '9007199254740993');
    assert.equal(attributes({ intValue: 42 }), '42');
    assert.equal(attributes({ doubleValue: 0.25 }), '0.25');
    assert.equal(attributes({ doubleValue: 'NaN' }), 'NaN');
    assert.equal(attributes({ bytesValue: 'AQID' }), 'AQID');
    assert.equal(attributes({ arrayValue: { values: [{ stringValue: 'a' }, { intValue: '2' }, { boolValue: true }, {}] } }), '["a",2,true,null]');
    assert.equal(attributes({ kvlistValue: { values: [{ key: 'tier', value: { stringValue: 'gold' } }, { key: 'n', value: { doubleValue: 1.5 } }] } }), '{"tier":"gold","n":1.5}');
    assert.equal(attributes({ arrayValue: {} }), '[]');
    assert.equal(attributes({}), '');
    assert.equal(attributes(undefined), '');
  });

  test('enum names (Tempo) and numbers (OTLP) for kind and status; proto3 omissions default', () => {
    const span = (fields: Record<string, unknown>) => convertTracesData(tracesData(fields), '', 'dc1', throwing)[0]!;
    assert.deepEqual([span({ kind: 'SPAN_KIND_CONSUMER' }).kind, span({ kind: 4 }).kind, span({}).kind], ['consumer', 'producer', 'unspecified']);
    assert.deepEqual(
      [span({ status: { code: 'STATUS_CODE_ERROR', message: 'boom' } }), span({ status: { code: 1 } }), span({ status: {} }), span({})].map((record) => [record.status, record.statusMessage]),
      [['error', 'boom'], ['ok', null], ['unset', null], ['unset', null]],
    );
    const bare = span({ startTimeUnixNano: undefined, endTimeUnixNano: undefined, name: undefined });
    assert.deepEqual([bare.startNs, bare.startMs, bare.durationMs, bare.operation], ['0', 0, 0, '']);
    // A span that ends before it starts (clock skew between hosts) lasts 0, not a negative time.
    assert.equal(span({ startTimeUnixNano: '3000', endTimeUnixNano: '1000' }).durationMs, 0);
  });

  test('a resource without service.name gets OTel\'s default; instrumentationLibrarySpans (OTLP < 0.15, Tempo 1.x) is read', () => {
    const [unknown] = convertTracesData(tracesData({}, {}), '', 'dc1', throwing);
    assert.equal(unknown?.service, 'unknown_service');
    const legacy = {
      batches: [
        {
          resource: { attributes: [{ key: 'service.name', value: { stringValue: 'legacy' } }] },
          instrumentationLibrarySpans: [
            { instrumentationLibrary: { name: 'io.opentelemetry.jdbc', version: '1.9.0' }, spans: [{ traceId: 'Lz4M7neuXcnBet42iesuVA==', spanId: 'Vj1iPHZRT44=', name: 'SELECT', kind: 'SPAN_KIND_CLIENT' }] },
          ],
        },
      ],
    };
    const [span] = convertTracesData(legacy, '', 'dc1', throwing);
    assert.deepEqual(
      { traceId: span?.traceId, spanId: span?.spanId, service: span?.service, kind: span?.kind, attributes: span?.attributes },
      { traceId: '2f3e0cee77ae5dc9c17ade3689eb2e54', spanId: '563d623c76514f8e', service: 'legacy', kind: 'client', attributes: { 'otel.scope.name': 'io.opentelemetry.jdbc', 'otel.scope.version': '1.9.0' } },
    );
  });

  test('a JSON Lines file (the collector\'s file exporter) is read line by line', () => {
    const line = JSON.stringify(tracesData());
    const second = JSON.stringify(tracesData({ spanId: 'eee19b7ec3c1b175' }));
    const spans = importOtlpFile(`${line}\n${second}\n`, 'dc1');
    assert.deepEqual(spans.map((span) => span.spanId), ['eee19b7ec3c1b174', 'eee19b7ec3c1b175']);
  });
});

describe('malformed files name the file and the exact path', () => {
  test('a bad trace id deep in the file', () => {
    const data = {
      resourceSpans: [
        {
          resource: {},
          scopeSpans: [
            { spans: [] },
            {
              spans: [
                { traceId: '5b8efff798038103d269b633813fc60c', spanId: 'eee19b7ec3c1b174' },
                { traceId: '5b8efff798038103d269b633813fc60c', spanId: 'eee19b7ec3c1b175' },
                { traceId: '5b8efff798038103d269b633813fc60c', spanId: 'eee19b7ec3c1b176' },
                { traceId: 'xyz', spanId: 'eee19b7ec3c1b177' },
              ],
            },
          ],
        },
      ],
    };
    assert.equal(
      importFailure(JSON.stringify(data)).message,
      'trace file "handover.json": resourceSpans[0].scopeSpans[1].spans[3].traceId: expected 32 hex characters or base64 of 16 bytes, got "xyz"',
    );
  });

  test('every kind of wrong value', () => {
    const cases: Array<[unknown, string]> = [
      [tracesData({ spanId: undefined }), 'resourceSpans[0].scopeSpans[0].spans[0].spanId: missing (expected 16 hex characters or base64 of 8 bytes)'],
      [tracesData({ spanId: 'eee19b7ec3c1b17' }), 'resourceSpans[0].scopeSpans[0].spans[0].spanId: expected 16 hex characters or base64 of 8 bytes, got "eee19b7ec3c1b17"'],
      [tracesData({ traceId: '00000000000000000000000000000000' }), 'resourceSpans[0].scopeSpans[0].spans[0].traceId: an all-zero id is invalid, got "00000000000000000000000000000000"'],
      [tracesData({ parentSpanId: 7 }), 'resourceSpans[0].scopeSpans[0].spans[0].parentSpanId: expected 16 hex characters or base64 of 8 bytes, got number 7'],
      [tracesData({ startTimeUnixNano: '12.5' }), 'resourceSpans[0].scopeSpans[0].spans[0].startTimeUnixNano: expected nanoseconds since the epoch as a decimal string, got "12.5"'],
      [tracesData({ endTimeUnixNano: -1 }), 'resourceSpans[0].scopeSpans[0].spans[0].endTimeUnixNano: expected nanoseconds since the epoch as a decimal string, got number -1'],
      [tracesData({ kind: 9 }), 'resourceSpans[0].scopeSpans[0].spans[0].kind: expected a SpanKind (0-5 or "SPAN_KIND_…"), got number 9'],
      [tracesData({ status: { code: 'FAILED' } }), 'resourceSpans[0].scopeSpans[0].spans[0].status.code: expected a status code (0-2 or "STATUS_CODE_…"), got "FAILED"'],
      [tracesData({ attributes: { k: 'v' } }), 'resourceSpans[0].scopeSpans[0].spans[0].attributes: expected an array of {key, value}, got an object'],
      [tracesData({ attributes: [{ key: 'k', value: { stringValue: 'a', intValue: '1' } }] }), 'resourceSpans[0].scopeSpans[0].spans[0].attributes[0].value: expected exactly one value, got stringValue and intValue'],
      [tracesData({ attributes: [{ key: 'k', value: { textValue: 'a' } }] }), 'resourceSpans[0].scopeSpans[0].spans[0].attributes[0].value: expected one of stringValue, boolValue, intValue, doubleValue, bytesValue, arrayValue, kvlistValue, got key "textValue"'],
      [tracesData({ attributes: [{ key: 'k', value: { intValue: '1.5' } }] }), 'resourceSpans[0].scopeSpans[0].spans[0].attributes[0].value.intValue: expected an integer (number or decimal string), got "1.5"'],
      [tracesData({ attributes: [{ value: { stringValue: 'a' } }] }), 'resourceSpans[0].scopeSpans[0].spans[0].attributes[0].key: missing (expected string)'],
      [tracesData({ events: [{ name: 'e', timeUnixNano: 'soon' }] }), 'resourceSpans[0].scopeSpans[0].spans[0].events[0].timeUnixNano: expected nanoseconds since the epoch as a decimal string, got "soon"'],
      [tracesData({}, { attributes: 'service.name=x' }), 'resourceSpans[0].resource.attributes: expected an array of {key, value}, got "service.name=x"'],
      [{ resourceSpans: [{ scopeSpans: [{ spans: {} }] }] }, 'resourceSpans[0].scopeSpans[0].spans: expected an array, got an object'],
      [{ resourceSpans: {} }, 'resourceSpans: expected an array of ResourceSpans, got an object'],
      [{ traces: [] }, 'answer: expected "resourceSpans" (or Tempo\'s "batches"), got keys "traces"'],
      [[1, 2], 'answer: expected an object with "resourceSpans", got an array of 2'],
    ];
    for (const [data, message] of cases) assert.equal(importFailure(JSON.stringify(data)).message, `trace file "handover.json": ${message}`);
  });

  test('not JSON, cut short, empty, broken JSON Lines', () => {
    const whole = fixture('otlp/opentelemetry-proto.examples.trace.json');
    assert.equal(importFailure(whole.slice(0, 300)).message, `trace file "handover.json": truncated JSON at byte 300`);
    assert.equal(importFailure('<html><body>Grafana</body></html>').message, 'trace file "handover.json": file is not JSON (HTML page starting "<html><body>Grafana</body></html>")');
    assert.equal(importFailure('   ').message, 'trace file "handover.json": file is empty');
    assert.equal(importFailure(`${JSON.stringify(tracesData())}\n{"resourceSpans": [}`).message, 'trace file "handover.json": line 2: invalid JSON at byte 19 (near "{"resourceSpans": [}")');
    assert.match(importFailure(`${JSON.stringify(tracesData())}\n${JSON.stringify(tracesData({ kind: 'server' }))}`).message, /^trace file "handover\.json": line 2: resourceSpans\[0\]\.scopeSpans\[0\]\.spans\[0\]\.kind: expected a SpanKind/);
  });
});

test('a summary of the HotROD trace (Jaeger api_v3 fixture): root, exact duration, counts, services', () => {
  const body = JSON.parse(fixture('jaeger/jaeger-ui.api-v3.hotrod-trace.trimmed.json')) as { result: unknown };
  const spans = convertTracesData(body.result, 'result', 'dc1', throwing);
  const summary = summarizeTrace(spans);
  assert.deepEqual(summary, {
    traceId: '2ea75461946a7dd10f2c15ab36a076cb',
    rootService: 'frontend',
    rootOperation: 'GET /dispatch',
    startMs: 1_782_036_644_630.407,
    durationMs: 702.608277, // 1782036645333015327 - 1782036644630407050 ns, exactly
    spanCount: 9,
    errorCount: 1,
    services: ['driver', 'frontend', 'redis-manual', 'route'],
  });
  traceSummarySchema.parse(summary);
});
