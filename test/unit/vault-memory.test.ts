import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { writeFileSync, rmSync } from 'node:fs';
import { join, relative } from 'node:path';
import { after, test } from 'node:test';
import { createVault, VaultError, type KeytarLike } from '../../electron/services/vault/index.ts';
import {
  findPlaintext,
  killProcessesUsing,
  makeVaultHome,
  runChild,
  supportDir,
  waitForProcessesToExit,
  type ChildRun,
} from '../integration/support/vault-harness.ts';

const home = makeVaultHome('vault-memory');
after(() => {
  killProcessesUsing(home.root);
  home.remove();
});

/** A session bus address that leads nowhere: what keytar meets on a desk without a D-Bus session. */
const noBus = { DBUS_SESSION_BUS_ADDRESS: `unix:path=${join(home.runtimeDir, 'no-such-bus')}` };

function runMemoryChild<T>(phase: 'write' | 'read'): Promise<ChildRun<T>> {
  return runChild<T>(process.execPath, ['--import', 'tsx', join(supportDir, 'vault-memory-child.ts'), phase], home.env(noBus), 15_000);
}

interface Status {
  backend: string;
  reason: string | null;
}

let secrets: string[] = [];

test('with no D-Bus session the real keytar fails its probe: memory backend, a reason naming the cause, secrets still round trip', async () => {
  const run = await runMemoryChild<{ status: Status; secrets: string[]; matches: boolean[]; list: string[] }>('write');
  assert.equal(run.code, 0, run.stderr);
  assert.ok(run.result, run.stderr);
  secrets = run.result.secrets;
  assert.equal(run.result.status.backend, 'memory');
  assert.match(
    run.result.status.reason ?? '',
    /^No D-Bus session bus to reach the Secret Service: secrets stay in memory until OpsDesk quits \(system message: Could not connect: No such file or directory\)$/,
  );
  assert.deepEqual(run.result.matches, [true, true]);
  assert.deepEqual(run.result.list, ['ssh/private-key', 'sso/refresh-token']);
});

test('memory-only secrets end with the process and never reach the disk', async () => {
  assert.equal(secrets.length, 2, 'the write process did not run');
  const run = await runMemoryChild<{ status: Status; values: Array<string | null>; list: string[] }>('read');
  assert.equal(run.code, 0, run.stderr);
  assert.equal(run.result?.status.backend, 'memory');
  assert.deepEqual(run.result?.values, [null, null], 'a new process does not have them');
  assert.deepEqual(run.result?.list, []);

  assert.deepEqual(await waitForProcessesToExit(home.root, 3000), []);
  const canary = join(home.dataDir, 'canary');
  writeFileSync(canary, secrets[1]!.slice(1000, 1100));
  assert.equal(findPlaintext(home.root, secrets).length, 1, 'the scan finds a 100-character piece of a secret');
  rmSync(canary);
  const hits = findPlaintext(home.root, secrets).map(({ file, secret }) => `${relative(home.root, file)} holds secret #${secret}`);
  assert.deepEqual(hits, [], 'HOME, XDG dirs, TMPDIR and the OpsDesk data dir hold no secret');
});

test('a keytar that cannot be loaded leaves a memory vault that says so', async () => {
  const missing = await createVault({
    loadKeytar: () => Promise.reject(new Error("Cannot find module 'keytar'")),
  });
  assert.deepEqual(missing.status(), {
    backend: 'memory',
    reason: "The OS keychain module (keytar) could not be loaded: secrets stay in memory until OpsDesk quits (system message: Cannot find module 'keytar')",
  });
  const absent = await createVault({ loadKeytar: async () => null });
  assert.match(absent.status().reason ?? '', /keytar\) is not installed/);
  await absent.set('token', 'value');
  assert.equal(await absent.get('token'), 'value');
  assert.equal(await absent.delete('token'), true);
  assert.equal(await absent.get('token'), null);
});

test('a keychain that never answers the probe (a prompt nobody sees, a hung daemon) is given up on in time', async () => {
  const started = Date.now();
  const hung = new Promise<never>(() => {});
  const vault = await createVault({
    probeTimeoutMs: 200,
    loadKeytar: async () => ({ getPassword: () => hung, setPassword: () => hung, deletePassword: () => hung, findCredentials: () => hung }),
  });
  assert.ok(Date.now() - started < 2000);
  assert.deepEqual(vault.status(), { backend: 'memory', reason: 'The OS keychain did not answer within 200 ms: secrets stay in memory until OpsDesk quits' });
});

