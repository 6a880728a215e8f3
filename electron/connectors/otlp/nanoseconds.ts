/**
 * Nanosecond timestamps as decimal strings. Loki stamps and OTLP `*UnixNano` fields exceed 2^53, so
 * they stay text; these helpers do the little arithmetic needed without losing digits.
 * Pure (no Node imports): usable from shared code if it moves there.
 */

const decimal = /^\d{1,20}$/;

/** "0001234" -> "1234"; null when not an unsigned decimal integer of at most 20 digits. */
export function normalizeNanos(text: string): string | null {
  if (!decimal.test(text)) return null;
  const trimmed = text.replace(/^0+(?=\d)/, '');
  return trimmed.length === 20 && trimmed > '18446744073709551615' ? null : trimmed;
}

/** Orders two normalized nanosecond strings: negative, zero or positive. */
export function compareNanos(a: string, b: string): number {
  if (a.length !== b.length) return a.length - b.length;
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Epoch ms, floored (the domain's integer `timestamp`). */
export function nanosToMsFloor(ns: string): number {
  return ns.length <= 6 ? 0 : Number(ns.slice(0, -6));
}

/** Epoch ms with the sub-millisecond part as a fraction: exact to the double's precision. */
export function nanosToMs(ns: string): number {
  if (ns.length <= 6) return Number(ns) / 1e6;
  return Number(ns.slice(0, -6)) + Number(ns.slice(-6)) / 1e6;
}

/** Integer epoch ms to nanoseconds text. */
export function msToNanos(ms: number): string {
  if (!Number.isSafeInteger(ms) || ms < 0) throw new RangeError(`expected non-negative whole milliseconds, got ${ms}`);
  return ms === 0 ? '0' : `${ms}000000`;
}

/** Integer microseconds (Jaeger) to nanoseconds text. */
export function microsToNanos(us: number): string {
  return us === 0 ? '0' : `${us}000`;
}

/** `ns + delta` for small deltas (paging boundaries). */
export function addNanos(ns: string, delta: number): string {
  const sum = BigInt(ns) + BigInt(delta);
  return sum < 0n ? '0' : sum.toString();
}

/** `end - start` in ms (float); 0 when end precedes start (clock skew between hosts). */
export function nanosDifferenceMs(startNs: string, endNs: string): number {
  const difference = BigInt(endNs) - BigInt(startNs);
  return difference <= 0n ? 0 : Number(difference) / 1e6;
}
