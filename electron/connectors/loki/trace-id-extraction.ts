/**
 * The trace id a log line refers to, as 32 lowercase hex characters. Pure (no Node imports).
 *
 * Sources, first match wins:
 * 1. a label or structured-metadata field: `trace_id`, `traceID`, `traceId`, `trace-id`
 *    (Loki's OTLP ingestion stores `trace_id` as structured metadata);
 * 2. the line as logfmt / key=value: `traceID=…`, `trace_id=…`, `traceId="…"`;
 * 3. the line as JSON: `"traceId":"…"`, `"trace_id":"…"`, `"traceID":"…"`;
 * 4. a W3C traceparent anywhere in the line: `00-<32 hex>-<16 hex>-<2 hex>`.
 * Accepted ids: 32 hex characters, or 16 (Jaeger's 64-bit ids, zero-padded to 32). All-zero ids
 * are invalid in W3C trace context and are ignored.
 */

const fieldKeys = ['trace_id', 'traceID', 'traceId', 'traceid', 'trace-id', 'TraceId'];

const keyValuePattern = /(?:^|[\s,;{(])"?(?:trace_?id|trace-id)"?\s*[=:]\s*"?([0-9a-fA-F]{16}(?:[0-9a-fA-F]{16})?)(?![0-9a-zA-Z])/i;
const traceparentPattern = /(?:^|[^0-9a-fA-F])00-([0-9a-fA-F]{32})-[0-9a-fA-F]{16}-[0-9a-fA-F]{2}(?![0-9a-fA-F])/;

/** 16 or 32 hex characters to the canonical 32; null otherwise or when all zeros. */
export function normalizeTraceId(value: string): string | null {
  const text = value.trim();
  if (!/^(?:[0-9a-fA-F]{16}|[0-9a-fA-F]{32})$/.test(text)) return null;
  const hex = text.toLowerCase().padStart(32, '0');
  return /^0+$/.test(hex) ? null : hex;
}

export function extractTraceId(fields: ReadonlyArray<Readonly<Record<string, string>>>, line: string): string | null {
  for (const key of fieldKeys) {
    for (const record of fields) {
      const value = record[key];
      if (value !== undefined) {
        const id = normalizeTraceId(value);
        if (id) return id;
      }
    }
  }
  const keyValue = keyValuePattern.exec(line);
  if (keyValue) {
    const id = normalizeTraceId(keyValue[1]!);
    if (id) return id;
  }
  const traceparent = traceparentPattern.exec(line);
  if (traceparent) return normalizeTraceId(traceparent[1]!);
  return null;
}
