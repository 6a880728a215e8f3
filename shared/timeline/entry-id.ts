/** Entry ids are at most this long (the domain schema's limit). */
const maxIdLength = 200;

/** FNV-1a, 32 bits, as 8 hex digits: pure and stable across runs and platforms (not a security hash). */
export function fnv1a(text: string): string {
  let hash = 0x811c9dc5;
  for (let index = 0; index < text.length; index++) {
    hash ^= text.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash.toString(16).padStart(8, '0');
}

/**
 * A readable id from the parts that identify an entry's source records (never from anything a
 * rebuild could change), so stars and annotations stick. Long ids keep a readable head and a hash.
 */
export function entryId(kind: string, ...parts: ReadonlyArray<string | number>): string {
  const id = [kind, ...parts.map(String)].join(':');
  if (id.length <= maxIdLength) return id;
  return `${id.slice(0, maxIdLength - 10)}~${fnv1a(id)}`;
}
