import type { Signal } from '../../shared/domain/records.ts';

/** What a keychain entry holds; the prefix of its generated name. */
export type SecretPurpose = 'token' | 'basic' | 'client-key' | 'ssh-key';

/** The keychain-name alphabet of the contract's `secretRefSchema`: letters, digits and `: . _ / -`. */
const allowed = /[^A-Za-z0-9:._/-]+/g;
const maxLength = 200;

/** Reduces free text (a host, a center id) to characters a keychain entry name may carry. */
export function sanitizeSecretSubject(subject: string): string {
  const cleaned = subject.trim().replace(allowed, '-').replace(/-{2,}/g, '-').replace(/^[^A-Za-z0-9]+/, '');
  return cleaned.replace(/-+$/, '') || 'unnamed';
}

/** `<purpose>:<subject>`, always a valid keychain entry name. */
export function secretKeyName(purpose: SecretPurpose, subject: string): string {
  return `${purpose}:${sanitizeSecretSubject(subject)}`.slice(0, maxLength);
}

/** `token:<center>-<signal>`, `basic:…` or `client-key:…` for an endpoint's auth; null for auth without a secret. */
export function endpointSecretName(centerId: string, signal: Signal, authType: string): string | null {
  const purpose: SecretPurpose | null = authType === 'token' ? 'token' : authType === 'basic' ? 'basic' : authType === 'mtls' ? 'client-key' : null;
  return purpose ? secretKeyName(purpose, `${centerId || 'center'}-${signal}`) : null;
}

/** `ssh-key:<host>`: one private key per SSH host, shared by every route through it. */
export function hopSecretName(host: string): string {
  return secretKeyName('ssh-key', host || 'host');
}
