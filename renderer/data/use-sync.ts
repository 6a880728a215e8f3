import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useApi } from '../api/api-context.tsx';
import { unwrap } from '../api/unwrap.ts';
import { queryKeys, staleTimes } from './query-keys.ts';

export function useSyncStatus() {
  const api = useApi();
  return useQuery({
    queryKey: queryKeys.syncStatus(),
    queryFn: () => unwrap('sync:status', api['sync:status']({})),
    staleTime: staleTimes.syncStatus,
    // Pushes keep this current; the interval only covers a dropped event stream.
    refetchInterval: 30_000,
  });
}

export function useRefreshSync() {
  const api = useApi();
  const client = useQueryClient();
  return useMutation({
    mutationFn: (centerIds: string[]) => unwrap('sync:refresh', api['sync:refresh']({ centerIds })),
    onSettled: () => client.invalidateQueries({ queryKey: queryKeys.syncStatus() }),
  });
}
