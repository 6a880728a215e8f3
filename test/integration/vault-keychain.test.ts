/**
 * The vault against a real Secret Service: gnome-keyring on a private D-Bus session, with a login
 * keyring in a temp HOME. keytar reaches the session bus of its own process, so each session is a
 * child (support/vault-keychain-child.ts) that reports what it observed; this file asserts.
 */
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { after, test } from 'node:test';
import {
  findPlaintext,
  killProcessesUsing,
  makeVaultHome,
  requireExecutable,
  runChild,
  supportDir,
  waitForProcessesToExit,
  type ChildRun,
} from './support/vault-harness.ts';

requireExecutable('/usr/bin/dbus-run-session', 'dbus-daemon');
requireExecutable('/usr/bin/dbus-send', 'dbus-bin');
requireExecutable('/usr/bin/gnome-keyring-daemon', 'gnome-keyring');

const home = makeVaultHome('vault-keychain');
after(() => {
  killProcessesUsing(home.root);
  home.remove();
});

/** Unlocking with a password creates the login keyring on first use; gnome-keyring encrypts it with that password. */
const keyringPassword = randomBytes(12).toString('hex');
const session = 'printf "%s" "$KEYRING_PASSWORD" | gnome-keyring-daemon --unlock --components=secrets >/dev/null && exec "$@"';

function runSession<T>(phase: 'write' | 'read'): Promise<ChildRun<T>> {
  return runChild<T>(
    '/usr/bin/dbus-run-session',
    ['--', 'sh', '-c', session, 'sh', process.execPath, '--import', 'tsx', join(supportDir, 'vault-keychain-child.ts'), phase],
    home.env({ KEYRING_PASSWORD: keyringPassword }),
    20_000,
  );
}

interface Entry {
  account: string;
  length: number;
  holdsWholeSecret: boolean;
  text: string | null;
}
interface Failure {
  kind: string | null;
  message: string;
}
interface Status {
  backend: string;
  reason: string | null;
}
interface WriteObservations {
  secrets: string[];
  small: { matches: boolean };
  big: { matches: boolean; entries: Entry[] };
  shrink: { mediumEntries: Entry[]; shortEntries: Entry[]; matches: boolean };
  delete: { deletedFirst: boolean; deletedSecond: boolean; afterDelete: Entry[]; readAfterDelete: string | null; afterChunkedDelete: Entry[] };
  race: { results: Array<{ sha256: string | null; error: Failure | null }>; expectedReads: string[]; finalMatches: boolean; entries: Entry[] };
  corruption: { tamperedPart: Failure | null; missingPart: Failure | null; damagedHeader: Failure | null; repaired: boolean; repairedEntries: Entry[] };
  edges: { matches: boolean[]; entries: Entry[] };
  persisted: { key: string; value: string };
  list: string[];
  allAccounts: string[];
}
interface ReadObservations {
  persistedSha256: string | null;
  listBefore: string[];
  afterKill: { value: string | null; error: Failure | null };
  events: Status[];
  statusAfter: Status;
  fallback: { matches: boolean; value: string };
  listAfter: string[];
}
type Report<T> = { status: Status; observations: T | null };

function observed<T>(run: ChildRun<Report<T>>): T {
  assert.equal(run.code, 0, `the child session failed (exit ${run.code ?? run.signal}):\n${run.stderr}`);
  assert.ok(run.result, `the child printed no result:\n${run.stderr}`);
  assert.deepEqual(run.result.status, { backend: 'keychain', reason: null }, 'the vault should have opened gnome-keyring');
  assert.ok(run.result.observations);
  return run.result.observations;
}

let written: WriteObservations | null = null;

