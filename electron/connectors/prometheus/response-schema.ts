import { z } from 'zod';
import { describeValue } from '../validation.ts';

/**
 * The Prometheus HTTP API answer shapes (prometheus.io/docs/prometheus/latest/querying/api):
 * `{status, data, errorType?, error?, warnings?}` with `data` `{resultType, result}`.
 * Samples (`[<unix_time>, "<sample_value>"]`) are checked by the hand-written loop in
 * sample-values.ts instead of zod: on a 1.1 M-sample answer zod took longer than JSON.parse
 * itself, and ingest speed is bounded by this step.
 */

const labelSet = z.record(z.string(), z.string());

/** An array checked only for being one: its samples are the hand-written loop's job (no per-sample copy). */
const sampleList = z.custom<unknown[]>((value) => Array.isArray(value), {
  error: (issue) => `expected an array of [unix seconds, "value"] samples, got ${describeValue(issue.input)}`,
});

export const prometheusErrorSchema = z.object({
  status: z.literal('error'),
  errorType: z.string().optional(),
  error: z.string(),
});

const warnings = z.array(z.string()).optional();

export const matrixAnswerSchema = z.object({
  status: z.literal('success'),
  data: z.object({
    resultType: z.literal('matrix'),
    result: z.array(z.object({ metric: labelSet, values: sampleList })),
  }),
  warnings,
});

const vectorData = z.object({
  resultType: z.literal('vector'),
  result: z.array(z.object({ metric: labelSet, value: z.unknown() })),
});
const scalarData = z.object({ resultType: z.literal('scalar'), result: z.unknown() });

export const instantAnswerSchema = z.object({
  status: z.literal('success'),
  data: z.discriminatedUnion('resultType', [vectorData, scalarData, matrixAnswerSchema.shape.data]),
  warnings,
});

export const buildInfoAnswerSchema = z.object({
  status: z.literal('success'),
  data: z.object({ version: z.string(), revision: z.string().optional(), branch: z.string().optional() }),
});

/** Prometheus's error envelope, e.g. `Prometheus error (bad_data): invalid parameter "query": …`. */
export function readPrometheusError(body: unknown): string | null {
  const parsed = prometheusErrorSchema.safeParse(body);
  if (!parsed.success) return null;
  return `Prometheus error${parsed.data.errorType ? ` (${parsed.data.errorType})` : ''}: ${parsed.data.error}`;
}
