import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import Database from 'better-sqlite3';
import type { Incident } from '../../shared/domain/incidents.ts';
import type { LogLineRecord } from '../../shared/domain/logs.ts';
import { CacheService } from '../../electron/services/cache/cache-service.ts';
import { buildPack, sha256Hex } from '../../electron/services/packs/pack-builder.ts';
import { decodePack, encodePack, packLayout, packPartNames } from '../../electron/services/packs/pack-container.ts';
import { importVerifiedPack } from '../../electron/services/packs/pack-importer.ts';
import { ownSigningKey, packSigningVaultKey, signBytes, TrustedKeyList, type SigningKey } from '../../electron/services/packs/pack-keys.ts';
import { verifyPack } from '../../electron/services/packs/pack-verifier.ts';
import { createVault } from '../../electron/services/vault/index.ts';
import { fixtureIncident, fixtureTimeline, pastedToken } from '../fixtures/export/incident-export-fixture.ts';
import { registerTestSecret } from '../support/secret-ledger.ts';
import { makeTempDir } from '../support/temp-dir.ts';

registerTestSecret(pastedToken);
const dir = makeTempDir('packs');
after(() => dir.remove());

const incident: Incident = fixtureIncident();
const { fromMs, toMs } = incident.window;
const minute = 60_000;
let source: CacheService;
let ownKey: SigningKey;
let strangerKey: SigningKey;
let pack: Buffer;

function logLine(at: number, line: string, level: LogLineRecord['level'] = 'error'): LogLineRecord {
  const id = sha256Hex(Buffer.from(`${at}:${line}`)).slice(0, 32);
  return { id, centerId: 'seoul-dc', timestamp: at, timestampNs: `${at}000000`, labels: { app: 'checkout' }, metadata: {}, namespace: 'shop', pod: 'checkout-7d9f-abcde', container: 'checkout', level, line, traceId: null };
}

/** A cache holding the incident's window, data outside it, another center and another incident. */
function populate(cache: CacheService): void {
  cache.upsertCenters([
    { id: 'seoul-dc', name: 'Seoul DC', kind: 'on-prem', region: 'kr-seoul', labels: {}, demo: true, endpoints: [{ id: 'seoul-dc-metrics', signal: 'metrics', kind: 'prometheus', url: 'http://oncall:s3cret-in-url@prom.seoul:9090' }] },
    { id: 'ohio-region', name: 'Ohio region', kind: 'cloud', region: 'us-east-2', labels: {}, demo: true, endpoints: [] },
  ] as never);
  const timestamps = Array.from({ length: 181 }, (_, index) => fromMs - 60 * minute + index * minute);
  cache.writeSeries('seoul-dc', 'node.memory', [{ labels: { instance: 'sel-k8s-w-07:9100' }, timestamps, values: timestamps.map((_, index) => 8e9 + index * 1e7) }]);
  cache.writeSeries('ohio-region', 'node.memory', [{ labels: { instance: 'ohi-w-01:9100' }, timestamps, values: timestamps.map(() => 5e9) }]);
  cache.logs.insert('seoul-dc', [
    logLine(fromMs + 20 * minute, `payment authorization failed (Authorization: Bearer ${pastedToken})`),
    logLine(fromMs + 21 * minute, 'payment authorization failed: upstream 503'),
    logLine(fromMs - 30 * minute, 'before the window'),
  ]);
  const event = (uid: string, at: number, reason: string) =>
    cache.db
      .prepare('INSERT INTO kube_events (center_id, uid, namespace, involved_kind, involved_name, reason, type, first_seen, last_seen, record_json) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)')
      .run('seoul-dc', uid, 'shop', 'Pod', 'checkout-7d9f-abcde', reason, 'Warning', at, at, JSON.stringify({ uid, reason, message: `${reason} happened` }));
  event('ev-oom', fromMs + 20 * minute, 'OOMKilled');
  event('ev-old', fromMs - 45 * minute, 'Pulled');
  const saveIncident = (value: Incident) =>
    cache.db.prepare('INSERT INTO incidents (id, status, created_at, updated_at, record_json) VALUES (?, ?, ?, ?, ?)').run(value.id, value.status, value.createdAt, value.updatedAt, JSON.stringify(value));
  saveIncident(incident);
  saveIncident(fixtureIncident({ id: 'inc-0other0incident', title: 'Another incident' }));
  cache.db.prepare('INSERT INTO incident_notes (id, incident_id, at, author, markdown, created_at) VALUES (?, ?, ?, ?, ?, ?)').run('n1', incident.id, fromMs + 30 * minute, 'Jiwoo', `rolled back; token=${pastedToken}`, fromMs + 30 * minute);
  cache.db.prepare('INSERT INTO timeline_marks (incident_id, entry_id, starred, hidden, annotation, updated_at) VALUES (?, ?, 1, 0, ?, ?)').run(incident.id, 'alert:x', 'woke us', fromMs);
}

