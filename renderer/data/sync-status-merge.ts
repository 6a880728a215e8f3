import type { SyncStatus } from '../../shared/contract/channels.ts';

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
export function freshlySynced(previous: readonly SyncStatus[] | undefined, pushed: readonly SyncStatus[], signals: string[]): Set<string> {
  const before = new Map((previous ?? []).map((status) => [statusKey(status), status]));
  const centers = new Set<string>();
  for (const status of pushed) {
    if (!signals.includes(status.signal) || status.lastSuccessAt === null) continue;
    if (before.get(statusKey(status))?.lastSuccessAt !== status.lastSuccessAt) centers.add(status.centerId);
  }
  return centers;
}
