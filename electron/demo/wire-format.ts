/** How the real servers spell times, durations, quantities and sample values on the wire. */

/** Kubernetes metav1.Time: RFC 3339 in UTC with whole seconds ("2024-06-01T12:00:00Z"). */
export function kubeTime(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}

/** go-openapi strfmt.DateTime as Alertmanager marshals it: RFC 3339 with milliseconds. */
export function openApiDateTime(ms: number): string {
  return new Date(ms).toISOString();
}

/** Go's time.Duration.String() for whole seconds: 10s, 1m20s, 5m0s, 1h0m0s. */
export function goDuration(ms: number): string {
  const totalSeconds = Math.round(ms / 1000);
  const hours = Math.floor(totalSeconds / 3600);
  const minutes = Math.floor((totalSeconds % 3600) / 60);
  const seconds = totalSeconds % 60;
  if (hours > 0) return `${hours}h${minutes}m${seconds}s`;
  if (minutes > 0) return `${minutes}m${seconds}s`;
  return `${seconds}s`;
}

const binarySuffixes: Array<[string, number]> = [
  ['Ti', 2 ** 40],
  ['Gi', 2 ** 30],
  ['Mi', 2 ** 20],
  ['Ki', 2 ** 10],
];

/** resource.Quantity in canonical form for cpu: "2", "250m". */
export function cpuQuantity(millis: number): string {
  return millis % 1000 === 0 ? String(millis / 1000) : `${millis}m`;
}

/** resource.Quantity in canonical form for binary byte amounts: "512Mi", "1Gi", "16318480Ki". */
export function bytesQuantity(bytes: number): string {
  if (bytes === 0) return '0';
  for (const [suffix, size] of binarySuffixes) {
    if (bytes % size === 0) return `${bytes / size}${suffix}`;
  }
  return String(bytes);
}

const quantitySuffixes: Record<string, number> = { '': 1, m: 0.001, k: 1e3, M: 1e6, G: 1e9, Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40 };

/** Parse the quantities the world tables are written with ("250m", "2", "512Mi"). */
export function parseQuantity(text: string): number {
  const match = /^(\d+(?:\.\d+)?)(m|k|M|G|Ki|Mi|Gi|Ti)?$/.exec(text);
  if (!match) throw new Error(`not a quantity: ${text}`);
  return Number(match[1]) * quantitySuffixes[match[2] ?? '']!;
}

export function cpuMillis(text: string): number {
  return Math.round(parseQuantity(text) * 1000);
}

/**
 * A sample value as Prometheus writes it: Go's strconv.FormatFloat(v, 'f', -1, 64), i.e. the
 * shortest round-trip digits without an exponent, and "NaN", "+Inf", "-Inf".
 */
export function promValue(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Infinity) return '+Inf';
  if (value === -Infinity) return '-Inf';
  const text = String(value);
  if (!text.includes('e')) return text;
  return expandExponent(text);
}

function expandExponent(text: string): string {
  const negative = text.startsWith('-');
  const [mantissa, exponentText] = (negative ? text.slice(1) : text).split('e') as [string, string];
  const exponent = Number(exponentText);
  const [whole, fraction = ''] = mantissa.split('.') as [string, string?];
  const digits = whole + fraction;
  const point = whole.length + exponent;
  let result: string;
  if (point <= 0) result = `0.${'0'.repeat(-point)}${digits}`;
  else if (point >= digits.length) result = digits + '0'.repeat(point - digits.length);
  else result = `${digits.slice(0, point)}.${digits.slice(point)}`;
  return negative ? `-${result}` : result;
}

/** Prometheus timestamps in answers: unix seconds as a JSON number with at most millisecond digits. */
export function promTimestamp(ms: number): number {
  return ms / 1000;
}
