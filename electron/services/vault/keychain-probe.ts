import { randomUUID } from 'node:crypto';
import { keychainFailureReason, moduleMissingReason, timeoutReason } from './keychain-reason.ts';
import { probeAccount } from './vault-keys.ts';
import type { KeytarLike } from './vault-types.ts';

export type KeychainProbe = { ok: true; keytar: KeytarLike } | { ok: false; reason: string };

/** keytar is an optional native dependency: missing, or unloadable without libsecret. */
export async function loadKeytar(): Promise<KeytarLike | null> {
  const loaded = (await import('keytar')) as KeytarLike & { default?: KeytarLike };
  return loaded.default ?? loaded;
}

/**
 * Loads the binding and does a real write, read and delete: a loaded keytar says nothing about
 * whether a Secret Service answers on D-Bus or the collection is unlocked.
 */
export async function probeKeychain(load: () => Promise<KeytarLike | null>, service: string, timeoutMs: number): Promise<KeychainProbe> {
  let keytar: KeytarLike | null;
  try {
    keytar = await load();
  } catch (error) {
    return { ok: false, reason: moduleMissingReason(error) };
  }
  if (!keytar) return { ok: false, reason: moduleMissingReason(null) };
  const available = keytar;
  try {
    await withTimeout(roundTrip(available, service), timeoutMs);
    return { ok: true, keytar: available };
  } catch (error) {
    return { ok: false, reason: error instanceof ProbeTimeout ? timeoutReason(timeoutMs) : keychainFailureReason(error, 'probe') };
  }
}

async function roundTrip(keytar: KeytarLike, service: string): Promise<void> {
  const value = `opsdesk-probe-${randomUUID()}`;
  await keytar.setPassword(service, probeAccount, value);
  const read = await keytar.getPassword(service, probeAccount);
  const deleted = await keytar.deletePassword(service, probeAccount);
  if (read !== value) throw new Error('the keychain returned something else than the value just stored');
  if (!deleted) throw new Error('the keychain could not delete the entry just stored');
}

class ProbeTimeout extends Error {}

function withTimeout<T>(work: Promise<T>, timeoutMs: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new ProbeTimeout()), timeoutMs);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}
