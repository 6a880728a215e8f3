import { useState, type FormEvent } from 'react';
import type { ChannelInput } from '../../../shared/contract/channels.ts';
import { incidentSeveritySchema, type IncidentSeverity } from '../../../shared/domain/incidents.ts';
import { ErrorPanel } from '../../components/error-panel.tsx';
import { useCreateIncident } from '../../data/use-incidents.ts';
import { useUiStore } from '../../state/ui-store.ts';
import { fromLocalInput, parseList, toLocalInput, type IncidentDraft } from './timeline-logic.ts';

const severities = incidentSeveritySchema.options;

function originInput(draft: IncidentDraft): ChannelInput<'incidents:create'>['origin'] {
  const origin = draft.origin;
  if (origin.type === 'alert') return { type: 'alert', centerId: origin.centerId, fingerprint: origin.fingerprint };
  if (origin.type === 'selection') return { type: 'selection', view: origin.view, description: origin.description };
  return { type: 'manual' };
}

function originLabel(draft: IncidentDraft): string {
  const origin = draft.origin;
  if (origin.type === 'alert') return `From alert ${origin.alertName} (${origin.centerId})`;
  if (origin.type === 'selection') return `From the ${origin.view} view: ${origin.description}`;
  return 'Created by hand';
}

/** The new-incident form, prefilled from an alert, a selection, or empty; creating opens the incident. */
export function CreateIncidentForm({ draft }: { draft: IncidentDraft }) {
  const close = useUiStore((state) => state.draftIncident);
  const openIncident = useUiStore((state) => state.openIncident);
  const create = useCreateIncident();
  const [title, setTitle] = useState(draft.title);
  const [severity, setSeverity] = useState<IncidentSeverity>(draft.severity);
  const [owner, setOwner] = useState(draft.owner);
  const [centers, setCenters] = useState(draft.centerIds.join(', '));
  const [services, setServices] = useState(draft.services.join(', '));
  const [from, setFrom] = useState(toLocalInput(draft.window.fromMs));
  const [to, setTo] = useState(toLocalInput(draft.window.toMs));
  const [windowTouched, setWindowTouched] = useState(false);
  const fromMs = fromLocalInput(from);
  const toMs = fromLocalInput(to);
  const windowProblem = fromMs === null || toMs === null ? 'Both ends of the window are needed.' : fromMs >= toMs ? 'The window must end after it starts.' : null;
  const titleProblem = title.trim() === '' ? 'A title is needed.' : null;

  function submit(event: FormEvent) {
    event.preventDefault();
    if (windowProblem || titleProblem || fromMs === null || toMs === null) return;
    // An alert's own window (start - 30 min to its end) is the service's call unless the engineer changed it.
    const keepAlertWindow = draft.origin.type === 'alert' && !windowTouched;
    create.mutate(
      {
        title: title.trim(),
        severity,
        ...(owner.trim() ? { owner: owner.trim() } : {}),
        centerIds: parseList(centers),
        services: parseList(services),
        ...(keepAlertWindow ? {} : { window: { fromMs, toMs } }),
        origin: originInput(draft),
      },
      { onSuccess: (incident) => openIncident(incident.id) },
    );
  }

  return (
    <form className="incident-form" data-testid="incident-form" onSubmit={submit} aria-label="New incident">
      <header className="incident-form__header">
        <h3>New incident</h3>
        <span className="muted small" data-testid="incident-form-origin">
          {originLabel(draft)}
        </span>
      </header>
      <div className="incident-form__grid">
        <label>
          Title
          <input className="input" value={title} onChange={(event) => setTitle(event.target.value)} data-testid="incident-form-title" autoFocus maxLength={200} />
        </label>
        <label>
          Severity
          <select className="input" value={severity} onChange={(event) => setSeverity(event.target.value as IncidentSeverity)} data-testid="incident-form-severity">
            {severities.map((value) => (
              <option key={value} value={value}>
                {value}
              </option>
            ))}
          </select>
        </label>
        <label>
          Owner
          <input className="input" value={owner} onChange={(event) => setOwner(event.target.value)} placeholder="who leads it" data-testid="incident-form-owner" />
        </label>
        <label>
          Centers
          <input className="input" value={centers} onChange={(event) => setCenters(event.target.value)} placeholder="seoul-dc, ohio-region" data-testid="incident-form-centers" />
        </label>
        <label>
          Services
          <input className="input" value={services} onChange={(event) => setServices(event.target.value)} placeholder="checkout, payments" data-testid="incident-form-services" />
        </label>
        <label>
          Window from
          <input
            className="input"
            type="datetime-local"
            value={from}
            onChange={(event) => {
              setFrom(event.target.value);
              setWindowTouched(true);
            }}
            data-testid="incident-form-from"
          />
        </label>
        <label>
          Window to
          <input
            className="input"
            type="datetime-local"
            value={to}
            onChange={(event) => {
              setTo(event.target.value);
              setWindowTouched(true);
            }}
            data-testid="incident-form-to"
          />
        </label>
      </div>
      {(titleProblem || windowProblem) && <p className="form-problem small">{titleProblem ?? windowProblem}</p>}
      {create.isError && <ErrorPanel error={create.error} compact title="The incident was not created" />}
      <div className="incident-form__actions">
        <button type="submit" className="button button--primary" disabled={create.isPending || Boolean(titleProblem || windowProblem)} data-testid="incident-form-create">
          {create.isPending ? 'Creating…' : 'Create incident'}
        </button>
        <button type="button" className="button" onClick={() => close(null)}>
          Cancel
        </button>
        <span className="muted small">The window's metrics, logs, traces, events and alerts stay pinned in the cache while the incident exists.</span>
      </div>
    </form>
  );
}
