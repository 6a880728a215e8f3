import { useMutation, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import type { CenterConfig } from '../../shared/config/centers-config.ts';
import { useApi } from '../api/api-context.tsx';
import { toSaveInput } from '../state/center-form.ts';
import { unwrap } from '../api/unwrap.ts';
import { queryKeys, staleTimes } from './query-keys.ts';

/**
 * After centers were added, edited or removed (here or elsewhere): the registry, the demo flag, the
 * cached rows of removed centers and the sync strip all change; re-read them.
 */
export function invalidateAfterCentersChange(client: QueryClient): Promise<void> {
  return Promise.all(
    [['centers'], queryKeys.appInfo(), ['inventory'], ['events'], ['series'], queryKeys.syncStatus()].map((queryKey) =>
      client.invalidateQueries({ queryKey }),
    ),
  ).then(() => undefined);
}

export function useCenterConfig() {
  const api = useApi();
  return useQuery({
    queryKey: queryKeys.centersConfig(),
    queryFn: () => unwrap('centers:config', api['centers:config']({})),
    staleTime: staleTimes.centersConfig,
  });
}

export function useSecretStatus() {
  const api = useApi();
  return useQuery({
    queryKey: queryKeys.secretsStatus(),
    queryFn: () => unwrap('secrets:status', api['secrets:status']({})),
    staleTime: staleTimes.secretsStatus,
  });
}

export function useSaveCenter() {
  const api = useApi();
  const client = useQueryClient();
  return useMutation({
    mutationFn: (center: CenterConfig) => unwrap('centers:save', api['centers:save']({ center: toSaveInput(center) })),
    onSuccess: () => invalidateAfterCentersChange(client),
  });
}

/** Re-read the centers file after it was fixed in an editor. */
export function useReloadCenters() {
  const api = useApi();
  const client = useQueryClient();
  return useMutation({
    mutationFn: () => unwrap('centers:reload', api['centers:reload']({})),
    onSuccess: () => invalidateAfterCentersChange(client),
  });
}

export function useRemoveCenter() {
  const api = useApi();
  const client = useQueryClient();
  return useMutation({
    mutationFn: (centerId: string) => unwrap('centers:remove', api['centers:remove']({ centerId })),
    onSuccess: () => invalidateAfterCentersChange(client),
  });
}

export function useTestCenter() {
  const api = useApi();
  return useMutation({
    mutationFn: (centerId: string) => unwrap('centers:test', api['centers:test']({ centerId })),
  });
}

/** Write-only: the value goes to the keychain; only the backend that took it comes back. */
export function useSetSecret() {
  const api = useApi();
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: { key: string; value: string }) => unwrap('secrets:set', api['secrets:set'](input)),
    onSuccess: ({ backend }) => {
      // The vault may have fallen back to memory since the status was read: re-read it then.
      const known = client.getQueryData<{ backend: string }>(queryKeys.secretsStatus());
      if (known?.backend !== backend) void client.invalidateQueries({ queryKey: queryKeys.secretsStatus() });
    },
  });
}
