import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { userInfo } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { startCore, type OpsDeskCore } from '../../electron/core.ts';
import { exportSchemaFile } from '../../electron/services/export/write-export-schema.ts';
import { packLayout } from '../../electron/services/packs/pack-container.ts';
import { ownPublicKey } from '../../electron/services/packs/pack-keys.ts';
import { createVault, type VaultService } from '../../electron/services/vault/index.ts';
import type { ExportResult, PackVerdict } from '../../shared/contract/exports-channels.ts';
import type { Incident, TimelineEntry } from '../../shared/domain/incidents.ts';
import { maskValue } from '../../shared/export/mask-document.ts';
import { freePort } from '../support/real-servers.ts';
import { registerTestSecret } from '../support/secret-ledger.ts';
import { packSigningVaultKey } from '../../electron/services/packs/pack-keys.ts';
import { makeTempDir } from '../support/temp-dir.ts';

/**
 * One data directory with the demo centers builds an incident and exports it in every format; a
 * fresh data directory whose centers are unreachable imports the pack and shows the same timeline,
 * series and logs.
 */
const token = registerTestSecret('eyJhbGciOiJFUzI1NiJ9.cm91bmR0cmlwLWV4cG9ydA.c2lnbmF0dXJlLXJvdW5kdHJpcA');
/** Not shaped like a credential: only the keychain knows it is one. */
const keychainSecret = registerTestSecret('plain-looking-kube-token-5c1f0e9a');
const dirA = makeTempDir('export-a');
const dirB = makeTempDir('export-b');
const minute = 60_000;
let vaultA: VaultService;
let a: OpsDeskCore;
let incident: Incident;
let timelineA: TimelineEntry[];
const exported: Partial<Record<'md' | 'html' | 'json' | 'pdf' | 'pack', ExportResult>> = {};
let seriesA: unknown;
let logsA: unknown;

async function call<T>(core: OpsDeskCore, channel: string, input: unknown): Promise<T> {
  const result = await core.dispatcher.invoke(channel, input);
  if (!result.ok) throw new Error(`${channel}: ${result.error.code}: ${result.error.message}`);
  return result.value as T;
}

async function failure(core: OpsDeskCore, channel: string, input: unknown): Promise<{ code: string; message: string }> {
  const result = await core.dispatcher.invoke(channel, input);
  assert.equal(result.ok, false, `${channel} should fail`);
  return (result as { ok: false; error: { code: string; message: string } }).error;
}

const iso = (ms: number) => new Date(ms).toISOString();
const comparable = (entries: TimelineEntry[]) => entries.map(({ id, at, endAt, source, centerId, object, title, body, starred, hidden, annotation, refs }) => ({ id, at, endAt, source, centerId, object, title, body, starred, hidden, annotation, refs }));

async function viewsOf(core: OpsDeskCore, window: Incident['window']) {
  const range = { from: iso(window.fromMs), to: iso(window.toMs) };
  const series = await call<{ series: unknown[] }>(core, 'series:panel', { centerId: 'seoul-dc', panel: 'node.memory', target: { kind: 'node', name: 'sel-k8s-w-07' }, range });
  const logs = await call<Array<{ id: string; timestamp: number; line: string; pod: string | null }>>(core, 'logs:search', { centerIds: ['seoul-dc'], range, levels: ['error'], limit: 2000 });
  return { series: series.series, logs: logs.map(({ id, timestamp, line, pod }) => ({ id, timestamp, line, pod })) };
}

before(async () => {
  vaultA = await createVault({ loadKeytar: async () => null });
  await vaultA.set('k8s-token:seoul', keychainSecret);
  a = await startCore({ dataDir: dirA.path, version: 'test', vault: vaultA, log: () => undefined, syncIntervalMs: 24 * 3_600_000 });
  await a.sync.whenIdle();
});

after(async () => {
  await a?.close();
  dirA.remove();
  dirB.remove();
});

