export { convertResourceSpans, convertTracesData, unknownService } from './otlp-json.ts';
export { importOtlpFile } from './import-file.ts';
export type { ImportOtlpFileOptions } from './import-file.ts';
export { analyzeTraceTiming, chooseRoot } from './critical-path.ts';
export type { CriticalPathSegment, CriticalPathSpan, TraceTimingAnalysis } from './critical-path.ts';
export { groupSpansByTrace, summarizeTrace, summarizeTraces } from './trace-summary.ts';
export { otlpIdToHex, shortHexIdToHex } from './ids.ts';
