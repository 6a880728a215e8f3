/**
 * What to do with the host key a server presented: pure decision from the known_hosts entries
 * and the pins. Order: a revoked key is refused; pins (when a host has any) decide alone; then
 * known_hosts: same type and blob => trusted, same type with another blob => changed, else unknown.
 */
import { entryMatchesHost, type KnownHostsEntry } from './known-hosts.ts';
import { fingerprintSha256, keyTypeOfBlob, normalizeFingerprint } from './ssh-key-blob.ts';

export type HostKeyDecision =
  | { kind: 'trusted'; via: 'known-hosts'; line: number }
  | { kind: 'trusted'; via: 'pin' }
  | { kind: 'unknown'; otherKnownTypes: string[] }
  | { kind: 'changed'; via: 'known-hosts'; line: number; expectedFingerprint: string }
  | { kind: 'changed'; via: 'pin'; expectedFingerprints: string[] }
  | { kind: 'revoked'; line: number };

export interface PresentedHostKey {
  host: string;
  port: number;
  keyType: string;
  key: Uint8Array;
  fingerprint: string;
}

/** Reads type and fingerprint from the blob the server sent; null if the blob is malformed. */
export function describePresentedKey(host: string, port: number, key: Uint8Array): PresentedHostKey | null {
  const keyType = keyTypeOfBlob(key);
  return keyType ? { host, port, keyType, key, fingerprint: fingerprintSha256(key) } : null;
}

/** The key of `pinned` for a hop: `host:port`. */
export function pinKey(host: string, port: number): string {
  return `${host}:${port}`;
}

export function decideHostKey(
  presented: PresentedHostKey,
  entries: readonly KnownHostsEntry[],
  pinned: Record<string, string[]> | undefined,
): HostKeyDecision {
  const forHost = entries.filter((entry) => entryMatchesHost(entry, presented.host, presented.port));
  const sameKey = (entry: KnownHostsEntry) => entry.keyType === presented.keyType && Buffer.from(presented.key).equals(entry.key);

  const revoked = forHost.find((entry) => entry.marker === 'revoked' && sameKey(entry));
  if (revoked) return { kind: 'revoked', line: revoked.line };

  const pins = pinned?.[pinKey(presented.host, presented.port)];
  if (pins && pins.length > 0) {
    const normalized = pins.map(normalizeFingerprint);
    return normalized.includes(presented.fingerprint)
      ? { kind: 'trusted', via: 'pin' }
      : { kind: 'changed', via: 'pin', expectedFingerprints: normalized };
  }

  const known = forHost.filter((entry) => entry.marker === null);
  const match = known.find(sameKey);
  if (match) return { kind: 'trusted', via: 'known-hosts', line: match.line };
  const sameType = known.find((entry) => entry.keyType === presented.keyType);
  if (sameType) return { kind: 'changed', via: 'known-hosts', line: sameType.line, expectedFingerprint: fingerprintSha256(sameType.key) };
  return { kind: 'unknown', otherKnownTypes: [...new Set(known.map((entry) => entry.keyType))] };
}

/** Key types recorded for a host (not revoked), most useful first for algorithm negotiation. */
export function knownKeyTypes(entries: readonly KnownHostsEntry[], host: string, port: number): string[] {
  return [...new Set(entries.filter((entry) => entry.marker === null && entryMatchesHost(entry, host, port)).map((entry) => entry.keyType))];
}
