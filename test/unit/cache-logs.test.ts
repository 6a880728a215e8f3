import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import type { LogLevel, LogLineRecord } from '../../shared/domain/logs.ts';
import { logLineId } from '../../electron/connectors/loki/log-line-id.ts';
import { CacheService } from '../../electron/services/cache/cache-service.ts';
import { openCacheDatabase } from '../../electron/services/cache/database.ts';
import { migrations } from '../../electron/services/cache/migrations/index.ts';
import { ftsQuery, rowidSlot, type LogSearchQuery } from '../../electron/services/cache/log-store.ts';
import { makeTempDir } from '../support/temp-dir.ts';

const dir = makeTempDir('cache-logs');
const cache = new CacheService(join(dir.path, 'cache.sqlite'));
after(() => {
  cache.close();
  dir.remove();
});

const t0 = Date.parse('2026-11-23T06:00:00Z');
const traceA = 'a'.repeat(31) + '1';
const traceB = '0123456789abcdef0123456789abcdef';

function line(centerId: string, offsetMs: number, text: string, extra: { pod?: string; container?: string; namespace?: string; level?: LogLevel; traceId?: string | null; subNs?: number } = {}): LogLineRecord {
  const namespace = extra.namespace ?? 'shop';
  const pod = extra.pod ?? 'checkout-1';
  const container = extra.container ?? 'checkout';
  const labels = { namespace, pod, container, service_name: container };
  const timestamp = t0 + offsetMs;
  const timestampNs = `${timestamp}${String(extra.subNs ?? 0).padStart(6, '0')}`;
  return {
    id: logLineId(labels, timestampNs, text),
    centerId,
    timestamp,
    timestampNs,
    labels,
    metadata: {},
    namespace,
    pod,
    container,
    level: extra.level ?? 'info',
    line: text,
    traceId: extra.traceId ?? null,
  };
}

const seoul: LogLineRecord[] = [];
for (let index = 0; index < 300; index++) {
  seoul.push(line('seoul', index * 1_000, `level=info msg="request served" path=/api/cart n=${index}`, { pod: index % 2 === 0 ? 'checkout-1' : 'checkout-2' }));
}
seoul.push(line('seoul', 100_500, `level=error msg="payment authorization failed" traceID=${traceA}`, { level: 'error', traceId: traceA }));
seoul.push(line('seoul', 100_500, 'level=warn msg="previous instance terminated" reason=OOMKilled', { level: 'warn', subNs: 5 }));
seoul.push(line('seoul', 200_250, `level=error msg="upstream timeout" traceID=${traceB}`, { level: 'error', traceId: traceB, pod: 'frontend-1', container: 'frontend' }));
seoul.push(line('seoul', 50_100, 'I1123 06:00:50.100000 1 reflector.go:359] "Watch close" authorization=NEAR', { namespace: 'kube-system', pod: 'coredns-1', container: 'coredns' }));
const ohio = [0, 1, 2].map((index) => line('ohio', 100_000 + index * 10, `level=error msg="payment authorization failed" region=us n=${index}`, { level: 'error' }));

const all: LogSearchQuery = { centerIds: [], fromMs: t0, toMs: t0 + 3_600_000, limit: 1_000 };
const search = (query: Partial<LogSearchQuery>) => cache.logs.search({ ...all, ...query });

