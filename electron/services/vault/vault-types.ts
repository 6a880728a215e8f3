export type VaultBackend = 'keychain' | 'memory';

export interface VaultStatus {
  backend: VaultBackend;
  /** Why secrets are memory-only, shown to the user; null while the OS keychain holds them. */
  reason: string | null;
}

export interface VaultService {
  status(): VaultStatus;
  get(key: string): Promise<string | null>;
  set(key: string, value: string): Promise<void>;
  delete(key: string): Promise<boolean>;
  /** Keys this vault holds (without chunk parts). */
  list(): Promise<string[]>;
  onDidChangeStatus(listener: (status: VaultStatus) => void): () => void;
}

/** The part of keytar the vault uses; keytar itself satisfies it. */
export interface KeytarLike {
  getPassword(service: string, account: string): Promise<string | null>;
  setPassword(service: string, account: string, password: string): Promise<void>;
  deletePassword(service: string, account: string): Promise<boolean>;
  findCredentials(service: string): Promise<Array<{ account: string; password: string }>>;
}

export interface VaultOptions {
  /** Keychain service name the entries are filed under. Default `OpsDesk`. */
  service?: string;
  /** Longest text stored in one entry, in UTF-8 bytes (characters, for ASCII). Default 2000: Windows caps an entry at 2560 bytes. */
  chunkSize?: number;
  /** Loads the keychain binding; resolves null (or throws) when there is none. Default: `import('keytar')`. */
  loadKeytar?: () => Promise<KeytarLike | null>;
  /** How long the start-up round trip may take before the vault settles for memory. Default 15 s. */
  probeTimeoutMs?: number;
}
