import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { describeText, decodeJsonBody, snippet } from '../../electron/connectors/json-body.ts';
import { findJsonErrorOffset } from '../../electron/connectors/json-syntax.ts';
import { describeNetworkError, formatBytes, requestLabel } from '../../electron/connectors/http.ts';
import { parseRfc3339 } from '../../electron/connectors/rfc3339.ts';
import { formatPath } from '../../electron/connectors/validation.ts';

describe('RFC 3339 times', () => {
  test('forms Kubernetes and Alertmanager send', () => {
    assert.equal(parseRfc3339('2022-02-17T21:51:01Z'), Date.UTC(2022, 1, 17, 21, 51, 1));
    assert.equal(parseRfc3339('2020-07-16T05:34:23.503432Z'), Date.UTC(2020, 6, 16, 5, 34, 23, 503));
    assert.equal(parseRfc3339('2023-11-14T22:13:20.999999999Z'), Date.UTC(2023, 10, 14, 22, 13, 20, 999));
    assert.equal(parseRfc3339('2023-11-14T22:13:20.5+01:00'), Date.UTC(2023, 10, 14, 21, 13, 20, 500));
    assert.equal(parseRfc3339('2023-11-14T22:13:20-05:30'), Date.UTC(2023, 10, 15, 3, 43, 20));
    assert.equal(parseRfc3339('0001-01-01T00:00:00Z'), -62_135_596_800_000);
  });

  test('what is not RFC 3339', () => {
    for (const text of ['', '2022-02-17', '2022-02-17T21:51:01', '17/02/2022 21:51', '2022-13-01T00:00:00Z', '2022-02-17T25:00:00Z', 'now']) {
      assert.equal(parseRfc3339(text), null, text);
    }
  });
});

describe('JSON bodies', () => {
  const bytes = (text: string) => new TextEncoder().encode(text);

  test('error offsets', () => {
    assert.equal(findJsonErrorOffset('{"a":[1,2'), 9);
    assert.equal(findJsonErrorOffset('{"a":[1,2}'), 9);
    assert.equal(findJsonErrorOffset('{"a":tru}'), 8);
    assert.equal(findJsonErrorOffset('[1,]'), 3);
    assert.equal(findJsonErrorOffset('{"a":01}'), 6);
    assert.equal(findJsonErrorOffset('[1] x'), 4);
    assert.equal(findJsonErrorOffset('{"a":"\\u00e9"}'), -1);
  });

  test('truncation is reported in bytes, multi-byte characters included', () => {
    const text = '{"name":"café","values":[1,2';
    const decoded = decodeJsonBody(bytes(text), 'application/json');
    assert.deepEqual(decoded, { ok: false, broken: true, problem: `truncated JSON at byte ${Buffer.byteLength(text)}` });
    assert.equal(Buffer.byteLength(text), text.length + 1);
  });

  test('invalid JSON points at the byte', () => {
    const decoded = decodeJsonBody(bytes('{"é": [1, 2}'), null);
    assert.deepEqual(decoded, { ok: false, broken: true, problem: 'invalid JSON at byte 12 (near "{"é": [1, 2}")' });
  });

  test('not JSON at all', () => {
    assert.deepEqual(decodeJsonBody(bytes(''), null), { ok: false, broken: false, problem: 'answer is empty' });
    assert.deepEqual(decodeJsonBody(bytes('Prometheus is Healthy.'), 'text/plain; charset=utf-8'), {
      ok: false,
      broken: false,
      problem: 'answer is not JSON (text/plain text starting "Prometheus is Healthy.")',
    });
    assert.equal(describeText('<!DOCTYPE html>\n<html lang="en">', null), 'HTML page starting "<!DOCTYPE html><html lang="en">"');
    assert.equal(snippet('a'.repeat(70)), `${'a'.repeat(60)}…`);
  });

  test('valid JSON, with a byte-order mark', () => {
    assert.deepEqual(decodeJsonBody(new Uint8Array([0xef, 0xbb, 0xbf, ...bytes('{"a":1}')]), null), { ok: true, value: { a: 1 } });
  });
});

describe('small helpers', () => {
  test('formatPath', () => {
    assert.equal(formatPath(['data', 'result', 3, 'values', 0, 1]), 'data.result[3].values[0][1]');
    assert.equal(formatPath([0, 'status', 'state']), '[0].status.state');
    assert.equal(formatPath([]), 'answer');
  });

  test('formatBytes', () => {
    assert.equal(formatBytes(64 * 1024 * 1024), '64 MiB');
    assert.equal(formatBytes(1024), '1 KiB');
    assert.equal(formatBytes(1000), '1000 bytes');
  });

  test('describeNetworkError digs the socket error out of fetch', () => {
    const wrapped = new TypeError('fetch failed', { cause: Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:9'), { code: 'ECONNREFUSED' }) });
    assert.equal(describeNetworkError(wrapped), 'connection refused (connect ECONNREFUSED 127.0.0.1:9)');
    const aggregate = new TypeError('fetch failed', {
      cause: Object.assign(new AggregateError([Object.assign(new Error('getaddrinfo ENOTFOUND prom.invalid'), { code: 'ENOTFOUND' })]), {}),
    });
    assert.equal(describeNetworkError(aggregate), 'host name not found (getaddrinfo ENOTFOUND prom.invalid)');
    assert.equal(describeNetworkError(new Error('odd')), 'odd');
  });

  test('requestLabel', () => {
    assert.equal(requestLabel({ method: 'GET', path: '/api/v1/pods', query: { limit: '500', continue: undefined } }), 'GET /api/v1/pods?limit=500');
    assert.equal(requestLabel({ method: 'POST', path: '/api/v1/query_range', form: { query: 'up' } }), 'POST /api/v1/query_range');
    assert.ok(requestLabel({ method: 'GET', path: '/x', query: { continue: 'y'.repeat(300) } }).endsWith('…'));
  });
});