before(async () => {
  source = new CacheService(join(dir.path, 'planted-source', 'cache.sqlite'));
  populate(source);
  const vault = await createVault({ loadKeytar: async () => null });
  ownKey = await ownSigningKey(vault);
  assert.equal((await ownSigningKey(vault)).id, ownKey.id, 'the key is generated once and then read from the vault');
  assert.match((await vault.get(packSigningVaultKey)) ?? '', /^-----BEGIN PRIVATE KEY-----/);
  strangerKey = await ownSigningKey(await createVault({ loadKeytar: async () => null }));
  pack = buildPack({ cache: source, incident, timeline: fixtureTimeline(), key: ownKey, signer: 'Jiwoo Park', now: toMs + minute, version: '0.1.0', knownSecrets: [] });
});
after(() => source.close());

const trustOwn = (publicKey: string) => publicKey === ownKey.publicKey;

test('a pack verifies: signer, time, key and every part hash; the own key is trusted, a stranger key is not', () => {
  const { verdict } = verifyPack(pack, trustOwn);
  assert.equal(verdict.ok, true, verdict.reason ?? '');
  assert.equal(verdict.signer, 'Jiwoo Park');
  assert.equal(verdict.signedAt, toMs + minute);
  assert.equal(verdict.keyId, ownKey.id);
  assert.equal(verdict.trusted, true);
  assert.deepEqual(verdict.parts.map((part) => [part.name, part.ok]), [['cache.sqlite', true], ['incident.json', true]]);
  assert.equal(verdict.packSha256, sha256Hex(pack));
  assert.deepEqual(verdict.incident, { id: incident.id, title: incident.title, window: incident.window });

  const foreign = buildPack({ cache: source, incident, timeline: fixtureTimeline(), key: strangerKey, signer: 'someone else', now: toMs, version: '0.1.0', knownSecrets: [] });
  const unknown = verifyPack(foreign, trustOwn).verdict;
  assert.equal(unknown.ok, true, 'the signature itself is valid');
  assert.equal(unknown.trusted, false, 'but the signer is unknown here');
  assert.equal(unknown.keyId, strangerKey.id);
  assert.equal(unknown.signer, 'someone else');
});

test('flipping any single byte is detected, and the refusal names the part that differs', () => {
  const layout = packLayout(pack);
  assert.deepEqual(layout.map((region) => region.name), ['header', ...packPartNames]);
  let flips = 0;
  for (const region of layout) {
    const length = region.end - region.start;
    // Both ends, every byte of small regions, and 40 positions spread over large ones.
    const offsets = new Set<number>([0, 1, length - 1, Math.floor(length / 2)]);
    const step = Math.max(1, Math.floor(length / 40));
    for (let offset = 0; offset < length; offset += step) offsets.add(offset);
    for (const offset of offsets) {
      for (const mask of [0x01, 0x80]) {
        const altered = Buffer.from(pack);
        altered[region.start + offset]! ^= mask;
        const { verdict } = verifyPack(altered, trustOwn);
        flips++;
        assert.equal(verdict.ok, false, `flip ${mask} at ${region.name}+${offset} must be refused`);
        const expected = region.name === 'manifest.json' || region.name === 'manifest.sig' ? ['manifest.json', 'manifest.sig'] : [region.name];
        assert.ok(expected.includes(verdict.part ?? ''), `flip at ${region.name}+${offset}: refusal names ${verdict.part} (${verdict.reason})`);
        assert.ok(verdict.reason && verdict.reason.length > 10);
      }
    }
  }
  assert.ok(flips > 300, `${flips} flips tried`);
  const cacheFlip = Buffer.from(pack);
  cacheFlip[layout[1]!.start + 100]! ^= 1;
  assert.match(verifyPack(cacheFlip, trustOwn).verdict.reason!, /^part cache\.sqlite differs from the signed manifest/);
});

