import type { SyncStatus } from '../../shared/contract/channels.ts';

export type CenterSyncState = 'idle' | 'syncing' | 'ok' | 'error' | 'unknown';

export interface CenterSyncSummary {
  centerId: string;
  state: CenterSyncState;
  /** The oldest endpoint success: everything in the cache is at least this fresh. Null until every endpoint succeeded once. */
  lastSuccessAt: number | null;
  lastAttemptAt: number | null;
  /** Mean progress of the endpoints still syncing, 0..1; null when none is. */
  progress: number | null;
  errors: { signal: string; endpointId: string; code: string; message: string }[];
  endpoints: SyncStatus[];
}

/** One line per center from its endpoints' statuses: error beats syncing beats ok beats idle. */
export function summarizeCenterSync(centerId: string, statuses: readonly SyncStatus[]): CenterSyncSummary {
  const endpoints = statuses.filter((status) => status.centerId === centerId);
  const errors = endpoints.flatMap((status) =>
    status.state === 'error' && status.error
      ? [{ signal: status.signal, endpointId: status.endpointId, code: status.error.code, message: status.error.message }]
      : status.state === 'error'
        ? [{ signal: status.signal, endpointId: status.endpointId, code: 'unknown', message: 'sync failed' }]
        : [],
  );
  const syncing = endpoints.filter((status) => status.state === 'syncing');
  let state: CenterSyncState = 'unknown';
  if (errors.length) state = 'error';
  else if (syncing.length) state = 'syncing';
  else if (endpoints.length && endpoints.every((status) => status.state === 'ok')) state = 'ok';
  else if (endpoints.length) state = endpoints.some((status) => status.state === 'ok') ? 'ok' : 'idle';

  const successes = endpoints.map((status) => status.lastSuccessAt);
  const lastSuccessAt =
    successes.length && successes.every((value): value is number => value !== null) ? Math.min(...successes) : null;
  const attempts = endpoints.map((status) => status.lastAttemptAt).filter((value): value is number => value !== null);
  const progress = syncing.length
    ? syncing.reduce((sum, status) => sum + (status.progress ?? 0), 0) / syncing.length
    : null;
  return {
    centerId,
    state,
    lastSuccessAt,
    lastAttemptAt: attempts.length ? Math.max(...attempts) : null,
    progress,
    errors,
    endpoints,
  };
}
