import type { AttributeValue, DemoSpan, DemoTrace } from './world-traces.ts';

/**
 * How Jaeger and Tempo write the demo's traces on the wire: Jaeger's UI JSON model (legacy API,
 * µs times, tags with types, processes), and OTLP/JSON (Jaeger api_v3: hex ids, enum numbers;
 * Tempo: base64 ids and enum names, the gogo-proto JSON of tempopb.Trace).
 */

type OtlpValue = { stringValue: string } | { intValue: string } | { doubleValue: number } | { boolValue: boolean };

function otlpValue(value: AttributeValue): OtlpValue {
  if (typeof value === 'boolean') return { boolValue: value };
  if (typeof value === 'number') return Number.isInteger(value) ? { intValue: String(value) } : { doubleValue: value };
  return { stringValue: value };
}

function otlpAttributes(attributes: Record<string, AttributeValue>): Array<{ key: string; value: OtlpValue }> {
  return Object.entries(attributes).map(([key, value]) => ({ key, value: otlpValue(value) }));
}

const kindNumbers = { unspecified: 0, internal: 1, server: 2, client: 3, producer: 4, consumer: 5 } as const;
const statusNumbers = { unset: 0, ok: 1, error: 2 } as const;

export interface OtlpStyle {
  ids: 'hex' | 'base64';
  enums: 'numbers' | 'names';
}

/** OTLP ResourceSpans of some traces: one per (service, pod), one ScopeSpans per instrumentation scope. */
export function toResourceSpans(traces: readonly DemoTrace[], style: OtlpStyle): unknown[] {
  const id = (hex: string) => (style.ids === 'hex' ? hex : Buffer.from(hex, 'hex').toString('base64'));
  const groups = new Map<string, { resource: Record<string, string>; scopes: Map<string, { scope: DemoSpan['scope']; spans: DemoSpan[] }> }>();
  for (const trace of traces) {
    for (const span of trace.spans) {
      const key = JSON.stringify(span.resource);
      const group = groups.get(key) ?? { resource: span.resource, scopes: new Map() };
      groups.set(key, group);
      const scope = group.scopes.get(span.scope.name) ?? { scope: span.scope, spans: [] };
      group.scopes.set(span.scope.name, scope);
      scope.spans.push(span);
    }
  }
  return [...groups.values()].map((group) => ({
    resource: { attributes: otlpAttributes(group.resource) },
    scopeSpans: [...group.scopes.values()].map(({ scope, spans }) => ({
      scope: scope.version ? { name: scope.name, version: scope.version } : { name: scope.name },
      spans: spans.map((span) => ({
        traceId: id(span.traceId),
        spanId: id(span.spanId),
        ...(span.parentSpanId ? { parentSpanId: id(span.parentSpanId) } : {}),
        flags: 257,
        name: span.operation,
        kind: style.enums === 'numbers' ? kindNumbers[span.kind] : `SPAN_KIND_${span.kind.toUpperCase()}`,
        startTimeUnixNano: `${span.startUs}000`,
        endTimeUnixNano: `${span.startUs + span.durationUs}000`,
        attributes: otlpAttributes(span.attributes),
        ...(span.events.length > 0
          ? { events: span.events.map((event) => ({ timeUnixNano: `${event.timeUs}000`, name: event.name, attributes: otlpAttributes(event.attributes) })) }
          : {}),
        status:
          span.status === 'unset'
            ? {}
            : {
                code: style.enums === 'numbers' ? statusNumbers[span.status] : `STATUS_CODE_${span.status.toUpperCase()}`,
                ...(span.statusMessage ? { message: span.statusMessage } : {}),
              },
      })),
    })),
  }));
}

interface JaegerTag {
  key: string;
  type: 'string' | 'int64' | 'float64' | 'bool';
  value: AttributeValue;
}

function jaegerTag(key: string, value: AttributeValue): JaegerTag {
  const type = typeof value === 'boolean' ? 'bool' : typeof value === 'number' ? (Number.isInteger(value) ? 'int64' : 'float64') : 'string';
  return { key, type, value };
}

/** A span's tags as Jaeger translates OTLP: scope, span.kind, attributes, then the status tags. */
export function jaegerTags(span: DemoSpan): JaegerTag[] {
  const tags: JaegerTag[] = [jaegerTag('otel.scope.name', span.scope.name)];
  if (span.scope.version) tags.push(jaegerTag('otel.scope.version', span.scope.version));
  if (span.kind !== 'unspecified') tags.push(jaegerTag('span.kind', span.kind));
  for (const [key, value] of Object.entries(span.attributes)) tags.push(jaegerTag(key, value));
  if (span.status === 'error') {
    tags.push(jaegerTag('error', true), jaegerTag('otel.status_code', 'ERROR'));
    if (span.statusMessage) tags.push(jaegerTag('otel.status_description', span.statusMessage));
  } else if (span.status === 'ok') tags.push(jaegerTag('otel.status_code', 'OK'));
  return tags;
}

/** One trace in Jaeger's UI JSON model (model/json). */
export function toJaegerTrace(trace: DemoTrace): unknown {
  const processIds = new Map<string, string>();
  const processes: Record<string, { serviceName: string; tags: JaegerTag[] }> = {};
  const spans = trace.spans.map((span) => {
    const key = JSON.stringify(span.resource);
    let processId = processIds.get(key);
    if (!processId) {
      processId = `p${processIds.size + 1}`;
      processIds.set(key, processId);
      processes[processId] = {
        serviceName: span.service,
        tags: Object.entries(span.resource).filter(([name]) => name !== 'service.name').map(([name, value]) => jaegerTag(name, value)),
      };
    }
    return {
      traceID: span.traceId,
      spanID: span.spanId,
      flags: 1,
      operationName: span.operation,
      references: span.parentSpanId ? [{ refType: 'CHILD_OF', traceID: span.traceId, spanID: span.parentSpanId }] : [],
      startTime: span.startUs,
      duration: span.durationUs,
      tags: jaegerTags(span),
      logs: span.events.map((event) => ({
        timestamp: event.timeUs,
        fields: [jaegerTag('event', event.name), ...Object.entries(event.attributes).map(([name, value]) => jaegerTag(name, value))],
      })),
      processID: processId,
      warnings: null,
    };
  });
  return { traceID: trace.traceId, spans, processes, warnings: null };
}
