import type { SpanRecord } from '../../../shared/domain/traces.ts';
import { ConnectorError } from '../errors.ts';
import { decodeJsonBody } from '../json-body.ts';
import { convertTracesData } from './otlp-json.ts';

/**
 * OTLP/JSON files an engineer hands over (an SDK's file exporter, the collector's `file` exporter,
 * a trace downloaded from Grafana or Jaeger). The text is TracesData: `{"resourceSpans": [...]}`
 * (Tempo downloads: `{"batches": [...]}`). The collector's file exporter writes one TracesData per
 * line (JSON Lines); that is read too.
 *
 * A malformed file throws a ConnectorError (code `malformed`, endpointId `file:<name>`) whose
 * message names the file and the exact path, e.g.
 * `trace file "checkout.json": resourceSpans[0].scopeSpans[1].spans[3].traceId: expected 32 hex characters or base64 of 16 bytes, got "xyz"`.
 */

export interface ImportOtlpFileOptions {
  /** Shown in error messages; defaults to "trace file". */
  fileName?: string;
}

/**
 * Integers in `*UnixNano` fields above 2^53 lose digits in JSON.parse; quote them first so the
 * exact nanoseconds survive. The key match requires an unescaped quote before the key, so text
 * inside string values is left alone.
 */
function quoteNanosecondNumbers(text: string): string {
  return text.replace(/(?<!\\)("(?:startTimeUnixNano|endTimeUnixNano|timeUnixNano)"\s*:\s*)(\d{16,})(?=\s*[,}\]])/g, '$1"$2"');
}

export function importOtlpFile(text: string, centerId: string, options: ImportOtlpFileOptions = {}): SpanRecord[] {
  const label = options.fileName ? `trace file "${options.fileName}"` : 'trace file';
  const fail = (problem: string): never => {
    throw new ConnectorError({ code: 'malformed', endpointId: `file:${options.fileName ?? 'trace'}`, message: `${label}: ${problem}` });
  };
  const report = (path: string, problem: string): never => fail(`${path}: ${problem}`);
  const prepared = quoteNanosecondNumbers(text.replace(/^\uFEFF/, ''));

  const whole = decodeJsonBody(new TextEncoder().encode(prepared), 'application/json');
  if (whole.ok) return convertTracesData(whole.value, '', centerId, report);

  // JSON Lines: the collector's file exporter appends one TracesData per line.
  const lines = prepared.split(/\r?\n/).filter((line) => line.trim() !== '');
  if (lines.length > 1 && lines.every((line) => line.trimStart().startsWith('{'))) {
    const spans: SpanRecord[] = [];
    lines.forEach((line, index) => {
      const decoded = decodeJsonBody(new TextEncoder().encode(line), 'application/json');
      if (!decoded.ok) fail(`line ${index + 1}: ${decoded.problem}`);
      else spans.push(...convertTracesData(decoded.value, '', centerId, (path, problem) => fail(`line ${index + 1}: ${path}: ${problem}`)));
    });
    return spans;
  }
  return fail(whole.problem.replace(/^answer is/, 'file is'));
}
