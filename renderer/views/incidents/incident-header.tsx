import { useState, type KeyboardEvent as ReactKeyboardEvent } from 'react';
import type { ChannelInput } from '../../../shared/contract/channels.ts';
import { incidentSeveritySchema, incidentStatusSchema, type Incident } from '../../../shared/domain/incidents.ts';
import { ErrorPanel } from '../../components/error-panel.tsx';
import { StatusBadge } from '../../components/status-badge.tsx';
import { useDeleteIncident, useUpdateIncident } from '../../data/use-incidents.ts';
import { IncidentTime } from './incident-time.tsx';
import { MarkdownView } from './markdown-view.tsx';
import { parseList } from './timeline-logic.ts';

type Patch = Omit<ChannelInput<'incidents:update'>, 'id'>;

const minute = 60_000;

/** A text field that saves when it loses focus or on Enter, only if it changed. */
function CommitInput({ value, onCommit, disabled, testId, label, placeholder }: { value: string; onCommit(value: string): void; disabled: boolean; testId: string; label: string; placeholder?: string }) {
  const [draft, setDraft] = useState(value);
  const [seen, setSeen] = useState(value);
  if (value !== seen) {
    setSeen(value);
    setDraft(value);
  }
  const commit = () => {
    if (draft !== value) onCommit(draft);
  };
  return (
    <input
      className="input"
      aria-label={label}
      value={draft}
      placeholder={placeholder}
      disabled={disabled}
      data-testid={testId}
      onChange={(event) => setDraft(event.target.value)}
      onBlur={commit}
      onKeyDown={(event: ReactKeyboardEvent) => {
        if (event.key === 'Enter') commit();
        if (event.key === 'Escape') setDraft(value);
      }}
    />
  );
}

/** Two steps: the first click asks, the second deletes (the window's pin goes with it). */
function DeleteIncidentButton({ incident, onDeleted }: { incident: Incident; onDeleted(): void }) {
  const remove = useDeleteIncident();
  const [asking, setAsking] = useState(false);
  if (!asking) {
    return (
      <button type="button" className="button button--small incident-header__delete" data-testid="incident-delete" onClick={() => setAsking(true)}>
        Delete…
      </button>
    );
  }
  return (
    <span className="incident-header__delete">
      <span className="small">Delete this incident, its notes and marks, and unpin its window?</span>{' '}
      <button type="button" className="button button--small button--danger" data-testid="incident-delete-confirm" disabled={remove.isPending} onClick={() => remove.mutate(incident.id, { onSuccess: onDeleted })}>
        Delete
      </button>{' '}
      <button type="button" className="button button--small" onClick={() => setAsking(false)}>
        Keep
      </button>
      {remove.isError && <ErrorPanel error={remove.error} compact title="The incident was not deleted" />}
    </span>
  );
}

