import { digest, formatHeader, needsChunks, parseEntry, splitIntoChunks } from './chunk-codec.ts';
import { keychainFailureReason, redact } from './keychain-reason.ts';
import { KeychainFailure, type SecretStore } from './secret-store.ts';
import { VaultError } from './vault-error.ts';
import { isInternalAccount, partAccount } from './vault-keys.ts';
import type { KeytarLike } from './vault-types.ts';

/**
 * Values in the OS keychain, one entry per key, chunked over `key#1..n` when too large for one entry.
 * Callers serialise operations per key; parts of different keys never overlap because keys hold no `#`.
 */
export class KeychainStore implements SecretStore {
  constructor(
    private readonly keytar: KeytarLike,
    private readonly service: string,
    private readonly chunkSize: number,
  ) {}

  async get(key: string): Promise<string | null> {
    const stored = await this.read(key);
    if (stored === null) return null;
    const entry = parseEntry(stored);
    switch (entry.kind) {
      case 'plain':
        return stored;
      case 'unsupported':
        throw corrupt(key, `it was written in chunk format v${entry.version} by a newer OpsDesk`);
      case 'damaged':
        throw corrupt(key, 'its chunk header is damaged');
    }
    const { parts, sha256 } = entry.header;
    const texts = await Promise.all(Array.from({ length: parts }, (_, index) => this.read(partAccount(key, index + 1))));
    const missing = texts.findIndex((text) => text === null);
    if (missing >= 0) throw corrupt(key, `part ${missing + 1} of ${parts} is missing`);
    const value = texts.join('');
    if (digest(value) !== sha256) throw corrupt(key, `its ${parts} parts do not match the recorded checksum`);
    return value;
  }

  async set(key: string, value: string): Promise<void> {
    const before = await this.read(key);
    const previousParts = before === null ? 0 : this.knownPartCount(before);
    let parts = 0;
    if (needsChunks(value, this.chunkSize)) {
      const chunks = splitIntoChunks(value, this.chunkSize);
      parts = chunks.length;
      // Parts first, header last: a write cut short leaves the old header, whose checksum then fails clearly.
      await Promise.all(chunks.map((chunk, index) => this.write(partAccount(key, index + 1), chunk, [value])));
      await this.write(key, formatHeader({ parts, sha256: digest(value) }), [value]);
    } else {
      await this.write(key, value, [value]);
    }
    await this.deleteParts(key, parts + 1, previousParts);
  }

  async delete(key: string): Promise<boolean> {
    const stored = await this.read(key);
    const deleted = stored === null ? false : await this.remove(key);
    await this.deleteParts(key, 1, stored === null ? 0 : this.knownPartCount(stored));
    return deleted;
  }

  async list(): Promise<string[]> {
    const credentials = await this.call(() => this.keytar.findCredentials(this.service), []);
    return [...new Set(credentials.map(({ account }) => account).filter((account) => !isInternalAccount(account)))].sort();
  }

  /**
   * Deletes parts from `from` on: through `through` and on while they still exist (an interrupted write
   * may have left more). With `through` unknown (the header was unreadable) it looks every part up.
   */
  private async deleteParts(key: string, from: number, through: number | null): Promise<void> {
    if (through === null) {
      const credentials = await this.call(() => this.keytar.findCredentials(this.service), []);
      const parts = credentials.flatMap(({ account }) => partNumber(key, account) ?? []).filter((part) => part >= from);
      for (const part of parts) await this.remove(partAccount(key, part));
      return;
    }
    for (let part = from; ; part++) {
      const deleted = await this.remove(partAccount(key, part));
      if (!deleted && part >= through) return;
    }
  }

  /** Parts to clean up behind an entry being replaced; null when its header is unreadable. */
  private knownPartCount(stored: string): number | null {
    const entry = parseEntry(stored);
    if (entry.kind === 'plain') return 0;
    return entry.kind === 'chunked' ? entry.header.parts : null;
  }

  private read(account: string): Promise<string | null> {
    return this.call(() => this.keytar.getPassword(this.service, account), []);
  }

  private write(account: string, text: string, secrets: readonly string[]): Promise<void> {
    return this.call(() => this.keytar.setPassword(this.service, account, text), [...secrets, text]);
  }

  private remove(account: string): Promise<boolean> {
    return this.call(() => this.keytar.deletePassword(this.service, account), []);
  }

  private async call<T>(operation: () => Promise<T>, secrets: readonly string[]): Promise<T> {
    try {
      return await operation();
    } catch (error) {
      throw new KeychainFailure(redact(keychainFailureReason(error, 'run'), secrets));
    }
  }
}

function partNumber(key: string, account: string): number | null {
  if (!account.startsWith(`${key}#`)) return null;
  const suffix = account.slice(key.length + 1);
  return /^[1-9]\d*$/.test(suffix) ? Number(suffix) : null;
}

function corrupt(key: string, problem: string): VaultError {
  return new VaultError('corrupt-secret', `The keychain entry for "${key}" cannot be read: ${problem}. Store the secret again to repair it.`);
}
