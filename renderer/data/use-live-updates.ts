import { useQueryClient, type QueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import type { SessionInfoPayload, SyncStatus } from '../../shared/contract/channels.ts';
import { useApi } from '../api/api-context.tsx';
import { mergeSession } from '../state/access-format.ts';
import { usePromptStore } from '../state/prompt-store.ts';
import { useUiStore } from '../state/ui-store.ts';
import { keyCoversCenter, queryKeys } from './query-keys.ts';
import { freshlySynced, mergeSyncStatuses } from './sync-status-merge.ts';
import { invalidateAfterCentersChange } from './use-center-config.ts';

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
      for (const centerId of freshlySynced(previous, pushed, ['logs'])) {
        invalidateForCenter(client, ['logs'], centerId);
      }
      for (const centerId of freshlySynced(previous, pushed, ['traces'])) {
        invalidateForCenter(client, ['traces'], centerId);
      }
      for (const centerId of freshlySynced(previous, pushed, ['alerts'])) {
        invalidateForCenter(client, ['alerts'], centerId);
      }
      if (freshlySynced(previous, pushed, ['kubernetes', 'alerts', 'logs', 'traces']).size > 0) {
        void client.invalidateQueries({ queryKey: [...queryKeys.incidents.all(), 'detail'] });
      }
    });
    const offInventory = api.subscribe('inventory:onDidChange', ({ centerId }) => {
      invalidateForCenter(client, ['inventory', 'events'], centerId);
    });
    const offCenters = api.subscribe('centers:onDidChange', ({ centerIds }) => {
      // A selection naming centers that are gone would show nothing; keep the ones that remain.
      const { selectedCenterIds, setSelectedCenterIds } = useUiStore.getState();
      const kept = selectedCenterIds.filter((id) => centerIds.includes(id));
      if (kept.length !== selectedCenterIds.length) setSelectedCenterIds(kept);
      void invalidateAfterCentersChange(client);
    });
    // Timelines are assembled from the cache: a fresh pull of a center can add entries to any open incident.
    const offIncidents = api.subscribe('incidents:onDidChange', ({ id, change }) => {
      void client.invalidateQueries({ queryKey: queryKeys.incidents.list() });
      if (change === 'deleted') client.removeQueries({ queryKey: queryKeys.incidents.detail(id) });
      else void client.invalidateQueries({ queryKey: queryKeys.incidents.detail(id) });
    });
    return () => {
      offStatus();
      offInventory();
      offCenters();
      offIncidents();
    };
  }, [api, client]);
}

/** Sign-in sessions, the keychain's state and the questions main asks (host keys, device codes). */
export function useAccessUpdates(): void {
  const api = useApi();
  const client = useQueryClient();

  useEffect(() => {
    const prompts = usePromptStore.getState();
    const offSession = api.subscribe('auth:onDidChangeSession', (session) => {
      client.setQueryData<SessionInfoPayload[]>(queryKeys.authSessions(), (current) => mergeSession(current, session));
      if (session.state === 'signed-in') usePromptStore.getState().clearDeviceCode(session.profileId);
    });
    const offDeviceCode = api.subscribe('auth:onDidReceiveDeviceCode', (code) => prompts.setDeviceCode(code));
    const offHostKey = api.subscribe('tunnels:onDidRequestHostKey', (prompt) => prompts.pushHostKey(prompt));
    const offSecrets = api.subscribe('secrets:onDidChangeStatus', (status) => client.setQueryData(queryKeys.secretsStatus(), status));
    return () => {
      offSession();
      offDeviceCode();
      offHostKey();
      offSecrets();
    };
  }, [api, client]);
}
