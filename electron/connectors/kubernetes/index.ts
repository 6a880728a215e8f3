export { createKubernetesConnector, defaultPageSize, listAll } from './kubernetes-connector.ts';
export type { KubernetesConnectorOptions } from './kubernetes-connector.ts';
export { convertContainers, convertEvent, convertNode, convertPod, computeQosClass, nodeRoles } from './convert.ts';
export { eventSchema, nodeSchema, podSchema } from './api-schema.ts';
export { parseCpuMillis, parseQuantity, parseQuantityValue } from './quantity.ts';
