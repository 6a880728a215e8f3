import { useEffect } from 'react';
import { ErrorPanel } from '../../components/error-panel.tsx';
import { isTypingTarget } from '../../components/keyboard-target.ts';
import { StatusBadge } from '../../components/status-badge.tsx';
import { useIncident } from '../../data/use-incidents.ts';
import { useUiStore } from '../../state/ui-store.ts';
import { ChartStrip } from './chart-strip.tsx';
import { ExportBar } from './export-bar.tsx';
import { IncidentHeader, PostMortem } from './incident-header.tsx';
import { IncidentLogs } from './incident-logs.tsx';
import { TimelineView } from './timeline-view.tsx';

/** One incident: its fields, the key metrics, the timeline with notes, its logs, and the exports. */
export function IncidentPage({ id }: { id: string }) {
  const openIncident = useUiStore((state) => state.openIncident);
  const query = useIncident(id);
  const back = () => openIncident(null);

  useEffect(() => {
    function onKeyDown(event: KeyboardEvent) {
      if (event.key !== 'Escape' || isTypingTarget(event) || event.defaultPrevented) return;
      openIncident(null);
      event.preventDefault();
    }
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [openIncident]);

  if (query.isPending) return <p className="muted incident-page">Assembling the timeline from the cache…</p>;
  if (query.isError)
    return (
      <div className="incident-page">
        <button type="button" className="button" onClick={back}>
          ← Incidents
        </button>
        <ErrorPanel error={query.error} onRetry={() => void query.refetch()} />
      </div>
    );
  const { incident, timeline } = query.data;
  return (
    <article className="incident-page" data-testid="incident-page" data-incident-id={incident.id} data-read-only={incident.imported !== null}>
      <IncidentHeader incident={incident} onBack={back} />
      {incident.imported && (
        <p className="callout callout--info small">
          This incident came from a signed pack and is read-only: what you see is what was signed.{' '}
          <StatusBadge tone={incident.imported.trusted ? 'ok' : 'warn'}>{incident.imported.trusted ? 'trusted' : 'untrusted'}</StatusBadge>
        </p>
      )}
      <ExportBar incident={incident} />
      <ChartStrip incident={incident} timeline={timeline} />
      <div className="incident-page__columns">
        <TimelineView incident={incident} timeline={timeline} />
        <aside className="incident-page__side">
          <PostMortem incident={incident} />
          <IncidentLogs incident={incident} timeline={timeline} />
        </aside>
      </div>
    </article>
  );
}
