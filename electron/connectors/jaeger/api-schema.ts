import { z } from 'zod';

/**
 * Jaeger query service shapes.
 *
 * Legacy HTTP API (`/api/…`, what Jaeger UI used until v2): every answer is the envelope
 * `{data, total, limit, offset, errors}` (cmd/query/app/http_handler.go `structuredResponse`), errors
 * as `[{code, msg, traceID?}]`. Traces are Jaeger's UI JSON model (model/json): spans with
 * `traceID`, `spanID`, `operationName`, `references[{refType, traceID, spanID}]`, `startTime` and
 * `duration` in microseconds, `tags[{key, type, value}]`, `logs[{timestamp, fields}]`, `processID`
 * into the trace's `processes{p1: {serviceName, tags}}`.
 *
 * api_v3 (`/api/v3/…`, jaeger-idl proto/api_v3/query_service.proto): traces are OTLP TracesData
 * wrapped as `{"result": {...}}`; errors `{"error": {grpcCode, httpCode, message, httpStatus}}`.
 */

const tagValue = z.union([z.string(), z.number(), z.boolean()]);

export const keyValueSchema = z.object({
  key: z.string(),
  type: z.string().optional(),
  value: tagValue,
});
export type JaegerKeyValue = z.output<typeof keyValueSchema>;

const tagList = z.array(keyValueSchema).nullable().optional();

export const processSchema = z.object({ serviceName: z.string(), tags: tagList });

export const spanSchema = z.object({
  traceID: z.string(),
  spanID: z.string(),
  /** Deprecated field older versions filled in besides references. */
  parentSpanID: z.string().optional(),
  flags: z.number().optional(),
  operationName: z.string(),
  references: z.array(z.object({ refType: z.string(), traceID: z.string(), spanID: z.string() })).nullable().optional(),
  /** Microseconds since the epoch. */
  startTime: z.number().int().nonnegative(),
  /** Microseconds. */
  duration: z.number().int().nonnegative(),
  tags: tagList,
  logs: z.array(z.object({ timestamp: z.number().int().nonnegative(), fields: tagList })).nullable().optional(),
  processID: z.string().optional(),
  /** Inline process, used instead of processID by some producers of this JSON. */
  process: processSchema.optional(),
  warnings: z.array(z.string()).nullable().optional(),
});
export type JaegerSpan = z.output<typeof spanSchema>;

export const traceSchema = z.object({
  traceID: z.string(),
  spans: z.array(spanSchema),
  processes: z.record(z.string(), processSchema).nullable().optional(),
  warnings: z.array(z.string()).nullable().optional(),
});
export type JaegerTrace = z.output<typeof traceSchema>;

const structuredError = z.object({ code: z.number().optional(), msg: z.string(), traceID: z.string().optional() });

function envelope<Data extends z.ZodType>(data: Data) {
  return z.object({
    data: data.nullable(),
    total: z.number().optional(),
    limit: z.number().optional(),
    offset: z.number().optional(),
    errors: z.array(structuredError).nullable().optional(),
  });
}

export const tracesAnswerSchema = envelope(z.array(traceSchema));
export const servicesAnswerSchema = envelope(z.array(z.string()));
export const operationsAnswerSchema = envelope(z.array(z.object({ name: z.string(), spanKind: z.string().optional() })));
export const legacyOperationsAnswerSchema = envelope(z.array(z.string()));

/** api_v3 GetTrace / FindTraces over HTTP: `{"result": TracesData}`; the TracesData itself goes to the OTLP parser. */
export const v3TracesAnswerSchema = z.object({ result: z.record(z.string(), z.unknown()) });

const v3Error = z.object({
  error: z.object({ grpcCode: z.number().optional(), httpCode: z.number().optional(), message: z.string(), httpStatus: z.string().optional() }),
});
const legacyError = z.object({ errors: z.array(structuredError).min(1) });

/** The error text of either API's error answer, e.g. `Jaeger error: trace not found`. */
export function readJaegerError(body: unknown): string | null {
  const legacy = legacyError.safeParse(body);
  if (legacy.success) return `Jaeger error: ${legacy.data.errors.map((error) => error.msg).join('; ')}`;
  const v3 = v3Error.safeParse(body);
  if (v3.success) return `Jaeger error: ${v3.data.error.message}`;
  return null;
}
