export { createLokiConnector, defaultPullQuery } from './loki-connector.ts';
export type { LokiConnector, LokiConnectorOptions, LokiQueryRange, LokiQueryResult } from './loki-connector.ts';
export type { LokiDirection } from './query-pager.ts';
export { detectLevel, normalizeLevel } from './level-detection.ts';
export { extractTraceId, normalizeTraceId } from './trace-id-extraction.ts';
export { logLineId } from './log-line-id.ts';
