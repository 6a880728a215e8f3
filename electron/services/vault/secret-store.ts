/** Where the vault keeps values: the OS keychain, or process memory when there is none. */
export interface SecretStore {
  get(key: string): Promise<string | null>;
  set(key: string, value: string): Promise<void>;
  delete(key: string): Promise<boolean>;
  list(): Promise<string[]>;
}

/** The keychain itself failed (as opposed to a damaged entry); the vault answers by falling back to memory. */
export class KeychainFailure extends Error {
  constructor(readonly reason: string) {
    super(reason);
    this.name = 'KeychainFailure';
  }
}
