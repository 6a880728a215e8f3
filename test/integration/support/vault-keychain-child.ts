/**
 * Runs inside `dbus-run-session` with gnome-keyring as the Secret Service (see vault-keychain.test.ts).
 * keytar talks to the session bus of its own process, so the vault has to be exercised here; this
 * script only observes and prints what it saw, the parent test asserts.
 *
 *   write  exercise a fresh keyring, leave one chunked secret behind for `read`
 *   read   a new session on the same keyring: read that secret back, then kill the Secret Service
 *          and watch the vault fall back to memory
 */
import { execFileSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createVault, VaultError, type KeytarLike, type VaultService, type VaultStatus } from '../../../electron/services/vault/index.ts';
import { resultMarker } from './vault-harness.ts';

const keytar = createRequire(import.meta.url)('keytar') as KeytarLike;
const service = 'OpsDesk';
const persistedKey = 'sso/persisted-refresh-token';

function randomSecret(length: number): string {
  return randomBytes(length).toString('base64url').slice(0, length);
}

function sha256(value: string | null): string | null {
  return value === null ? null : createHash('sha256').update(value).digest('hex');
}

/** The raw keychain entries of `key` and its chunk parts, as keytar sees them. */
async function entries(key: string, secret?: string) {
  const credentials = await keytar.findCredentials(service);
  return credentials
    .filter(({ account }) => account === key || account.startsWith(`${key}#`))
    .map(({ account, password }) => ({ account, length: password.length, holdsWholeSecret: secret !== undefined && password.includes(secret), text: account === key ? password.slice(0, 120) : null }))
    .sort((left, right) => left.account.localeCompare(right.account, 'en', { numeric: true }));
}

async function settle<T>(work: Promise<T>): Promise<{ value: T | null; error: { kind: string | null; message: string } | null }> {
  try {
    return { value: await work, error: null };
  } catch (error) {
    const kind = error instanceof VaultError ? error.kind : null;
    return { value: null, error: { kind, message: error instanceof Error ? error.message : String(error) } };
  }
}

async function write(vault: VaultService) {
  const small = randomSecret(40);
  await vault.set('sso/refresh-token', small);
  const smallRead = await vault.get('sso/refresh-token');

  const big = randomSecret(4096);
  await vault.set('ssh/private-key', big);
  const bigRead = await vault.get('ssh/private-key');
  const bigEntries = await entries('ssh/private-key', big);

  const medium = randomSecret(2500);
  await vault.set('ssh/private-key', medium);
  const mediumEntries = await entries('ssh/private-key', medium);
  const short = randomSecret(100);
  await vault.set('ssh/private-key', short);
  const shortEntries = await entries('ssh/private-key', short);
  const shortRead = await vault.get('ssh/private-key');

  const deletedFirst = await vault.delete('ssh/private-key');
  const deletedSecond = await vault.delete('ssh/private-key');
  const afterDelete = await entries('ssh/private-key');
  const readAfterDelete = await vault.get('ssh/private-key');
  const big2 = randomSecret(4096);
  await vault.set('ssh/other-key', big2);
  await vault.delete('ssh/other-key');
  const afterChunkedDelete = await entries('ssh/other-key');

  // Not awaited one by one: without the per-key queue these interleave and tear.
  const race = [randomSecret(4096), randomSecret(9000), randomSecret(2500)] as const;
  const raceOps = [
    settle(vault.set('race/token', race[0])),
    settle(vault.get('race/token')),
    settle(vault.set('race/token', race[1])),
    settle(vault.get('race/token')),
    settle(vault.set('race/token', race[2])),
    settle(vault.get('race/token')),
  ];
  const raceResults = await Promise.all(raceOps);
  const raceFinal = await vault.get('race/token');
  const raceEntries = await entries('race/token', race[2]);

  const tamperedSecret = randomSecret(4096);
  await vault.set('corrupt/token', tamperedSecret);
  await keytar.setPassword(service, 'corrupt/token#2', 'x'.repeat(2000));
  const tamperedPart = await settle(vault.get('corrupt/token'));
  await keytar.deletePassword(service, 'corrupt/token#2');
  const missingPart = await settle(vault.get('corrupt/token'));
  await keytar.setPassword(service, 'corrupt/token', 'opsdesk-chunked:v1:three:not-a-digest');
  const damagedHeader = await settle(vault.get('corrupt/token'));
  const repairedSecret = randomSecret(30);
  await vault.set('corrupt/token', repairedSecret);
  const repairedRead = await vault.get('corrupt/token');
  const repairedEntries = await entries('corrupt/token');

  const pem = `-----BEGIN OPENSSH PRIVATE KEY-----\n${randomSecret(3000).replace(/(.{70})/g, '$1\n')}\n-----END OPENSSH PRIVATE KEY-----\n`;
  const edgeValues = ['', 'opsdesk-chunked:v1:1:looks-like-a-header', `${'a'.repeat(1999)}🔑 clé ${randomSecret(2500)}`, pem];
  const edgeMatches: boolean[] = [];
  for (const value of edgeValues) {
    await vault.set('edge/value', value);
    edgeMatches.push((await vault.get('edge/value')) === value);
  }
  await vault.delete('edge/value');
  const edgeEntries = await entries('edge/value');

  const persisted = randomSecret(4096);
  await vault.set(persistedKey, persisted);
  const list = await vault.list();
  const allAccounts = (await keytar.findCredentials(service)).map(({ account }) => account).sort();

  return {
    secrets: [small, big, medium, short, big2, ...race, tamperedSecret, repairedSecret, pem, persisted],
    small: { matches: smallRead === small },
    big: { matches: bigRead === big, entries: bigEntries },
    shrink: { mediumEntries, shortEntries, matches: shortRead === short },
    delete: { deletedFirst, deletedSecond, afterDelete, readAfterDelete, afterChunkedDelete },
    race: {
      results: raceResults.map(({ value, error }) => ({ sha256: typeof value === 'string' ? sha256(value) : null, error })),
      expectedReads: race.map((value) => sha256(value)),
      finalMatches: raceFinal === race[2],
      entries: raceEntries,
    },
    corruption: { tamperedPart: tamperedPart.error, missingPart: missingPart.error, damagedHeader: damagedHeader.error, repaired: repairedRead === repairedSecret, repairedEntries },
    edges: { matches: edgeMatches, entries: edgeEntries },
    persisted: { key: persistedKey, value: persisted },
    list,
    allAccounts,
  };
}

