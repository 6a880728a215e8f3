import { useContainers, useNodes, usePods } from '../data/use-inventory.ts';
import { useUiStore, type TabId } from '../state/ui-store.ts';

const tabs: { id: TabId; label: string; key: string }[] = [
  { id: 'nodes', label: 'Nodes', key: '1' },
  { id: 'pods', label: 'Pods', key: '2' },
  { id: 'containers', label: 'Containers', key: '3' },
];

function useCounts(): Record<TabId, number | undefined> {
  const centerIds = useUiStore((state) => state.selectedCenterIds);
  return {
    nodes: useNodes(centerIds).data?.length,
    pods: usePods(centerIds).data?.length,
    containers: useContainers(centerIds).data?.length,
  };
}

export function Tabs() {
  const active = useUiStore((state) => state.activeTab);
  const setActive = useUiStore((state) => state.setActiveTab);
  const counts = useCounts();
  return (
    <nav className="tabs" role="tablist" aria-label="Inventory">
      {tabs.map((tab) => (
        <button
          key={tab.id}
          type="button"
          role="tab"
          id={`tab-${tab.id}`}
          aria-selected={active === tab.id}
          aria-controls="tab-panel"
          className={active === tab.id ? 'tab tab--active' : 'tab'}
          onClick={() => setActive(tab.id)}
          data-testid={`tab-${tab.id}`}
          title={`${tab.label} (${tab.key} or g ${tab.id[0]})`}
        >
          {tab.label}
          <span className="tab__count">{counts[tab.id] ?? '·'}</span>
          <kbd className="tab__key">{tab.key}</kbd>
        </button>
      ))}
    </nav>
  );
}