test('keys and secrets are validated with clear errors', async () => {
  const vault = await createVault({ loadKeytar: async () => null });
  const invalidKeys: Array<[unknown, RegExp]> = [
    ['', /non-empty string/],
    [42, /non-empty string/],
    ['ssh/key#1', /contains "#", which the vault reserves for chunk parts/],
    ['tab\tkey', /control or other non-printable character/],
    ['bell\u0007', /non-printable/],
    ['x'.repeat(201), /at most 200 characters; this one has 201/],
  ];
  for (const [key, message] of invalidKeys) {
    await assert.rejects(vault.get(key as string), (error: unknown) => error instanceof VaultError && error.kind === 'invalid-key' && error.code === 'invalid-input' && message.test(error.message));
    await assert.rejects(vault.set(key as string, 'value'), VaultError);
    await assert.rejects(vault.delete(key as string), VaultError);
  }
  await assert.rejects(vault.set('token', 'before\0after'), /cannot contain a NUL character/);
  await assert.rejects(vault.set('token', 'half \ud83d pair'), /well-formed Unicode/);
  await assert.rejects(vault.set('token', 7 as unknown as string), /must be a string/);
  await vault.set('Ops Desk/ünïcode key:1', 'ok');
  assert.deepEqual(await vault.list(), ['Ops Desk/ünïcode key:1']);
});

/** A keychain in a Map: used only to plant damaged entries the real keychain would never produce on its own. */
class MapKeytar implements KeytarLike {
  readonly entries = new Map<string, string>();
  async getPassword(service: string, account: string): Promise<string | null> {
    return this.entries.get(`${service}/${account}`) ?? null;
  }
  async setPassword(service: string, account: string, password: string): Promise<void> {
    this.entries.set(`${service}/${account}`, password);
  }
  async deletePassword(service: string, account: string): Promise<boolean> {
    return this.entries.delete(`${service}/${account}`);
  }
  async findCredentials(service: string): Promise<Array<{ account: string; password: string }>> {
    return [...this.entries].filter(([name]) => name.startsWith(`${service}/`)).map(([name, password]) => ({ account: name.slice(service.length + 1), password }));
  }
}

test('a damaged chunk header, a newer format, a missing or tampered part: a clear error, never a wrong secret', async () => {
  const keytar = new MapKeytar();
  const vault = await createVault({ service: 'Test', chunkSize: 64, loadKeytar: async () => keytar });
  assert.equal(vault.status().backend, 'keychain');
  const secret = randomBytes(120).toString('base64');
  const header = async (): Promise<string> => (await keytar.getPassword('Test', 'token'))!;
  const expectCorrupt = async (problem: RegExp): Promise<void> => {
    await assert.rejects(vault.get('token'), (error: unknown) => {
      assert.ok(error instanceof VaultError);
      assert.equal(error.kind, 'corrupt-secret');
      assert.match(error.message, /^The keychain entry for "token" cannot be read: /);
      assert.match(error.message, problem);
      assert.ok(!error.message.includes(secret.slice(0, 8)) && !String(error.stack).includes(secret.slice(0, 8)), 'the message carries no secret');
      return true;
    });
  };

  await vault.set('token', secret);
  assert.match(await header(), /^opsdesk-chunked:v1:3:[0-9a-f]{64}$/);
  const good = await header();

  await keytar.setPassword('Test', 'token', good.replace(':v1:3:', ':v1:2:'));
  await expectCorrupt(/its 2 parts do not match the recorded checksum/);
  await keytar.setPassword('Test', 'token', good.slice(0, -1));
  await expectCorrupt(/its chunk header is damaged/);
  await keytar.setPassword('Test', 'token', 'opsdesk-chunked:garbage');
  await expectCorrupt(/its chunk header is damaged/);
  await keytar.setPassword('Test', 'token', good.replace(':v1:', ':v2:'));
  await expectCorrupt(/chunk format v2 by a newer OpsDesk/);

  await keytar.setPassword('Test', 'token', good);
  assert.equal(await vault.get('token'), secret, 'the restored header reads again');
  const part2 = (await keytar.getPassword('Test', 'token#2'))!;
  await keytar.setPassword('Test', 'token#2', `${part2.slice(0, -1)}${part2.endsWith('A') ? 'B' : 'A'}`);
  await expectCorrupt(/its 3 parts do not match the recorded checksum/);
  await keytar.deletePassword('Test', 'token#3');
  await expectCorrupt(/part 3 of 3 is missing/);

  // Over a damaged header the vault cannot know how many parts there were; it looks them all up.
  await keytar.setPassword('Test', 'token', 'opsdesk-chunked:v1:?');
  await keytar.setPassword('Test', 'token#7', 'left behind');
  await vault.set('token', 'short');
  assert.deepEqual([...keytar.entries.keys()].sort(), ['Test/token']);
  assert.equal(await vault.get('token'), 'short');
});
