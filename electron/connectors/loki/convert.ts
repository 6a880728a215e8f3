import type { LogLineRecord } from '../../../shared/domain/logs.ts';
import type { ErrorFactory } from '../errors.ts';
import { normalizeNanos, nanosToMsFloor } from '../otlp/nanoseconds.ts';
import { describeValue } from '../validation.ts';
import type { LokiStream } from './api-schema.ts';
import { detectLevel } from './level-detection.ts';
import { logLineId } from './log-line-id.ts';
import { extractTraceId } from './trace-id-extraction.ts';

/**
 * Loki stream entries to LogLineRecords. An entry is `["<ns>", "<line>"]` or, with structured
 * metadata, `["<ns>", "<line>", {…}]` where `{…}` is flat (`{"trace_id": "…"}`) or categorised
 * (`{"structuredMetadata": {…}, "parsed": {…}}`, Loki 3 with categorize-labels). Without
 * categorize-labels Loki folds metadata and parsed labels into the stream's labels; then
 * `metadata` stays empty and the labels carry them.
 */

function isStringRecord(value: unknown): value is Record<string, string> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && Object.values(value).every((item) => typeof item === 'string');
}

function readMetadata(raw: unknown, path: string, fail: ErrorFactory): Record<string, string> {
  if (raw === undefined || raw === null) return {};
  if (typeof raw !== 'object' || Array.isArray(raw)) throw fail('malformed', `${path}: expected an object of structured metadata, got ${describeValue(raw)}`);
  const object = raw as Record<string, unknown>;
  if ('structuredMetadata' in object || 'parsed' in object) {
    const metadata: Record<string, string> = {};
    for (const key of ['structuredMetadata', 'parsed'] as const) {
      const group = object[key];
      if (group === undefined || group === null) continue;
      if (!isStringRecord(group)) throw fail('malformed', `${path}.${key}: expected an object of string values, got ${describeValue(group)}`);
      Object.assign(metadata, group);
    }
    return metadata;
  }
  if (!isStringRecord(object)) throw fail('malformed', `${path}: expected an object of string values, got ${describeValue(raw)}`);
  return { ...object };
}

function firstOf(records: ReadonlyArray<Readonly<Record<string, string>>>, keys: readonly string[]): string | null {
  for (const key of keys) for (const record of records) if (record[key] !== undefined && record[key] !== '') return record[key];
  return null;
}


/** Converts every entry of the answer's streams; `pathPrefix` names the result array in errors. */
export function convertStreams(streams: readonly LokiStream[], centerId: string, pathPrefix: string, fail: ErrorFactory): LogLineRecord[] {
  const records: LogLineRecord[] = [];
  streams.forEach((stream, streamIndex) => {
    const labels = stream.stream;
    stream.values.forEach((entry, entryIndex) => {
      const path = `${pathPrefix}[${streamIndex}].values[${entryIndex}]`;
      if (!Array.isArray(entry) || entry.length < 2 || entry.length > 3) {
        throw fail('malformed', `${path}: expected ["<nanoseconds>", "<line>"], got ${describeValue(entry)}`);
      }
      const [rawTime, line, rawMetadata] = entry as [unknown, unknown, unknown];
      const timestampNs = typeof rawTime === 'string' ? normalizeNanos(rawTime) : null;
      if (timestampNs === null) throw fail('malformed', `${path}[0]: expected nanoseconds since the epoch as a decimal string, got ${describeValue(rawTime)}`);
      if (typeof line !== 'string') throw fail('malformed', `${path}[1]: expected the log line as a string, got ${describeValue(line)}`);
      const metadata = readMetadata(rawMetadata, `${path}[2]`, fail);
      const fields = [labels, metadata];
      records.push({
        id: logLineId(labels, timestampNs, line),
        centerId,
        timestamp: nanosToMsFloor(timestampNs),
        timestampNs,
        labels: { ...labels },
        metadata,
        namespace: firstOf(fields, ['namespace', 'k8s_namespace_name']),
        pod: firstOf(fields, ['pod', 'k8s_pod_name', 'pod_name']),
        container: firstOf(fields, ['container', 'k8s_container_name', 'container_name']),
        level: detectLevel(fields, line),
        line,
        traceId: extractTraceId([metadata, labels], line),
      });
    });
  });
  return records;
}
