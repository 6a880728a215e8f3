// The Connector face of the SSH log source (what sync pulls) against a real sshd: several files per
// endpoint with one offset each, cursors tagged with their kind, and a journal that forgot the cursor.
import assert from 'node:assert/strict';
import { appendFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { Endpoint } from '../../shared/domain/records.ts';
import { createSshLogsConnector } from '../../electron/connectors/ssh-logs/index.ts';
import { makeTempDir } from '../support/temp-dir.ts';
import { makeJournalStub, startStubbedSshd, type JournalStub } from './support/ssh-logs-sshd.ts';
import { generateKeyPair, type SshKeyPair } from './support/sshd-keys.ts';
import type { SshdServer } from './support/sshd-server.ts';

const dir = makeTempDir('ssh-logs-connector');
let sshd: SshdServer;
let stub: JournalStub;
let clientKey: SshKeyPair;
let knownHosts: string;

before(async () => {
  const hostKey = generateKeyPair(dir.path, 'host_ed25519');
  clientKey = generateKeyPair(dir.path, 'client_ed25519');
  stub = makeJournalStub(dir.path, (path) => readFileSync(path, 'utf8'));
  sshd = await startStubbedSshd(hostKey, clientKey, stub);
  knownHosts = join(dir.path, 'known_hosts');
  writeFileSync(knownHosts, `[${sshd.host}]:${sshd.port} ${hostKey.publicLine.split(' ').slice(0, 2).join(' ')}\n`);
});

after(async () => {
  await sshd?.stop();
  dir.remove();
});

function connector(sshLogs: NonNullable<Endpoint['sshLogs']>, log: string[] = []) {
  const endpoint: Endpoint = {
    id: 'legacy-logs',
    centerId: 'legacy',
    signal: 'logs',
    kind: sshLogs.source === 'journal' ? 'ssh-journal' : 'ssh-file',
    url: `ssh://${sshd.user}@${sshd.host}:${sshd.port}`,
    timeoutMs: 5_000,
    ssh: { hops: [{ host: sshd.host, port: sshd.port, user: sshd.user }] },
    sshLogs,
  };
  return createSshLogsConnector({
    endpoint,
    hops: [{ host: sshd.host, port: sshd.port, user: sshd.user, privateKey: clientKey.privateKey }],
    policy: { knownHostsFile: knownHosts, onUnknownHostKey: async () => false },
    log: (message) => log.push(message),
  });
}

const request = (cursor: string | null) => ({ centerId: 'legacy', range: { from: 0, to: Date.now() }, watermark: null, cursor });

test('several files: one offset each, only new lines on the next pull, health names every file', async () => {
  const a = join(dir.path, 'a.log');
  const b = join(dir.path, 'b.log');
  writeFileSync(a, '2026-01-01T00:00:00Z INFO a1\n');
  writeFileSync(b, '2026-01-01T00:00:01Z ERROR b1\n2026-01-01T00:00:02Z INFO b2\n');
  const files = connector({ source: 'file', paths: [a, b] });
  const health = await files.health();
  assert.equal(health.ok, true, health.message);
  assert.match(health.message ?? '', new RegExp(`file ${a.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')} on .*; file `));

  const first = await files.pull(request(null));
  assert.equal(first.kind, 'logs');
  if (first.kind !== 'logs') return;
  assert.deepEqual(first.lines.map((line) => [line.labels.file, line.line.split(' ').at(-1), line.level]), [[a, 'a1', 'info'], [b, 'b1', 'error'], [b, 'b2', 'info']]);
  assert.equal(first.complete, true);
  assert.match(first.cursor ?? '', /^files:\{/);

  appendFileSync(b, '2026-01-01T00:00:03Z WARN b3\n');
  const second = await files.pull(request(first.cursor ?? null));
  assert.ok(second.kind === 'logs');
  assert.deepEqual(second.lines.map((line) => line.line), ['2026-01-01T00:00:03Z WARN b3']);

  const broken = await connector({ source: 'file', paths: [a, join(dir.path, 'missing.log')] }).health();
  assert.equal(broken.ok, false);
  assert.match(broken.message ?? '', /missing\.log.*not readable/);
});

test('a cursor written by the other kind of source starts afresh instead of failing every pull', async () => {
  const a = join(dir.path, 'switch.log');
  writeFileSync(a, '2026-01-01T00:00:00Z INFO first\n');
  const log: string[] = [];
  const pulled = await connector({ source: 'file', paths: [a] }, log).pull(request('journal:s=abc;i=1'));
  assert.ok(pulled.kind === 'logs');
  assert.deepEqual(pulled.lines.map((line) => line.line), ['2026-01-01T00:00:00Z INFO first']);
  assert.match(log.join('\n'), /another kind of log source/);
  stub.useFixture('entries.jsonl');
  const journal = await connector({ source: 'journal', units: [] }, log).pull(request(pulled.cursor ?? null));
  assert.ok(journal.kind === 'logs');
  assert.equal(journal.lines.length, 8);
  assert.ok(stub.lastArgv().includes('-n'), 'read the newest entries, not after a file cursor');
});

test('a journal that no longer knows the stored cursor is read again from its newest entries, and the log says so', async () => {
  stub.useFixture('entries.jsonl');
  const log: string[] = [];
  const pulled = await connector({ source: 'journal', units: [] }, log).pull(request('journal:s=vacuumed;i=1'));
  assert.ok(pulled.kind === 'logs');
  assert.equal(pulled.lines.length, 8);
  assert.match(pulled.cursor ?? '', /^journal:s=a1b2.*i=8;/);
  assert.match(log.join('\n'), /no longer knows the stored cursor.*Failed to seek to cursor/);
});
