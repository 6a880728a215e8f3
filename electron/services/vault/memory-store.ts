import type { SecretStore } from './secret-store.ts';

/** Values live in this process only and are gone when it ends; nothing is written anywhere. */
export class MemoryStore implements SecretStore {
  private readonly values = new Map<string, string>();

  async get(key: string): Promise<string | null> {
    return this.values.get(key) ?? null;
  }

  async set(key: string, value: string): Promise<void> {
    this.values.set(key, value);
  }

  async delete(key: string): Promise<boolean> {
    return this.values.delete(key);
  }

  async list(): Promise<string[]> {
    return [...this.values.keys()].sort();
  }
}
