import type { SpanEvent, SpanKind, SpanRecord, SpanStatus } from '../../../shared/domain/traces.ts';
import { describeValue } from '../validation.ts';
import { keyValuesToRecord, type ProblemReporter } from './any-value.ts';
import { isZeroId, otlpIdToHex, spanIdExpectation, traceIdExpectation } from './ids.ts';
import { nanosDifferenceMs, nanosToMs, normalizeNanos } from './nanoseconds.ts';

/**
 * OTLP/JSON traces (opentelemetry-proto `TracesData`: resourceSpans → scopeSpans → spans) to
 * SpanRecords. One parser for every source that speaks it: Jaeger api_v3 (`{"result": TracesData}`),
 * Tempo's /api/traces (`{"batches": [...]}`, the same ResourceSpans), and files an engineer hands over.
 *
 * Hand-written rather than zod: every problem names its exact path
 * (`resourceSpans[0].scopeSpans[1].spans[3].traceId: expected 32 hex characters or base64 of 16 bytes`),
 * the id and time conversions happen in the same pass, and a 10,000-span trace converts without
 * per-field schema overhead.
 *
 * Tolerated, because real sources do it: proto3 JSON drops zero values (no `kind`, no `status`,
 * no times), older SDKs and Tempo 1.x send `instrumentationLibrarySpans`, Tempo sends enum names
 * (`SPAN_KIND_SERVER`, `STATUS_CODE_ERROR`) and base64 ids, hand-written files send times as numbers.
 */

const spanKinds: readonly SpanKind[] = ['unspecified', 'internal', 'server', 'client', 'producer', 'consumer'];
const statusCodes: readonly SpanStatus[] = ['unset', 'ok', 'error'];

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function optionalArray(parent: Record<string, unknown>, key: string, path: string, fail: ProblemReporter): unknown[] {
  const value = parent[key];
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) fail(`${path}.${key}`, `expected an array, got ${describeValue(value)}`);
  return value;
}

function optionalString(parent: Record<string, unknown>, key: string, path: string, fail: ProblemReporter): string {
  const value = parent[key];
  if (value === undefined || value === null) return '';
  if (typeof value !== 'string') fail(`${path}.${key}`, `expected a string, got ${describeValue(value)}`);
  return value;
}

/** `*UnixNano`: a decimal string (proto3 JSON) or an integer number (hand-written files); absent is 0. */
function readNanos(parent: Record<string, unknown>, key: string, path: string, fail: ProblemReporter): string {
  const value = parent[key];
  if (value === undefined || value === null) return '0';
  if (typeof value === 'number' && Number.isInteger(value) && value >= 0) return BigInt(value).toString();
  if (typeof value === 'string') {
    const normalized = normalizeNanos(value);
    if (normalized !== null) return normalized;
  }
  return fail(`${path}.${key}`, `expected nanoseconds since the epoch as a decimal string, got ${describeValue(value)}`);
}

function readKind(value: unknown, path: string, fail: ProblemReporter): SpanKind {
  if (value === undefined || value === null) return 'unspecified';
  if (typeof value === 'number' && Number.isInteger(value) && value >= 0 && value < spanKinds.length) return spanKinds[value]!;
  if (typeof value === 'string') {
    const match = /^SPAN_KIND_([A-Z]+)$/.exec(value);
    const kind = match ? (match[1]!.toLowerCase() as SpanKind) : null;
    if (kind && spanKinds.includes(kind)) return kind;
  }
  return fail(path, `expected a SpanKind (0-5 or "SPAN_KIND_…"), got ${describeValue(value)}`);
}