/** The pid owning org.freedesktop.secrets on this session bus: the gnome-keyring-daemon this session started. */
function secretServicePid(): number {
  const reply = execFileSync(
    'dbus-send',
    ['--session', '--print-reply', '--dest=org.freedesktop.DBus', '/org/freedesktop/DBus', 'org.freedesktop.DBus.GetConnectionUnixProcessID', 'string:org.freedesktop.secrets'],
    { encoding: 'utf8', timeout: 5000 },
  );
  const pid = Number(/uint32 (\d+)/.exec(reply)?.[1]);
  const environ = readFileSync(`/proc/${pid}/environ`, 'utf8');
  if (!environ.includes(`HOME=${process.env.HOME}\0`)) throw new Error(`pid ${pid} owns org.freedesktop.secrets but is not this test's daemon`);
  return pid;
}

async function read(vault: VaultService) {
  const persistedRead = await vault.get(persistedKey);
  const listBefore = await vault.list();
  const events: VaultStatus[] = [];
  vault.onDidChangeStatus((status) => events.push(status));

  process.kill(secretServicePid(), 'SIGTERM');
  await new Promise((resolve) => setTimeout(resolve, 200));
  const afterKill = await settle(vault.get(persistedKey));
  const fallback = randomSecret(3000);
  await vault.set('after/fallback', fallback);
  const fallbackRead = await vault.get('after/fallback');
  const listAfter = await vault.list();

  return {
    persistedSha256: sha256(persistedRead),
    listBefore,
    afterKill,
    events,
    statusAfter: vault.status(),
    fallback: { matches: fallbackRead === fallback, value: fallback },
    listAfter,
  };
}

const phase = process.argv[2];
if (phase !== 'write' && phase !== 'read') throw new Error(`usage: vault-keychain-child.ts write|read (got ${phase})`);
const vault = await createVault({ service });
const status = vault.status();
const observations = status.backend === 'keychain' ? await (phase === 'write' ? write(vault) : read(vault)) : null;
process.stdout.write(`${resultMarker}${JSON.stringify({ status, observations })}\n`);
