import { basename } from 'node:path';
import { isMap, isPair, isScalar, LineCounter, parseDocument, type Document, type Node } from 'yaml';
import type { z } from 'zod';

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

export interface YamlSchemaOptions {
  /** What an empty document stands for. */
  emptyValue?: unknown;
}

/**
 * Parse YAML and validate it with a zod schema; every problem becomes a ConfigIssue that names the
 * file, the line and column of the offending node (or key) and the field's path.
 */
export function parseYamlWithSchema<Schema extends z.ZodType>(text: string, file: string, schema: Schema, options: YamlSchemaOptions = {}): z.output<Schema> {
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
  const parsed = schema.safeParse(doc.toJS() ?? options.emptyValue ?? null);
  if (parsed.success) return parsed.data;
  throw new ConfigError(
    parsed.error.issues.flatMap(describeIssue).map(({ path, key, message }) => {
      const node = (key ? keyNode(doc, path, key) : null) ?? nodeAt(doc, path);
      const position = lineCounter.linePos(node?.range?.[0] ?? 0);
      return { file, line: position.line, column: position.col, field: fieldName(key ? [...path, key] : path), message };
    }),
  );
}
