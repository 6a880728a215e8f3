import type { TraceSummary } from '../../../shared/domain/traces.ts';
import type { ErrorFactory } from '../errors.ts';
import { isZeroId, shortHexIdToHex } from '../otlp/ids.ts';
import { nanosToMs, normalizeNanos } from '../otlp/nanoseconds.ts';
import { describeValue } from '../validation.ts';
import type { TempoSearchAnswer } from './api-schema.ts';

type SearchTrace = NonNullable<TempoSearchAnswer['traces']>[number];

/**
 * One search hit to a TraceSummary. Span and error counts and the service list come from
 * `serviceStats` (Tempo 2.2+); without it they are unknown (null / empty), not zero.
 */
export function convertSearchTrace(trace: SearchTrace, path: string, fail: ErrorFactory): TraceSummary {
  const traceId = shortHexIdToHex(trace.traceID, 16);
  if (traceId === null || isZeroId(traceId)) throw fail('malformed', `${path}.traceID: expected a trace id of up to 32 hex characters, got ${describeValue(trace.traceID)}`);
  const rawStart = trace.startTimeUnixNano ?? '0';
  const startNs = typeof rawStart === 'number' ? BigInt(rawStart).toString() : normalizeNanos(rawStart);
  if (startNs === null) throw fail('malformed', `${path}.startTimeUnixNano: expected nanoseconds since the epoch as a decimal string, got ${describeValue(rawStart)}`);
  const stats = trace.serviceStats ? Object.entries(trace.serviceStats) : null;
  return {
    traceId,
    rootService: trace.rootServiceName ?? '',
    rootOperation: trace.rootTraceName ?? '',
    startMs: nanosToMs(startNs),
    durationMs: trace.durationMs ?? 0,
    spanCount: stats ? stats.reduce((sum, [, stat]) => sum + (stat.spanCount ?? 0), 0) : null,
    errorCount: stats ? stats.reduce((sum, [, stat]) => sum + (stat.errorCount ?? 0), 0) : null,
    services: stats ? stats.map(([name]) => name).sort() : [],
  };
}

/** Tag filters in Tempo's logfmt: `service.name=checkout http.status_code=500 msg="a b"`. */
export function toLogfmt(tags: Readonly<Record<string, string>>): string {
  return Object.entries(tags)
    .map(([key, value]) => {
      if (!/^[^\s="]+$/.test(key)) throw new RangeError(`a tag name cannot contain spaces, "=" or quotes: ${JSON.stringify(key)}`);
      return /^[^\s="\\]+$/.test(value) ? `${key}=${value}` : `${key}="${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
    })
    .join(' ');
}
