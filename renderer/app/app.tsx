import { useCallback, useState } from 'react';
import { ErrorBoundary } from '../components/error-boundary.tsx';
import { useLiveUpdates } from '../data/use-live-updates.ts';
import { useUiStore } from '../state/ui-store.ts';
import { ContainersView } from '../views/containers-view.tsx';
import { DetailPane } from '../views/detail-pane.tsx';
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
  }
}

export function App() {
  const [help, setHelp] = useState(false);
  const toggleHelp = useCallback(() => setHelp((value) => !value), []);
  const closeHelp = useCallback(() => setHelp(false), []);
  const tab = useUiStore((state) => state.activeTab);
  const detailOpen = useUiStore((state) => state.openedKeys[state.activeTab] !== null);
  useLiveUpdates();
  useGlobalShortcuts(toggleHelp);

  return (
    <div className="app">
      <ErrorBoundary label="Header">
        <Header onHelp={toggleHelp} />
        <SyncStatusBar />
      </ErrorBoundary>
      <Tabs />
      <main className={detailOpen ? 'workspace workspace--split' : 'workspace'} id="tab-panel" role="tabpanel" aria-labelledby={`tab-${tab}`}>
        <div className="workspace__table">
          <ErrorBoundary label="Table" key={tab}>
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
    </div>
  );
}
