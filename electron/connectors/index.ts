import type { Connector } from '../../shared/domain/connector.ts';
import type { ConnectorKind, Endpoint } from '../../shared/domain/records.ts';
import { createAlertmanagerConnector } from './alertmanager/index.ts';
import type { HttpOptions } from './http.ts';
import { createKubernetesConnector } from './kubernetes/index.ts';
import { createPrometheusConnector } from './prometheus/index.ts';
import { createJaegerConnector } from './jaeger/index.ts';
import { createLokiConnector } from './loki/index.ts';
import { createTempoConnector } from './tempo/index.ts';

export { ConnectorError } from './errors.ts';
export type { HttpOptions } from './http.ts';
export { createAlertmanagerConnector } from './alertmanager/index.ts';
export { createKubernetesConnector } from './kubernetes/index.ts';
export { createPrometheusConnector } from './prometheus/index.ts';
export type { PrometheusConnector, PrometheusConnectorOptions } from './prometheus/index.ts';

type ConnectorFactory = (endpoint: Endpoint, options?: HttpOptions) => Connector;

/** The central registry: one factory per wire protocol. Adding a kind to the domain forces an entry here. */
export const connectorFactories: Readonly<Record<ConnectorKind, ConnectorFactory>> = {
  prometheus: createPrometheusConnector,
  kubernetes: createKubernetesConnector,
  alertmanager: createAlertmanagerConnector,
  loki: createLokiConnector,
  jaeger: createJaegerConnector,
  tempo: createTempoConnector,
  // SSH log sources need keys and the host-key policy, not HttpOptions: core builds them (createSshLogsConnector).
  'ssh-journal': sshLogsNeedCore,
  'ssh-file': sshLogsNeedCore,
};

function sshLogsNeedCore(endpoint: Endpoint): Connector {
  throw new Error(`endpoint ${endpoint.id} (${endpoint.kind}) reads logs over SSH: build it with createSshLogsConnector`);
}

export function createConnector(endpoint: Endpoint, options?: HttpOptions): Connector {
  const factory = connectorFactories[endpoint.kind];
  if (!factory) throw new Error(`no connector for endpoint kind "${String(endpoint.kind)}" (endpoint ${endpoint.id})`);
  return factory(endpoint, options);
}
