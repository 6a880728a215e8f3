/**
 * Runs with no usable D-Bus session (vault-memory.test.ts points DBUS_SESSION_BUS_ADDRESS at a socket
 * that does not exist), so the real keytar fails its probe and the vault keeps secrets in memory.
 *
 *   write  store secrets and read them back
 *   read   a new process: what survived (nothing should)
 */
import { randomBytes } from 'node:crypto';
import { createVault } from '../../../electron/services/vault/index.ts';
import { resultMarker } from './vault-harness.ts';

const keys = ['sso/refresh-token', 'ssh/private-key'] as const;

const phase = process.argv[2];
if (phase !== 'write' && phase !== 'read') throw new Error(`usage: vault-memory-child.ts write|read (got ${phase})`);
const vault = await createVault();
const status = vault.status();
if (phase === 'write') {
  const secrets = [randomBytes(30).toString('base64url'), randomBytes(3072).toString('base64')];
  for (const [index, key] of keys.entries()) await vault.set(key, secrets[index]!);
  const readBack = await Promise.all(keys.map((key) => vault.get(key)));
  const list = await vault.list();
  process.stdout.write(`${resultMarker}${JSON.stringify({ status, secrets, matches: readBack.map((value, index) => value === secrets[index]), list })}\n`);
} else {
  const values = await Promise.all(keys.map((key) => vault.get(key)));
  process.stdout.write(`${resultMarker}${JSON.stringify({ status, values, list: await vault.list() })}\n`);
}
