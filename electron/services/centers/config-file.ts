import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { basename } from 'node:path';
import { isMap, isPair, isScalar, LineCounter, parseDocument, type Document, type Node } from 'yaml';
import type { z } from 'zod';
import { centersConfigSchema, centersFromConfig, type CenterConfig, type CentersConfig } from '../../../shared/config/centers-config.ts';
import type { Center } from '../../../shared/domain/records.ts';

export interface ConfigIssue {
  file: string;
  line: number;
  column: number;
  /** Dotted path of the field, e.g. `centers[0].endpoints.metrics.url`. */
  field: string;
  message: string;
}

export class ConfigError extends Error {
  constructor(readonly issues: readonly ConfigIssue[]) {
    super(issues.map((issue) => `${basename(issue.file)}:${issue.line}:${issue.column}: ${issue.field ? `${issue.field}: ` : ''}${issue.message}`).join('\n'));
    this.name = 'ConfigError';
  }
}

export interface LoadedConfig {
  config: CentersConfig;
  centers: Center[];
}

/** Keys that would put a secret in the file; the message says where it belongs instead. */
const secretLikeKeys = new Set(['token', 'password', 'privateKey', 'clientSecret', 'bearer', 'apiKey']);

function fieldName(path: ReadonlyArray<PropertyKey>): string {
  return path.reduce<string>((text, part) => (typeof part === 'number' ? `${text}[${part}]` : text ? `${text}.${String(part)}` : String(part)), '');
}

/** The node at `path`, or the deepest ancestor that exists (a missing field points at its parent). */
function nodeAt(doc: Document, path: ReadonlyArray<PropertyKey>): Node | null {
  for (let length = path.length; length >= 0; length--) {
    const node = length === 0 ? doc.contents : doc.getIn(path.slice(0, length) as unknown[], true);
    if (node && typeof node === 'object' && 'range' in (node as object)) return node as Node;
  }
  return null;
}

/** The key node of `key` inside the map at `path` (for unknown fields, point at the key itself). */
function keyNode(doc: Document, path: ReadonlyArray<PropertyKey>, key: string): Node | null {
  const map = path.length === 0 ? doc.contents : doc.getIn(path as unknown[], true);
  if (!isMap(map)) return null;
  const pair = map.items.find((item) => isPair(item) && isScalar(item.key) && item.key.value === key);
  return pair && isScalar(pair.key) ? pair.key : null;
}

function describeIssue(issue: z.core.$ZodIssue): Array<{ path: PropertyKey[]; key?: string; message: string }> {
  if (issue.code === 'unrecognized_keys') {
    return issue.keys.map((key) => ({
      path: issue.path as PropertyKey[],
      key,
      message: secretLikeKeys.has(key)
        ? `"${key}" would put a secret in the config file; store it in the keychain (opsdesk centers set-secret NAME) and reference it with secret: NAME`
        : `unknown field "${key}"`,
    }));
  }
  return [{ path: issue.path as PropertyKey[], message: issue.message }];
}

export function parseCentersConfig(text: string, file: string): LoadedConfig {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, uniqueKeys: true, prettyErrors: false });
  if (doc.errors.length > 0) {
    throw new ConfigError(
      doc.errors.map((error) => {
        const position = lineCounter.linePos(error.pos[0]);
        return { file, line: position.line, column: position.col, field: '', message: `YAML: ${error.message.split('\n')[0]}` };
      }),
    );
  }
  const raw = doc.toJS() ?? { version: 1 };
  const parsed = centersConfigSchema.safeParse(raw);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.flatMap(describeIssue).map(({ path, key, message }) => {
        const node = (key ? keyNode(doc, path, key) : null) ?? nodeAt(doc, path);
        const position = lineCounter.linePos(node?.range?.[0] ?? 0);
        return { file, line: position.line, column: position.col, field: fieldName(key ? [...path, key] : path), message };
      }),
    );
  }
  return { config: parsed.data, centers: centersFromConfig(parsed.data) };
}

/** A missing file is an empty configuration (the demo centers start). */
export function loadCentersConfig(file: string): LoadedConfig {
  if (!existsSync(file)) return { config: { version: 1, signIn: {}, centers: [] }, centers: [] };
  return parseCentersConfig(readFileSync(file, 'utf8'), file);
}

/** Rewrite the file through a temporary sibling, so a crash never leaves half a config. */
function writeAtomically(file: string, text: string): void {
  const temporary = `${file}.${process.pid}.tmp`;
  writeFileSync(temporary, text, { mode: 0o600 });
  renameSync(temporary, file);
}

/**
 * Add or replace a center, keeping the rest of the file (comments included); the result is
 * validated before it is written, so a bad edit never reaches disk.
 */
export function upsertCenterInConfig(file: string, center: CenterConfig): LoadedConfig {
  const text = existsSync(file) ? readFileSync(file, 'utf8') : 'version: 1\ncenters: []\n';
  const doc = parseDocument(text);
  if (!doc.has('centers')) doc.set('centers', doc.createNode([]));
  const centers = (doc.toJS() as { centers?: Array<{ id?: string }> }).centers ?? [];
  const index = centers.findIndex((existing) => existing.id === center.id);
  const plain = JSON.parse(JSON.stringify(center)) as unknown;
  if (index >= 0) doc.setIn(['centers', index], doc.createNode(plain));
  else doc.addIn(['centers'], doc.createNode(plain));
  const next = doc.toString();
  const loaded = parseCentersConfig(next, file);
  writeAtomically(file, next);
  return loaded;
}

export function removeCenterFromConfig(file: string, centerId: string): boolean {
  if (!existsSync(file)) return false;
  const doc = parseDocument(readFileSync(file, 'utf8'));
  const centers = (doc.toJS() as { centers?: Array<{ id?: string }> }).centers ?? [];
  const index = centers.findIndex((existing) => existing.id === centerId);
  if (index < 0) return false;
  doc.deleteIn(['centers', index]);
  const next = doc.toString();
  parseCentersConfig(next, file);
  writeAtomically(file, next);
  return true;
}
