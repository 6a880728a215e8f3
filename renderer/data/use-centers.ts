import { useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import type { CenterSummary } from '../../shared/contract/channels.ts';
import { useApi } from '../api/api-context.tsx';
import { unwrap } from '../api/unwrap.ts';
import { queryKeys, staleTimes } from './query-keys.ts';

export function useCenters() {
  const api = useApi();
  return useQuery({
    queryKey: queryKeys.centers(),
    queryFn: () => unwrap('centers:list', api['centers:list']({})),
    staleTime: staleTimes.centers,
  });
}

export function useAppInfo() {
  const api = useApi();
  return useQuery({
    queryKey: queryKeys.appInfo(),
    queryFn: () => unwrap('app:info', api['app:info']({})),
    staleTime: staleTimes.appInfo,
  });
}

/** Center id -> summary, for naming centers in tables. */
export function useCenterIndex(): Map<string, CenterSummary> {
  const { data } = useCenters();
  return useMemo(() => new Map((data ?? []).map((center) => [center.id, center])), [data]);
}