test('truncated, padded, empty and foreign files are refused with a clear reason', () => {
  const cases: Array<[string, Buffer, RegExp]> = [
    ['truncated', pack.subarray(0, pack.length - 1), /accounts for \d+ bytes but the file has/],
    ['padded', Buffer.concat([pack, Buffer.from([0])]), /accounts for \d+ bytes but the file has/],
    ['empty', Buffer.alloc(0), /not an OpsDesk incident pack/],
    ['a zip', Buffer.from('PK\u0003\u0004 not a pack at all'), /not an OpsDesk incident pack/],
  ];
  for (const [name, bytes, reason] of cases) {
    const { verdict } = verifyPack(bytes, trustOwn);
    assert.equal(verdict.ok, false, name);
    assert.equal(verdict.part, 'header', name);
    assert.match(verdict.reason!, reason, name);
  }
});

test('a pack altered and re-signed by another key verifies only as that (untrusted) key', () => {
  const parts = decodePack(pack);
  const incidentJson = JSON.parse(parts['incident.json'].toString('utf8')) as { incident: Incident };
  incidentJson.incident.rootCause = 'someone else did it';
  const forgedIncident = Buffer.from(JSON.stringify(incidentJson));
  const manifest = JSON.parse(parts['manifest.json'].toString('utf8')) as { parts: Array<{ name: string; size: number; sha256: string }>; key: { id: string; publicKey: string } };
  manifest.parts[1] = { name: 'incident.json', size: forgedIncident.length, sha256: sha256Hex(forgedIncident) };
  const keptKey = Buffer.from(JSON.stringify(manifest));
  const withOldSignature = encodePack({ ...parts, 'incident.json': forgedIncident, 'manifest.json': keptKey });
  assert.equal(verifyPack(withOldSignature, trustOwn).verdict.ok, false, 'the old signature does not cover the new manifest');
  manifest.key = { ...manifest.key, id: strangerKey.id, publicKey: strangerKey.publicKey };
  const reSigned = Buffer.from(JSON.stringify(manifest));
  const forged = encodePack({ ...parts, 'incident.json': forgedIncident, 'manifest.json': reSigned, 'manifest.sig': signBytes(strangerKey, reSigned) });
  const { verdict } = verifyPack(forged, trustOwn);
  assert.equal(verdict.ok, true, verdict.reason ?? '');
  assert.equal(verdict.trusted, false);
  assert.equal(verdict.keyId, strangerKey.id);
});

