import { z } from 'zod';
import { nanosecondsSchema, traceIdSchema } from './logs.ts';

/**
 * Spans and trace summaries as OpsDesk keeps them, whatever the wire (Jaeger JSON, OTLP/JSON from
 * Jaeger api_v3 or Tempo, an OTLP file). Times are epoch ms as floats (sub-ms precision kept for
 * waterfalls) plus the exact start in nanoseconds as a decimal string (ordering, identity).
 */

export { traceIdSchema };

/** 16 lowercase hex characters, never all zeros. */
export const spanIdSchema = z.string().regex(/^(?!0{16})[0-9a-f]{16}$/, '16 lowercase hex characters, not all zeros');

/** OTLP SpanKind names, lower-case; Jaeger's `span.kind` tag maps onto the same set. */
export const spanKindSchema = z.enum(['unspecified', 'internal', 'server', 'client', 'producer', 'consumer']);
export type SpanKind = z.infer<typeof spanKindSchema>;

/** OTLP Status.code; Jaeger's `error=true` / `otel.status_code` tags map onto it. */
export const spanStatusSchema = z.enum(['unset', 'ok', 'error']);
export type SpanStatus = z.infer<typeof spanStatusSchema>;

const attributesSchema = z.record(z.string(), z.string());

export const spanEventSchema = z.object({
  name: z.string(),
  timeMs: z.number().nonnegative(),
  timeNs: nanosecondsSchema,
  attributes: attributesSchema,
});
export type SpanEvent = z.infer<typeof spanEventSchema>;

export const spanRecordSchema = z.object({
  centerId: z.string().min(1),
  traceId: traceIdSchema,
  spanId: spanIdSchema,
  parentSpanId: spanIdSchema.nullable(),
  /** service.name of the resource (Jaeger: the process's serviceName); "unknown_service" when absent. */
  service: z.string(),
  /** Span name (Jaeger: operationName). */
  operation: z.string(),
  startMs: z.number().nonnegative(),
  startNs: nanosecondsSchema,
  durationMs: z.number().nonnegative(),
  status: spanStatusSchema,
  statusMessage: z.string().nullable(),
  kind: spanKindSchema,
  /** Span attributes (Jaeger: tags), every value as text; arrays and maps as JSON text. */
  attributes: attributesSchema,
  /** Resource attributes (Jaeger: process tags), service.name included. */
  resourceAttributes: attributesSchema,
  /** Span events (Jaeger: logs), in the order received. */
  events: z.array(spanEventSchema),
});
export type SpanRecord = z.infer<typeof spanRecordSchema>;

export const traceSummarySchema = z.object({
  traceId: traceIdSchema,
  rootService: z.string(),
  rootOperation: z.string(),
  startMs: z.number().nonnegative(),
  durationMs: z.number().nonnegative(),
  /** Null when the source only reports a summary without counts (e.g. an older Tempo search). */
  spanCount: z.number().int().nonnegative().nullable(),
  errorCount: z.number().int().nonnegative().nullable(),
  /** Distinct services, sorted; empty when the source does not report them. */
  services: z.array(z.string()),
});
export type TraceSummary = z.infer<typeof traceSummarySchema>;

/**
 * What a traces connector's pull returns (proposed member of PullResult): summaries of the traces
 * found in the range and the spans of those fetched in full (all of them for Jaeger, whose search
 * answers with whole traces; the most interesting few for Tempo).
 */
export interface TracesPullResult {
  kind: 'traces';
  summaries: TraceSummary[];
  spans: SpanRecord[];
}
