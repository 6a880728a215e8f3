import { useEffect, useMemo, useState } from 'react';
import { resolveTimeRange } from '../../../shared/time/range.ts';
import { incidentStatusSchema, type Incident } from '../../../shared/domain/incidents.ts';
import { isTypingTarget } from '../../components/keyboard-target.ts';
import { ErrorPanel } from '../../components/error-panel.tsx';
import { StatusBadge, type Tone } from '../../components/status-badge.tsx';
import { useCenters } from '../../data/use-centers.ts';
import { useIncidents } from '../../data/use-incidents.ts';
import { useUiStore, type TabId } from '../../state/ui-store.ts';
import '../../styles/incidents.css';
import { AlertsPanel } from './alerts-panel.tsx';
import { CreateIncidentForm } from './create-incident-form.tsx';
import { IncidentPage } from './incident-page.tsx';
import { IncidentWindow } from './incident-time.tsx';
import { PackImport } from './pack-import.tsx';
import { draftFromSelection, moveFocus, type IncidentDraft, type ViewSelection } from './timeline-logic.ts';

export const severityTone: Record<Incident['severity'], Tone> = { critical: 'error', high: 'error', medium: 'warn', low: 'info' };
export const statusTone: Record<Incident['status'], Tone> = { open: 'error', mitigated: 'warn', resolved: 'ok', closed: 'muted' };

const hour = 3_600_000;

/** By hand: the last hour of the selected centers (every known center when none is selected). */
function manualDraft(knownCenterIds: readonly string[]): IncidentDraft {
  const now = Date.now();
  const { selectedCenterIds } = useUiStore.getState();
  const centerIds = selectedCenterIds.length > 0 ? selectedCenterIds : [...knownCenterIds];
  return { title: '', severity: 'medium', owner: '', centerIds, services: [], window: { fromMs: now - hour, toMs: now }, origin: { type: 'manual' } };
}

/** What the inventory views have opened (or highlighted), pods first: the object an incident from a selection is about. */
export function currentSelection(): ViewSelection | null {
  const { openedKeys, selectedKeys } = useUiStore.getState();
  const order: TabId[] = ['pods', 'nodes', 'containers'];
  const kinds: Record<TabId, ViewSelection['kind']> = { pods: 'pod', nodes: 'node', containers: 'container' };
  for (const keys of [openedKeys, selectedKeys]) {
    for (const tab of order) {
      const key = keys[tab];
      if (key) return { view: tab, kind: kinds[tab], key };
    }
  }
  return null;
}

/** The desk's current time range as a window (relative ranges resolved now). */
export function currentWindow(): { fromMs: number; toMs: number } {
  const range = resolveTimeRange(useUiStore.getState().timeRange, Date.now());
  return { fromMs: range.from, toMs: range.to };
}

/** Starts a new-incident form about one inventory row over the desk's time range. */
export function IncidentFromSelectionButton({ selection }: { selection: ViewSelection }) {
  const draftIncident = useUiStore((state) => state.draftIncident);
  return (
    <button
      type="button"
      className="button button--small"
      data-testid="selection-create-incident"
      title="Create an incident about this object over the current time range"
      onClick={() => draftIncident(draftFromSelection(selection, currentWindow()))}
    >
      Incident
    </button>
  );
}

const selectionKinds: Record<TabId, ViewSelection['kind']> = { pods: 'pod', nodes: 'node', containers: 'container' };

/** In an inventory detail pane: an incident about the row it shows. */
export function DetailIncidentButton({ tab }: { tab: TabId }) {
  const key = useUiStore((state) => state.openedKeys[tab]);
  return key ? <IncidentFromSelectionButton selection={{ view: tab, kind: selectionKinds[tab], key }} /> : null;
}

const statusFilters = ['active', 'all', ...incidentStatusSchema.options] as const;
type StatusFilter = (typeof statusFilters)[number];

function matchesStatus(incident: Incident, filter: StatusFilter): boolean {
  if (filter === 'all') return true;
  if (filter === 'active') return incident.status === 'open' || incident.status === 'mitigated';
  return incident.status === filter;
}

