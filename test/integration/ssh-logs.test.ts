/**
 * The ssh-logs source (electron/connectors/ssh-logs) against a real OpenSSH server started as the
 * current user on a random 127.0.0.1 port. Files are tailed with the real stat/tail; the journal is
 * the fixture-backed journalctl stub put first in the session's PATH (this machine runs no journald).
 */
import assert from 'node:assert/strict';
import { appendFileSync, existsSync, readFileSync, renameSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { logLineRecordSchema } from '../../shared/domain/logs.ts';
import { ConnectorError } from '../../electron/connectors/errors.ts';
import { createSshLogSource, type SshLogSourceOptions } from '../../electron/connectors/ssh-logs/index.ts';
import { HostKeyError, type HostKeyPolicy, type SshHop, type UnknownHostKeyInfo } from '../../electron/services/tunnels/index.ts';
import { makeTempDir } from '../support/temp-dir.ts';
import { makeJournalStub, startStubbedSshd, type JournalStub } from './support/ssh-logs-sshd.ts';
import { generateKeyPair, runSshKeygen, type SshKeyPair } from './support/sshd-keys.ts';
import { startSshd, type SshdServer } from './support/sshd-server.ts';

let temp: { path: string; remove(): void };
let clientKey: SshKeyPair;
let hostKey: SshKeyPair;
let stub: JournalStub;
let server: SshdServer;
let trustedKnownHosts: string;
let fileCounter = 0;

const unit = "web app's.service";

before(async () => {
  temp = makeTempDir('ssh-logs');
  clientKey = generateKeyPair(temp.path, 'client_ed25519');
  hostKey = generateKeyPair(temp.path, 'host_ed25519');
  stub = makeJournalStub(temp.path, (path) => readFileSync(path, 'utf8'));
  server = await startStubbedSshd(hostKey, clientKey, stub);
  trustedKnownHosts = join(temp.path, 'trusted_known_hosts');
  writeFileSync(trustedKnownHosts, `[${server.host}]:${server.port} ${hostKey.publicLine.split(' ').slice(0, 2).join(' ')}\n`);
});

after(async () => {
  await server?.stop();
  temp?.remove();
});

function hopTo(target: SshdServer): SshHop {
  return { host: target.host, port: target.port, user: target.user, privateKey: clientKey.privateKey };
}

function policy(knownHostsFile: string, answer: boolean): HostKeyPolicy & { asked: UnknownHostKeyInfo[] } {
  const asked: UnknownHostKeyInfo[] = [];
  return {
    knownHostsFile,
    asked,
    onUnknownHostKey: async (info) => {
      asked.push(info);
      return answer;
    },
  };
}

function source(spec: SshLogSourceOptions['source'], overrides: Partial<SshLogSourceOptions> = {}) {
  return createSshLogSource({ centerId: 'legacy', hops: [hopTo(server)], policy: policy(trustedKnownHosts, false), source: spec, readyTimeoutMs: 5_000, ...overrides });
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  assert.fail('expected the pull to fail');
}

describe('file tail', () => {
  test('pulls complete lines, resumes by offset, keeps a partial line, follows rotation and truncation', async () => {
    const path = join(temp.path, "app's log.txt");
    writeFileSync(path, '2024-03-05T12:00:00.250Z INFO started\nplain line without stamp\n');
    const logs = source({ kind: 'file', path }, { now: () => Date.UTC(2024, 2, 6) });

    const first = await logs.pull({ cursor: null, maxLines: 100 });
    assert.deepEqual(first.lines.map((line) => line.line), ['2024-03-05T12:00:00.250Z INFO started', 'plain line without stamp']);
    for (const line of first.lines) logLineRecordSchema.parse(line);
    assert.equal(first.lines[0]!.timestampNs, String(Date.UTC(2024, 2, 5, 12, 0, 0, 250) * 1_000_000));
    assert.equal(first.lines[0]!.level, 'info');
    assert.equal(first.lines[1]!.timestamp, Date.UTC(2024, 2, 6));
    assert.deepEqual(first.lines[0]!.labels, { host: server.host, file: path });
    const size = Buffer.byteLength(readFileSync(path));
    assert.match(first.cursor!, new RegExp(`^\\d+:${size}$`));

    // The same cursor again: nothing new.
    assert.deepEqual((await logs.pull({ cursor: first.cursor, maxLines: 100 })).lines, []);

    appendFileSync(path, 'Mar  5 12:00:05 legacy-01 cron[42]: ERROR job failed\nthird\npartial without newl');
    const second = await logs.pull({ cursor: first.cursor, maxLines: 100 });
    assert.deepEqual(second.lines.map((line) => line.line), ['Mar  5 12:00:05 legacy-01 cron[42]: ERROR job failed', 'third']);
    assert.equal(second.lines[0]!.level, 'error');
    assert.equal(second.lines[0]!.timestampNs, String(Date.UTC(2024, 2, 5, 12, 0, 5) * 1_000_000));

    // Re-pulling from the same cursor gives the same ids (idempotent inserts).
    const again = await logs.pull({ cursor: first.cursor, maxLines: 100 });
    assert.deepEqual(again.lines.map((line) => line.id).slice(0, 1), second.lines.map((line) => line.id).slice(0, 1));

    // maxLines caps the pull and the cursor stops after the last line returned.
    appendFileSync(path, 'ine\nfour\nfive\n');
    const capped = await logs.pull({ cursor: second.cursor, maxLines: 2 });
    assert.deepEqual(capped.lines.map((line) => line.line), ['partial without newline', 'four']);
    const rest = await logs.pull({ cursor: capped.cursor, maxLines: 100 });
    assert.deepEqual(rest.lines.map((line) => line.line), ['five']);

    // Rotation: the file moves away, a new one takes its name.
    appendFileSync(path, 'written before rotation\n');
    renameSync(path, `${path}.1`);
    writeFileSync(path, 'new file one\nnew file two\n');
    const rotated = await logs.pull({ cursor: rest.cursor, maxLines: 100 });
    assert.deepEqual(rotated.lines.map((line) => line.line), ['new file one', 'new file two']);
    assert.notEqual(rotated.cursor!.split(':')[0], rest.cursor!.split(':')[0]);

    // copytruncate: same inode, smaller than the offset -> from the start.
    truncateSync(path, 0);
    appendFileSync(path, 'after truncate\n');
    const truncated = await logs.pull({ cursor: rotated.cursor, maxLines: 100 });
    assert.deepEqual(truncated.lines.map((line) => line.line), ['after truncate']);
  });

  test('a missing file is a remote error naming the file', async () => {
    const path = join(temp.path, 'does-not-exist.log');
    const error = await rejection(source({ kind: 'file', path }).pull({ cursor: null, maxLines: 10 }));
    assert.ok(error instanceof ConnectorError);
    assert.equal(error.code, 'remote-error');
    assert.match(error.message, /does-not-exist\.log/);
  });
});

describe('journal', () => {
  test('newest N first, then resumes after the cursor; unit and cursor arrive quoted', async () => {
    stub.useFixture('entries.jsonl');
    const journal = source({ kind: 'journal', unit });
    const first = await journal.pull({ cursor: null, maxLines: 3 });
    assert.deepEqual(stub.lastArgv(), ['-o', 'json', '--no-pager', '-u', unit, '-n', '3']);
    assert.deepEqual(first.lines.map((line) => line.line), ['hi \ufffd bytes', 'out of memory', 'config reloaded']);
    assert.deepEqual(first.lines.map((line) => line.level), ['info', 'error', 'info']);
    assert.deepEqual(first.lines[0]!.labels, { host: 'legacy-01', unit });
    for (const line of first.lines) logLineRecordSchema.parse(line);
    assert.match(first.cursor!, /;i=8;/);

    // Nothing after the newest entry: same cursor back.
    const none = await journal.pull({ cursor: first.cursor, maxLines: 3 });
    assert.deepEqual(none, { lines: [], cursor: first.cursor });
    assert.deepEqual(stub.lastArgv(), ['-o', 'json', '--no-pager', '-u', unit, `--after-cursor=${first.cursor}`]);

    // From an earlier cursor, capped at maxLines; the next pull continues where the cap stopped.
    const all = await source({ kind: 'journal', unit }).pull({ cursor: null, maxLines: 100 });
    assert.equal(all.lines.length, 7);
    assert.ok(all.lines.every((line) => line.labels.unit === unit));
    const startCursor = all.lines[0]!.metadata.cursor!;
    const page1 = await journal.pull({ cursor: startCursor, maxLines: 2 });
    assert.deepEqual(page1.lines.map((line) => line.line), ['slow request took 2.3s', 'request failed traceparent=00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01']);
    assert.equal(page1.lines[1]!.traceId, '4bf92f3577b34da6a3ce929d0e0e4736');
    assert.equal(page1.lines[0]!.timestampNs, '1709640001500123000');
    const page2 = await journal.pull({ cursor: page1.cursor, maxLines: 100 });
    assert.deepEqual(page2.lines.map((line) => line.line), ['cache stats hits=10', 'hi \ufffd bytes', 'out of memory', 'config reloaded']);
    assert.equal(page2.lines[0]!.level, 'debug');
    // Same entries pulled twice get the same ids.
    assert.deepEqual(page2.lines.map((line) => line.id), all.lines.slice(3).map((line) => line.id));
  });

  test('without a unit every entry comes', async () => {
    stub.useFixture('entries.jsonl');
    const result = await source({ kind: 'journal' }).pull({ cursor: null, maxLines: 100 });
    assert.deepEqual(stub.lastArgv(), ['-o', 'json', '--no-pager', '-n', '100']);
    assert.equal(result.lines.length, 8);
    assert.equal(result.lines[2]!.labels.unit, 'sshd.service');
  });

  test('a malformed JSON line is an error naming the line', async () => {
    stub.useFixture('malformed.jsonl');
    const error = await rejection(source({ kind: 'journal' }).pull({ cursor: null, maxLines: 100 }));
    assert.ok(error instanceof ConnectorError, String(error));
    assert.equal(error.code, 'malformed');
    assert.match(error.message, /line 3/);
    stub.useFixture('entries.jsonl');
  });

  test('an unknown cursor is a remote error with journalctl\'s message', async () => {
    stub.useFixture('entries.jsonl');
    const error = await rejection(source({ kind: 'journal', unit }).pull({ cursor: 's=nope;i=1', maxLines: 10 }));
    assert.ok(error instanceof ConnectorError);
    assert.equal(error.code, 'remote-error');
    assert.match(error.message, /Failed to seek to cursor/);
  });

  test('through a bastion (two hops)', async () => {
    const bastionKey = generateKeyPair(temp.path, 'bastion_ed25519');
    const bastion = await startSshd({ hostKey: bastionKey, authorizedKeys: [clientKey] });
    try {
      const knownHosts = join(temp.path, 'two_hop_known_hosts');
      writeFileSync(knownHosts, readFileSync(trustedKnownHosts, 'utf8') + `[${bastion.host}]:${bastion.port} ${bastionKey.publicLine.split(' ').slice(0, 2).join(' ')}\n`);
      const journal = source({ kind: 'journal', unit }, { hops: [hopTo(bastion), hopTo(server)], policy: policy(knownHosts, false) });
      const result = await journal.pull({ cursor: null, maxLines: 2 });
      assert.equal(result.lines.length, 2);
      assert.ok(bastion.forwardedChannels().some((channel) => channel.port === server.port), bastion.log().slice(-2_000));
    } finally {
      await bastion.stop();
    }
  });
});

describe('host keys', () => {
  test('an unknown key is refused unless trusted; a trusted one is recorded and not asked again', async () => {
    const path = join(temp.path, 'hostkey.log');
    writeFileSync(path, 'one\n');
    const knownHosts = join(temp.path, `known_hosts_${++fileCounter}`, 'known_hosts');

    const refusing = policy(knownHosts, false);
    const error = await rejection(source({ kind: 'file', path }, { policy: refusing }).pull({ cursor: null, maxLines: 10 }));
    assert.ok(error instanceof ConnectorError);
    assert.equal(error.code, 'unreachable');
    assert.ok(error.cause instanceof HostKeyError && error.cause.kind === 'unknown-refused', String(error.cause));
    assert.equal(refusing.asked.length, 1);
    assert.equal(refusing.asked[0]!.fingerprint, hostKey.fingerprint);
    assert.equal(existsSync(knownHosts), false, 'nothing recorded when refused');

    const accepting = policy(knownHosts, true);
    const pulled = await source({ kind: 'file', path }, { policy: accepting }).pull({ cursor: null, maxLines: 10 });
    assert.deepEqual(pulled.lines.map((line) => line.line), ['one']);
    assert.equal(accepting.asked.length, 1);
    // OpenSSH finds the recorded key.
    assert.match(runSshKeygen(['-F', `[${server.host}]:${server.port}`, '-f', knownHosts]), /found/);

    const neverAsked = policy(knownHosts, false);
    await source({ kind: 'file', path }, { policy: neverAsked }).pull({ cursor: null, maxLines: 10 });
    assert.equal(neverAsked.asked.length, 0);
  });

  test('a changed key is refused without asking', async () => {
    const otherKey = generateKeyPair(temp.path, `other_host_${++fileCounter}`);
    const knownHosts = join(temp.path, `known_hosts_changed_${fileCounter}`);
    writeFileSync(knownHosts, `[${server.host}]:${server.port} ${otherKey.publicLine.split(' ').slice(0, 2).join(' ')}\n`);
    const asking = policy(knownHosts, true);
    const error = await rejection(source({ kind: 'journal' }, { policy: asking }).pull({ cursor: null, maxLines: 1 }));
    assert.ok(error instanceof ConnectorError);
    assert.ok(error.cause instanceof HostKeyError && error.cause.kind === 'changed', String(error.cause));
    assert.equal(asking.asked.length, 0);
    assert.doesNotMatch(error.message, /PRIVATE KEY/);
  });
});
