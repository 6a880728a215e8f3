import { useEffect, useMemo, useState } from 'react';
import type { StoredLogLinePayload } from '../../../shared/contract/channels.ts';
import type { LogLevel } from '../../../shared/domain/logs.ts';
import { CenterTag } from '../../components/center-tag.tsx';
import { ErrorPanel } from '../../components/error-panel.tsx';
import { useCenterIndex } from '../../data/use-centers.ts';
import { useLogsAround, useLogsSearch } from '../../data/use-signals.ts';
import { formatDateTime } from '../../format/time.ts';
import { useUiStore } from '../../state/ui-store.ts';
import { flattenLogPages, logLevels, toggleLevel } from './logs-paging.ts';

const pageSize = 200;
const liveTailMs = 3_000;

/** A value that follows `value` once it has stopped changing for `delayMs`. */
function useDebounced<T>(value: T, delayMs: number): T {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(value), delayMs);
    return () => clearTimeout(timer);
  }, [value, delayMs]);
  return settled;
}

function optional(text: string): string | undefined {
  const trimmed = text.trim();
  return trimmed === '' ? undefined : trimmed;
}

export function LogsView() {
  const centerIds = useUiStore((state) => state.selectedCenterIds);
  const range = useUiStore((state) => state.timeRange);
  const filter = useUiStore((state) => state.logsFilter);
  const setFilter = useUiStore((state) => state.setLogsFilter);
  const [live, setLive] = useState(false);
  const [expanded, setExpanded] = useState<string | null>(null);
  const text = useDebounced(filter.text, 250);
  const namespace = useDebounced(filter.namespace, 250);
  const pod = useDebounced(filter.pod, 250);
  const container = useDebounced(filter.container, 250);
  const params = useMemo(
    () => ({
      range,
      text: optional(text),
      levels: filter.levels.length > 0 ? filter.levels : undefined,
      namespace: optional(namespace),
      pod: optional(pod),
      container: optional(container),
      limit: pageSize,
    }),
    [range, text, filter.levels, namespace, pod, container],
  );
  const query = useLogsSearch(centerIds, params, live ? liveTailMs : false);
  const lines = useMemo(() => flattenLogPages(query.data?.pages ?? []), [query.data]);

  return (
    <section className="signal-view" data-testid="logs-view" aria-label="Logs">
      <div className="signal-toolbar">
        <input
          className="input signal-toolbar__search"
          type="search"
          placeholder="Search log lines…"
          aria-label="Search log lines"
          data-testid="logs-search"
          value={filter.text}
          onChange={(event) => setFilter({ text: event.target.value })}
        />
        <div className="level-chips" role="group" aria-label="Levels">
          {logLevels.map((level) => (
            <button
              key={level}
              type="button"
              className={`level-chip level-chip--${level}${filter.levels.includes(level) ? ' level-chip--on' : ''}`}
              aria-pressed={filter.levels.includes(level)}
              data-testid={`level-${level}`}
              onClick={() => setFilter({ levels: toggleLevel(filter.levels, level) })}
            >
              {level}
            </button>
          ))}
        </div>
        <input className="input signal-toolbar__field" placeholder="namespace" aria-label="Namespace" value={filter.namespace} onChange={(event) => setFilter({ namespace: event.target.value })} data-testid="logs-namespace" />
        <input className="input signal-toolbar__field" placeholder="pod" aria-label="Pod" value={filter.pod} onChange={(event) => setFilter({ pod: event.target.value })} data-testid="logs-pod" />
        <input className="input signal-toolbar__field" placeholder="container" aria-label="Container" value={filter.container} onChange={(event) => setFilter({ container: event.target.value })} data-testid="logs-container" />
        <label className="live-toggle" title={`Re-query every ${liveTailMs / 1000} s`}>
          <input type="checkbox" checked={live} onChange={(event) => setLive(event.target.checked)} data-testid="live-tail" />
          Live tail
          {live && <span className="live-dot" aria-hidden="true" />}
        </label>
        <span className="muted small" data-testid="logs-count">
          {query.isFetching ? 'searching…' : `${lines.length}${query.hasNextPage ? '+' : ''} lines`}
        </span>
      </div>
      {query.isError ? (
        <ErrorPanel error={query.error} onRetry={() => void query.refetch()} />
      ) : query.isPending ? (
        <div className="signal-empty muted">Searching the cache…</div>
      ) : lines.length === 0 ? (
        <div className="signal-empty muted">
          No log lines in the cache match. Widen the time range, clear a filter, or wait for the next logs sync.
        </div>
      ) : (
        <div className="log-list" role="list">
          {lines.map((line) => (
            <LogLine key={line.id} line={line} expanded={expanded === line.id} onToggle={() => setExpanded(expanded === line.id ? null : line.id)} />
          ))}
          {query.hasNextPage && (
            <div className="log-list__more">
              <button type="button" className="button" disabled={query.isFetchingNextPage} onClick={() => void query.fetchNextPage()} data-testid="load-older">
                {query.isFetchingNextPage ? 'Loading…' : 'Load older'}
              </button>
            </div>
          )}
        </div>
      )}
    </section>
  );
}

