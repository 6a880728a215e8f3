import { z } from 'zod';

/**
 * Tempo HTTP API shapes (grafana.com/docs/tempo/latest/api_docs, `docs/sources/tempo/api_docs/_index.md`
 * in github.com/grafana/tempo; tempopb `SearchResponse` / `TraceSearchMetadata`).
 *
 * `GET /api/search` → `{traces: [{traceID, rootServiceName, rootTraceName, startTimeUnixNano,
 * durationMs, spanSet?, spanSets?, serviceStats?}], metrics}`. proto3 JSON drops zero values, so
 * `durationMs` (< 1 ms), `rootServiceName` and `traces` itself may be absent. Trace ids in search
 * results lose leading zeros and may be 64-bit ("d6e9329d67b6146a").
 *
 * `GET /api/traces/<id>` → OTLP ResourceSpans as `{"batches": [...]}` (tempopb.Trace, gogo JSON:
 * base64 ids, enum names); handled by the shared OTLP parser.
 */

const nanos = z.union([z.string(), z.number().int().nonnegative()]);

export const searchAnswerSchema = z.object({
  traces: z
    .array(
      z.object({
        traceID: z.string(),
        rootServiceName: z.string().optional(),
        rootTraceName: z.string().optional(),
        startTimeUnixNano: nanos.optional(),
        durationMs: z.number().nonnegative().optional(),
        /** Tempo 2.2+: spans and errors per service. */
        serviceStats: z.record(z.string(), z.object({ spanCount: z.number().int().nonnegative().optional(), errorCount: z.number().int().nonnegative().optional() })).optional(),
      }),
    )
    .nullable()
    .optional(),
  metrics: z.unknown().optional(),
});
export type TempoSearchAnswer = z.output<typeof searchAnswerSchema>;

/** `/api/status/buildinfo`: flat {version, revision, branch, buildUser, buildDate, goVersion}. */
export const buildInfoSchema = z.object({ version: z.string() });

/** Tempo writes errors as text/plain (turned into a JSON string by the transport wrapper). */
export function readTempoError(body: unknown): string | null {
  return typeof body === 'string' && body.trim() !== '' ? `Tempo error: ${body.trim()}` : null;
}
