import { useQueryClient, type QueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import type { SyncStatus } from '../../shared/contract/channels.ts';
import { useApi } from '../api/api-context.tsx';
import { keyCoversCenter, queryKeys } from './query-keys.ts';
import { freshlySynced, mergeSyncStatuses } from './sync-status-merge.ts';

function invalidateForCenter(client: QueryClient, roots: readonly string[], centerId: string): void {
  void client.invalidateQueries({
    predicate: (query) => roots.includes(String(query.queryKey[0])) && keyCoversCenter(query.queryKey, centerId),
  });
}

/** Keeps react-query's cache in step with pushes from main: statuses set in place, reads invalidated. */
export function useLiveUpdates(): void {
  const api = useApi();
  const client = useQueryClient();

  useEffect(() => {
    const offStatus = api.subscribe('sync:onDidChangeStatus', (pushed) => {
      const previous = client.getQueryData<SyncStatus[]>(queryKeys.syncStatus());
      client.setQueryData<SyncStatus[]>(queryKeys.syncStatus(), (current) => mergeSyncStatuses(current, pushed));
      for (const centerId of freshlySynced(previous, pushed, ['kubernetes'])) {
        invalidateForCenter(client, ['inventory', 'events'], centerId);
      }
      for (const centerId of freshlySynced(previous, pushed, ['metrics'])) {
        invalidateForCenter(client, ['series'], centerId);
      }
    });
    const offInventory = api.subscribe('inventory:onDidChange', ({ centerId }) => {
      invalidateForCenter(client, ['inventory', 'events'], centerId);
    });
    return () => {
      offStatus();
      offInventory();
    };
  }, [api, client]);
}