test('an incident from the scripted NodeMemoryHigh alert, marked and annotated, exports in every format', async () => {
  const alert = a.cache.listAlerts({ centerIds: ['seoul-dc'] }).find((candidate) => candidate.alertName === 'NodeMemoryHigh');
  assert.ok(alert, 'the demo alert is cached');
  // The window ends before now, so this test's own console actions (audited) stay outside it.
  incident = await call<Incident>(a, 'incidents:create', {
    title: 'Checkout OOMKilled on sel-k8s-w-07',
    severity: 'high',
    origin: { type: 'alert', centerId: 'seoul-dc', fingerprint: alert.fingerprint },
    window: { fromMs: alert.startsAt - 30 * minute, toMs: alert.startsAt + 35 * minute },
  });
  await call(a, 'incidents:update', { id: incident.id, summary: 'Checkout 1.42.0 leaked memory.', rootCause: 'An unbounded cache.', actions: '- roll back' });
  await call(a, 'incidents:addNote', { id: incident.id, markdown: `Rolled back.\n\nUsed \`curl -H "Authorization: Bearer ${token}"\` and the kube token ${keychainSecret}`, at: alert.startsAt + 10 * minute });
  let { timeline } = await call<{ timeline: TimelineEntry[] }>(a, 'incidents:get', { id: incident.id });
  const titles = timeline.map((entry) => entry.title).join('\n');
  for (const expected of [/OOMKilled/, /BackOff/, /FailedScheduling/, /NodeMemoryHigh/]) assert.match(titles, expected);
  for (const source of ['alert', 'kube-event', 'rollout', 'log-burst', 'note'] as const) assert.ok(timeline.some((entry) => entry.source === source), `a ${source} entry`);
  const star = [timeline.find((entry) => entry.source === 'alert')!, timeline.find((entry) => /OOMKilled/.test(entry.title))!];
  for (const entry of star) await call(a, 'incidents:markEntry', { id: incident.id, entryId: entry.id, starred: true });
  const noise = timeline.find((entry) => entry.source === 'kube-event' && !/OOMKilled|BackOff|FailedScheduling/.test(entry.title)) ?? timeline.find((entry) => entry.source === 'rollout')!;
  await call(a, 'incidents:markEntry', { id: incident.id, entryId: noise.id, hidden: true });
  await call(a, 'incidents:markEntry', { id: incident.id, entryId: star[0]!.id, annotation: 'the page that woke us' });
  ({ incident, timeline } = await call<{ incident: Incident; timeline: TimelineEntry[] }>(a, 'incidents:get', { id: incident.id }));
  timelineA = timeline;
  ({ series: seriesA, logs: logsA } = await viewsOf(a, incident.window));
  assert.ok((seriesA as unknown[]).length > 0 && (logsA as unknown[]).length > 0, 'the window has series and error logs');

  for (const format of ['md', 'html', 'json', 'pdf', 'pack'] as const) {
    const result = await call<ExportResult>(a, 'incidents:export', { incidentId: incident.id, format, timeZone: 'Asia/Seoul' });
    assert.ok(result.path.startsWith(join(dirA.path, 'exports')), result.path);
    assert.equal(readFileSync(result.path).length, result.bytes);
    exported[format] = result;
  }
  // The pack-signing private key lives in the vault only: the secret scan proves it reached no file, log or payload.
  registerTestSecret((await vaultA.get(packSigningVaultKey))!);
  const markdown = readFileSync(exported.md!.path, 'utf8');
  const visible = timelineA.filter((entry) => !entry.hidden);
  const items = markdown.slice(markdown.indexOf('\n## Timeline\n'), markdown.indexOf('\n## Root cause\n')).split('\n').filter((line) => line.startsWith('- **'));
  assert.equal(items.length, visible.length, 'Markdown: one item per visible entry');
  assert.equal(items.filter((item) => item.includes('★')).length, 2);
  const json = JSON.parse(readFileSync(exported.json!.path, 'utf8')) as { timeline: TimelineEntry[]; charts: Array<{ series: unknown[] }>; logs: Array<{ level: string; entryId: string | null }> };
  const validate = new Ajv2020({ strict: false }).compile(JSON.parse(readFileSync(exportSchemaFile, 'utf8')) as object);
  assert.equal(validate(json), true, JSON.stringify(validate.errors));
  assert.equal(json.timeline.length, timelineA.length, 'JSON keeps hidden entries too');
  assert.ok(json.charts.some((chart) => chart.series.length > 0), 'charts from the cached series');
  const burst = json.timeline.find((entry) => entry.source === 'log-burst')!;
  assert.ok(json.logs.length > 0 && json.logs.every((line) => line.level === 'error'), 'error lines behind the bursts');
  assert.ok(json.logs.some((line) => line.entryId === burst.id));
  assert.ok((readFileSync(exported.html!.path, 'utf8').match(/<path class="series"/g) ?? []).length > 0);
  assert.equal(readFileSync(exported.pdf!.path).subarray(0, 5).toString('latin1'), '%PDF-');
  for (const format of ['md', 'html', 'json', 'pack'] as const) {
    const bytes = readFileSync(exported[format]!.path);
    assert.ok(!bytes.includes(Buffer.from(token)), `${format}: the pasted token is masked`);
    assert.ok(!bytes.includes(Buffer.from(keychainSecret)), `${format}: a value the keychain holds is masked`);
  }
  assert.match(readFileSync(exported.md!.path, 'utf8'), /Bearer \*\*\*.* and the kube token \*\*\*/);
  const verdict = await call<PackVerdict>(a, 'packs:verify', { path: exported.pack!.path });
  assert.equal(verdict.ok, true);
  assert.equal(verdict.trusted, true, 'this desk trusts its own key');
  assert.equal(verdict.signer, userInfo().username, 'signed out: the OS user signs');
});

