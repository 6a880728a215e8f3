import { VaultError } from './vault-error.ts';

const maxKeyLength = 200;
/** Any character class C: controls, format characters, lone surrogates, private use, unassigned. */
const nonPrintable = /\p{C}/u;
const loneSurrogate = /\p{Surrogate}/u;

/** `#` never appears in a key, so `key#n` (chunk parts) and `#probe` cannot collide with one. */
export const probeAccount = '#probe';

export function partAccount(key: string, part: number): string {
  return `${key}#${part}`;
}

/** True for the accounts the vault keeps for its own bookkeeping (chunk parts, the probe). */
export function isInternalAccount(account: string): boolean {
  return account.includes('#');
}

export function validateKey(key: unknown): asserts key is string {
  if (typeof key !== 'string' || key.length === 0) throw new VaultError('invalid-key', 'A vault key must be a non-empty string');
  if (key.length > maxKeyLength) throw new VaultError('invalid-key', `A vault key is at most ${maxKeyLength} characters; this one has ${key.length}`);
  if (key.includes('#')) throw new VaultError('invalid-key', `Vault key ${JSON.stringify(key)} contains "#", which the vault reserves for chunk parts`);
  if (nonPrintable.test(key)) throw new VaultError('invalid-key', `Vault key ${JSON.stringify(key)} contains a control or other non-printable character`);
}

export function validateSecret(value: unknown): asserts value is string {
  if (typeof value !== 'string') throw new VaultError('invalid-secret', 'A secret must be a string');
  // keytar hands the value to C APIs as a NUL-terminated string: everything after a NUL would be lost.
  if (value.includes('\0')) throw new VaultError('invalid-secret', 'A secret cannot contain a NUL character');
  if (loneSurrogate.test(value)) throw new VaultError('invalid-secret', 'A secret must be well-formed Unicode text (it contains a lone surrogate)');
}