test('the pack database holds the window of the incident centers only, masked, with no endpoint or other incident', () => {
  const file = join(dir.path, 'inspect.sqlite');
  writeFileSync(file, decodePack(pack)['cache.sqlite']);
  const db = new Database(file, { readonly: true });
  try {
    const count = (sql: string) => (db.prepare(sql).pluck().get() as number) ?? 0;
    assert.equal(count('SELECT count(*) FROM endpoints'), 0, 'no endpoint (URLs may carry credentials)');
    assert.equal(count('SELECT count(*) FROM sync_state'), 0);
    assert.deepEqual(db.prepare('SELECT id FROM incidents').pluck().all(), [incident.id], 'only this incident');
    assert.deepEqual(db.prepare('SELECT DISTINCT center_id FROM series').pluck().all(), ['seoul-dc']);
    assert.equal(count(`SELECT count(*) FROM log_lines WHERE timestamp_ms < ${fromMs} OR timestamp_ms > ${toMs}`), 0);
    assert.equal(count('SELECT count(*) FROM log_lines'), 2);
    assert.deepEqual(db.prepare('SELECT uid FROM kube_events').pluck().all(), ['ev-oom']);
    const blocks = db.prepare('SELECT block_start, block_end, sample_count FROM series_block').all() as Array<{ block_end: number; sample_count: number }>;
    assert.equal(blocks.reduce((sum, block) => sum + block.sample_count, 0), 66, 'the 66 samples of the 65-minute window, none outside');
    const everything = db.prepare("SELECT group_concat(line, '\n') FROM log_lines").pluck().get() as string;
    assert.ok(!everything.includes(pastedToken) && everything.includes('Bearer ***'), 'log lines masked');
    assert.ok(!(db.prepare('SELECT markdown FROM incident_notes').pluck().get() as string).includes(pastedToken), 'notes masked');
    assert.ok(!decodePack(pack)['incident.json'].toString('utf8').includes(pastedToken), 'incident.json masked');
    const incidentJson = JSON.parse(decodePack(pack)['incident.json'].toString('utf8')) as { notes: Array<{ id: string; author: string; markdown: string }>; timeline: unknown[] };
    assert.deepEqual(incidentJson.notes.map(({ id, author, markdown }) => ({ id, author, markdown })), [{ id: 'n1', author: 'Jiwoo', markdown: 'rolled back; token=***' }]);
    assert.equal(incidentJson.timeline.length, fixtureTimeline().length);
    assert.ok(!pack.includes(Buffer.from('s3cret-in-url')), 'no endpoint credential anywhere in the pack');
    assert.ok(!pack.includes(Buffer.from(pastedToken)), 'the token is nowhere in the pack');
  } finally {
    db.close();
  }
});

test('import into a fresh cache: same series, logs and events, the incident read-only with its signer; a second import is recognised', () => {
  const target = new CacheService(join(dir.path, 'target', 'cache.sqlite'));
  try {
    const verified = verifyPack(pack, () => false);
    const outcome = importVerifiedPack(verified, { cache: target, dataDir: join(dir.path, 'target'), now: toMs + 2 * minute });
    assert.equal(outcome.incidentId, incident.id);
    const stored = JSON.parse(target.db.prepare('SELECT record_json FROM incidents WHERE id = ?').pluck().get(incident.id) as string) as Incident;
    assert.deepEqual(stored.imported, { packSha256: sha256Hex(pack), signer: 'Jiwoo Park', signerKeyId: ownKey.id, signedAt: toMs + minute, trusted: false });
    const window = { from: fromMs, to: toMs };
    assert.deepEqual(target.readSeries('seoul-dc', 'node.memory', window), source.readSeries('seoul-dc', 'node.memory', window));
    const lines = (cache: CacheService) => cache.logs.search({ centerIds: ['seoul-dc'], fromMs, toMs, limit: 100 }).map((line) => [line.id, line.timestamp]);
    assert.deepEqual(lines(target), lines(source));
    assert.deepEqual(target.db.prepare('SELECT uid FROM kube_events').pluck().all(), ['ev-oom']);
    assert.deepEqual(target.db.prepare('SELECT id, author FROM incident_notes').all(), [{ id: 'n1', author: 'Jiwoo' }]);
    assert.deepEqual(target.db.prepare('SELECT entry_id, starred, annotation FROM timeline_marks').all(), [{ entry_id: 'alert:x', starred: 1, annotation: 'woke us' }]);
    assert.ok(target.db.prepare("SELECT 1 FROM pinned_windows WHERE id = ? AND from_ms = ? AND to_ms = ?").get(`incident:${incident.id}:*`, fromMs, toMs), 'the window is pinned');
    const again = importVerifiedPack(verifyPack(pack, () => false), { cache: target, dataDir: join(dir.path, 'target'), now: toMs });
    assert.equal(again.alreadyImported, true);
    assert.equal(again.incidentId, incident.id);
  } finally {
    target.close();
  }
});