test('on a real Secret Service: round trips, 4 KB chunked, shrink, delete, per-key serialisation, corrupt parts', async () => {
  const run = await runSession<Report<WriteObservations>>('write');
  const seen = observed(run);
  written = seen;

  assert.ok(seen.small.matches, 'a small secret reads back as stored');

  assert.ok(seen.big.matches, 'a 4096-character secret reads back as stored');
  assert.deepEqual(
    seen.big.entries.map(({ account, length }) => [account, length]),
    [
      ['ssh/private-key', 85],
      ['ssh/private-key#1', 2000],
      ['ssh/private-key#2', 2000],
      ['ssh/private-key#3', 96],
    ],
  );
  assert.match(seen.big.entries[0]!.text ?? '', /^opsdesk-chunked:v1:3:[0-9a-f]{64}$/);
  assert.ok(seen.big.entries.every((entry) => !entry.holdsWholeSecret), 'no single keychain entry holds the whole secret');

  assert.deepEqual(seen.shrink.mediumEntries.map(({ account }) => account), ['ssh/private-key', 'ssh/private-key#1', 'ssh/private-key#2'], '4096 -> 2500 characters leaves 2 parts');
  assert.deepEqual(seen.shrink.shortEntries.map(({ account }) => account), ['ssh/private-key'], 'a short value leaves no parts behind');
  assert.ok(seen.shrink.matches);

  assert.equal(seen.delete.deletedFirst, true);
  assert.equal(seen.delete.deletedSecond, false);
  assert.deepEqual(seen.delete.afterDelete, []);
  assert.equal(seen.delete.readAfterDelete, null);
  assert.deepEqual(seen.delete.afterChunkedDelete, [], 'deleting a chunked secret removes its header and every part');

  const [, firstRead, , secondRead, , thirdRead] = seen.race.results;
  assert.deepEqual(seen.race.results.map(({ error }) => error), [null, null, null, null, null, null], 'no queued operation failed');
  assert.deepEqual([firstRead?.sha256, secondRead?.sha256, thirdRead?.sha256], seen.race.expectedReads, 'each read sees exactly the write queued before it');
  assert.ok(seen.race.finalMatches, 'the last write wins');
  assert.deepEqual(seen.race.entries.map(({ account }) => account), ['race/token', 'race/token#1', 'race/token#2'], 'the 9000-character write left no stale parts');

  assert.equal(seen.corruption.tamperedPart?.kind, 'corrupt-secret');
  assert.match(seen.corruption.tamperedPart?.message ?? '', /"corrupt\/token".*do not match the recorded checksum/);
  assert.match(seen.corruption.missingPart?.message ?? '', /part 2 of 3 is missing/);
  assert.match(seen.corruption.damagedHeader?.message ?? '', /chunk header is damaged/);
  assert.ok(seen.corruption.repaired, 'storing the secret again repairs the entry');
  assert.deepEqual(seen.corruption.repairedEntries.map(({ account }) => account), ['corrupt/token'], 'the repair cleared every old part');
  const messages = [seen.corruption.tamperedPart, seen.corruption.missingPart, seen.corruption.damagedHeader].map((failure) => failure?.message ?? '');
  for (const secret of seen.secrets) assert.ok(messages.every((message) => !message.includes(secret.slice(0, 16))), 'no error message carries a secret');

  assert.deepEqual(seen.edges.matches, [true, true, true, true], 'empty, header look-alike, emoji on a part boundary, PEM key');
  assert.deepEqual(seen.edges.entries, []);

  assert.deepEqual(seen.list, ['corrupt/token', 'race/token', 'sso/persisted-refresh-token', 'sso/refresh-token'], 'list() names keys, not parts');
  assert.ok(!seen.allAccounts.includes('#probe'), 'the start-up probe cleaned up after itself');
});

test('on disk the secrets exist only inside the keyring file, encrypted', async () => {
  assert.ok(written, 'the write session did not run');
  assert.deepEqual(await waitForProcessesToExit(home.root, 5000), [], 'the first session left processes running');
  const keyring = join(home.home, '.local', 'share', 'keyrings', 'login.keyring');
  const bytes = readFileSync(keyring);
  assert.equal(bytes.subarray(0, 12).toString('latin1'), 'GnomeKeyring', 'gnome-keyring wrote its binary (encrypted) format');
  const canary = join(home.root, 'canary.txt');
  writeFileSync(canary, `x${written.secrets[1]!.slice(100, 200)}x`);
  assert.equal(findPlaintext(home.root, written.secrets).length, 1, 'the scan finds a 100-character piece of a secret');
  rmSync(canary);
  const hits = findPlaintext(home.root, written.secrets).map(({ file, secret }) => `${relative(home.root, file)} holds secret #${secret}`);
  assert.deepEqual(hits, []);
});

test('a new session unlocks the same keyring and reads the chunked secret; a Secret Service dying at run time switches to memory', async () => {
  assert.ok(written, 'the write session did not run');
  const run = await runSession<Report<ReadObservations>>('read');
  const seen = observed(run);

  assert.equal(seen.persistedSha256, createHash('sha256').update(written.persisted.value).digest('hex'), 'the secret survived in the encrypted keyring file');
  assert.ok(seen.listBefore.includes(written.persisted.key));

  assert.deepEqual(seen.afterKill, { value: null, error: null }, 'the failing read is answered from memory, which does not hold it');
  assert.equal(seen.events.length, 1, 'one status change');
  assert.equal(seen.events[0]?.backend, 'memory');
  assert.match(seen.events[0]?.reason ?? '', /^The OS keychain stopped working while OpsDesk was running\. No Secret Service on the session D-Bus \(org\.freedesktop\.secrets\): secrets stay in memory until OpsDesk quits \(system message: /);
  assert.deepEqual(seen.statusAfter, seen.events[0]);
  assert.ok(seen.fallback.matches, 'the vault keeps working in memory');
  assert.deepEqual(seen.listAfter, ['after/fallback']);

  assert.deepEqual(await waitForProcessesToExit(home.root, 5000), [], 'the second session left processes running');
  assert.deepEqual(findPlaintext(home.root, [seen.fallback.value]), [], 'the memory fallback wrote nothing to disk');
});
