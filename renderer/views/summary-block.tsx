import type { ContainerRecord, NodeRecord, PodRecord } from '../../shared/domain/records.ts';

/** Placeholder until shared/summaries lands. */
export function NodeSummary(_props: { node: NodeRecord; pods: readonly PodRecord[] | undefined }) {
  return null;
}
export function PodSummary(_props: { pod: PodRecord; containers: readonly ContainerRecord[] | undefined }) {
  return null;
}
export function ContainerSummary(_props: { container: ContainerRecord }) {
  return null;
}
