// The whole app with SSH log sources configured in centers.yaml: a real sshd, a file tailed with the
// real stat/tail and a journal read through the journalctl stub (test/fixtures/journal). Sync pulls
// both into the FTS log cache, logs:search finds the lines with level and trace id, and after a
// restart the pull resumes from the committed cursor: no line twice, none missing.
import assert from 'node:assert/strict';
import { appendFileSync, copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { HostKeyPrompt, StoredLogLinePayload } from '../../shared/contract/channels.ts';
import { startCore, type OpsDeskCore } from '../../electron/core.ts';
import { createVault } from '../../electron/services/vault/index.ts';
import { registerTestSecret } from '../support/secret-ledger.ts';
import { makeTempDir } from '../support/temp-dir.ts';
import { journalFixture, makeJournalStub, startStubbedSshd, type JournalStub } from './support/ssh-logs-sshd.ts';
import { generateKeyPair, type SshKeyPair } from './support/sshd-keys.ts';
import type { SshdServer } from './support/sshd-server.ts';

const dir = makeTempDir('app-ssh-logs');
const configFile = join(dir.path, 'centers.yaml');
const appLog = join(dir.path, 'app.log');
const journalFile = join(dir.path, 'journal.jsonl');
const traceId = '7d2c1c0e5a4b4f1e9a3b2c1d0e9f8a7b';
let sshd: SshdServer;
let stub: JournalStub;
let clientKey: SshKeyPair;
let core: OpsDeskCore | null = null;
const prompts: HostKeyPrompt[] = [];

async function start(): Promise<OpsDeskCore> {
  const vault = await createVault({ loadKeytar: async () => null });
  await vault.set('ssh-key:legacy', registerTestSecret(clientKey.privateKey));
  const started = await startCore({ dataDir: dir.path, configFile, version: 'test', startSync: false, vault, log: () => undefined });
  started.dispatcher.subscribe('tunnels:onDidRequestHostKey', (prompt) => {
    prompts.push(prompt);
    void started.dispatcher.invoke('tunnels:answerHostKey', { requestId: prompt.requestId, trust: true });
  });
  return started;
}

async function search(centerId: string, text?: string): Promise<StoredLogLinePayload[]> {
  const result = await core!.dispatcher.invoke('logs:search', { centerIds: [centerId], range: { from: '2000-01-01T00:00:00Z', to: 'now' }, limit: 2_000, ...(text ? { text } : {}) });
  assert.ok(result.ok, JSON.stringify(result));
  return result.value as StoredLogLinePayload[];
}

function journalEntry(index: number, priority: number, message: string): string {
  return `${JSON.stringify({
    __CURSOR: `s=app0000000000000000000000000000000;i=${index};x=${index.toString(16)}`,
    __REALTIME_TIMESTAMP: String(1_709_700_000_000_000 + index * 1_000_000),
    PRIORITY: String(priority),
    _SYSTEMD_UNIT: 'checkout.service',
    SYSLOG_IDENTIFIER: 'checkout',
    MESSAGE: message,
    _HOSTNAME: 'legacy-02',
  })}\n`;
}

before(async () => {
  const hostKey = generateKeyPair(dir.path, 'legacy_host_ed25519');
  clientKey = generateKeyPair(dir.path, 'oncall_ed25519');
  stub = makeJournalStub(dir.path, (path) => readFileSync(path, 'utf8'));
  copyFileSync(journalFixture('entries.jsonl'), journalFile);
  writeFileSync(join(stub.stateDir, 'fixture'), journalFile);
  sshd = await startStubbedSshd(hostKey, clientKey, stub);
  const route = ['    ssh:', '      hops:', `        - { host: "${sshd.host}", port: ${sshd.port}, user: ${sshd.user}, key: "ssh-key:legacy" }`];
  writeFileSync(
    configFile,
    [
      'version: 1',
      'centers:',
      '  - id: legacy-files',
      '    name: Legacy files',
      '    kind: on-prem',
      ...route,
      '    endpoints:',
      '      logs:',
      '        kind: ssh-file',
      `        paths: ["${appLog}"]`,
      '  - id: legacy-journal',
      '    name: Legacy journal',
      '    kind: on-prem',
      ...route,
      '    endpoints:',
      '      logs: { kind: ssh-journal }',
      '',
    ].join('\n'),
  );
  writeFileSync(
    appLog,
    [
      '2026-03-05T12:00:00.100Z INFO checkout started',
      `2026-03-05T12:00:01.200Z ERROR payment declined trace_id=${traceId}`,
      '2026-03-05T12:00:02.300Z WARN retry budget low',
      '',
    ].join('\n'),
  );
  core = await start();
});

after(async () => {
  await core?.close();
  await sshd?.stop();
  dir.remove();
});

test('centers:test reaches both SSH log sources after the host key is trusted once', async () => {
  for (const centerId of ['legacy-files', 'legacy-journal']) {
    const result = await core!.dispatcher.invoke('centers:test', { centerId });
    assert.ok(result.ok, JSON.stringify(result));
    const [logs] = result.value as Array<{ ok: boolean; message?: string }>;
    assert.equal(logs!.ok, true, logs!.message);
  }
  assert.equal(prompts.length, 1, 'one host key, asked about once');
});

test('sync pulls the file and the journal into the log cache; search finds them with level and trace id', async () => {
  await core!.sync.syncAll();
  await core!.sync.whenIdle();
  for (const status of core!.sync.statuses()) assert.equal(status.state, 'ok', `${status.endpointId}: ${status.error?.message}`);

  const fileLines = await search('legacy-files');
  assert.deepEqual(fileLines.map((line) => line.line).sort(), [
    '2026-03-05T12:00:00.100Z INFO checkout started',
    `2026-03-05T12:00:01.200Z ERROR payment declined trace_id=${traceId}`,
    '2026-03-05T12:00:02.300Z WARN retry budget low',
  ]);
  const [declined] = await search('legacy-files', 'declined');
  assert.equal(declined?.level, 'error');
  assert.equal(declined?.traceId, traceId);
  assert.equal(declined?.timestamp, Date.UTC(2026, 2, 5, 12, 0, 1, 200));
  assert.equal(declined?.labels.file, appLog);

  const journal = await search('legacy-journal');
  assert.equal(journal.length, 8, 'every entry of the journal fixture');
  const [failed] = await search('legacy-journal', 'failed');
  assert.equal(failed?.level, 'error', 'PRIORITY 3 is an error');
  assert.equal(failed?.traceId, '4bf92f3577b34da6a3ce929d0e0e4736', 'the traceparent in the message');
  const cursors = core!.cache.db.prepare('SELECT endpoint_id, cursor FROM pull_cursor ORDER BY endpoint_id').all() as Array<{ endpoint_id: string; cursor: string }>;
  assert.deepEqual(cursors.map((row) => row.endpoint_id), ['legacy-files-logs', 'legacy-journal-logs']);
  assert.match(JSON.parse(cursors[0]!.cursor.replace(/^files:/, ''))[appLog], /^\d+:\d+$/);
  assert.match(cursors[1]!.cursor, /^journal:s=.*i=8;/, 'the journal cursor of the last entry');
});

test('a pull with nothing new adds nothing', async () => {
  await core!.sync.syncAll();
  assert.equal((await search('legacy-files')).length, 3);
  assert.equal((await search('legacy-journal')).length, 8);
});

test('after a restart both sources resume from the committed cursor: no duplicate, no gap', async () => {
  await core!.close();
  core = null;
  // Written while OpsDesk was closed: a line without a stamp (stamped at pull time, so a re-read
  // would duplicate it) and a partial last line that must wait until it is complete.
  appendFileSync(appLog, 'plain line without a stamp\n2026-03-05T12:00:04.000Z ERROR second failure\n2026-03-05T12:00:05');
  appendFileSync(journalFile, journalEntry(100, 3, 'checkout crashed') + journalEntry(101, 6, 'checkout restarted'));
  core = await start();
  await core.sync.syncAll();
  await core.sync.whenIdle();
  for (const status of core.sync.statuses()) assert.equal(status.state, 'ok', `${status.endpointId}: ${status.error?.message}`);
  assert.deepEqual(stub.lastArgv().filter((arg) => arg.startsWith('--after-cursor=')).length, 1, 'the journal was read after the stored cursor');

  const fileLines = (await search('legacy-files')).map((line) => line.line);
  assert.equal(fileLines.length, 5, fileLines.join('\n'));
  assert.equal(new Set(fileLines).size, 5, 'no line twice');
  assert.ok(fileLines.includes('plain line without a stamp'));
  assert.ok(!fileLines.some((line) => line.startsWith('2026-03-05T12:00:05')), 'the partial line waits');
  const journal = (await search('legacy-journal')).map((line) => line.line);
  assert.equal(journal.length, 10);
  assert.ok(journal.includes('checkout crashed') && journal.includes('checkout restarted'));

  appendFileSync(appLog, '.000Z INFO completed later\n');
  await core.sync.syncAll();
  const after = (await search('legacy-files')).map((line) => line.line);
  assert.equal(after.length, 6);
  assert.ok(after.includes('2026-03-05T12:00:05.000Z INFO completed later'), 'the completed line arrives whole');
  assert.equal(prompts.length, 1, 'the recorded host key is not asked about again');
});

test('a file that is not there marks that center with the remote reason; the others keep their lines', async () => {
  const missing = join(dir.path, 'gone', 'app.log');
  writeFileSync(
    configFile,
    `${readFileSync(configFile, 'utf8')}  - id: legacy-missing\n    name: Legacy missing\n    kind: on-prem\n    ssh:\n      hops:\n        - { host: "${sshd.host}", port: ${sshd.port}, user: ${sshd.user}, key: "ssh-key:legacy" }\n    endpoints:\n      logs: { kind: ssh-file, paths: ["${missing}"] }\n`,
  );
  const reload = await core!.dispatcher.invoke('centers:reload', {});
  assert.ok(reload.ok, JSON.stringify(reload));
  const tested = await core!.dispatcher.invoke('centers:test', { centerId: 'legacy-missing' });
  assert.ok(tested.ok, JSON.stringify(tested));
  const [probe] = tested.value as Array<{ ok: boolean; message?: string }>;
  assert.equal(probe!.ok, false);
  assert.match(probe!.message ?? '', new RegExp(`file ${missing.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')} on .*not readable`));
  await core!.sync.syncAll();
  await core!.sync.whenIdle();
  const status = core!.sync.statuses().find((candidate) => candidate.centerId === 'legacy-missing')!;
  assert.equal(status.state, 'error');
  assert.equal(status.error?.code, 'remote-error');
  assert.match(status.error?.message ?? '', /exit status 66/);
  for (const other of core!.sync.statuses().filter((candidate) => candidate.centerId !== 'legacy-missing')) assert.equal(other.state, 'ok', other.endpointId);
  assert.equal((await search('legacy-files')).length, 6, 'the other centers keep their lines');
});
