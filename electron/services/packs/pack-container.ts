/**
 * The incident pack container: one file, parts stored back to back behind a small header.
 *
 *   offset 0   8 bytes   magic "OPSDPACK"
 *   offset 8   4 bytes   header length H, unsigned big-endian
 *   offset 12  H bytes   header: UTF-8 JSON {"format":"opsdesk-pack","version":1,"parts":[{"name":…,"size":…},…]}
 *                        written exactly as JSON.stringify writes it (no spaces), parts in `packPartNames` order
 *   then       the parts' bytes in header order, nothing after the last one
 *
 * The header is not signed: it only says where the parts are. It must be the canonical text, name
 * exactly the expected parts and account for every byte of the file, so any change to it is caught
 * here; any change to a part is caught by the signed manifest (its SHA-256) or the signature.
 */
export const packMagic = 'OPSDPACK';
export const packFormat = 'opsdesk-pack';
export const packVersion = 1;
export const packFileExtension = '.opsdesk-pack';
/** The data subset (SQLite, cache schema), the incident with timeline and notes, the manifest and its ed25519 signature. */
export const packPartNames = ['cache.sqlite', 'incident.json', 'manifest.json', 'manifest.sig'] as const;
export type PackPartName = (typeof packPartNames)[number];

const prefixLength = packMagic.length + 4;
const maxHeaderLength = 64 * 1024;

export class PackFormatError extends Error {
  constructor(
    message: string,
    /** The part (or "header") that is wrong. */
    readonly part: string,
  ) {
    super(message);
  }
}

function headerText(parts: ReadonlyArray<{ name: string; size: number }>): string {
  return JSON.stringify({ format: packFormat, version: packVersion, parts: parts.map(({ name, size }) => ({ name, size })) });
}

export function encodePack(parts: Record<PackPartName, Uint8Array>): Buffer {
  const header = Buffer.from(headerText(packPartNames.map((name) => ({ name, size: parts[name].byteLength }))), 'utf8');
  const prefix = Buffer.alloc(prefixLength);
  prefix.write(packMagic, 0, 'latin1');
  prefix.writeUInt32BE(header.length, packMagic.length);
  return Buffer.concat([prefix, header, ...packPartNames.map((name) => parts[name])]);
}

/** The parts of a pack, or a PackFormatError naming what is wrong. Parts are views into `bytes`. */
export function decodePack(bytes: Uint8Array): Record<PackPartName, Buffer> {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (buffer.length < prefixLength || buffer.subarray(0, packMagic.length).toString('latin1') !== packMagic) {
    throw new PackFormatError(`not an OpsDesk incident pack: it does not start with "${packMagic}"`, 'header');
  }
  const headerLength = buffer.readUInt32BE(packMagic.length);
  if (headerLength > maxHeaderLength || prefixLength + headerLength > buffer.length) {
    throw new PackFormatError(`the pack header length (${headerLength} bytes) does not fit the file (${buffer.length} bytes)`, 'header');
  }
  const headerBytes = buffer.subarray(prefixLength, prefixLength + headerLength);
  let header: { format?: unknown; version?: unknown; parts?: unknown };
  try {
    header = JSON.parse(headerBytes.toString('utf8')) as typeof header;
  } catch {
    throw new PackFormatError('the pack header is not valid JSON (the file is damaged)', 'header');
  }
  if (header.format !== packFormat) throw new PackFormatError(`the pack header names format ${JSON.stringify(header.format)}, not "${packFormat}"`, 'header');
  if (header.version !== packVersion) throw new PackFormatError(`pack format version ${JSON.stringify(header.version)} is not supported (this OpsDesk reads version ${packVersion})`, 'header');
  const parts = header.parts;
  if (
    !Array.isArray(parts) ||
    parts.length !== packPartNames.length ||
    !parts.every((part: unknown, index) => {
      const candidate = part as { name?: unknown; size?: unknown } | null;
      return candidate !== null && typeof candidate === 'object' && candidate.name === packPartNames[index] && Number.isSafeInteger(candidate.size) && (candidate.size as number) >= 0;
    })
  ) {
    throw new PackFormatError(`the pack header must list the parts ${packPartNames.join(', ')} in that order, with their sizes`, 'header');
  }
  const listed = parts as Array<{ name: PackPartName; size: number }>;
  if (headerText(listed) !== headerBytes.toString('utf8') || !headerBytes.equals(Buffer.from(headerText(listed), 'utf8'))) {
    throw new PackFormatError('the pack header is not in its canonical form (it was edited)', 'header');
  }
  const total = listed.reduce((sum, part) => sum + part.size, prefixLength + headerLength);
  if (total !== buffer.length) {
    throw new PackFormatError(`the pack header accounts for ${total} bytes but the file has ${buffer.length} (truncated or padded)`, 'header');
  }
  const result = {} as Record<PackPartName, Buffer>;
  let offset = prefixLength + headerLength;
  for (const part of listed) {
    result[part.name] = buffer.subarray(offset, offset + part.size);
    offset += part.size;
  }
  return result;
}

/** Where each part starts and ends in an encoded pack (tests flip bytes inside every one). */
export function packLayout(bytes: Uint8Array): Array<{ name: string; start: number; end: number }> {
  const parts = decodePack(bytes);
  const headerLength = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).readUInt32BE(packMagic.length);
  const layout = [{ name: 'header', start: 0, end: prefixLength + headerLength }];
  let offset = prefixLength + headerLength;
  for (const name of packPartNames) {
    layout.push({ name, start: offset, end: offset + parts[name].length });
    offset += parts[name].length;
  }
  return layout;
}
