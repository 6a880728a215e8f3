import { useMemo } from 'react';
import type { CenterSummary } from '../../shared/contract/channels.ts';
import { ErrorPanel, describeError } from '../components/error-panel.tsx';
import { useNow } from '../components/use-now.ts';
import { useCenterConfig } from '../data/use-center-config.ts';
import { useCenters } from '../data/use-centers.ts';
import { useSessions } from '../data/use-sign-in.ts';
import { useRefreshSync, useSyncStatus } from '../data/use-sync.ts';
import { formatAgo, formatClock } from '../format/time.ts';
import { deriveCenterHealth, ssoProfilesOf, type CenterHealth } from '../state/center-health.ts';
import { CenterHealthBadge } from './center-health-badge.tsx';
import { summarizeCenterSync, type CenterSyncSummary } from '../state/sync-summary.ts';
import { useUiStore } from '../state/ui-store.ts';

/** Beyond this many centers the strip shows the ones that need attention first and folds the rest. */
const maxChips = 6;
const attentionOrder: Record<CenterSyncSummary['state'], number> = { error: 0, syncing: 1, unknown: 2, idle: 3, ok: 4 };

const stateLabel: Record<CenterSyncSummary['state'], string> = {
  ok: 'synced',
  syncing: 'syncing',
  error: 'error',
  idle: 'idle',
  unknown: 'no status',
};

function CenterSyncChip({
  center,
  summary,
  health,
  now,
  timeZone,
}: {
  center: CenterSummary;
  summary: CenterSyncSummary;
  health: CenterHealth;
  now: number;
  timeZone: string;
}) {
  const refresh = useRefreshSync();
  const busy = refresh.isPending || summary.state === 'syncing';
  const detail = summary.endpoints
    .map((endpoint) => `${endpoint.signal}: ${endpoint.state}${endpoint.error ? ` (${endpoint.error.code}: ${endpoint.error.message})` : ''}`)
    .join('\n');
  return (
    <div
      className={`sync-chip sync-chip--${summary.state}`}
      data-testid="sync-status"
      data-center={center.id}
      data-state={summary.state}
      data-health={health.state}
      title={detail || undefined}
    >
      <span className="sync-chip__dot" aria-hidden="true" />
      <span className="sync-chip__name">{center.name}</span>
      <span className={`kind kind--${center.kind}`}>{center.kind}</span>
      {center.demo && <span className="demo-label">demo</span>}
      {/* The health badge says live / stale; the raw word is only worth showing while something runs or failed. */}
      {(summary.state === 'syncing' || summary.state === 'error') && <span className="sync-chip__state">{stateLabel[summary.state]}</span>}
      <CenterHealthBadge health={health} now={now} timeZone={timeZone} />
      {health.state === 'needs-sign-in' && health.reason && (
        <span className="sync-chip__error" data-testid="sync-error">
          {health.reason}
        </span>
      )}
      {summary.lastSuccessAt !== null && health.state !== 'stale' && (
        <span className="sync-chip__time" title={`Last full success ${formatClock(summary.lastSuccessAt, timeZone)}`}>
          {formatClock(summary.lastSuccessAt, timeZone)} · {formatAgo(summary.lastSuccessAt, now)}
        </span>
      )}
      {health.state !== 'needs-sign-in' && summary.errors.map((error) => (
        <span className="sync-chip__error" key={error.endpointId} data-testid="sync-error">
          {error.signal}: {error.code} — {error.message}
        </span>
      ))}
      {refresh.isError && (
        <span className="sync-chip__error">
          refresh {describeError(refresh.error).code} — {describeError(refresh.error).message}
        </span>
      )}
      <button
        type="button"
        className="icon-button icon-button--small"
        onClick={() => refresh.mutate([center.id])}
        disabled={refresh.isPending}
        aria-label={`Refresh ${center.name}`}
        title={`Refresh ${center.name} now`}
        data-testid="sync-refresh"
      >
        <span className={busy ? 'refresh-icon refresh-icon--spinning' : 'refresh-icon'} aria-hidden="true">
          ↻
        </span>
      </button>
      {summary.state === 'syncing' && health.backfill === null && (
        <span
          className={summary.progress === null ? 'sync-chip__progress sync-chip__progress--indeterminate' : 'sync-chip__progress'}
          role="progressbar"
          aria-valuemin={0}
          aria-valuemax={100}
          aria-valuenow={summary.progress === null ? undefined : Math.round(summary.progress * 100)}
        >
          <span style={{ width: `${Math.round((summary.progress ?? 0.3) * 100)}%` }} />
        </span>
      )}
    </div>
  );
}

/** Per-center freshness of the cache, live from `sync:onDidChangeStatus`, with Refresh buttons. */
export function SyncStatusBar() {
  const centers = useCenters();
  const status = useSyncStatus();
  const refreshAll = useRefreshSync();
  const selected = useUiStore((state) => state.selectedCenterIds);
  const timeZone = useUiStore((state) => state.timeZone);
  const now = useNow(5_000);
  const sessions = useSessions();
  const configs = useCenterConfig();
  const summaries = useMemo(() => {
    const chosen = (centers.data ?? []).filter((center) => selected.length === 0 || selected.includes(center.id));
    const all = chosen.map((center) => ({
      center,
      summary: summarizeCenterSync(center.id, status.data ?? []),
      health: deriveCenterHealth({
        centerId: center.id,
        statuses: status.data ?? [],
        sessions: sessions.data ?? [],
        ssoProfiles: ssoProfilesOf(configs.data?.centers.find((config) => config.id === center.id)),
        now,
      }),
    }));
    if (all.length <= maxChips) return { visible: all, folded: [] };
    const ordered = [...all].sort((a, b) => attentionOrder[a.summary.state] - attentionOrder[b.summary.state]);
    return { visible: ordered.slice(0, maxChips), folded: ordered.slice(maxChips) };
  }, [centers.data, selected, status.data, sessions.data, configs.data, now]);

  if (centers.isError) return <ErrorPanel error={centers.error} title="Could not list centers" compact onRetry={() => void centers.refetch()} />;
  return (
    <div className="sync-bar" data-testid="sync-bar">
      <span className="sync-bar__label">Cache</span>
      {status.isError && !status.data && (
        <span className="sync-chip__error">
          status {describeError(status.error).code} — {describeError(status.error).message}
        </span>
      )}
      {centers.isPending && <span className="muted small">Loading centers…</span>}
      <div className="sync-bar__chips">
        {summaries.visible.map(({ center, summary, health }) => (
          <CenterSyncChip key={center.id} center={center} summary={summary} health={health} now={now} timeZone={timeZone} />
        ))}
        {summaries.folded.length > 0 && (
          <span
            className="sync-chip sync-chip--folded"
            title={summaries.folded.map(({ center, summary }) => `${center.name}: ${stateLabel[summary.state]}`).join('\n')}
          >
            +{summaries.folded.length} more ·{' '}
            {summaries.folded.filter(({ summary }) => summary.state === 'ok').length} synced
          </span>
        )}
      </div>
      <button
        type="button"
        className="button button--small"
        onClick={() => refreshAll.mutate(selected)}
        disabled={refreshAll.isPending}
        data-testid="refresh-all"
        title="Pull fresh data from the selected centers into the cache"
      >
        Refresh {selected.length ? 'selected' : 'all'}
      </button>
    </div>
  );
}
