/** Facts about an SSH public key blob (the wire form: string type, then type-specific fields). */
import { createHash } from 'node:crypto';

/** The key type named at the start of the blob (`ssh-ed25519`, `ecdsa-sha2-nistp256`, `ssh-rsa`, ...), or null if malformed. */
export function keyTypeOfBlob(blob: Uint8Array): string | null {
  if (blob.byteLength < 4) return null;
  const view = new DataView(blob.buffer, blob.byteOffset, blob.byteLength);
  const length = view.getUint32(0);
  if (length === 0 || length > 64 || 4 + length > blob.byteLength) return null;
  const type = Buffer.from(blob.subarray(4, 4 + length)).toString('latin1');
  return /^[\x21-\x7e]+$/.test(type) ? type : null;
}

/** `SHA256:` + unpadded base64 of sha256(blob), exactly as `ssh-keygen -lf` and ssh print it. */
export function fingerprintSha256(blob: Uint8Array): string {
  return `SHA256:${createHash('sha256').update(blob).digest('base64').replace(/=+$/, '')}`;
}

/** Normalises a configured fingerprint for comparison (prefix case, trailing padding). */
export function normalizeFingerprint(fingerprint: string): string {
  const trimmed = fingerprint.trim().replace(/=+$/, '');
  return /^sha256:/i.test(trimmed) ? `SHA256:${trimmed.slice(7)}` : `SHA256:${trimmed}`;
}

/** `ED25519`, `ECDSA`, `RSA`, ... as OpenSSH names key types in its warnings. */
export function keyTypeLabel(keyType: string): string {
  if (keyType === 'ssh-ed25519') return 'ED25519';
  if (keyType.startsWith('ecdsa-sha2-')) return 'ECDSA';
  if (keyType === 'ssh-rsa') return 'RSA';
  if (keyType === 'ssh-dss') return 'DSA';
  return keyType;
}

/** Host key algorithms a client may offer for a key type (RSA keys sign with several). */
export function algorithmsForKeyType(keyType: string): string[] {
  if (keyType === 'ssh-rsa') return ['rsa-sha2-512', 'rsa-sha2-256', 'ssh-rsa'];
  return [keyType];
}
