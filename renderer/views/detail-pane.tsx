import { useContainers, useNodes, usePods } from '../data/use-inventory.ts';
import { isInventoryTab, useUiStore } from '../state/ui-store.ts';
import { ContainerDetail } from './container-detail.tsx';
import { MissingDetail } from './detail-frame.tsx';
import { NodeDetail } from './node-detail.tsx';
import { PodDetail } from './pod-detail.tsx';
import { containerKey, nodeKey, podKey } from './row-keys.ts';

/** The opened row of the active table, found in the same cached query the table reads. */
export function DetailPane() {
  const tab = useUiStore((state) => state.activeTab);
  const key = useUiStore((state) => (isInventoryTab(state.activeTab) ? state.openedKeys[state.activeTab] : null));
  if (!key) return null;
  switch (tab) {
    case 'nodes':
      return <NodeDetailByKey openedKey={key} />;
    case 'pods':
      return <PodDetailByKey openedKey={key} />;
    case 'containers':
      return <ContainerDetailByKey openedKey={key} />;
    default:
      return null;
  }
}

function NodeDetailByKey({ openedKey }: { openedKey: string }) {
  const centerIds = useUiStore((state) => state.selectedCenterIds);
  const { data } = useNodes(centerIds);
  const node = data?.find((candidate) => nodeKey(candidate) === openedKey);
  if (!data) return null;
  return node ? <NodeDetail key={openedKey} node={node} /> : <MissingDetail tab="nodes" noun="node" />;
}

function PodDetailByKey({ openedKey }: { openedKey: string }) {
  const centerIds = useUiStore((state) => state.selectedCenterIds);
  const { data } = usePods(centerIds);
  const pod = data?.find((candidate) => podKey(candidate) === openedKey);
  if (!data) return null;
  return pod ? <PodDetail key={openedKey} pod={pod} /> : <MissingDetail tab="pods" noun="pod" />;
}

function ContainerDetailByKey({ openedKey }: { openedKey: string }) {
  const centerIds = useUiStore((state) => state.selectedCenterIds);
  const { data } = useContainers(centerIds);
  const container = data?.find((candidate) => containerKey(candidate) === openedKey);
  if (!data) return null;
  return container ? <ContainerDetail key={openedKey} container={container} /> : <MissingDetail tab="containers" noun="container" />;
}
