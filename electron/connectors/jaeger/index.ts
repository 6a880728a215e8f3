export { createJaegerConnector } from './jaeger-connector.ts';
export type { JaegerConnector, JaegerConnectorOptions, JaegerFindResult, JaegerOperation, JaegerTraceQuery } from './jaeger-connector.ts';
export { convertJaegerTrace } from './convert.ts';
