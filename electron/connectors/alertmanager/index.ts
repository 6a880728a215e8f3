export { createAlertmanagerConnector } from './alertmanager-connector.ts';
export type { AlertmanagerConnectorOptions } from './alertmanager-connector.ts';
export { convertAlert } from './convert.ts';