test('a fresh data directory with unreachable centers imports the pack: same timeline, series and logs, read-only, signer unknown until trusted', async () => {
  assert.ok(exported.pack, 'the export test ran');
  await a.close();
  const closed = await freePort();
  writeFileSync(
    join(dirB.path, 'centers.yaml'),
    `version: 1\ncenters:\n  - id: seoul-dc\n    name: Seoul DC\n    kind: on-prem\n    region: kr-seoul\n    endpoints:\n      metrics: { kind: prometheus, url: "http://127.0.0.1:${closed}" }\n      alerts: { kind: alertmanager, url: "http://127.0.0.1:${closed}" }\n`,
  );
  const b = await startCore({ dataDir: dirB.path, version: 'test', vault: await createVault({ loadKeytar: async () => null }), log: () => undefined, syncIntervalMs: 24 * 3_600_000 });
  try {
    await b.sync.whenIdle();
    assert.ok(b.sync.statuses().every((status) => status.state === 'error'), 'every center is unreachable');

    // A damaged copy is refused before anything is opened, naming the part.
    const bytes = readFileSync(exported.pack!.path);
    const cachePart = packLayout(bytes).find((region) => region.name === 'cache.sqlite')!;
    const damaged = Buffer.from(bytes);
    damaged[cachePart.start + 4096]! ^= 0x10;
    const damagedPath = join(dirB.path, 'damaged.opsdesk-pack');
    writeFileSync(damagedPath, damaged);
    const refused = await failure(b, 'packs:import', { path: damagedPath });
    assert.equal(refused.code, 'invalid-input');
    assert.match(refused.message, /cache\.sqlite: part cache\.sqlite differs from the signed manifest/);
    assert.deepEqual(await call(b, 'incidents:list', {}), []);

    const before = await call<PackVerdict>(b, 'packs:verify', { path: exported.pack!.path });
    assert.equal(before.ok, true);
    assert.equal(before.trusted, false, 'another desk\'s key is unknown here');
    const imported = await call<{ incidentId: string; verdict: PackVerdict; timeline: { signed: number; shown: number; missing: number; extra: number } }>(b, 'packs:import', { path: exported.pack!.path });
    assert.equal(imported.incidentId, incident.id);
    assert.deepEqual(imported.timeline, { signed: timelineA.length, shown: timelineA.length, missing: 0, extra: 0 }, 'rebuilt here exactly as signed');
    const { incident: copy, timeline: timelineB } = await call<{ incident: Incident; timeline: TimelineEntry[] }>(b, 'incidents:get', { id: incident.id });
    assert.deepEqual(copy.imported, { packSha256: before.packSha256, signer: userInfo().username, signerKeyId: before.keyId, signedAt: before.signedAt, trusted: false });
    assert.deepEqual(comparable(timelineB), comparable(maskValue(timelineA, [keychainSecret]) as TimelineEntry[]), 'the same timeline, entry for entry (the note masked)');
    const viewsB = await viewsOf(b, incident.window);
    assert.deepEqual(viewsB.series, seriesA, 'the same chart series');
    assert.deepEqual(viewsB.logs, logsA, 'the same error logs');

    const readOnly = await failure(b, 'incidents:addNote', { id: incident.id, markdown: 'edit?' });
    assert.equal(readOnly.code, 'forbidden');
    assert.equal((await failure(b, 'incidents:export', { incidentId: incident.id, format: 'pack' })).code, 'forbidden', 'an imported incident is not re-signed');
    const markdownB = await call<ExportResult>(b, 'incidents:export', { incidentId: incident.id, format: 'md' });
    assert.match(readFileSync(markdownB.path, 'utf8'), /Imported from a pack signed by .* UNTRUSTED/);

    b.exports.trustedKeys.add((await ownPublicKey(vaultA))!.publicKey, 'desk A', Date.now());
    assert.equal((await call<PackVerdict>(b, 'packs:verify', { path: exported.pack!.path })).trusted, true, 'trusted once its key is listed');
  } finally {
    await b.close();
  }
});
