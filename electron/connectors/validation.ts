import type { z } from 'zod';
import type { ErrorFactory } from './errors.ts';

/** `data.result[3].values[0][1]` from a zod issue path. */
export function formatPath(path: readonly PropertyKey[], root = ''): string {
  let text = root;
  for (const key of path) {
    if (typeof key === 'number') text += `[${key}]`;
    else text += text === '' ? String(key) : `.${String(key)}`;
  }
  return text === '' ? 'answer' : text;
}

/** A short, literal description of a value that did not fit. */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return `an array of ${value.length}`;
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'string') return `"${value.length > 40 ? `${value.slice(0, 40)}…` : value}"`;
  return `${typeof value} ${String(value)}`;
}

interface RawIssue {
  code?: string;
  expected?: string;
  values?: readonly unknown[];
  options?: readonly unknown[];
  discriminator?: string;
  input?: unknown;
}

/** Messages an engineer reads: `expected string, got number 3`, `missing (expected string)`. */
function issueMessage(issue: RawIssue): string | undefined {
  switch (issue.code) {
    case 'invalid_type':
      if (issue.input === undefined) return issue.expected === 'nonoptional' ? 'missing' : `missing (expected ${issue.expected})`;
      return `expected ${issue.expected}, got ${describeValue(issue.input)}`;
    case 'invalid_value':
      return `expected ${listValues(issue.values)}, got ${describeValue(issue.input)}`;
    case 'invalid_union':
      if (issue.discriminator && issue.options && issue.input && typeof issue.input === 'object') {
        return `expected ${listValues(issue.options)}, got ${describeValue((issue.input as Record<string, unknown>)[issue.discriminator])}`;
      }
      return undefined;
    default:
      return undefined;
  }
}

function listValues(values: readonly unknown[] | undefined): string {
  return (values ?? []).map((value) => JSON.stringify(value)).join(' or ');
}

/**
 * Validates a decoded answer against a protocol schema; the first problem becomes a `malformed`
 * ConnectorError naming the exact path, e.g. `data.result[3].values[0]: expected array, got string "x"`.
 */
export function validateAnswer<Schema extends z.ZodType>(schema: Schema, value: unknown, fail: ErrorFactory, root = ''): z.output<Schema> {
  const result = schema.safeParse(value, { error: (issue) => issueMessage(issue as RawIssue) });
  if (result.success) return result.data;
  const [first, ...rest] = result.error.issues;
  const more = rest.length > 0 ? ` (and ${rest.length} more problem${rest.length === 1 ? '' : 's'})` : '';
  throw fail('malformed', `${formatPath(first?.path ?? [], root)}: ${first?.message ?? 'does not match the documented shape'}${more}`);
}
