import { QueryClientProvider } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { ApiProvider } from './api/api-context.tsx';
import { resolveApi } from './api/resolve-api.ts';
import { App } from './app/app.tsx';
import { NotConnected } from './app/not-connected.tsx';
import { createQueryClient } from './data/query-client.ts';
import { useConnectionStore } from './state/connection-store.ts';
import './styles/theme.css';
import './styles/layout.css';
import './styles/controls.css';
import './styles/table.css';
import './styles/detail.css';
import './styles/settings.css';
import './styles/signals.css';

const queryClient = createQueryClient();
let wasOpen = false;

const resolution = resolveApi(window, {
  onEventConnectionChange: (state) => {
    useConnectionStore.getState().set(state);
    // Pushes sent while the socket was down are lost; re-read what they would have refreshed.
    if (state === 'open' && wasOpen) void queryClient.invalidateQueries();
    if (state === 'open') wasOpen = true;
  },
});
if (resolution.ok && resolution.transport === 'electron') useConnectionStore.getState().set('open');

const container = document.getElementById('root');
if (!container) throw new Error('missing #root');

createRoot(container).render(
  <StrictMode>
    {resolution.ok ? (
      <ApiProvider api={resolution.api}>
        <QueryClientProvider client={queryClient}>
          <App />
        </QueryClientProvider>
      </ApiProvider>
    ) : (
      <NotConnected reason={resolution.reason} />
    )}
  </StrictMode>,
);
