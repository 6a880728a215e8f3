import type { ErrorFactory } from '../errors.ts';
import { describeValue } from '../validation.ts';

/**
 * Converting Prometheus samples `[<unix seconds>, "<value>"]`.
 *
 * Decisions (documented for the cache and the charts):
 * - Timestamps: float seconds to integer epoch ms with Math.round (1700000000.123 -> 1700000000123).
 * - "NaN" samples are dropped: a NaN is "no meaningful value" (e.g. 0/0), which the cache and
 *   the charts represent as a gap; keeping it would poison min/max/avg of a block.
 * - "+Inf" / "-Inf" become Infinity / -Infinity (they are real answers, e.g. division by zero).
 * - Anything else must be a decimal number string; a JSON number, `null` or "abc" is malformed.
 */

const decimal = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/** Parses a sample value string; NaN for "NaN", null when it is not a Prometheus number string. */
export function parseSampleValue(text: string): number | null {
  switch (text) {
    case 'NaN':
      return Number.NaN;
    case '+Inf':
    case 'Inf':
      return Number.POSITIVE_INFINITY;
    case '-Inf':
      return Number.NEGATIVE_INFINITY;
    default:
      return decimal.test(text) ? Number(text) : null;
  }
}

export interface SampleColumns {
  timestamps: number[];
  values: number[];
}

/** Validates and converts one sample into the columns; `path` names it in errors. */
export function pushSample(columns: SampleColumns, raw: unknown, path: () => string, fail: ErrorFactory): void {
  if (!Array.isArray(raw) || raw.length !== 2) {
    throw fail('malformed', `${path()}: expected [unix seconds, "value"], got ${describeValue(raw)}`);
  }
  const [time, text] = raw as [unknown, unknown];
  if (typeof time !== 'number' || !Number.isFinite(time) || time < 0) {
    throw fail('malformed', `${path()}[0]: expected a unix timestamp in seconds, got ${describeValue(time)}`);
  }
  if (typeof text !== 'string') throw fail('malformed', `${path()}[1]: expected a number string, got ${describeValue(text)}`);
  const value = parseSampleValue(text);
  if (value === null) throw fail('malformed', `${path()}[1]: expected a number string, got ${describeValue(text)}`);
  if (Number.isNaN(value)) return;
  columns.timestamps.push(Math.round(time * 1000));
  columns.values.push(value);
}

const exactPowersOfTen = Array.from({ length: 23 }, (_, exponent) => 10 ** exponent);

/**
 * The value of a plain decimal number string, or NaN when `text` is anything else (then the
 * checking path decides). Up to 15 digits without exponent (what Prometheus sends for most
 * samples): digits as an exact integer divided by an exact power of ten, which IEEE division rounds
 * correctly, so the result equals `Number(text)`. Otherwise `Number`, which alone is looser than
 * Prometheus' format (it also takes surrounding whitespace, "Infinity", "" and 0x/0b/0o literals):
 * the first/last character and prefix checks exclude those, so what passes is exactly what
 * `decimal` accepts.
 */
function plainDecimal(text: string): number {
  const length = text.length;
  const first = text.charCodeAt(0);
  let index = first === 45 || first === 43 ? 1 : 0;
  let mantissa = 0;
  let digits = 0;
  let scale = 0;
  let dot = false;
  for (; index < length; index++) {
    const code = text.charCodeAt(index);
    if (code >= 48 && code <= 57) {
      mantissa = mantissa * 10 + (code - 48);
      digits++;
      if (dot) scale++;
    } else if (code === 46 && !dot) {
      dot = true;
    } else {
      break;
    }
  }
  if (index === length && digits > 0 && digits <= 15) {
    const value = scale === 0 ? mantissa : mantissa / exactPowersOfTen[scale]!;
    return first === 45 ? -value : value;
  }
  const last = text.charCodeAt(length - 1);
  if (!((first >= 48 && first <= 57) || first === 45 || first === 43 || first === 46)) return Number.NaN;
  if (!((last >= 48 && last <= 57) || last === 46)) return Number.NaN;
  if (first === 48 && length > 2) {
    const second = text.charCodeAt(1) | 0x20;
    if (second === 120 || second === 98 || second === 111) return Number.NaN; // x, b, o
  }
  return +text;
}

/** Converts a `values` array of a matrix series; the hot loop of every pull, so no allocation per sample. */
export function convertSamples(rawValues: readonly unknown[], pathPrefix: string, fail: ErrorFactory): SampleColumns {
  const count = rawValues.length;
  const timestamps: number[] = new Array<number>(count);
  const values: number[] = new Array<number>(count);
  let kept = 0;
  for (let index = 0; index < count; index++) {
    const raw = rawValues[index];
    if (Array.isArray(raw) && raw.length === 2) {
      const time: unknown = raw[0];
      const text: unknown = raw[1];
      if (typeof time === 'number' && time >= 0 && time < Number.POSITIVE_INFINITY && typeof text === 'string') {
        // Not NaN: a plain decimal. NaN: "NaN", an infinity or malformed, for the full parser.
        const value = plainDecimal(text);
        const parsed = value === value ? value : parseSampleValue(text);
        if (parsed !== null) {
          if (parsed === parsed) {
            timestamps[kept] = Math.round(time * 1000);
            values[kept++] = parsed;
          }
          continue;
        }
      }
    }
    // Not a well-formed sample: let the checking path name exactly what is wrong.
    pushSample({ timestamps: [], values: [] }, raw, () => `${pathPrefix}[${index}]`, fail);
  }
  timestamps.length = kept;
  values.length = kept;
  return { timestamps, values };
}
