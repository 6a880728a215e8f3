import { useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { useCallback, useEffect } from 'react';
import type { RoleState } from '../../shared/contract/roles-channels.ts';
import type { Role } from '../../shared/domain/roles.ts';
import type { TimeRangeInput } from '../../shared/time/range.ts';
import { useApi } from '../api/api-context.tsx';
import { unwrap } from '../api/unwrap.ts';

/** Key factories for the role group; the first element names the resource for invalidation. */
export const roleQueryKeys = {
  state: () => ['roles', 'state'] as const,
  serviceHealth: (centerIds: readonly string[], range: TimeRangeInput) => ['services', 'health', { centerIds, range }] as const,
  pending: (centerIds: readonly string[], namespace?: string) => ['analysis', 'pending', { centerIds, namespace }] as const,
};

/** What a role's scope can change: every read answered within it. */
const scopedRoots = ['inventory', 'events', 'series', 'logs', 'traces', 'services', 'analysis', 'map'];

function invalidateScopedReads(client: QueryClient): void {
  void client.invalidateQueries({ predicate: (query) => scopedRoots.includes(String(query.queryKey[0])) });
}

export function useRoleState() {
  const api = useApi();
  return useQuery({
    queryKey: roleQueryKeys.state(),
    queryFn: () => unwrap('roles:list', api['roles:list']({})),
    staleTime: 5 * 60_000,
    retry: 1,
  });
}

/** The active role, or null before the first answer (views then show their own defaults). */
export function useActiveRole(): Role | null {
  const { data } = useRoleState();
  if (!data) return null;
  return data.roles.find((role) => role.id === data.activeRoleId) ?? null;
}

/**
 * Switches role at once in the UI (the cached state is updated before main answers),
 * then reconciles with main's answer and re-reads what the new scope covers.
 */
export function useSelectRole(): (roleId: string) => Promise<void> {
  const api = useApi();
  const client = useQueryClient();
  return useCallback(
    async (roleId: string) => {
      const previous = client.getQueryData<RoleState>(roleQueryKeys.state());
      if (previous?.activeRoleId === roleId) return;
      if (previous) client.setQueryData<RoleState>(roleQueryKeys.state(), { ...previous, activeRoleId: roleId, reason: 'selected' });
      try {
        const state = await unwrap('roles:select', api['roles:select']({ roleId }));
        client.setQueryData(roleQueryKeys.state(), state);
        const before = previous?.roles.find((role) => role.id === previous.activeRoleId);
        const after = state.roles.find((role) => role.id === state.activeRoleId);
        if (JSON.stringify(before?.scope ?? {}) !== JSON.stringify(after?.scope ?? {})) invalidateScopedReads(client);
      } catch (error) {
        if (previous) client.setQueryData(roleQueryKeys.state(), previous);
        throw error;
      }
    },
    [api, client],
  );
}

/** Keeps the role state in step with main (sign-in, config reload, another window). */
export function useRoleUpdates(): void {
  const api = useApi();
  const client = useQueryClient();
  useEffect(
    () =>
      api.subscribe('roles:onDidChange', (state) => {
        const previous = client.getQueryData<RoleState>(roleQueryKeys.state());
        client.setQueryData(roleQueryKeys.state(), state);
        if (previous && previous.activeRoleId !== state.activeRoleId) invalidateScopedReads(client);
      }),
    [api, client],
  );
}

export function useServiceHealth(centerIds: readonly string[], range: TimeRangeInput, enabled = true) {
  const api = useApi();
  return useQuery({
    queryKey: roleQueryKeys.serviceHealth(centerIds, range),
    queryFn: () => unwrap('roles:serviceHealth', api['roles:serviceHealth']({ centerIds: [...centerIds], range })),
    staleTime: 30_000,
    enabled,
  });
}

export function usePendingAnalysis(centerIds: readonly string[], namespace?: string, enabled = true) {
  const api = useApi();
  return useQuery({
    queryKey: roleQueryKeys.pending(centerIds, namespace),
    queryFn: () =>
      unwrap('analysis:pending', api['analysis:pending'](namespace ? { centerIds: [...centerIds], namespace } : { centerIds: [...centerIds] })),
    staleTime: 30_000,
    enabled,
  });
}