function IncidentList({ incidents: all }: { incidents: Incident[] }) {
  const openIncident = useUiStore((state) => state.openIncident);
  const [focused, setFocused] = useState<string | null>(null);
  const [filter, setFilter] = useState<StatusFilter>('all');
  const incidents = useMemo(() => all.filter((incident) => matchesStatus(incident, filter)), [all, filter]);
  useEffect(() => {
    function onKeyDown(event: KeyboardEvent) {
      if (isTypingTarget(event) || event.defaultPrevented) return;
      const ids = incidents.map((incident) => incident.id);
      if (event.key === 'j' || event.key === 'k') {
        setFocused((current) => moveFocus(ids, current, event.key === 'j' ? 1 : -1));
        event.preventDefault();
      } else if (event.key === 'Enter' && focused) {
        openIncident(focused);
        event.preventDefault();
      }
    }
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [incidents, focused, openIncident]);

  if (all.length === 0) {
    return <p className="muted incident-empty">No incidents yet. Create one by hand, from an alert, or from a selection in any view.</p>;
  }
  return (
    <>
      <div className="level-chips incident-filters" role="group" aria-label="Status">
        {statusFilters.map((option) => (
          <button
            key={option}
            type="button"
            className={`level-chip${filter === option ? ' level-chip--on' : ''}`}
            aria-pressed={filter === option}
            data-testid={`incident-filter-${option}`}
            onClick={() => setFilter(option)}
          >
            {option} <span className="muted">{all.filter((incident) => matchesStatus(incident, option)).length}</span>
          </button>
        ))}
      </div>
      <table className="incident-table" data-testid="incidents-table">
        <thead>
          <tr>
            <th>Title</th>
            <th>Status</th>
            <th>Severity</th>
            <th>Owner</th>
            <th>Centers</th>
            <th>Window</th>
          </tr>
        </thead>
        <tbody>
          {incidents.map((incident) => (
            <tr
              key={incident.id}
              className={`incident-row${focused === incident.id ? ' incident-row--focused' : ''}`}
              data-testid="incident-row"
              data-incident-id={incident.id}
              aria-selected={focused === incident.id}
              onClick={() => openIncident(incident.id)}
            >
              <td className="incident-row__title">
                {incident.title}
                {incident.imported && (
                  <span className="badge badge--info incident-readonly" title={`Imported pack signed by ${incident.imported.signer}`}>
                    read-only
                  </span>
                )}
              </td>
              <td>
                <StatusBadge tone={statusTone[incident.status]}>{incident.status}</StatusBadge>
              </td>
              <td>
                <StatusBadge tone={severityTone[incident.severity]}>{incident.severity}</StatusBadge>
              </td>
              <td>{incident.owner ?? <span className="muted">—</span>}</td>
              <td className="mono small">{incident.centerIds.join(', ') || '—'}</td>
              <td>
                <IncidentWindow window={incident.window} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}

/** Incidents: the list, firing alerts to start from, pack import; or one incident's page. */
export function IncidentsView() {
  const openedId = useUiStore((state) => state.openedIncidentId);
  const draft = useUiStore((state) => state.incidentDraft);
  const draftIncident = useUiStore((state) => state.draftIncident);
  const incidents = useIncidents();
  const centers = useCenters();
  const selection = currentSelection();

  if (openedId) return <IncidentPage id={openedId} />;
  return (
    <section className="incidents-view" data-testid="incidents-view" aria-label="Incidents">
      <div className="incidents-toolbar">
        <h2 className="incidents-toolbar__title">Incidents</h2>
        <button type="button" className="button button--primary" data-testid="new-incident" onClick={() => draftIncident(manualDraft((centers.data ?? []).map((center) => center.id)))}>
          New incident
        </button>
        <button
          type="button"
          className="button"
          data-testid="incident-from-selection"
          disabled={!selection}
          title={selection ? `About ${selection.key} over the current time range` : 'Select a node, pod or container in its view first'}
          onClick={() => selection && draftIncident(draftFromSelection(selection, currentWindow()))}
        >
          From selection{selection ? `: ${selection.key.split('/').slice(1).join('/')}` : ''}
        </button>
        <span className="muted small">{incidents.data ? `${incidents.data.length} incident${incidents.data.length === 1 ? '' : 's'}` : ''}</span>
      </div>
      {draft && <CreateIncidentForm key={JSON.stringify(draft)} draft={draft} />}
      <div className="incidents-columns">
        <div className="incidents-columns__main">
          {incidents.isError ? (
            <ErrorPanel error={incidents.error} onRetry={() => void incidents.refetch()} />
          ) : incidents.isPending ? (
            <p className="muted">Reading incidents…</p>
          ) : (
            <IncidentList incidents={incidents.data} />
          )}
        </div>
        <aside className="incidents-columns__side">
          <AlertsPanel />
          <PackImport />
        </aside>
      </div>
    </section>
  );
}
