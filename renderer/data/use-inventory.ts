import { useQuery } from '@tanstack/react-query';
import { useApi } from '../api/api-context.tsx';
import { unwrap } from '../api/unwrap.ts';
import { queryKeys, staleTimes } from './query-keys.ts';

export function useNodes(centerIds: readonly string[]) {
  const api = useApi();
  return useQuery({
    queryKey: queryKeys.inventory.nodes(centerIds),
    queryFn: () => unwrap('inventory:nodes', api['inventory:nodes']({ centerIds: [...centerIds] })),
    staleTime: staleTimes.inventory,
  });
}

export function usePods(centerIds: readonly string[], filter: { namespace?: string; nodeName?: string } = {}) {
  const api = useApi();
  return useQuery({
    queryKey: queryKeys.inventory.pods(centerIds, filter),
    queryFn: () => unwrap('inventory:pods', api['inventory:pods']({ centerIds: [...centerIds], ...filter })),
    staleTime: staleTimes.inventory,
  });
}

export function useContainers(
  centerIds: readonly string[],
  filter: { namespace?: string; podName?: string } = {},
  enabled = true,
) {
  const api = useApi();
  return useQuery({
    queryKey: queryKeys.inventory.containers(centerIds, filter),
    queryFn: () =>
      unwrap('inventory:containers', api['inventory:containers']({ centerIds: [...centerIds], ...filter })),
    staleTime: staleTimes.inventory,
    enabled,
  });
}

export function useKubeEvents(
  centerIds: readonly string[],
  filter: { namespace?: string; involvedName?: string; limit?: number },
  enabled = true,
) {
  const api = useApi();
  return useQuery({
    queryKey: queryKeys.events.list(centerIds, filter),
    queryFn: () => unwrap('events:list', api['events:list']({ centerIds: [...centerIds], ...filter })),
    staleTime: staleTimes.events,
    enabled,
  });
}
