import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, test } from 'node:test';
import Database from 'better-sqlite3';
import { repoRoot } from '../../electron/build.ts';
import { freePort } from '../support/real-servers.ts';
import { registerTestSecret } from '../support/secret-ledger.ts';
import { makeTempDir } from '../support/temp-dir.ts';

const dir = makeTempDir('cli');
after(() => dir.remove());

function opsdesk(...args: string[]) {
  return opsdeskWithInput('', ...args);
}

function opsdeskWithInput(input: string, ...args: string[]) {
  return spawnSync(process.execPath, [join(repoRoot, 'electron', 'bin', 'opsdesk.mjs'), ...args], {
    cwd: repoRoot,
    encoding: 'utf8',
    timeout: 60_000,
    input,
    // No session bus: the keychain is unreachable, as on a locked-down desk without one.
    env: { ...process.env, DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent/bus', OPSDESK_CONFIG: '' },
  });
}

test('opsdesk sync pulls both demo centers into the cache and reports every endpoint', () => {
  const run = opsdesk('sync', '--data-dir', dir.path, '--json');
  assert.equal(run.status, 0, run.stderr);
  const statuses = JSON.parse(run.stdout) as Array<{ endpointId: string; state: string }>;
  // Every endpoint of both demo centers (metrics, kubernetes, alerts, traces, and any added since).
  for (const center of ['seoul-dc', 'ohio-region']) {
    for (const signal of ['metrics', 'kubernetes', 'alerts', 'traces']) assert.ok(statuses.some((status) => status.endpointId === `${center}-${signal}`), `${center}-${signal} reported`);
  }
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

test('opsdesk centers add, list, test and remove work on the config file', async () => {
  const configDir = makeTempDir('cli-centers');
  const closedPort = await freePort();
  try {
    const prometheusLike = opsdesk('centers', 'add', '--id', 'lab', '--name', 'Lab', '--kind', 'on-prem', '--metrics', `http://127.0.0.1:${closedPort}`, '--data-dir', configDir.path);
    assert.equal(prometheusLike.status, 0, prometheusLike.stderr);
    const list = opsdesk('centers', 'list', '--json', '--data-dir', configDir.path);
    assert.equal(list.status, 0, list.stderr);
    const listed = JSON.parse(list.stdout) as { demo: boolean; centers: Array<{ id: string; endpoints: Array<{ url: string }> }> };
    assert.equal(listed.demo, false);
    assert.deepEqual(listed.centers.map((center) => center.id), ['lab']);
    const tested = opsdesk('centers', 'test', 'lab', '--json', '--data-dir', configDir.path);
    assert.equal(tested.status, 1, 'nothing listens on the port: the test fails');
    const [result] = JSON.parse(tested.stdout) as Array<{ ok: boolean; via: string; message: string }>;
    assert.equal(result!.ok, false);
    assert.equal(result!.via, 'direct');
    assert.match(result!.message, /refused|unreachable/i);
    const badUrl = opsdesk('centers', 'add', '--id', 'bad', '--name', 'Bad', '--metrics', 'not-a-url', '--data-dir', configDir.path);
    assert.equal(badUrl.status, 1);
    assert.match(badUrl.stderr, /centers\.yaml:\d+:\d+: centers\[1\]\.endpoints\.metrics\.url: /);
    assert.equal(opsdesk('centers', 'remove', 'lab', '--data-dir', configDir.path).status, 0);
    assert.equal(opsdesk('centers', 'remove', 'lab', '--data-dir', configDir.path).status, 1);
    const usage = opsdesk('centers', 'frobnicate', '--data-dir', configDir.path);
    assert.equal(usage.status, 2);
    assert.match(usage.stderr, /unknown centers command "frobnicate"/);
  } finally {
    configDir.remove();
  }
});

test('opsdesk centers import kubeconfig writes centers and refuses to lose secrets silently', () => {
  const configDir = makeTempDir('cli-import');
  try {
    const kubeconfig = join(configDir.path, 'kubeconfig');
    writeFileSync(kubeconfig, [
      'apiVersion: v1', 'kind: Config',
      'clusters: [{ name: seoul, cluster: { server: "https://10.1.0.1:6443" } }]',
      `users: [{ name: sa, user: { token: "${registerTestSecret('kube-token-cli-5150')}" } }]`,
      'contexts: [{ name: seoul-prod, context: { cluster: seoul, user: sa } }]', '',
    ].join('\n'));
    const run = opsdesk('centers', 'import', 'kubeconfig', kubeconfig, '--data-dir', configDir.path);
    assert.equal(run.status, 0, run.stderr);
    assert.match(run.stderr, /no keychain here .*1 secret\(s\) were NOT stored/);
    const config = readFileSync(join(configDir.path, 'centers.yaml'), 'utf8');
    assert.match(config, /id: seoul-prod/);
    assert.match(config, /secret: kubernetes-token:seoul-prod/);
    assert.doesNotMatch(config + run.stdout + run.stderr, /kube-token-cli-5150/);
    const secret = opsdeskWithInput(`${registerTestSecret('typed-secret-42')}\n`, 'centers', 'set-secret', 'kubernetes-token:seoul-prod', '--data-dir', configDir.path);
    assert.equal(secret.status, 1, 'without a keychain the secret is not stored, and says so');
    assert.match(secret.stdout, /no keychain/);
    assert.doesNotMatch(secret.stdout + secret.stderr, /typed-secret-42/);
  } finally {
    configDir.remove();
  }
});