/** Title, severity, status, owner, centers, services and the (extendable) window; read-only for imported incidents. */
export function IncidentHeader({ incident, onBack }: { incident: Incident; onBack(): void }) {
  const update = useUpdateIncident();
  const readOnly = incident.imported !== null;
  const save = (patch: Patch) => update.mutate({ id: incident.id, ...patch });
  const extend = (fromDelta: number, toDelta: number) =>
    save({ window: { fromMs: incident.window.fromMs - fromDelta, toMs: Math.max(incident.window.toMs + toDelta, incident.window.toMs) } });

  return (
    <header className="incident-header" data-testid="incident-header" data-read-only={readOnly}>
      <div className="incident-header__top">
        <button type="button" className="icon-button" onClick={onBack} aria-label="Back to incidents" title="Back to incidents (Esc)" data-testid="incident-back">
          ←
        </button>
        <span className="mono muted small">{incident.id}</span>
        {readOnly && incident.imported && (
          <span className="incident-imported" data-testid="read-only-badge">
            <StatusBadge tone="info">read-only</StatusBadge>
            <span className="small">
              imported pack signed by <strong>{incident.imported.signer}</strong> at <IncidentTime at={incident.imported.signedAt} />{' '}
            </span>
            <StatusBadge tone={incident.imported.trusted ? 'ok' : 'warn'}>{incident.imported.trusted ? 'trusted' : 'untrusted signer'}</StatusBadge>
          </span>
        )}
        {update.isPending && <span className="muted small">saving…</span>}
        <DeleteIncidentButton incident={incident} onDeleted={onBack} />
      </div>
      <div className="incident-header__title">
        <CommitInput value={incident.title} label="Title" testId="incident-title" disabled={readOnly} onCommit={(title) => title.trim() && save({ title: title.trim() })} />
      </div>
      <div className="incident-header__fields">
        <label>
          Severity
          <select className="input" value={incident.severity} disabled={readOnly} data-testid="incident-severity" onChange={(event) => save({ severity: event.target.value as Incident['severity'] })}>
            {incidentSeveritySchema.options.map((value) => (
              <option key={value}>{value}</option>
            ))}
          </select>
        </label>
        <label>
          Status
          <select className="input" value={incident.status} disabled={readOnly} data-testid="incident-status" onChange={(event) => save({ status: event.target.value as Incident['status'] })}>
            {incidentStatusSchema.options.map((value) => (
              <option key={value}>{value}</option>
            ))}
          </select>
        </label>
        <label>
          Owner
          <CommitInput value={incident.owner ?? ''} label="Owner" testId="incident-owner" placeholder="unassigned" disabled={readOnly} onCommit={(owner) => save({ owner: owner.trim() || null })} />
        </label>
        <label>
          Centers
          <CommitInput value={incident.centerIds.join(', ')} label="Centers" testId="incident-centers" disabled={readOnly} onCommit={(text) => save({ centerIds: parseList(text) })} />
        </label>
        <label>
          Services
          <CommitInput value={incident.services.join(', ')} label="Services" testId="incident-services" disabled={readOnly} onCommit={(text) => save({ services: parseList(text) })} />
        </label>
        <div className="incident-header__window">
          <span className="incident-header__label">Window</span>
          <span data-testid="incident-window" data-from={incident.window.fromMs} data-to={incident.window.toMs}>
            <IncidentTime at={incident.window.fromMs} /> → <IncidentTime at={incident.window.toMs} />
          </span>
          {!readOnly && (
            <span className="incident-header__extend">
              <button type="button" className="button button--small" title="Start the window 15 minutes earlier" data-testid="extend-earlier" onClick={() => extend(15 * minute, 0)}>
                −15m
              </button>
              <button type="button" className="button button--small" title="End the window 15 minutes later" data-testid="extend-later" onClick={() => extend(0, 15 * minute)}>
                +15m
              </button>
              <button type="button" className="button button--small" title="Extend the window to now" onClick={() => extend(0, Date.now() - incident.window.toMs)}>
                to now
              </button>
            </span>
          )}
        </div>
      </div>
      {update.isError && <ErrorPanel error={update.error} compact title="The change was not saved" />}
    </header>
  );
}

const postMortemFields = [
  ['summary', 'Summary'],
  ['impact', 'Impact'],
  ['rootCause', 'Root cause'],
  ['actions', 'Actions'],
] as const;

/** The post-mortem sections every export carries, written in Markdown. */
export function PostMortem({ incident }: { incident: Incident }) {
  const update = useUpdateIncident();
  const readOnly = incident.imported !== null;
  const [editing, setEditing] = useState<(typeof postMortemFields)[number][0] | null>(null);
  const [text, setText] = useState('');
  return (
    <section className="incident-postmortem" data-testid="incident-postmortem">
      {postMortemFields.map(([field, label]) => (
        <div key={field} className="incident-postmortem__field">
          <h4>
            {label}
            {!readOnly && editing !== field && (
              <button
                type="button"
                className="link-button"
                data-testid={`edit-${field}`}
                onClick={() => {
                  setEditing(field);
                  setText(incident[field]);
                }}
              >
                edit
              </button>
            )}
          </h4>
          {editing === field ? (
            <div>
              <textarea className="input incident-textarea" value={text} onChange={(event) => setText(event.target.value)} rows={4} data-testid={`${field}-input`} autoFocus />
              <button
                type="button"
                className="button button--small button--primary"
                onClick={() => update.mutate({ id: incident.id, [field]: text }, { onSuccess: () => setEditing(null) })}
                data-testid={`${field}-save`}
              >
                Save
              </button>
              <button type="button" className="button button--small" onClick={() => setEditing(null)}>
                Cancel
              </button>
            </div>
          ) : incident[field] ? (
            <MarkdownView source={incident[field]} />
          ) : (
            <p className="muted small">—</p>
          )}
        </div>
      ))}
      {update.isError && <ErrorPanel error={update.error} compact title="The change was not saved" />}
    </section>
  );
}
