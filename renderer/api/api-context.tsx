import { createContext, useContext, type ReactNode } from 'react';
import type { OpsDeskApi } from '../../shared/contract/channels.ts';

const ApiContext = createContext<OpsDeskApi | null>(null);

export function ApiProvider({ api, children }: { api: OpsDeskApi; children: ReactNode }) {
  return <ApiContext.Provider value={api}>{children}</ApiContext.Provider>;
}

export function useApi(): OpsDeskApi {
  const api = useContext(ApiContext);
  if (!api) throw new Error('useApi outside <ApiProvider>');
  return api;
}
