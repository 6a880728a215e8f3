import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Endpoint } from '../../shared/domain/records.ts';
import { ConnectorError, errorFactory } from '../../electron/connectors/errors.ts';
import { convertSamples, parseSampleValue } from '../../electron/connectors/prometheus/sample-values.ts';

const endpoint: Endpoint = { id: 'prom', centerId: 'dc1', signal: 'metrics', kind: 'prometheus', url: 'http://127.0.0.1:9090', timeoutMs: 1_000 };
const fail = errorFactory(endpoint, 'POST /api/v1/query_range');

// The fast path (plain decimals without the regular expression) must accept exactly what the full parser accepts.
const accepted = ['0', '-0', '-0.0', '1', '-1', '+1', '1.', '.5', '-.5', '+.5', '00012', '1e5', '1E5', '1e+5', '1e-5', '-1.25e-3', '0.1', '0.3', '0e5', '0E0', '57.123456', '-23.456789', '999999999999999', '9999999999999999', '0.000000000000000000001', '0.1234567890123456789', '123456789.123456789', '1.7976931348623157e308', 'NaN', '+Inf', 'Inf', '-Inf'];
const rejected = ['', ' ', ' 1', '1 ', '\t1', '1\n', '\u00a01', '1\u00a0', '0x10', '0X10', '0b11', '0B11', '0o17', '0O17', '+0x10', 'Infinity', '-Infinity', '+Infinity', 'inf', 'nan', '1_000', '1,5', '.', '-', '+', 'e5', '1e', '1e+', '--1', '+-1', '1.2.3', '١', 'twelve', '1f', '0x', '1d'];

test('sample values: the fast path accepts exactly the Prometheus number strings', () => {
  for (const text of accepted) {
    const expected = parseSampleValue(text);
    assert.notEqual(expected, null, `${JSON.stringify(text)} is a Prometheus number`);
    const columns = convertSamples([[1_700_000_000, text]], 'values', fail);
    if (Number.isNaN(expected)) {
      assert.deepEqual(columns, { timestamps: [], values: [] }, 'NaN samples are dropped');
    } else {
      assert.deepEqual(columns, { timestamps: [1_700_000_000_000], values: [expected] }, JSON.stringify(text));
      assert.ok(Object.is(columns.values[0], Number(text)) || !/^[+-]?[\d.]/.test(text), `${JSON.stringify(text)}: exactly Number(text), sign of zero included`);
    }
  }
  for (const text of rejected) {
    assert.equal(parseSampleValue(text), null, JSON.stringify(text));
    assert.throws(
      () => convertSamples([[1_700_000_000, '1'], [1_700_000_015, text]], 'data.result[0].values', fail),
      (error: unknown) => error instanceof ConnectorError && error.code === 'malformed' && /data\.result\[0\]\.values\[1\]\[1\]: expected a number string, got "/.test(error.message),
      JSON.stringify(text),
    );
  }
});

test('sample values: columns keep order, drop NaN, round timestamps to ms', () => {
  const columns = convertSamples([[1.0005, '1'], [2, 'NaN'], [3.25, '-Inf'], [4, '2.5e3']], 'values', fail);
  assert.deepEqual(columns.timestamps, [1001, 3250, 4000]);
  assert.deepEqual(columns.values, [1, Number.NEGATIVE_INFINITY, 2500]);
  assert.equal(columns.timestamps.length, 3);
});

test('sample values: the digit fast path equals Number() on many random decimals', () => {
  let seed = 7;
  const random = () => ((seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648) / 2_147_483_648);
  for (let round = 0; round < 20_000; round++) {
    const integerDigits = Math.floor(random() * 12);
    const fractionDigits = Math.floor(random() * 12);
    let text = random() < 0.3 ? '-' : '';
    for (let index = 0; index < integerDigits; index++) text += Math.floor(random() * 10);
    if (fractionDigits > 0 || integerDigits === 0) text += '.';
    for (let index = 0; index < Math.max(fractionDigits, integerDigits === 0 ? 1 : 0); index++) text += Math.floor(random() * 10);
    const [value] = convertSamples([[1, text]], 'values', fail).values;
    assert.ok(Object.is(value, Number(text)), `${text}: ${value} vs ${Number(text)}`);
  }
});
