import { createHash } from 'node:crypto';

/**
 * A value too large for one keychain entry is stored as a header under its key and the text in
 * parts under `key#1..n`. The header records the SHA-256 of the whole value so a missing, stale or
 * tampered part is detected instead of returning a wrong secret.
 */
const headerPrefix = 'opsdesk-chunked:';
const headerV1 = /^opsdesk-chunked:v1:(0|[1-9]\d{0,5}):([0-9a-f]{64})$/;
const headerVersion = /^opsdesk-chunked:v(\d+):/;

export interface ChunkHeader {
  parts: number;
  sha256: string;
}

export type ParsedEntry =
  | { kind: 'plain' }
  | { kind: 'chunked'; header: ChunkHeader }
  | { kind: 'unsupported'; version: string }
  | { kind: 'damaged' };

export function digest(value: string): string {
  return createHash('sha256').update(value, 'utf8').digest('hex');
}

export function formatHeader(header: ChunkHeader): string {
  return `${headerPrefix}v1:${header.parts}:${header.sha256}`;
}

export function parseEntry(stored: string): ParsedEntry {
  if (!stored.startsWith(headerPrefix)) return { kind: 'plain' };
  const match = headerV1.exec(stored);
  if (match) return { kind: 'chunked', header: { parts: Number(match[1]), sha256: match[2]! } };
  const version = headerVersion.exec(stored)?.[1];
  return version !== undefined && version !== '1' ? { kind: 'unsupported', version } : { kind: 'damaged' };
}

/**
 * Values that must go through the header: too long for one entry, empty (keychains refuse an empty
 * password) or looking like a header themselves (they would be misread on the way back).
 */
export function needsChunks(value: string, chunkSize: number): boolean {
  return Buffer.byteLength(value, 'utf8') > chunkSize || value.length === 0 || value.startsWith(headerPrefix);
}

/**
 * Splits into parts of at most `chunkSize` UTF-8 bytes (what Windows Credential Manager counts), on
 * code point boundaries: half a surrogate pair would not survive the keychain's UTF-8.
 */
export function splitIntoChunks(value: string, chunkSize: number): string[] {
  const parts: string[] = [];
  let part = '';
  let bytes = 0;
  for (const codePoint of value) {
    const size = utf8Length(codePoint.codePointAt(0)!);
    if (bytes + size > chunkSize && part.length > 0) {
      parts.push(part);
      part = '';
      bytes = 0;
    }
    part += codePoint;
    bytes += size;
  }
  if (part.length > 0) parts.push(part);
  return parts;
}

function utf8Length(codePoint: number): number {
  if (codePoint < 0x80) return 1;
  if (codePoint < 0x800) return 2;
  return codePoint < 0x10000 ? 3 : 4;
}
