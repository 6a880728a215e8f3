/**
 * OpenSSH known_hosts files: parsing, host matching and new lines. Pure functions (no file I/O).
 *
 * Supported, as sshd(8) "SSH_KNOWN_HOSTS FILE FORMAT" describes: comma-separated host patterns
 * with `*`, `?` and `!` negation, `[host]:port` names, hashed names (`|1|salt|hash`, HMAC-SHA1
 * keyed by the salt over the lookup name), the `@revoked` marker, comments and blank lines.
 * `@cert-authority` lines are skipped with a note (ssh2 does not verify host certificates).
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { keyTypeOfBlob } from './ssh-key-blob.ts';

export type KnownHostsNames =
  | { kind: 'patterns'; patterns: string[] }
  | { kind: 'hashed'; salt: Buffer; hash: Buffer };

export interface KnownHostsEntry {
  /** 1-based line number in the file. */
  line: number;
  marker: 'revoked' | null;
  names: KnownHostsNames;
  keyType: string;
  key: Buffer;
  comment: string;
}

export interface ParsedKnownHosts {
  entries: KnownHostsEntry[];
  /** Lines skipped or ignored, with the reason (`line 4: ...`). */
  notes: string[];
}

/** The name OpenSSH looks up and hashes: `host` on port 22, `[host]:port` otherwise; lower case. */
export function lookupName(host: string, port: number): string {
  const lower = host.toLowerCase();
  return port === 22 ? lower : `[${lower}]:${port}`;
}

export function parseKnownHosts(text: string): ParsedKnownHosts {
  const entries: KnownHostsEntry[] = [];
  const notes: string[] = [];
  const lines = text.split(/\r?\n/);
  lines.forEach((raw, index) => {
    const lineNumber = index + 1;
    const trimmed = raw.trim();
    if (trimmed === '' || trimmed.startsWith('#')) return;
    const fields = trimmed.split(/[ \t]+/);
    let marker: KnownHostsEntry['marker'] = null;
    if (fields[0]?.startsWith('@')) {
      const word = fields.shift()!;
      if (word === '@cert-authority') {
        notes.push(`line ${lineNumber}: @cert-authority entry ignored (host certificates are not supported; the host's own key must be known)`);
        return;
      }
      if (word !== '@revoked') {
        notes.push(`line ${lineNumber}: skipped, unknown marker ${word}`);
        return;
      }
      marker = 'revoked';
    }
    const [hostField, keyType, keyText, ...rest] = fields;
    if (!hostField || !keyType || !keyText) {
      notes.push(`line ${lineNumber}: skipped, expected "hosts keytype key"`);
      return;
    }
    const names = parseNames(hostField);
    if (!names) {
      notes.push(`line ${lineNumber}: skipped, malformed hashed host name`);
      return;
    }
    if (!/^[A-Za-z0-9+/]+={0,2}$/.test(keyText)) {
      notes.push(`line ${lineNumber}: skipped, key is not base64`);
      return;
    }
    const key = Buffer.from(keyText, 'base64');
    const embeddedType = keyTypeOfBlob(key);
    if (embeddedType !== keyType) {
      notes.push(`line ${lineNumber}: skipped, key type ${keyType} does not match the key (${embeddedType ?? 'malformed'})`);
      return;
    }
    entries.push({ line: lineNumber, marker, names, keyType, key, comment: rest.join(' ') });
  });
  return { entries, notes };
}

function parseNames(field: string): KnownHostsNames | null {
  if (!field.startsWith('|')) return { kind: 'patterns', patterns: field.split(',').filter((part) => part !== '') };
  const match = /^\|1\|([A-Za-z0-9+/=]+)\|([A-Za-z0-9+/=]+)$/.exec(field);
  if (!match) return null;
  const salt = Buffer.from(match[1]!, 'base64');
  const hash = Buffer.from(match[2]!, 'base64');
  if (salt.byteLength !== 20 || hash.byteLength !== 20) return null;
  return { kind: 'hashed', salt, hash };
}

/** Whether the entry's host names cover `host:port` (OpenSSH semantics: a matching `!` pattern excludes the line). */
export function entryMatchesHost(entry: KnownHostsEntry, host: string, port: number): boolean {
  const name = lookupName(host, port);
  if (entry.names.kind === 'hashed') {
    const computed = createHmac('sha1', entry.names.salt).update(name).digest();
    return timingSafeEqual(computed, entry.names.hash);
  }
  let matched = false;
  for (const pattern of entry.names.patterns) {
    const negated = pattern.startsWith('!');
    const body = (negated ? pattern.slice(1) : pattern).toLowerCase();
    if (!wildcardMatch(name, body)) continue;
    if (negated) return false;
    matched = true;
  }
  return matched;
}

/** `*` matches any run of characters, `?` exactly one; everything else literally. */
export function wildcardMatch(text: string, pattern: string): boolean {
  let t = 0;
  let p = 0;
  let starP = -1;
  let starT = 0;
  while (t < text.length) {
    const pc = pattern[p];
    if (pc === '*') {
      starP = p++;
      starT = t;
    } else if (pc !== undefined && (pc === '?' || pc === text[t])) {
      p++;
      t++;
    } else if (starP >= 0) {
      p = starP + 1;
      t = ++starT;
    } else {
      return false;
    }
  }
  while (pattern[p] === '*') p++;
  return p === pattern.length;
}

/** `|1|salt|hash` for a host, with a fresh random 20-byte salt unless one is given. */
export function hashedHostName(host: string, port: number, salt: Buffer = randomBytes(20)): string {
  const hash = createHmac('sha1', salt).update(lookupName(host, port)).digest();
  return `|1|${salt.toString('base64')}|${hash.toString('base64')}`;
}

/** One known_hosts line (no newline) recording `key` for `host:port`, hashed by default like `HashKnownHosts yes`. */
export function formatKnownHostsLine(host: string, port: number, keyType: string, key: Uint8Array, options: { hashed?: boolean } = {}): string {
  const name = options.hashed === false ? lookupName(host, port) : hashedHostName(host, port);
  return `${name} ${keyType} ${Buffer.from(key).toString('base64')}`;
}