test('importing into the data dir that holds the original gives the copy its own id (notes and marks follow)', () => {
  const outcome = importVerifiedPack(verifyPack(pack, trustOwn), { cache: source, dataDir: join(dir.path, 'planted-source'), now: toMs + 3 * minute });
  assert.notEqual(outcome.incidentId, incident.id);
  assert.match(outcome.incidentId, /^inc-[0-9a-f]{20}$/);
  const original = JSON.parse(source.db.prepare('SELECT record_json FROM incidents WHERE id = ?').pluck().get(incident.id) as string) as Incident;
  assert.equal(original.imported, null, 'the original is untouched');
  assert.equal(source.db.prepare('SELECT count(*) FROM incident_notes WHERE incident_id = ?').pluck().get(outcome.incidentId), 1);
});

test('a signed pack whose database carries anything beyond the cache schema is refused before it is opened as a cache', () => {
  const parts = decodePack(pack);
  const file = join(dir.path, 'hostile.sqlite');
  writeFileSync(file, parts['cache.sqlite']);
  const db = new Database(file);
  db.exec("CREATE TRIGGER sneaky AFTER INSERT ON alerts BEGIN DELETE FROM pinned_windows; END;");
  db.close();
  const hostile = readFileSync(file);
  const manifest = JSON.parse(parts['manifest.json'].toString('utf8')) as { parts: Array<{ name: string; size: number; sha256: string }> };
  manifest.parts[0] = { name: 'cache.sqlite', size: hostile.length, sha256: sha256Hex(hostile) };
  const manifestBytes = Buffer.from(JSON.stringify(manifest));
  const signed = encodePack({ ...parts, 'cache.sqlite': hostile, 'manifest.json': manifestBytes, 'manifest.sig': signBytes(ownKey, manifestBytes) });
  const verified = verifyPack(signed, trustOwn);
  assert.equal(verified.verdict.ok, true, 'signature and hashes are fine');
  const target = new CacheService(join(dir.path, 'target-hostile', 'cache.sqlite'));
  try {
    assert.throws(
      () => importVerifiedPack(verified, { cache: target, dataDir: join(dir.path, 'target-hostile'), now: toMs }),
      /cache\.sqlite: cache\.sqlite does not have the cache schema of version \d+/,
    );
    assert.equal(target.db.prepare('SELECT count(*) FROM incidents').pluck().get(), 0, 'nothing was imported');
  } finally {
    target.close();
  }
});

test('the trusted-keys list: a listed key is trusted, a malformed file is named in the error', () => {
  const list = new TrustedKeyList(join(dir.path, 'trust'));
  assert.equal(list.isTrusted(strangerKey.publicKey), false);
  list.add(strangerKey.publicKey, 'Ohio on-call', 1);
  assert.equal(list.isTrusted(strangerKey.publicKey), true);
  writeFileSync(list.file, '{"version":1,"keys":[{"id":"ed25519:0000000000000000","publicKey":"x","name":"n","addedAt":1}]}');
  assert.throws(() => list.read(), /trusted-pack-keys\.json: keys\.0\.publicKey: /);
});

test('a pack signed while its window was still open imports with the window ending at the signing', () => {
  const signedAt = fromMs + 30 * minute;
  const early = buildPack({ cache: source, incident: fixtureIncident({ id: 'inc-0early0signed' }), timeline: fixtureTimeline(), key: ownKey, signer: 'Jiwoo Park', now: signedAt, version: '0.1.0', knownSecrets: [] });
  const target = new CacheService(join(dir.path, 'target-early', 'cache.sqlite'));
  try {
    const outcome = importVerifiedPack(verifyPack(early, trustOwn), { cache: target, dataDir: join(dir.path, 'target-early'), now: toMs + 10 * minute });
    const stored = JSON.parse(target.db.prepare('SELECT record_json FROM incidents WHERE id = ?').pluck().get(outcome.incidentId) as string) as Incident;
    assert.deepEqual(stored.window, { fromMs, toMs: signedAt });
    assert.ok(target.db.prepare('SELECT 1 FROM pinned_windows WHERE from_ms = ? AND to_ms = ?').get(fromMs, signedAt));
    const window = { from: fromMs, to: toMs };
    assert.deepEqual(target.readSeries('seoul-dc', 'node.memory', window), source.readSeries('seoul-dc', 'node.memory', window), 'the data of the whole packed window is kept');
  } finally {
    target.close();
  }
});
