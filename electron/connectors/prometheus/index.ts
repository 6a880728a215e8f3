export { createPrometheusConnector, defaultPullStepSeconds, formatUnixSeconds } from './prometheus-connector.ts';
export type { PrometheusConnector, PrometheusConnectorOptions } from './prometheus-connector.ts';
export { parseSampleValue } from './sample-values.ts';
