import { describeValue } from '../validation.ts';

/**
 * OTLP `KeyValue` lists to the domain's `Record<string, string>`.
 *
 * AnyValue is a one-of: stringValue | boolValue | intValue | doubleValue | bytesValue | arrayValue
 * | kvlistValue. In JSON, int64 arrives as a decimal string (proto3 mapping) or, from hand-written
 * files, as a number; doubles may be "NaN"/"Infinity"; bytes are base64 and kept as such. Arrays
 * and maps become JSON text so every attribute stays one searchable string. An empty AnyValue `{}`
 * (proto3 drops empty fields) is "".
 */

/** Throws a descriptive error for `path`; never returns. */
export type ProblemReporter = (path: string, problem: string) => never;

type Native = string | number | boolean | null | Native[] | { [key: string]: Native };

const valueKinds = ['stringValue', 'boolValue', 'intValue', 'doubleValue', 'bytesValue', 'arrayValue', 'kvlistValue'] as const;

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function toNative(value: unknown, path: string, fail: ProblemReporter): Native {
  if (value === undefined || value === null) return null;
  if (!isObject(value)) fail(path, `expected an AnyValue object, got ${describeValue(value)}`);
  const present = valueKinds.filter((kind) => value[kind] !== undefined);
  if (present.length === 0) {
    const unknown = Object.keys(value);
    if (unknown.length === 0) return null;
    fail(path, `expected one of ${valueKinds.join(', ')}, got key "${unknown[0]}"`);
  }
  if (present.length > 1) fail(path, `expected exactly one value, got ${present.join(' and ')}`);
  const kind = present[0]!;
  const raw = value[kind];
  const at = `${path}.${kind}`;
  switch (kind) {
    case 'stringValue':
    case 'bytesValue':
      if (typeof raw !== 'string') fail(at, `expected a string, got ${describeValue(raw)}`);
      return raw;
    case 'boolValue':
      if (typeof raw !== 'boolean') fail(at, `expected true or false, got ${describeValue(raw)}`);
      return raw;
    case 'intValue': {
      if (typeof raw === 'number' && Number.isInteger(raw)) return raw;
      if (typeof raw === 'string' && /^-?\d{1,20}$/.test(raw)) {
        const parsed = Number(raw);
        return Number.isSafeInteger(parsed) ? parsed : raw;
      }
      return fail(at, `expected an integer (number or decimal string), got ${describeValue(raw)}`);
    }
    case 'doubleValue': {
      if (typeof raw === 'number') return raw;
      if (raw === 'NaN' || raw === 'Infinity' || raw === '-Infinity') return raw;
      if (typeof raw === 'string' && raw.trim() !== '' && Number.isFinite(Number(raw))) return Number(raw);
      return fail(at, `expected a number, got ${describeValue(raw)}`);
    }
    case 'arrayValue': {
      if (!isObject(raw)) fail(at, `expected an object with "values", got ${describeValue(raw)}`);
      const values = raw.values ?? [];
      if (!Array.isArray(values)) fail(`${at}.values`, `expected an array, got ${describeValue(values)}`);
      return values.map((item, index) => toNative(item, `${at}.values[${index}]`, fail));
    }
    case 'kvlistValue': {
      if (!isObject(raw)) fail(at, `expected an object with "values", got ${describeValue(raw)}`);
      const values = raw.values ?? [];
      if (!Array.isArray(values)) fail(`${at}.values`, `expected an array, got ${describeValue(values)}`);
      const map: Record<string, Native> = {};
      values.forEach((item, index) => {
        const entry = readKeyValue(item, `${at}.values[${index}]`, fail);
        map[entry.key] = toNative(entry.value, `${at}.values[${index}].value`, fail);
      });
      return map;
    }
  }
}

function readKeyValue(item: unknown, path: string, fail: ProblemReporter): { key: string; value: unknown } {
  if (!isObject(item)) fail(path, `expected a {key, value} object, got ${describeValue(item)}`);
  if (typeof item.key !== 'string') fail(`${path}.key`, item.key === undefined ? 'missing (expected string)' : `expected a string, got ${describeValue(item.key)}`);
  return { key: item.key, value: item.value };
}

/** One AnyValue as text: strings as they are, scalars via String(), arrays and maps as JSON. */
export function anyValueToText(value: unknown, path: string, fail: ProblemReporter): string {
  const native = toNative(value, path, fail);
  if (native === null) return '';
  if (typeof native === 'string') return native;
  if (typeof native === 'number' || typeof native === 'boolean') return String(native);
  return JSON.stringify(native);
}

/** A `KeyValue[]` (absent means empty) to a record; a repeated key keeps its last value. */
export function keyValuesToRecord(list: unknown, path: string, fail: ProblemReporter): Record<string, string> {
  const record: Record<string, string> = {};
  if (list === undefined || list === null) return record;
  if (!Array.isArray(list)) fail(path, `expected an array of {key, value}, got ${describeValue(list)}`);
  list.forEach((item, index) => {
    const entry = readKeyValue(item, `${path}[${index}]`, fail);
    record[entry.key] = anyValueToText(entry.value, `${path}[${index}].value`, fail);
  });
  return record;
}
