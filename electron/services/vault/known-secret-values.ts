import type { VaultService } from './vault-types.ts';

/**
 * Every value the vault holds (and, for multi-line values such as keys, each long line of it): text that leaves
 * memory — exports, and what engineers type into incidents before it is stored — is masked against these.
 */
export async function knownSecretValues(vault: Pick<VaultService, 'list' | 'get'>): Promise<string[]> {
  const values: string[] = [];
  for (const key of await vault.list()) {
    const value = await vault.get(key);
    if (value) values.push(value, ...value.split(/\r?\n/).filter((line) => line.length >= 16));
  }
  return values;
}