function readStatus(value: unknown, path: string, fail: ProblemReporter): { status: SpanStatus; message: string | null } {
  if (value === undefined || value === null) return { status: 'unset', message: null };
  if (!isObject(value)) fail(path, `expected a Status object, got ${describeValue(value)}`);
  const message = optionalString(value, 'message', path, fail);
  const code = value.code;
  let status: SpanStatus | null = null;
  if (code === undefined || code === null) status = 'unset';
  else if (typeof code === 'number' && Number.isInteger(code) && code >= 0 && code < statusCodes.length) status = statusCodes[code]!;
  else if (typeof code === 'string') {
    const match = /^STATUS_CODE_([A-Z]+)$/.exec(code);
    const name = match ? (match[1]!.toLowerCase() as SpanStatus) : null;
    if (name && statusCodes.includes(name)) status = name;
  }
  if (status === null) fail(`${path}.code`, `expected a status code (0-2 or "STATUS_CODE_…"), got ${describeValue(code)}`);
  return { status, message: message === '' ? null : message };
}

function readId(parent: Record<string, unknown>, key: string, bytes: 16 | 8, path: string, fail: ProblemReporter): string {
  const value = parent[key];
  const expectation = bytes === 16 ? traceIdExpectation : spanIdExpectation;
  if (typeof value !== 'string') return fail(`${path}.${key}`, value === undefined ? `missing (${expectation})` : `${expectation}, got ${describeValue(value)}`);
  const hex = otlpIdToHex(value, bytes);
  if (hex === null) return fail(`${path}.${key}`, `${expectation}, got ${describeValue(value)}`);
  if (isZeroId(hex)) return fail(`${path}.${key}`, `an all-zero id is invalid, got ${describeValue(value)}`);
  return hex;
}

function readParentId(parent: Record<string, unknown>, path: string, fail: ProblemReporter): string | null {
  const value = parent.parentSpanId;
  if (value === undefined || value === null || value === '') return null;
  if (typeof value !== 'string') return fail(`${path}.parentSpanId`, `${spanIdExpectation}, got ${describeValue(value)}`);
  const hex = otlpIdToHex(value, 8);
  if (hex === null) return fail(`${path}.parentSpanId`, `${spanIdExpectation}, got ${describeValue(value)}`);
  return isZeroId(hex) ? null : hex;
}

function readEvents(span: Record<string, unknown>, path: string, fail: ProblemReporter): SpanEvent[] {
  return optionalArray(span, 'events', path, fail).map((event, index) => {
    const at = `${path}.events[${index}]`;
    if (!isObject(event)) return fail(at, `expected an Event object, got ${describeValue(event)}`);
    const timeNs = readNanos(event, 'timeUnixNano', at, fail);
    return {
      name: optionalString(event, 'name', at, fail),
      timeMs: nanosToMs(timeNs),
      timeNs,
      attributes: keyValuesToRecord(event.attributes, `${at}.attributes`, fail),
    };
  });
}

function convertSpan(span: unknown, path: string, context: SpanContext, fail: ProblemReporter): SpanRecord {
  if (!isObject(span)) return fail(path, `expected a Span object, got ${describeValue(span)}`);
  const traceId = readId(span, 'traceId', 16, path, fail);
  const spanId = readId(span, 'spanId', 8, path, fail);
  const parentSpanId = readParentId(span, path, fail);
  const startNs = readNanos(span, 'startTimeUnixNano', path, fail);
  const endNs = readNanos(span, 'endTimeUnixNano', path, fail);
  const { status, message } = readStatus(span.status, `${path}.status`, fail);
  const attributes = { ...context.scopeAttributes, ...keyValuesToRecord(span.attributes, `${path}.attributes`, fail) };
  return {
    centerId: context.centerId,
    traceId,
    spanId,
    parentSpanId,
    service: context.service,
    operation: optionalString(span, 'name', path, fail),
    startMs: nanosToMs(startNs),
    startNs,
    durationMs: nanosDifferenceMs(startNs, endNs),
    status,
    statusMessage: message,
    kind: readKind(span.kind, `${path}.kind`, fail),
    attributes,
    resourceAttributes: context.resourceAttributes,
    events: readEvents(span, path, fail),
  };
}

interface SpanContext {
  centerId: string;
  service: string;
  resourceAttributes: Record<string, string>;
  /** otel.scope.name / otel.scope.version, as Jaeger reports them as tags. */
  scopeAttributes: Record<string, string>;
}

/** The service of a resource; OTel's documented default when a resource has none. */
export const unknownService = 'unknown_service';

