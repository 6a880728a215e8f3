import type { ContainerRecord, NodeRecord, PodRecord } from '../../shared/domain/records.ts';

/** Stable row identities across refetches; centers and Kubernetes names never contain "/". */
export const nodeKey = (node: NodeRecord): string => `${node.centerId}/${node.name}`;
export const podKey = (pod: PodRecord): string => `${pod.centerId}/${pod.namespace}/${pod.name}`;
export const containerKey = (container: ContainerRecord): string =>
  `${container.centerId}/${container.namespace}/${container.podName}/${container.name}`;
