import type { LogLevel, LogLineRecord } from '../../../shared/domain/logs.ts';
import { detectLevel } from '../loki/level-detection.ts';
import { logLineId } from '../loki/log-line-id.ts';
import { extractTraceId } from '../loki/trace-id-extraction.ts';

/** Builds one LogLineRecord the way the Loki connector does (stable id, level, trace id). */
export function lineRecord(input: {
  centerId: string;
  labels: Record<string, string>;
  metadata: Record<string, string>;
  timestampNs: string;
  line: string;
  /** A level the source states outright (journal PRIORITY); otherwise detected from fields and line. */
  level?: LogLevel | null;
}): LogLineRecord {
  const { labels, metadata, timestampNs, line } = input;
  const fields = [metadata, labels];
  return {
    id: logLineId(labels, timestampNs, line),
    centerId: input.centerId,
    timestamp: Number(BigInt(timestampNs) / 1_000_000n),
    timestampNs,
    labels,
    metadata,
    namespace: null,
    pod: null,
    container: null,
    level: input.level ?? detectLevel(fields, line),
    line,
    traceId: extractTraceId(fields, line),
  };
}
