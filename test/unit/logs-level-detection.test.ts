import assert from 'node:assert/strict';
import { test } from 'node:test';
import { detectLevel, normalizeLevel } from '../../electron/connectors/loki/level-detection.ts';

const none: Array<Record<string, string>> = [];

test('level words and numbers normalise to the five levels', () => {
  const cases: Array<[string, ReturnType<typeof normalizeLevel>]> = [
    ['error', 'error'], ['ERR', 'error'], ['Fatal', 'error'], ['panic', 'error'], ['CRITICAL', 'error'], ['crit', 'error'], ['emerg', 'error'], ['alert', 'error'], ['severe', 'error'],
    ['warn', 'warn'], ['WARNING', 'warn'],
    ['info', 'info'], ['INFORMATION', 'info'], ['notice', 'info'],
    ['debug', 'debug'], ['trace', 'debug'], ['verbose', 'debug'],
    ['50', 'error'], ['60', 'error'], ['40', 'warn'], ['30', 'info'], ['20', 'debug'], ['10', 'debug'],
    ['unknown', null], ['', null], ['5', null], ['loud', null],
  ];
  for (const [input, expected] of cases) assert.equal(normalizeLevel(input), expected, input);
});

test('labels and structured metadata come first, in key order, skipping values that are not levels', () => {
  assert.equal(detectLevel([{ level: 'warn' }], 'level=error boom'), 'warn');
  assert.equal(detectLevel([{ app: 'x' }, { detected_level: 'error' }], 'all good'), 'error');
  // Loki 3 writes detected_level=unknown when it could not tell: the line still decides.
  assert.equal(detectLevel([{ detected_level: 'unknown' }], 'level=debug msg=x'), 'debug');
  assert.equal(detectLevel([{ severity: 'WARNING' }], 'x'), 'warn');
});

test('logfmt, JSON, pino numbers, klog prefixes and capital words in the prefix', () => {
  const cases: Array<[string, string]> = [
    ['ts=2024-03-05T10:00:00Z level=error msg="payment declined"', 'error'],
    ['ts=2024-03-05T10:00:00Z lvl=warn caller=x.go:10', 'warn'],
    ['time="2024-03-05T10:00:00Z" level="info" msg=started', 'info'],
    ['{"time":"2024-03-05T10:00:00Z","level":"debug","msg":"cache miss"}', 'debug'],
    ['{"severity":"ERROR","message":"db down"}', 'error'],
    ['{"level":50,"time":1709632800000,"msg":"pino fatal-ish"}', 'error'],
    ['{"level": 30, "msg":"pino info"}', 'info'],
    ['E0305 10:00:00.323456       1 schedule_one.go:1004] "Error scheduling pod"', 'error'],
    ['W0305 10:00:00.000001       1 reflector.go:539] watch closed', 'warn'],
    ['I0305 10:00:00.000001       1 server.go:155] serving', 'info'],
    ['F0305 10:00:00.000001       1 main.go:12] cannot start', 'error'],
    ['2024-03-05 10:00:00.123 ERROR 1 --- [main] o.s.boot.SpringApplication : Application run failed', 'error'],
    ['2024-03-05 10:00:00,123 [WARN] pool exhausted', 'warn'],
    ['[2024-03-05T10:00:00Z] INFO: listening on :8080', 'info'],
    ['<DEBUG> handshake', 'debug'],
  ];
  for (const [line, expected] of cases) assert.equal(detectLevel(none, line), expected, line);
});

test('no level: lower-case words in the message, capitals far into the line, plain text', () => {
  const cases = [
    'GET /cart 200 18ms',
    'no error found while scanning the volume',
    `${'x'.repeat(130)} ERROR at the far end`,
    'ERRORS are counted elsewhere',
    '{"msg":"level":"x"}',
  ];
  for (const line of cases) assert.equal(detectLevel(none, line), 'unknown', line);
});
