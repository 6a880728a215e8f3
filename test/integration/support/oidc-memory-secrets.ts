import type { SecretStore } from '../../../electron/services/auth/index.ts';

/** The SecretStore seam in memory (the keychain-backed vault is tested on its own). Records writes. */
export class MemorySecretStore implements SecretStore {
  readonly #values = new Map<string, string>();
  readonly writes: Array<{ operation: 'set' | 'delete'; key: string }> = [];
  /** Every value ever set, for "no token leaked into X" checks. */
  readonly everStored: string[] = [];

  async get(key: string): Promise<string | null> {
    return this.#values.get(key) ?? null;
  }

  async set(key: string, value: string): Promise<void> {
    this.writes.push({ operation: 'set', key });
    this.everStored.push(value);
    this.#values.set(key, value);
  }

  async delete(key: string): Promise<boolean> {
    this.writes.push({ operation: 'delete', key });
    return this.#values.delete(key);
  }

  keys(): string[] {
    return [...this.#values.keys()].sort();
  }
}
