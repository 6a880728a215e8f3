import { useCallback, useState } from 'react';
import { ConfigProblemsBanner } from '../access/config-problems-banner.tsx';
import { DeviceCodeModal } from '../access/device-code-modal.tsx';
import { HostKeyDialog } from '../access/host-key-dialog.tsx';
import { KeychainBanner } from '../access/keychain-banner.tsx';
import { SignInView } from '../access/sign-in-view.tsx';
import { ErrorBoundary } from '../components/error-boundary.tsx';
import { useAccessUpdates, useLiveUpdates } from '../data/use-live-updates.ts';
import { isInventoryTab, useUiStore } from '../state/ui-store.ts';
import { CentersView } from '../views/centers/centers-view.tsx';
import { ContainersView } from '../views/containers-view.tsx';
import { DetailPane } from '../views/detail-pane.tsx';
import { LogsView } from '../views/logs/logs-view.tsx';
import { TracesView } from '../views/traces/traces-view.tsx';
import { IncidentsView } from '../views/incidents/incidents-view.tsx';
import { MapView } from '../views/map/map-view.tsx';
import { GroupedView } from '../views/grouped-view.tsx';
import { ServicesView } from '../views/services-view.tsx';
import { CommandPalette } from './command-palette.tsx';
import { useRoleUpdates } from '../data/use-roles.ts';
import { NodesView } from '../views/nodes-view.tsx';
import { PodsView } from '../views/pods-view.tsx';
import { Header } from './header.tsx';
import { ShortcutHelp } from './shortcut-help.tsx';
import { SyncStatusBar } from './sync-status-bar.tsx';
import { Tabs } from './tabs.tsx';
import { useGlobalShortcuts } from './use-global-shortcuts.ts';

function ActiveView() {
  const tab = useUiStore((state) => state.activeTab);
  switch (tab) {
    case 'nodes':
      return <NodesView />;
    case 'pods':
      return <PodsView />;
    case 'containers':
      return <ContainersView />;
    case 'centers':
      return <CentersView />;
    case 'sign-in':
      return <SignInView />;
    case 'logs':
      return <LogsView />;
    case 'traces':
      return <TracesView />;
    case 'incidents':
      return <IncidentsView />;
    case 'map':
      return <MapView />;
    case 'grouped':
      return <GroupedView />;
    case 'services':
      return <ServicesView />;
  }
}

export function App() {
  const [help, setHelp] = useState(false);
  const toggleHelp = useCallback(() => setHelp((value) => !value), []);
  const closeHelp = useCallback(() => setHelp(false), []);
  const tab = useUiStore((state) => state.activeTab);
  const detailOpen = useUiStore((state) => isInventoryTab(state.activeTab) && state.openedKeys[state.activeTab] !== null);
  useLiveUpdates();
  useAccessUpdates();
  useRoleUpdates();
  useGlobalShortcuts(toggleHelp);

  return (
    <div className="app">
      <ErrorBoundary label="Header">
        <Header onHelp={toggleHelp} />
        <SyncStatusBar />
      </ErrorBoundary>
      <ErrorBoundary label="Banners">
        <div className="banners">
          <ConfigProblemsBanner />
          <KeychainBanner />
        </div>
      </ErrorBoundary>
      <Tabs />
      <main className={detailOpen ? 'workspace workspace--split' : 'workspace'} id="tab-panel" role="tabpanel" aria-labelledby={`tab-${tab}`}>
        <div className="workspace__table">
          <ErrorBoundary label={isInventoryTab(tab) ? 'Table' : 'View'} key={tab}>
            <ActiveView />
          </ErrorBoundary>
        </div>
        {detailOpen && (
          <div className="workspace__detail">
            <ErrorBoundary label="Detail">
              <DetailPane />
            </ErrorBoundary>
          </div>
        )}
      </main>
      {help && <ShortcutHelp onClose={closeHelp} />}
      <CommandPalette onHelp={toggleHelp} />
      <ErrorBoundary label="Prompts">
        <DeviceCodeModal />
        <HostKeyDialog />
      </ErrorBoundary>
    </div>
  );
}
