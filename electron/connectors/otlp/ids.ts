/**
 * Trace and span ids from the wire to the domain's lowercase hex.
 *
 * - OTLP/JSON (the spec): hex, case-insensitive, exactly 32 / 16 characters.
 * - protobuf JSON mapping of `bytes` (Tempo's /api/traces, older Jaeger api_v3, some exporters):
 *   base64 of 16 / 8 bytes, standard or URL-safe alphabet, padded or not.
 * - Jaeger's own JSON and Tempo's search: hex with leading zeros dropped or a 64-bit id
 *   ("5915e2d0f3575298"): left-padded to full width.
 * Pure (no Node imports).
 */

const base64Alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const base64Values = new Map<string, number>([...base64Alphabet].map((char, index) => [char, index]));
base64Values.set('-', 62);
base64Values.set('_', 63);

/** Decodes base64 (standard or URL-safe, padding optional) to hex; null when not base64 of `bytes` bytes. */
function base64ToHex(text: string, bytes: number): string | null {
  const unpadded = text.replace(/={1,2}$/, '');
  if (unpadded.length !== Math.ceil((bytes * 4) / 3)) return null;
  if (text.length !== unpadded.length && text.length !== Math.ceil(bytes / 3) * 4) return null;
  let bits = 0;
  let bitCount = 0;
  let hex = '';
  for (const char of unpadded) {
    const value = base64Values.get(char);
    if (value === undefined) return null;
    bits = ((bits << 6) | value) & 0x3fff;
    bitCount += 6;
    if (bitCount >= 8) {
      bitCount -= 8;
      hex += ((bits >> bitCount) & 0xff).toString(16).padStart(2, '0');
    }
  }
  // The unused low bits of the last character must be zero in canonical base64.
  if ((bits & ((1 << bitCount) - 1)) !== 0) return null;
  return hex.length === bytes * 2 ? hex : null;
}

/**
 * An OTLP id of `bytes` bytes as lowercase hex: hex of exactly 2*bytes characters (any case) or
 * base64 of `bytes` bytes. Null when neither.
 */
export function otlpIdToHex(text: string, bytes: 16 | 8): string | null {
  if (text.length === bytes * 2 && /^[0-9a-fA-F]+$/.test(text)) return text.toLowerCase();
  return base64ToHex(text, bytes);
}

/** A hex id possibly missing leading zeros (Jaeger, Tempo search), padded to 2*bytes characters. */
export function shortHexIdToHex(text: string, bytes: 16 | 8): string | null {
  if (!/^[0-9a-fA-F]+$/.test(text) || text.length > bytes * 2) return null;
  return text.toLowerCase().padStart(bytes * 2, '0');
}

export function isZeroId(hex: string): boolean {
  return /^0+$/.test(hex);
}

export const traceIdExpectation = 'expected 32 hex characters or base64 of 16 bytes';
export const spanIdExpectation = 'expected 16 hex characters or base64 of 8 bytes';
