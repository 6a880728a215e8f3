import assert from 'node:assert/strict';
import { test } from 'node:test';
import { extractTraceId, normalizeTraceId } from '../../electron/connectors/loki/trace-id-extraction.ts';

const none: Array<Record<string, string>> = [];
const id = '4bf92f3577b34da6a3ce929d0e0e4736';

test('ids: 32 hex as is (lower-cased), 64-bit Jaeger ids zero-padded, anything else refused', () => {
  assert.equal(normalizeTraceId(id.toUpperCase()), id);
  assert.equal(normalizeTraceId('5915e2d0f3575298'), '00000000000000005915e2d0f3575298');
  assert.equal(normalizeTraceId('0'.repeat(32)), null);
  assert.equal(normalizeTraceId('abc'), null);
  assert.equal(normalizeTraceId(`${id}0`), null);
  assert.equal(normalizeTraceId('zz'.repeat(16)), null);
});

test('fields first: structured metadata trace_id, then labels', () => {
  assert.equal(extractTraceId([{ trace_id: id }], 'traceID=0af7651916cd43dd8448eb211c80319c'), id);
  assert.equal(extractTraceId([{}, { traceID: id.toUpperCase() }], 'nothing here'), id);
  assert.equal(extractTraceId([{ trace_id: 'not-an-id' }], `trace_id=${id}`), id);
});

test('logfmt, JSON and W3C traceparent in the line', () => {
  const cases: Array<[string, string | null]> = [
    [`level=info traceID=${id} msg=ok`, id],
    [`level=info trace_id=${id}`, id],
    [`level=info traceId="${id}" spanId=00f067aa0ba902b7`, id],
    [`{"msg":"charge","traceId":"${id}"}`, id],
    [`{"msg":"charge","trace_id": "${id.toUpperCase()}"}`, id],
    [`{"traceID":"5915e2d0f3575298"}`, '00000000000000005915e2d0f3575298'],
    ['GET /cart traceparent=00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01', '0af7651916cd43dd8448eb211c80319c'],
    ['forwarded "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-00"', '0af7651916cd43dd8448eb211c80319c'],
  ];
  for (const [line, expected] of cases) assert.equal(extractTraceId(none, line), expected, line);
});

test('near misses are not trace ids', () => {
  const cases = [
    `span_trace_id=${id}`, // a different key that merely ends in trace_id
    `traceID=${id}ab`, // 34 hex characters
    'traceID=12345', // too short
    `traceID=${'0'.repeat(32)}`, // all zeros is invalid
    'traceparent=00-00000000000000000000000000000000-b7ad6b7169203331-01',
    'request 0af7651916cd43dd8448eb211c80319c done', // hex without a key or traceparent
  ];
  for (const line of cases) assert.equal(extractTraceId(none, line), null, line);
});
