import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { after, test } from 'node:test';
import Database from 'better-sqlite3';
import { repoRoot } from '../../electron/build.ts';
import { makeTempDir } from '../support/temp-dir.ts';

const dir = makeTempDir('cli');
after(() => dir.remove());

function opsdesk(...args: string[]) {
  return spawnSync(process.execPath, [join(repoRoot, 'electron', 'bin', 'opsdesk.mjs'), ...args], { cwd: repoRoot, encoding: 'utf8', timeout: 60_000 });
}

test('opsdesk sync pulls both demo centers into the cache and reports every endpoint', () => {
  const run = opsdesk('sync', '--data-dir', dir.path, '--json');
  assert.equal(run.status, 0, run.stderr);
  const statuses = JSON.parse(run.stdout) as Array<{ endpointId: string; state: string }>;
  assert.equal(statuses.length, 6);
  assert.ok(statuses.every((status) => status.state === 'ok'), run.stdout);
  const db = new Database(join(dir.path, 'cache.sqlite'), { readonly: true });
  const perCenter = db.prepare('SELECT center_id, count(*) AS nodes FROM nodes GROUP BY center_id ORDER BY center_id').all();
  db.close();
  assert.deepEqual(perCenter.map((row) => (row as { center_id: string }).center_id), ['ohio-region', 'seoul-dc']);
});

test('opsdesk doctor reports the cache schema; unknown commands fail with usage', () => {
  const doctor = opsdesk('doctor', '--data-dir', dir.path, '--json');
  assert.equal(doctor.status, 0, doctor.stdout + doctor.stderr);
  const checks = JSON.parse(doctor.stdout) as Array<{ check: string; detail: string }>;
  assert.match(checks.find((item) => item.check === 'cache schema')!.detail, /^version \d+/);
  const unknown = opsdesk('frobnicate');
  assert.equal(unknown.status, 2);
  assert.match(unknown.stderr, /unknown command "frobnicate"/);
});
