import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { Incident } from '../../shared/domain/incidents.ts';
import { repoRoot } from '../../electron/build.ts';
import { CacheService } from '../../electron/services/cache/cache-service.ts';
import { RetentionService } from '../../electron/services/cache/retention.ts';
import { IncidentService } from '../../electron/services/incidents/incident-service.ts';
import { makeTempDir } from '../support/temp-dir.ts';

const dir = makeTempDir('cli-incidents');
const empty = makeTempDir('cli-incidents-empty');
const created: Incident[] = [];
after(() => {
  dir.remove();
  empty.remove();
});

function opsdesk(...args: string[]) {
  return spawnSync(process.execPath, [join(repoRoot, 'electron', 'bin', 'opsdesk.mjs'), ...args], {
    cwd: repoRoot,
    encoding: 'utf8',
    timeout: 60_000,
    env: { ...process.env, DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent/bus', OPSDESK_CONFIG: '' },
  });
}

before(() => {
  const cache = new CacheService(join(dir.path, 'cache.sqlite'));
  let now = Date.parse('2026-11-23T09:00:00Z');
  const incidents = new IncidentService({ cache, retention: new RetentionService(cache.db), now: () => (now += 60_000), actor: () => 'alice' });
  cache.upsertCenters([{ id: 'seoul-dc', name: 'Seoul DC', kind: 'on-prem', region: 'kr', labels: {}, demo: false, endpoints: [] }]);
  const window = { fromMs: Date.parse('2026-11-23T08:00:00Z'), toMs: Date.parse('2026-11-23T09:00:00Z') };
  created.push(incidents.create({ title: 'Checkout OOM on sel-k8s-w-07', severity: 'high', centerIds: ['seoul-dc'], services: ['checkout'], window, origin: { type: 'manual' } }));
  const second = incidents.create({ title: 'reports-db Pending', severity: 'medium', centerIds: [], services: [], window, origin: { type: 'selection', view: 'pods', description: 'data/reports-db-0' } });
  created.push(incidents.update({ id: second.id, status: 'resolved' }));
  cache.close();
});

test('opsdesk incidents list prints the cached incidents, newest first, from the cache alone', () => {
  const run = opsdesk('incidents', 'list', '--data-dir', dir.path);
  assert.equal(run.status, 0, run.stderr);
  const lines = run.stdout.trim().split('\n');
  assert.match(lines[0]!, /^ID\s+STATUS\s+SEVERITY\s+OPENED \(UTC\)\s+WINDOW \(UTC\)\s+CENTERS\s+TITLE$/);
  assert.equal(lines.length, 3);
  assert.ok(lines[1]!.startsWith(created[1]!.id) && /resolved\s+medium/.test(lines[1]!) && lines[1]!.includes(' all ') && lines[1]!.endsWith('reports-db Pending'));
  assert.ok(lines[2]!.startsWith(created[0]!.id) && lines[2]!.includes('2026-11-23T08:00:00Z .. 2026-11-23T09:00:00Z') && lines[2]!.includes('seoul-dc') && lines[2]!.endsWith('Checkout OOM on sel-k8s-w-07'));
});

test('--json and --status filter; a bad status or subcommand is a usage error', () => {
  const json = opsdesk('incidents', 'list', '--json', '--status', 'open', '--data-dir', dir.path);
  assert.equal(json.status, 0, json.stderr);
  const listed = JSON.parse(json.stdout) as Incident[];
  assert.deepEqual(listed, [created[0]]);
  const bad = opsdesk('incidents', 'list', '--status', 'solved', '--data-dir', dir.path);
  assert.equal(bad.status, 2);
  assert.match(bad.stderr, /--status: "solved" is not one of open, mitigated, resolved, closed/);
  const unknown = opsdesk('incidents', 'open', '--data-dir', dir.path);
  assert.equal(unknown.status, 2);
  assert.match(unknown.stderr, /unknown incidents subcommand "open"/);
});

test('with no cache yet, it says so and creates nothing', () => {
  const run = opsdesk('incidents', 'list', '--data-dir', empty.path);
  assert.equal(run.status, 0, run.stderr);
  assert.match(run.stdout, /^no incidents in .*cache\.sqlite/);
  assert.equal(existsSync(join(empty.path, 'cache.sqlite')), false);
});
