import { useMemo, useState } from 'react';
import type { Incident, TimelineEntry } from '../../../shared/domain/incidents.ts';
import { CenterTag } from '../../components/center-tag.tsx';
import { ErrorPanel } from '../../components/error-panel.tsx';
import { useCenterIndex } from '../../data/use-centers.ts';
import { useLogsSearch } from '../../data/use-signals.ts';
import { useUiStore } from '../../state/ui-store.ts';
import { flattenLogPages } from '../logs/logs-paging.ts';
import { IncidentTime } from './incident-time.tsx';
import { citedNamespaces, windowRange } from './timeline-logic.ts';

const limit = 100;

/** Error and warning lines of the incident's centers within its window, read from the cache; by default in the namespace the timeline cites most. */
export function IncidentLogs({ incident, timeline }: { incident: Incident; timeline: readonly TimelineEntry[] }) {
  const namespaces = useMemo(() => citedNamespaces(timeline), [timeline]);
  const [chosen, setChosen] = useState<string | null>(null);
  const namespace = chosen ?? namespaces[0] ?? '';
  const centers = useCenterIndex();
  const openLogs = useUiStore((state) => state.openLogs);
  const openTrace = useUiStore((state) => state.openTrace);
  const range = useMemo(() => windowRange(incident.window), [incident.window]);
  const params = useMemo(() => ({ range, levels: ['error' as const, 'warn' as const], limit, ...(namespace ? { namespace } : {}) }), [range, namespace]);
  const query = useLogsSearch(incident.centerIds, params, false);
  const lines = useMemo(() => flattenLogPages(query.data?.pages ?? []), [query.data]);

  return (
    <section className="incident-logs" data-testid="incident-logs" aria-label="Logs in the window">
      <h3 className="incident-panel__title">
        Error logs in the window
        <span className="muted small"> {query.isSuccess ? `${lines.length}${query.hasNextPage ? '+' : ''} lines` : ''}</span>
        <button type="button" className="link-button" onClick={() => openLogs({ namespace }, range)} data-testid="incident-open-logs">
          Open in Logs
        </button>
      </h3>
      {namespaces.length > 0 && (
        <div className="incident-logs__scope" role="group" aria-label="Namespace">
          {[...namespaces.slice(0, 5), ''].map((option) => (
            <button
              key={option || 'all'}
              type="button"
              className={`level-chip${option === namespace ? ' level-chip--on' : ''}`}
              aria-pressed={option === namespace}
              data-testid="incident-logs-namespace"
              onClick={() => setChosen(option)}
            >
              {option || 'all namespaces'}
            </button>
          ))}
        </div>
      )}
      {query.isError ? (
        <ErrorPanel error={query.error} compact onRetry={() => void query.refetch()} />
      ) : query.isPending ? (
        <p className="muted small">Searching the cache…</p>
      ) : lines.length === 0 ? (
        <p className="muted small">No error or warning lines cached for this window.</p>
      ) : (
        <div className="incident-logs__list">
          {lines.map((line) => (
            <div key={line.id} className={`incident-log log-line--${line.level}`} data-testid="incident-log-line" data-level={line.level}>
              <IncidentTime at={line.timestamp} className="mono incident-log__time" />
              <CenterTag centerId={line.centerId} center={centers.get(line.centerId)} />
              <span className="mono incident-log__source">
                {line.namespace ?? '—'}/{line.pod ?? '—'}
              </span>
              <span className="mono incident-log__text">{line.line}</span>
              {line.traceId && (
                <button type="button" className="link-button" onClick={() => openTrace(line.traceId)}>
                  trace
                </button>
              )}
            </div>
          ))}
        </div>
      )}
    </section>
  );
}
