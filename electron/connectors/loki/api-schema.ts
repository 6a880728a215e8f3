import { z } from 'zod';
import { describeValue } from '../validation.ts';

/**
 * Loki HTTP API answer shapes (grafana.com/docs/loki/latest/reference/loki-http-api):
 * `{status: "success", data: {resultType, result, stats?}}`; a `streams` result is
 * `[{stream: {labels}, values: [["<ns>", "<line>"], …]}]`, a value optionally carrying a third
 * element: structured metadata (`{k: v}`) or, with `X-Loki-Response-Encoding-Flags:
 * categorize-labels` (Loki 3), `{structuredMetadata?: {…}, parsed?: {…}}`.
 * The values themselves are checked by the hand-written loop in convert.ts (exact paths, no
 * per-entry zod cost on 5,000-line pages).
 */

const labelSet = z.record(z.string(), z.string());

const entryList = z.custom<unknown[]>((value) => Array.isArray(value), {
  error: (issue) => `expected an array of ["<nanoseconds>", "<line>"] entries, got ${describeValue(issue.input)}`,
});

export const streamSchema = z.object({ stream: labelSet, values: entryList });
export type LokiStream = z.output<typeof streamSchema>;

const streamsData = z.object({
  resultType: z.literal('streams'),
  result: z.array(streamSchema),
  encodingFlags: z.array(z.string()).optional(),
});
/** Metric queries answer with a matrix or vector: recognised so the error can say so. */
const metricData = z.object({ resultType: z.enum(['matrix', 'vector', 'scalar']), result: z.unknown() });

export const queryRangeAnswerSchema = z.object({
  status: z.literal('success'),
  data: z.discriminatedUnion('resultType', [streamsData, metricData]),
});

export const labelsAnswerSchema = z.object({
  status: z.literal('success'),
  /** Tolerated as empty: `data` null or absent (a Go nil slice marshals to null). */
  data: z.array(z.string()).nullable().optional(),
});

/** `/loki/api/v1/status/buildinfo`: a flat object (version, revision, branch, buildDate, buildUser, goVersion). */
export const buildInfoSchema = z.object({
  version: z.string(),
  revision: z.string().optional(),
  branch: z.string().optional(),
});

const prometheusStyleError = z.object({ status: z.literal('error'), errorType: z.string().optional(), error: z.string() });

/**
 * Loki's error answers. Loki writes errors as `text/plain` (pkg/util/server/error.go WriteError),
 * e.g. `parse error at line 1, col 7: syntax error: unexpected IDENTIFIER`; the transport turns
 * such a body into a JSON string (plain-text-errors.ts) so it arrives here. Some fronting proxies
 * and compatible servers answer in the Prometheus envelope instead; both are read.
 */
export function readLokiError(body: unknown): string | null {
  if (typeof body === 'string' && body.trim() !== '') return `Loki error: ${body.trim()}`;
  const parsed = prometheusStyleError.safeParse(body);
  if (parsed.success) return `Loki error${parsed.data.errorType ? ` (${parsed.data.errorType})` : ''}: ${parsed.data.error}`;
  return null;
}
