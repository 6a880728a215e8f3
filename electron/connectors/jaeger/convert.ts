import type { SpanEvent, SpanKind, SpanRecord, SpanStatus } from '../../../shared/domain/traces.ts';
import type { ErrorFactory } from '../errors.ts';
import { isZeroId, shortHexIdToHex } from '../otlp/ids.ts';
import { microsToNanos } from '../otlp/nanoseconds.ts';
import { describeValue } from '../validation.ts';
import type { JaegerKeyValue, JaegerSpan, JaegerTrace } from './api-schema.ts';

/**
 * Jaeger's JSON model to SpanRecords.
 *
 * - Ids: hex, possibly a 64-bit trace id ("5915e2d0f3575298") or missing leading zeros: padded.
 * - Parent: the first CHILD_OF reference within the same trace, else the first FOLLOWS_FROM, else
 *   the deprecated `parentSpanID`; references to other traces are links, not parents.
 * - Times: microseconds to ms (float) and to nanoseconds text.
 * - Service and resource attributes: the span's process (inline or via processID).
 * - Kind, status: the tags Jaeger writes when it translates OTLP (`span.kind`, `otel.status_code`,
 *   `otel.status_description`) and the OpenTracing `error=true`; those tags move into the
 *   dedicated fields and leave `attributes`.
 * - Logs become events; the `event` field is the event's name (Jaeger's OTLP translation).
 * - A span id repeated within one trace (Jaeger shows duplicates as received) is kept once.
 */

const kinds = new Set<SpanKind>(['internal', 'server', 'client', 'producer', 'consumer']);
const translatedTags = new Set(['span.kind', 'error', 'otel.status_code', 'otel.status_description']);

function tagText(tag: JaegerKeyValue): string {
  return typeof tag.value === 'string' ? tag.value : String(tag.value);
}

function tagsToRecord(tags: readonly JaegerKeyValue[] | null | undefined, skip?: ReadonlySet<string>): Record<string, string> {
  const record: Record<string, string> = {};
  for (const tag of tags ?? []) if (!skip?.has(tag.key)) record[tag.key] = tagText(tag);
  return record;
}

function findTag(tags: readonly JaegerKeyValue[] | null | undefined, key: string): JaegerKeyValue | undefined {
  return (tags ?? []).find((tag) => tag.key === key);
}

function hexId(value: string, bytes: 16 | 8, path: string, fail: ErrorFactory): string {
  const hex = shortHexIdToHex(value, bytes);
  if (hex === null || isZeroId(hex)) {
    throw fail('malformed', `${path}: expected a ${bytes === 16 ? 'trace' : 'span'} id of up to ${bytes * 2} hex characters, got ${describeValue(value)}`);
  }
  return hex;
}

function parentOf(span: JaegerSpan, traceId: string, path: string, fail: ErrorFactory): string | null {
  const references = (span.references ?? []).map((reference, index) => ({ reference, index }));
  const sameTrace = references.filter(({ reference }) => shortHexIdToHex(reference.traceID, 16) === traceId);
  const chosen = sameTrace.find(({ reference }) => reference.refType === 'CHILD_OF') ?? sameTrace.find(({ reference }) => reference.refType === 'FOLLOWS_FROM');
  if (chosen) return hexId(chosen.reference.spanID, 8, `${path}.references[${chosen.index}].spanID`, fail);
  if (span.parentSpanID && !/^0+$/.test(span.parentSpanID)) return hexId(span.parentSpanID, 8, `${path}.parentSpanID`, fail);
  return null;
}

function statusOf(tags: readonly JaegerKeyValue[] | null | undefined): { status: SpanStatus; message: string | null } {
  const code = findTag(tags, 'otel.status_code');
  const error = findTag(tags, 'error');
  const description = findTag(tags, 'otel.status_description');
  const message = description ? tagText(description) : null;
  if ((error && tagText(error).toLowerCase() === 'true') || (code && tagText(code).toUpperCase() === 'ERROR')) return { status: 'error', message };
  if (code && tagText(code).toUpperCase() === 'OK') return { status: 'ok', message };
  return { status: 'unset', message };
}

function kindOf(tags: readonly JaegerKeyValue[] | null | undefined): SpanKind {
  const tag = findTag(tags, 'span.kind');
  const kind = tag ? (tagText(tag).toLowerCase() as SpanKind) : null;
  return kind && kinds.has(kind) ? kind : 'unspecified';
}

function eventsOf(span: JaegerSpan): SpanEvent[] {
  return (span.logs ?? []).map((log) => {
    const name = findTag(log.fields, 'event');
    return {
      name: name ? tagText(name) : '',
      timeMs: log.timestamp / 1000,
      timeNs: microsToNanos(log.timestamp),
      attributes: tagsToRecord(log.fields, new Set(['event'])),
    };
  });
}

/** Converts one trace of the legacy API; `path` names it in errors (e.g. `data[0]`). */
export function convertJaegerTrace(trace: JaegerTrace, centerId: string, path: string, fail: ErrorFactory): SpanRecord[] {
  const records: SpanRecord[] = [];
  const seen = new Set<string>();
  trace.spans.forEach((span, index) => {
    const spanPath = `${path}.spans[${index}]`;
    const traceId = hexId(span.traceID, 16, `${spanPath}.traceID`, fail);
    const spanId = hexId(span.spanID, 8, `${spanPath}.spanID`, fail);
    if (seen.has(spanId)) return;
    seen.add(spanId);
    const process = span.process ?? (span.processID !== undefined ? trace.processes?.[span.processID] : undefined);
    if (!process) {
      throw fail('malformed', `${spanPath}.processID: ${span.processID === undefined ? 'missing, and no inline process' : `"${span.processID}" is not in ${path}.processes`}`);
    }
    const { status, message } = statusOf(span.tags);
    records.push({
      centerId,
      traceId,
      spanId,
      parentSpanId: parentOf(span, traceId, spanPath, fail),
      service: process.serviceName,
      operation: span.operationName,
      startMs: span.startTime / 1000,
      startNs: microsToNanos(span.startTime),
      durationMs: span.duration / 1000,
      status,
      statusMessage: message,
      kind: kindOf(span.tags),
      attributes: tagsToRecord(span.tags, translatedTags),
      resourceAttributes: { ...tagsToRecord(process.tags), 'service.name': process.serviceName },
      events: eventsOf(span),
    });
  });
  return records;
}
