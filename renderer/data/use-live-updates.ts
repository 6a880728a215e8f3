import { useQueryClient, type QueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import type { SyncStatus } from '../../shared/contract/channels.ts';
import { useApi } from '../api/api-context.tsx';
import { keyCoversCenter, queryKeys } from './query-keys.ts';

function statusKey(status: SyncStatus): string {
  return `${status.centerId}\u0000${status.endpointId}`;
}

/** Merges pushed statuses into the cached list (a push may carry only the endpoints that changed). */
export function mergeSyncStatuses(current: readonly SyncStatus[] | undefined, pushed: readonly SyncStatus[]): SyncStatus[] {
  const merged = new Map((current ?? []).map((status) => [statusKey(status), status]));
  for (const status of pushed) merged.set(statusKey(status), status);
  return [...merged.values()];
}

/** Centers whose signal just finished a successful pull: their cached reads are out of date. */
function freshlySynced(previous: readonly SyncStatus[] | undefined, pushed: readonly SyncStatus[], signals: string[]): Set<string> {
  const before = new Map((previous ?? []).map((status) => [statusKey(status), status]));
  const centers = new Set<string>();
  for (const status of pushed) {
    if (!signals.includes(status.signal) || status.lastSuccessAt === null) continue;
    if (before.get(statusKey(status))?.lastSuccessAt !== status.lastSuccessAt) centers.add(status.centerId);
  }
  return centers;
}

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
