export { createTempoConnector } from './tempo-connector.ts';
export type { TempoConnector, TempoConnectorOptions, TempoSearch } from './tempo-connector.ts';
export { convertSearchTrace, toLogfmt } from './convert.ts';
