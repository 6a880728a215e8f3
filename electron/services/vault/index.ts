export { createVault } from './vault-service.ts';
export { VaultError, type VaultErrorKind } from './vault-error.ts';
export type { KeytarLike, VaultBackend, VaultOptions, VaultService, VaultStatus } from './vault-types.ts';