function LogLine({ line, expanded, onToggle }: { line: StoredLogLinePayload; expanded: boolean; onToggle(): void }) {
  const centers = useCenterIndex();
  const timeZone = useUiStore((state) => state.timeZone);
  const openTrace = useUiStore((state) => state.openTrace);
  return (
    <div className={`log-line log-line--${line.level}${expanded ? ' log-line--expanded' : ''}`} role="listitem" data-testid="log-line" data-trace-id={line.traceId ?? ''} data-level={line.level} data-pod={line.pod ?? ''} data-timestamp={line.timestamp}>
      <div className="log-line__row">
        <span className="log-line__time mono">{formatDateTime(line.timestamp, timeZone)}</span>
        <LevelTag level={line.level} />
        <CenterTag centerId={line.centerId} center={centers.get(line.centerId)} />
        <span className="log-line__source mono" title={`${line.namespace ?? ''}/${line.pod ?? ''} ${line.container ?? ''}`}>
          {line.namespace ?? '—'}/{line.pod ?? '—'}
        </span>
        <span className="log-line__text mono">{line.line}</span>
        <span className="log-line__actions">
          {line.traceId && (
            <button type="button" className="link-button" data-testid="open-trace" onClick={() => openTrace(line.traceId)} title={`Trace ${line.traceId}`}>
              Open trace
            </button>
          )}
          <button type="button" className="link-button" data-testid="surrounding" aria-expanded={expanded} onClick={onToggle}>
            {expanded ? 'Hide context' : 'Surrounding lines'}
          </button>
        </span>
      </div>
      {expanded && <Surrounding lineId={line.id} />}
    </div>
  );
}

function LevelTag({ level }: { level: LogLevel }) {
  return <span className={`level-tag level-tag--${level}`}>{level === 'unknown' ? '—' : level}</span>;
}

function Surrounding({ lineId }: { lineId: string }) {
  const timeZone = useUiStore((state) => state.timeZone);
  const around = useLogsAround(lineId, 20);
  if (around.isPending) return <div className="log-around muted small">Loading surrounding lines…</div>;
  if (around.isError) return <ErrorPanel error={around.error} compact onRetry={() => void around.refetch()} />;
  return (
    <div className="log-around" data-testid="log-around">
      {around.data.map((line) => (
        <div key={line.id} className={`log-around__line log-line--${line.level}${line.id === lineId ? ' log-around__line--self' : ''}`}>
          <span className="log-line__time mono">{formatDateTime(line.timestamp, timeZone)}</span>
          <LevelTag level={line.level} />
          <span className="log-line__text mono">{line.line}</span>
        </div>
      ))}
    </div>
  );
}
