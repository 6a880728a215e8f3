import { KeyQueue } from './key-queue.ts';
import { KeychainStore } from './keychain-store.ts';
import { loadKeytar, probeKeychain } from './keychain-probe.ts';
import { MemoryStore } from './memory-store.ts';
import { KeychainFailure, type SecretStore } from './secret-store.ts';
import { validateKey, validateSecret } from './vault-keys.ts';
import type { VaultOptions, VaultService, VaultStatus } from './vault-types.ts';

const defaults = { service: 'OpsDesk', chunkSize: 2000, probeTimeoutMs: 15_000 };

/** Opens the OS keychain if a real round trip works there, otherwise a memory-only vault that says why. */
export async function createVault(options: VaultOptions = {}): Promise<VaultService> {
  const service = options.service ?? defaults.service;
  const chunkSize = options.chunkSize ?? defaults.chunkSize;
  if (service.length === 0) throw new RangeError('The vault service name must not be empty');
  // 4 bytes hold any code point, so every part makes progress.
  if (!Number.isInteger(chunkSize) || chunkSize < 4) throw new RangeError(`The vault chunk size must be an integer of at least 4, not ${chunkSize}`);
  const probe = await probeKeychain(options.loadKeytar ?? loadKeytar, service, options.probeTimeoutMs ?? defaults.probeTimeoutMs);
  if (probe.ok) return new KeychainVaultService(new KeychainStore(probe.keytar, service, chunkSize), { backend: 'keychain', reason: null });
  return new KeychainVaultService(new MemoryStore(), { backend: 'memory', reason: probe.reason });
}

/**
 * The vault seam. Holds secrets in the OS keychain; when the keychain fails at run time it switches to
 * memory for the rest of the run (never to disk) and tells listeners why. Operations on one key are
 * serialised, so a chunked write is never interleaved with another write or a read of the same key.
 */
export class KeychainVaultService implements VaultService {
  private readonly queue = new KeyQueue();
  private readonly listeners = new Set<(status: VaultStatus) => void>();

  constructor(
    private store: SecretStore,
    private current: VaultStatus,
  ) {}

  status(): VaultStatus {
    return { ...this.current };
  }

  async get(key: string): Promise<string | null> {
    validateKey(key);
    return this.queue.run(key, () => this.perform((store) => store.get(key)));
  }

  async set(key: string, value: string): Promise<void> {
    validateKey(key);
    validateSecret(value);
    return this.queue.run(key, () => this.perform((store) => store.set(key, value)));
  }

  async delete(key: string): Promise<boolean> {
    validateKey(key);
    return this.queue.run(key, () => this.perform((store) => store.delete(key)));
  }

  async list(): Promise<string[]> {
    return this.perform((store) => store.list());
  }

  onDidChangeStatus(listener: (status: VaultStatus) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * Runs on the current store. After a keychain failure, or when another key's failure switched the
   * vault while this operation ran, the operation runs again on memory so its effect lands where
   * later operations will look.
   */
  private async perform<T>(operation: (store: SecretStore) => Promise<T>): Promise<T> {
    const store = this.store;
    try {
      const result = await operation(store);
      if (store === this.store) return result;
    } catch (error) {
      if (!(error instanceof KeychainFailure)) throw error;
      this.fallBackToMemory(error.reason);
    }
    return operation(this.store);
  }

  private fallBackToMemory(reason: string): void {
    if (this.current.backend === 'memory') return;
    this.store = new MemoryStore();
    this.current = { backend: 'memory', reason };
    for (const listener of [...this.listeners]) {
      try {
        listener(this.status());
      } catch {
        // A listener's bug must not fail the vault operation that noticed the keychain go away.
      }
    }
  }
}