describe('LogStore', () => {
  test('insert is idempotent: duplicates by id are skipped, in one call or across calls', () => {
    assert.equal(cache.logs.insert('seoul', [...seoul, seoul[0]!]), seoul.length);
    assert.equal(cache.logs.insert('seoul', seoul), 0);
    assert.equal(cache.logs.insert('ohio', ohio), 3);
    assert.equal(cache.logs.count(), seoul.length + 3);
    assert.equal(cache.logs.insert('ohio', []), 0);
  });

  test('records come back whole, newest first, rowid order = time order', () => {
    const found = search({});
    assert.equal(found.length, seoul.length + 3);
    for (let index = 1; index < found.length; index++) {
      assert.ok(found[index - 1]!.timestamp >= found[index]!.timestamp, 'newest first');
      assert.ok(found[index - 1]!.rowid > found[index]!.rowid);
    }
    const error = found.find((record) => record.traceId === traceA)!;
    const { rowid, ...record } = error;
    assert.ok(Number.isSafeInteger(rowid));
    assert.deepEqual(record, seoul.find((candidate) => candidate.traceId === traceA));
    // Same millisecond: the later nanosecond stamp is newer.
    const sameMs = found.filter((candidate) => candidate.timestamp === t0 + 100_500);
    assert.deepEqual(sameMs.map((candidate) => candidate.level), ['warn', 'error']);
  });

  test('every filter', () => {
    assert.equal(search({ centerIds: ['ohio'] }).length, 3);
    assert.equal(search({ centerIds: ['seoul', 'ohio'] }).length, seoul.length + 3);
    assert.equal(search({ centerIds: ['nowhere'] }).length, 0);
    assert.deepEqual(search({ levels: ['error'] }).map((record) => record.centerId).sort(), ['ohio', 'ohio', 'ohio', 'seoul', 'seoul']);
    assert.equal(search({ levels: ['warn', 'error'], centerIds: ['seoul'] }).length, 3);
    assert.equal(search({ namespace: 'kube-system' }).length, 1);
    assert.equal(search({ centerIds: ['seoul'], namespace: 'shop', pod: 'checkout-2' }).length, 150);
    assert.equal(search({ pod: 'frontend-1' }).length, 1);
    assert.equal(search({ container: 'frontend' }).length, 1);
    assert.deepEqual(search({ traceId: traceA }).map((record) => record.line), [seoul.at(-4)!.line]);
    assert.equal(search({ fromMs: t0 + 10_000, toMs: t0 + 19_999 }).length, 10);
    assert.equal(search({ fromMs: t0 + 10_000, toMs: t0 + 10_000 }).length, 1, 'both ends inclusive');
    assert.equal(search({ text: 'payment authorization failed' }).length, 4);
    assert.equal(search({ text: 'payment authorization failed', centerIds: ['seoul'] }).length, 1);
    assert.equal(search({ text: 'authoriz' }).length, 5, 'a bare word matches as a prefix');
    assert.equal(search({ text: '"authoriz"' }).length, 0, 'quoted text is exact');
    assert.equal(search({ text: 'OOMKilled' }).length, 1, 'case-folded');
    assert.equal(search({ text: 'failed', levels: ['error'], centerIds: ['ohio'] }).length, 3);
    assert.equal(search({ text: traceA }).length, 1);
    assert.equal(search({ text: 'request', traceId: traceA }).length, 0);
    assert.equal(search({ text: 'payment', traceId: traceA }).length, 1);
    assert.equal(search({ regex: 'n=1\\d\\b' }).length, 10);
    assert.equal(search({ regex: 'region=us', text: 'payment' }).length, 3);
    assert.throws(() => search({ regex: '(' }), /not a valid regular expression/);
    assert.throws(() => search({ limit: 0 }), RangeError);
    assert.equal(search({ limit: 7 }).length, 7);
  });

  test('user text is never FTS5 syntax', () => {
    assert.equal(ftsQuery('payment failed'), '"payment" * AND "failed" *');
    assert.equal(ftsQuery('"payment authorization" x'), '"payment authorization" AND "x"');
    assert.equal(ftsQuery('NEAR(a b) OR c*'), '"NEAR a" AND "b" AND "OR" * AND "c"');
    assert.equal(ftsQuery('*'), null);
    for (const text of ['"', '""', '"unterminated', 'a"b', 'NEAR', 'NEAR(authorization', '*', '^foo', 'line:foo', 'AND OR NOT', '(', ')', '-x', '{', "'; DROP TABLE log_lines; --", '\u0000']) {
      assert.doesNotThrow(() => search({ text }), `search for ${JSON.stringify(text)}`);
    }
    assert.equal(search({ text: 'NEAR' }).length, 1, 'NEAR is a word like any other');
    assert.equal(search({ text: '{' }).length, 0, 'punctuation only: a substring test');
    assert.equal(search({ text: ']' }).length, 1);
    assert.equal(search({ text: 'path=/api/cart' }).length, 300);
    assert.equal(cache.logs.count(), seoul.length + 3, 'nothing was dropped');
  });

  test('paging with `before` walks every line once, newest first', () => {
    for (const query of [{}, { centerIds: ['seoul'] }, { centerIds: ['seoul', 'ohio'] }, { text: 'request' }, { centerIds: ['seoul'], namespace: 'shop', pod: 'checkout-1' }]) {
      const whole = search(query);
      const paged: string[] = [];
      let before: LogSearchQuery['before'];
      for (;;) {
        const page = search({ ...query, limit: 7, before });
        paged.push(...page.map((record) => record.id));
        if (page.length < 7) break;
        const last = page.at(-1)!;
        before = { timestampMs: last.timestamp, rowid: last.rowid };
      }
      assert.deepEqual(paged, whole.map((record) => record.id), JSON.stringify(query));
    }
  });

  test('around: the surrounding lines of the same stream, oldest first', () => {
    const target = seoul[100]!; // checkout-1, t0 + 100 s; the error and warning at 100.5 s share its stream
    const lines = cache.logs.around(target.id, 3);
    assert.deepEqual(
      lines.map((record) => record.timestamp - t0),
      [94_000, 96_000, 98_000, 100_000, 100_500, 100_500, 102_000],
    );
    assert.ok(lines.every((record) => record.pod === 'checkout-1'));
    assert.equal(cache.logs.around(seoul[0]!.id, 3).length, 4, 'nothing before the first line');
    assert.deepEqual(cache.logs.around('f'.repeat(32), 3), []);
  });

  test('query plans use the text index, the time index or the key index (pods, trace ids), never a full scan or sort', () => {
    const plans: Array<[Partial<LogSearchQuery>, RegExp]> = [
      [{ text: 'payment' }, /SCAN f VIRTUAL TABLE INDEX \d+:M/],
      [{ text: 'pay', levels: ['error'], centerIds: ['seoul', 'ohio'] }, /SCAN f VIRTUAL TABLE INDEX \d+:M/],
      [{ centerIds: ['seoul'] }, /SEARCH l USING INDEX log_lines_by_time \(center_id=\? AND timestamp_ms>\? AND timestamp_ms<\?\)/],
      [{ centerIds: ['seoul'], levels: ['error'], before: { timestampMs: t0, rowid: 1 } }, /USING INDEX log_lines_by_time/],
      [{ centerIds: ['seoul', 'ohio'] }, /USING INDEX log_lines_by_time/],
      [{}, /SEARCH l USING INTEGER PRIMARY KEY \(rowid>\? AND rowid<\?\)/],
      [{ centerIds: ['seoul'], namespace: 'shop', pod: 'checkout-1' }, /SCAN k VIRTUAL TABLE INDEX \d+:M/],
      [{ traceId: traceA }, /SCAN k VIRTUAL TABLE INDEX \d+:M/],
      [{ traceId: traceA, text: 'payment' }, /SCAN k VIRTUAL TABLE INDEX \d+:M/],
    ];
    for (const [query, expected] of plans) {
      const plan = cache.logs.explainSearch({ ...all, ...query }).join(' | ');
      assert.match(plan, expected, JSON.stringify(query));
      assert.doesNotMatch(plan, /TEMP B-TREE|SCAN l\b/, `${JSON.stringify(query)}: ${plan}`);
    }
  });

  test('deleting lines keeps the FTS index in step (triggers)', () => {
    const before = search({ text: 'upstream timeout' }).length;
    cache.db.prepare("DELETE FROM log_lines WHERE pod = 'frontend-1'").run();
    assert.equal(before, 1);
    assert.equal(search({ text: 'upstream timeout' }).length, 0);
    cache.db.exec("INSERT INTO log_lines_fts (log_lines_fts) VALUES ('integrity-check')");
    cache.db.exec("INSERT INTO log_keys_fts (log_keys_fts) VALUES ('integrity-check')");
    assert.deepEqual(search({ traceId: traceB }), [], 'the deleted line is gone from the key index too');
  });

  test('key lookups (pods, trace ids, line ids) are exact: the key index only narrows', () => {
    const keyed = new CacheService(join(dir.path, 'keys.sqlite'));
    try {
      const sameBucket = traceA.slice(0, 4) + 'f'.repeat(28);
      const lines = [
        line('seoul', 1_000, 'a', { pod: 'checkout-1', traceId: traceA }),
        line('seoul', 2_000, 'b', { pod: 'checkout-1', traceId: sameBucket }),
        line('seoul', 3_000, 'c', { pod: 'checkout-10' }),
        line('seoul', 4_000, 'd', { pod: 'Checkout-1' }),
        line('seoul', 5_000, 'e', { pod: 'checkout 1' }),
        line('seoul', 6_000, 'f', { pod: '결제-1' }),
        { ...line('seoul', 7_000, 'g'), pod: null, labels: { host: 'legacy-1', unit: 'app.service' } },
        { ...line('seoul', 8_000, 'h'), pod: null, labels: { host: 'legacy-1', unit: 'app.service' } },
        { ...line('seoul', 9_000, 'i'), pod: null, labels: { host: 'legacy-2', unit: 'app.service' } },
        { ...line('seoul', 9_500, 'j'), pod: null, labels: { host: 'legacy-1', unit: 'app.service' } },
      ].map((record) => ({ ...record, id: logLineId(record.labels, record.timestampNs, record.line) }));
      assert.equal(keyed.logs.insert('seoul', lines), lines.length);
      const find = (query: Partial<LogSearchQuery>) => keyed.logs.search({ ...all, ...query }).map((record) => record.line);
      assert.deepEqual(find({ pod: 'checkout-1' }), ['b', 'a']);
      assert.deepEqual(find({ pod: 'checkout-1', namespace: 'shop', centerIds: ['seoul'] }), ['b', 'a']);
      assert.deepEqual(find({ pod: 'Checkout-1' }), ['d']);
      assert.deepEqual(find({ pod: 'checkout 1' }), ['e']);
      assert.deepEqual(find({ pod: '결제-1' }), ['f']);
      assert.deepEqual(find({ pod: '' }), []);
      assert.deepEqual(find({ traceId: traceA }), ['a'], 'same 4-digit bucket, other trace: not returned');
      assert.deepEqual(find({ traceId: sameBucket, pod: 'checkout-1' }), ['b']);
      assert.deepEqual(find({ traceId: '--' }), []);
      assert.deepEqual(keyed.logs.around(lines[0]!.id, 5).map((record) => record.line), ['a', 'b']);
      assert.deepEqual(keyed.logs.around(lines[7]!.id, 5).map((record) => record.line), ['g', 'h', 'j'], 'no pod: the same labels, through the time index');
      assert.deepEqual(keyed.logs.around(lines[0]!.id.slice(0, 4) + '0'.repeat(28), 5), [], 'same id bucket, unknown id');
      assert.deepEqual(keyed.logs.around('', 5), []);
      assert.equal(keyed.logs.get(lines[3]!.id)?.line, 'd');
      // Ids that are not hex (the store does not require them to be) are found too.
      for (const id of ['ab-c-not-hex', '-x-y', '----', 'Ä1']) assert.equal(keyed.logs.insert('seoul', [{ ...line('seoul', 20_000, id), id }]), 1);
      for (const id of ['ab-c-not-hex', '-x-y', '----', 'Ä1']) assert.equal(keyed.logs.get(id)?.line, id, id);
      assert.equal(keyed.logs.get(lines[3]!.id.slice(0, 4) + '0'.repeat(28)), null);
      keyed.db.prepare("DELETE FROM log_lines WHERE pod = 'checkout-1'").run();
      assert.deepEqual(find({ pod: 'checkout-1' }), []);
      assert.deepEqual(keyed.logs.around(lines[0]!.id, 5), []);
      assert.deepEqual(keyed.db.pragma('integrity_check'), [{ integrity_check: 'ok' }]);
    } finally {
      keyed.close();
    }
  });

  test('a cache written before migration 0009 keeps its lines: searchable, by key too, indexes in step', () => {
    const file = join(dir.path, 'before-0009.sqlite');
    const old = openCacheDatabase(file, migrations.filter((migration) => migration.version < 9));
    const insert = old.prepare(
      `INSERT INTO log_lines (rowid, id, center_id, timestamp_ms, timestamp_ns, namespace, pod, container, level, trace_id, labels_json, metadata_json, line)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    const sample = [seoul[0]!, seoul[1]!, seoul.find((record) => record.traceId === traceA)!];
    sample.forEach((record, index) =>
      insert.run(rowidSlot(record.timestamp) + index, record.id, record.centerId, record.timestamp, record.timestampNs, record.namespace, record.pod, record.container, record.level, record.traceId, JSON.stringify(record.labels), '{}', record.line),
    );
    old.close();
    const migrated = new CacheService(file);
    try {
      assert.equal(migrated.db.pragma('user_version', { simple: true }), migrations.at(-1)!.version);
      const find = (query: Partial<LogSearchQuery>) => migrated.logs.search({ ...all, ...query }).map((record) => record.id);
      assert.deepEqual(find({ text: 'payment' }), [sample[2]!.id]);
      assert.deepEqual(find({ traceId: traceA }), [sample[2]!.id]);
      assert.deepEqual(find({ pod: 'checkout-2' }), [sample[1]!.id]);
      assert.equal(migrated.logs.around(sample[0]!.id, 2).length, 2);
      assert.equal(migrated.logs.insert('seoul', sample), 0, 'the migrated lines still de-duplicate');
      assert.equal(migrated.logs.insert('seoul', [seoul[2]!]), 1);
      migrated.db.exec("INSERT INTO log_lines_fts (log_lines_fts) VALUES ('integrity-check')");
      migrated.db.exec("INSERT INTO log_keys_fts (log_keys_fts) VALUES ('integrity-check')");
      assert.deepEqual(migrated.db.pragma('integrity_check'), [{ integrity_check: 'ok' }]);
    } finally {
      migrated.close();
    }
  });
});
