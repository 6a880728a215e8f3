import { useCenterConfig } from '../data/use-center-config.ts';
import { useContainers, useNodes, usePods } from '../data/use-inventory.ts';
import { useSessions } from '../data/use-sign-in.ts';
import { useIncidents } from '../data/use-incidents.ts';
import { useUiStore, type ViewId } from '../state/ui-store.ts';
import { useLocale } from '../i18n/locale-store.ts';
import { translateOr } from '../i18n/translate.ts';

export const views: { id: ViewId; label: string; key: string; sequence: string }[] = [
  { id: 'nodes', label: 'Nodes', key: '1', sequence: 'g n' },
  { id: 'pods', label: 'Pods', key: '2', sequence: 'g p' },
  { id: 'containers', label: 'Containers', key: '3', sequence: 'g c' },
  { id: 'centers', label: 'Centers', key: '4', sequence: 'g s' },
  { id: 'sign-in', label: 'Sign-in', key: '5', sequence: 'g i' },
  { id: 'logs', label: 'Logs', key: '6', sequence: 'g l' },
  { id: 'traces', label: 'Traces', key: '7', sequence: 'g t' },
  { id: 'incidents', label: 'Incidents', key: '8', sequence: 'g a' },
  { id: 'map', label: 'Map', key: '9', sequence: 'g m' },
  { id: 'grouped', label: 'Grouped', key: '0', sequence: 'g o' },
  { id: 'services', label: 'Services', key: '', sequence: 'g v' },
];

function useCounts(): Record<ViewId, number | undefined> {
  const centerIds = useUiStore((state) => state.selectedCenterIds);
  return {
    nodes: useNodes(centerIds).data?.length,
    pods: usePods(centerIds).data?.length,
    containers: useContainers(centerIds).data?.length,
    centers: useCenterConfig().data?.centers.length,
    'sign-in': useSessions().data?.length,
    logs: undefined,
    traces: undefined,
    incidents: useIncidents().data?.length,
    map: undefined,
    grouped: undefined,
    services: undefined,
  };
}

export function Tabs() {
  const active = useUiStore((state) => state.activeTab);
  const setActive = useUiStore((state) => state.setActiveTab);
  const counts = useCounts();
  const problems = useCenterConfig().data?.problems.length ?? 0;
  const locale = useLocale();
  return (
    <nav className="tabs" role="tablist" aria-label="Views">
      {views.map((tab) => (
        <button
          key={tab.id}
          type="button"
          role="tab"
          id={`tab-${tab.id}`}
          aria-selected={active === tab.id}
          aria-controls="tab-panel"
          className={`${active === tab.id ? 'tab tab--active' : 'tab'}${tab.id === 'centers' ? ' tab--settings' : ''}`}
          onClick={() => setActive(tab.id)}
          data-testid={`tab-${tab.id}`}
          title={`${tab.label} (${tab.key ? `${tab.key} or ` : ''}${tab.sequence})`}
        >
          {translateOr(locale, `tab.${tab.id}`, tab.label)}
          {tab.id === 'centers' && problems > 0 ? (
            <span className="tab__count tab__count--error" title="The config file has problems">
              !
            </span>
          ) : (
            <span className="tab__count">{counts[tab.id] ?? '·'}</span>
          )}
          {tab.key && <kbd className="tab__key">{tab.key}</kbd>}
        </button>
      ))}
    </nav>
  );
}