/**
 * Converts a `ResourceSpans[]` found at `path` (e.g. "resourceSpans", "batches",
 * "result.resourceSpans"). Problems are reported through `fail` with their exact path.
 */
export function convertResourceSpans(list: unknown, path: string, centerId: string, fail: ProblemReporter): SpanRecord[] {
  if (list === undefined || list === null) return [];
  if (!Array.isArray(list)) return fail(path, `expected an array of ResourceSpans, got ${describeValue(list)}`);
  const spans: SpanRecord[] = [];
  list.forEach((resourceSpans, resourceIndex) => {
    const resourcePath = `${path}[${resourceIndex}]`;
    if (!isObject(resourceSpans)) fail(resourcePath, `expected a ResourceSpans object, got ${describeValue(resourceSpans)}`);
    const resource = resourceSpans.resource;
    if (resource !== undefined && resource !== null && !isObject(resource)) fail(`${resourcePath}.resource`, `expected a Resource object, got ${describeValue(resource)}`);
    const resourceAttributes = keyValuesToRecord(resource?.attributes, `${resourcePath}.resource.attributes`, fail);
    const service = resourceAttributes['service.name'] || unknownService;
    // scopeSpans (OTLP 0.15+) or its deprecated name instrumentationLibrarySpans; both are read.
    for (const key of ['scopeSpans', 'instrumentationLibrarySpans'] as const) {
      optionalArray(resourceSpans, key, resourcePath, fail).forEach((scopeSpans, scopeIndex) => {
        const scopePath = `${resourcePath}.${key}[${scopeIndex}]`;
        if (!isObject(scopeSpans)) fail(scopePath, `expected a ScopeSpans object, got ${describeValue(scopeSpans)}`);
        const scopeKey = key === 'scopeSpans' ? 'scope' : 'instrumentationLibrary';
        const scope = scopeSpans[scopeKey];
        if (scope !== undefined && scope !== null && !isObject(scope)) fail(`${scopePath}.${scopeKey}`, `expected an object, got ${describeValue(scope)}`);
        const scopeAttributes: Record<string, string> = {};
        const scopeName = scope ? optionalString(scope, 'name', `${scopePath}.${scopeKey}`, fail) : '';
        const scopeVersion = scope ? optionalString(scope, 'version', `${scopePath}.${scopeKey}`, fail) : '';
        if (scopeName) scopeAttributes['otel.scope.name'] = scopeName;
        if (scopeVersion) scopeAttributes['otel.scope.version'] = scopeVersion;
        const context: SpanContext = { centerId, service, resourceAttributes, scopeAttributes };
        optionalArray(scopeSpans, 'spans', scopePath, fail).forEach((span, spanIndex) => {
          spans.push(convertSpan(span, `${scopePath}.spans[${spanIndex}]`, context, fail));
        });
      });
    }
  });
  return spans;
}

/**
 * A TracesData object in any of the shapes sources use: `{resourceSpans}` (OTLP), `{batches}`
 * (Tempo's tempopb.Trace), `{trace: {...}}` (Tempo's v2 trace-by-id). `path` prefixes problems.
 */
export function convertTracesData(body: unknown, path: string, centerId: string, fail: ProblemReporter): SpanRecord[] {
  const at = (key: string) => (path === '' ? key : `${path}.${key}`);
  if (!isObject(body)) return fail(path === '' ? 'answer' : path, `expected an object with "resourceSpans", got ${describeValue(body)}`);
  if (body.resourceSpans !== undefined) return convertResourceSpans(body.resourceSpans, at('resourceSpans'), centerId, fail);
  if (body.batches !== undefined) return convertResourceSpans(body.batches, at('batches'), centerId, fail);
  if (isObject(body.trace)) return convertTracesData(body.trace, at('trace'), centerId, fail);
  const keys = Object.keys(body);
  if (keys.length === 0) return [];
  return fail(path === '' ? 'answer' : path, `expected "resourceSpans" (or Tempo's "batches"), got keys ${keys.slice(0, 5).map((key) => `"${key}"`).join(', ')}`);
}
