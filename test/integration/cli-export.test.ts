import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { repoRoot } from '../../electron/build.ts';
import { startCore } from '../../electron/core.ts';
import { packLayout } from '../../electron/services/packs/pack-container.ts';
import { createVault } from '../../electron/services/vault/index.ts';
import type { Incident } from '../../shared/domain/incidents.ts';
import { makeTempDir } from '../support/temp-dir.ts';

const source = makeTempDir('cli-export');
const fresh = makeTempDir('cli-import');
const files = makeTempDir('cli-export-files');
let incidentId = '';

function opsdesk(args: string[], env: Record<string, string> = {}) {
  return spawnSync(process.execPath, [join(repoRoot, 'electron', 'bin', 'opsdesk.mjs'), ...args], {
    cwd: repoRoot,
    encoding: 'utf8',
    timeout: 90_000,
    // No session bus: the keychain is unreachable, so every run has its own in-memory signing key.
    env: { ...process.env, DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent/bus', OPSDESK_CONFIG: '', ...env },
  });
}

before(async () => {
  const core = await startCore({ dataDir: source.path, version: 'test', vault: await createVault({ loadKeytar: async () => null }), log: () => undefined, syncIntervalMs: 24 * 3_600_000 });
  try {
    await core.sync.whenIdle();
    const alert = core.cache.listAlerts({ centerIds: ['seoul-dc'] }).find((candidate) => candidate.alertName === 'NodeMemoryHigh')!;
    const created = await core.dispatcher.invoke('incidents:create', { title: 'Node memory high on sel-k8s-w-07', severity: 'high', origin: { type: 'alert', centerId: 'seoul-dc', fingerprint: alert.fingerprint } });
    assert.ok(created.ok, JSON.stringify(created));
    incidentId = (created.value as Incident).id;
  } finally {
    await core.close();
  }
});

after(() => {
  source.remove();
  fresh.remove();
  files.remove();
});

test('opsdesk export writes each format where asked and reports size and SHA-256', () => {
  const out = join(files.path, 'postmortem.md');
  const md = opsdesk(['export', incidentId, '--format', 'md', '--out', out, '--tz', 'Asia/Seoul', '--data-dir', source.path]);
  assert.equal(md.status, 0, md.stderr);
  const written = readFileSync(out);
  assert.equal(md.stdout.trim(), `${out}  ${written.length} bytes  sha256 ${createHash('sha256').update(written).digest('hex')}`);
  assert.match(written.toString('utf8'), /^# Node memory high on sel-k8s-w-07\n[\s\S]*## Timeline\n[\s\S]*NodeMemoryHigh/);
  const json = opsdesk(['export', incidentId, '--format', 'json', '--json', '--data-dir', source.path]);
  assert.equal(json.status, 0, json.stderr);
  const result = JSON.parse(json.stdout) as { path: string; format: string };
  assert.equal(result.format, 'json');
  assert.ok(result.path.startsWith(join(source.path, 'exports', `${incidentId}-`)) && result.path.endsWith('.json'), result.path);
  assert.equal((JSON.parse(readFileSync(result.path, 'utf8')) as { incident: { id: string } }).incident.id, incidentId);
});

test('opsdesk export, verify, trust and import a pack across data directories', () => {
  const pack = join(files.path, 'incident.opsdesk-pack');
  const exported = opsdesk(['export', incidentId, '--format', 'pack', '--out', pack, '--data-dir', source.path]);
  assert.equal(exported.status, 0, exported.stderr);
  const verify = opsdesk(['verify', pack, '--data-dir', fresh.path]);
  assert.equal(verify.status, 3, `verified but the signer is unknown here: ${verify.stdout}${verify.stderr}`);
  assert.match(verify.stdout, /^incident {2}inc-\S+ {2}Node memory high on sel-k8s-w-07$/m);
  assert.match(verify.stdout, /signed by \S+ at \d{4}-\d\d-\d\dT[\d:.]+Z with key ed25519:[0-9a-f]{16} \(UNTRUSTED/);
  assert.match(verify.stdout, /^part {6}cache\.sqlite .* ok$/m);
  assert.match(verify.stdout, /^part {6}incident\.json .* ok$/m);
  const trust = opsdesk(['trust', pack, '--name', 'desk A', '--data-dir', fresh.path]);
  assert.equal(trust.status, 0, trust.stdout + trust.stderr);
  assert.ok(existsSync(join(fresh.path, 'trusted-pack-keys.json')));
  assert.equal(opsdesk(['verify', pack, '--data-dir', fresh.path]).status, 0, 'trusted from now on');

  const imported = opsdesk(['import', pack, '--data-dir', fresh.path]);
  assert.equal(imported.status, 0, imported.stderr);
  assert.match(imported.stdout, new RegExp(`^imported as ${incidentId} \\(read-only\\)$`, 'm'));
  assert.match(imported.stdout, /\(trusted\)/);
  assert.match(imported.stdout, /^timeline {2}\d+ entries, as signed$/m);
  const again = opsdesk(['import', pack, '--json', '--data-dir', fresh.path]);
  assert.equal(again.status, 0, again.stderr);
  assert.deepEqual(JSON.parse(again.stdout).alreadyImported, true);

  // The imported incident exports again from the fresh data directory (read from its cache only).
  const md = opsdesk(['export', incidentId, '--format', 'md', '--out', join(files.path, 'imported.md'), '--data-dir', fresh.path]);
  assert.equal(md.status, 0, md.stderr);
  assert.match(readFileSync(join(files.path, 'imported.md'), 'utf8'), /Imported from a pack signed by .* \(key ed25519:[0-9a-f]{16}, trusted\)/);
});

test('a damaged pack is refused by verify and import, naming the part', () => {
  const pack = join(files.path, 'incident.opsdesk-pack');
  const bytes = readFileSync(pack);
  const manifest = packLayout(bytes).find((region) => region.name === 'manifest.json')!;
  const damaged = Buffer.from(bytes);
  damaged[manifest.start + 40]! ^= 0x02;
  const path = join(files.path, 'damaged.opsdesk-pack');
  writeFileSync(path, damaged);
  const verify = opsdesk(['verify', path, '--data-dir', fresh.path]);
  assert.equal(verify.status, 1);
  assert.match(verify.stdout, /^REFUSED {3}manifest\.(json|sig): /m);
  const imported = opsdesk(['import', path, '--data-dir', fresh.path]);
  assert.equal(imported.status, 1);
  assert.match(imported.stderr, /opsdesk: import .*damaged\.opsdesk-pack: pack refused: manifest\.(json|sig): /);
});

test('usage mistakes exit 2 with the exports usage; unknown incidents and a missing Chromium exit 1 with the reason', () => {
  const noFormat = opsdesk(['export', incidentId, '--data-dir', source.path]);
  assert.equal(noFormat.status, 2);
  assert.match(noFormat.stderr, /--format must be one of md, html, json, pdf, pack/);
  assert.match(noFormat.stderr, /export ID --format md\|html\|json\|pdf\|pack/);
  assert.equal(opsdesk(['export', incidentId, '--format', 'docx', '--data-dir', source.path]).status, 2);
  assert.equal(opsdesk(['verify', '--data-dir', source.path]).status, 2);
  const unknownOption = opsdesk(['export', incidentId, '--format', 'md', '--colour', '--data-dir', source.path]);
  assert.equal(unknownOption.status, 2);
  assert.match(unknownOption.stderr, /--colour/);
  const missing = opsdesk(['export', 'inc-0000000nothere', '--format', 'md', '--data-dir', source.path]);
  assert.equal(missing.status, 1);
  assert.match(missing.stderr, /opsdesk: export inc-0000000nothere: .*inc-0000000nothere/);
  const badZone = opsdesk(['export', incidentId, '--format', 'md', '--tz', 'Mars/Olympus_Mons', '--data-dir', source.path]);
  assert.equal(badZone.status, 1);
  assert.match(badZone.stderr, /unknown time zone "Mars\/Olympus_Mons"/);
  const noChromium = opsdesk(['export', incidentId, '--format', 'pdf', '--data-dir', source.path], { OPSDESK_CHROMIUM: '/nonexistent/chromium' });
  assert.equal(noChromium.status, 1);
  assert.match(noChromium.stderr, /PDF export needs Chromium or Chrome, and none was found \(looked at \/nonexistent\/chromium\)\. Install chromium, or set OPSDESK_CHROMIUM/);
});
