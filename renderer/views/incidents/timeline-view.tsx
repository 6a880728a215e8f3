import { useEffect, useMemo, useRef, useState } from 'react';
import type { Incident, TimelineEntry } from '../../../shared/domain/incidents.ts';
import { CenterTag } from '../../components/center-tag.tsx';
import { ErrorPanel } from '../../components/error-panel.tsx';
import { isTypingTarget } from '../../components/keyboard-target.ts';
import { useCenterIndex } from '../../data/use-centers.ts';
import { useAddNote, useMarkEntry } from '../../data/use-incidents.ts';
import { useUiStore } from '../../state/ui-store.ts';
import { IncidentTime } from './incident-time.tsx';
import { MarkdownView } from './markdown-view.tsx';
import { entryLinks, moveFocus, orderTimeline, sourceCounts, visibleEntries, windowRange, withoutSources, type EntryLink } from './timeline-logic.ts';

const sourceLabels: Record<TimelineEntry['source'], string> = {
  alert: 'alert',
  'kube-event': 'event',
  rollout: 'rollout',
  'log-burst': 'error logs',
  'trace-errors': 'trace errors',
  audit: 'console',
  note: 'note',
};

function useOpenLink(incident: Incident) {
  return (link: EntryLink) => {
    const store = useUiStore.getState();
    switch (link.kind) {
      case 'pod':
        store.setTimeRange(windowRange(incident.window));
        store.setActiveTab('pods');
        store.open('pods', `${link.centerId}/${link.namespace}/${link.name}`);
        return;
      case 'node':
        store.setTimeRange(windowRange(incident.window));
        store.setActiveTab('nodes');
        store.open('nodes', `${link.centerId}/${link.name}`);
        return;
      case 'logs':
        store.openLogs({ namespace: link.namespace, pod: link.pod }, link.range);
        return;
      case 'trace':
        store.setTimeRange(windowRange(incident.window));
        store.openTrace(link.traceId);
        return;
    }
  };
}

function AnnotationEditor({ initial, onSave, onCancel, pending }: { initial: string; onSave(text: string | null): void; onCancel(): void; pending: boolean }) {
  const [text, setText] = useState(initial);
  return (
    <div className="timeline-annotate" data-testid="annotation-editor">
      <textarea
        className="input incident-textarea"
        rows={3}
        value={text}
        autoFocus
        placeholder="Annotation (Markdown)"
        data-testid="annotation-input"
        onChange={(event) => setText(event.target.value)}
        onKeyDown={(event) => {
          if (event.key === 'Escape') onCancel();
          if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) onSave(text.trim() ? text : null);
        }}
      />
      <button type="button" className="button button--small button--primary" disabled={pending} data-testid="annotation-save" onClick={() => onSave(text.trim() ? text : null)}>
        Save
      </button>
      <button type="button" className="button button--small" onClick={onCancel}>
        Cancel
      </button>
    </div>
  );
}

interface EntryProps {
  entry: TimelineEntry;
  incident: Incident;
  focused: boolean;
  annotating: boolean;
  readOnly: boolean;
  onFocus(): void;
  onAnnotate(open: boolean): void;
}

function TimelineEntryRow({ entry, incident, focused, annotating, readOnly, onFocus, onAnnotate }: EntryProps) {
  const centers = useCenterIndex();
  const mark = useMarkEntry(incident.id);
  const openLink = useOpenLink(incident);
  const links = useMemo(() => entryLinks(entry), [entry]);
  const ref = useRef<HTMLLIElement>(null);
  useEffect(() => {
    if (focused) ref.current?.scrollIntoView({ block: 'nearest' });
  }, [focused]);
  const classes = ['timeline-entry', `timeline-entry--${entry.source}`, `timeline-entry--${entry.severity}`];
  if (focused) classes.push('timeline-entry--focused');
  if (entry.starred) classes.push('timeline-entry--starred');
  if (entry.hidden) classes.push('timeline-entry--hidden');
  return (
    <li
      ref={ref}
      className={classes.join(' ')}
      data-testid="timeline-entry"
      data-entry-id={entry.id}
      data-source={entry.source}
      data-at={entry.at}
      data-starred={entry.starred}
      data-hidden={entry.hidden}
      aria-current={focused}
      onClick={onFocus}
    >
      <div className="timeline-entry__row">
        <IncidentTime at={entry.at} className="timeline-entry__time mono" />
        <span className={`timeline-source timeline-source--${entry.source}`}>{sourceLabels[entry.source]}</span>
        {entry.centerId && <CenterTag centerId={entry.centerId} center={centers.get(entry.centerId)} />}
        {entry.object && <span className="timeline-entry__object mono">{entry.object}</span>}
        <span className="timeline-entry__title" data-testid="timeline-entry-title">
          {entry.title}
        </span>
        <span className="timeline-entry__actions">
          <button
            type="button"
            className={`icon-button icon-button--small${entry.starred ? ' timeline-star--on' : ''}`}
            aria-pressed={entry.starred}
            aria-label={entry.starred ? 'Unstar' : 'Star as key event'}
            title="Star as key event (s)"
            disabled={readOnly || mark.isPending}
            data-testid="entry-star"
            onClick={(event) => {
              event.stopPropagation();
              mark.mutate({ entryId: entry.id, starred: !entry.starred });
            }}
          >
            {entry.starred ? '★' : '☆'}
          </button>
          <button
            type="button"
            className="icon-button icon-button--small"
            aria-pressed={entry.hidden}
            aria-label={entry.hidden ? 'Show again' : 'Hide as noise'}
            title="Hide as noise (h)"
            disabled={readOnly || mark.isPending}
            data-testid="entry-hide"
            onClick={(event) => {
              event.stopPropagation();
              mark.mutate({ entryId: entry.id, hidden: !entry.hidden });
            }}
          >
            {entry.hidden ? '◌' : '⊘'}
          </button>
          <button
            type="button"
            className="icon-button icon-button--small"
            aria-label="Annotate"
            title="Annotate (n)"
            disabled={readOnly}
            data-testid="entry-annotate"
            onClick={(event) => {
              event.stopPropagation();
              onAnnotate(true);
            }}
          >
            ✎
          </button>
        </span>
      </div>
      {entry.body && (entry.source === 'note' ? <MarkdownView source={entry.body} testId="note-body" /> : <div className="timeline-entry__body">{entry.body}</div>)}
      {links.length > 0 && (
        <div className="timeline-entry__links">
          {links.map((link) => (
            <button
              key={`${link.kind}/${link.label}`}
              type="button"
              className="link-button"
              data-testid={`entry-link-${link.kind}`}
              onClick={(event) => {
                event.stopPropagation();
                openLink(link);
              }}
            >
              {link.label}
            </button>
          ))}
        </div>
      )}
      {entry.annotation && !annotating && (
        <div className="timeline-entry__annotation" data-testid="entry-annotation">
          <MarkdownView source={entry.annotation} />
        </div>
      )}
      {annotating && (
        <AnnotationEditor
          initial={entry.annotation ?? ''}
          pending={mark.isPending}
          onCancel={() => onAnnotate(false)}
          onSave={(annotation) => mark.mutate({ entryId: entry.id, annotation }, { onSuccess: () => onAnnotate(false) })}
        />
      )}
      {mark.isError && <ErrorPanel error={mark.error} compact title="The entry was not changed" />}
    </li>
  );
}

function NoteComposer({ incident }: { incident: Incident }) {
  const [text, setText] = useState('');
  const addNote = useAddNote(incident.id);
  const submit = () => {
    if (!text.trim()) return;
    addNote.mutate({ markdown: text }, { onSuccess: () => setText('') });
  };
  return (
    <div className="note-composer" data-testid="note-composer">
      <textarea
        className="input incident-textarea"
        rows={3}
        value={text}
        placeholder="Add a note to the timeline (Markdown: **bold**, *emphasis*, `code`, - lists, [links](https://…)). Ctrl+Enter adds it."
        data-testid="note-input"
        onChange={(event) => setText(event.target.value)}
        onKeyDown={(event) => {
          if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) submit();
        }}
      />
      <div className="note-composer__actions">
        <button type="button" className="button button--primary button--small" disabled={!text.trim() || addNote.isPending} data-testid="add-note" onClick={submit}>
          {addNote.isPending ? 'Adding…' : 'Add note'}
        </button>
        {text.trim() && (
          <div className="note-composer__preview">
            <span className="muted small">Preview</span>
            <MarkdownView source={text} testId="note-preview" />
          </div>
        )}
      </div>
      {addNote.isError && <ErrorPanel error={addNote.error} compact title="The note was not added" />}
    </div>
  );
}

/** The incident's timeline in time order; j/k move, s stars, h hides, n annotates the focused entry. */
export function TimelineView({ incident, timeline }: { incident: Incident; timeline: readonly TimelineEntry[] }) {
  const readOnly = incident.imported !== null;
  const [showHidden, setShowHidden] = useState(false);
  const [focused, setFocused] = useState<string | null>(null);
  const [annotating, setAnnotating] = useState<string | null>(null);
  const [muted, setMuted] = useState<ReadonlySet<TimelineEntry['source']>>(new Set());
  const ordered = useMemo(() => orderTimeline(timeline), [timeline]);
  const counts = useMemo(() => sourceCounts(visibleEntries(ordered, showHidden)), [ordered, showHidden]);
  const shown = useMemo(() => withoutSources(visibleEntries(ordered, showHidden), muted), [ordered, showHidden, muted]);
  const toggleSource = (source: TimelineEntry['source']) =>
    setMuted((current) => {
      const next = new Set(current);
      if (next.has(source)) next.delete(source);
      else next.add(source);
      return next;
    });
  const mark = useMarkEntry(incident.id);
  const hiddenCount = ordered.length - visibleEntries(ordered, false).length;
  const starredCount = ordered.filter((entry) => entry.starred).length;

  const state = useRef({ shown, focused, readOnly, mark });
  state.current = { shown, focused, readOnly, mark };
  useEffect(() => {
    function onKeyDown(event: KeyboardEvent) {
      if (isTypingTarget(event) || event.defaultPrevented) return;
      const { shown: entries, focused: current, readOnly: locked, mark: marker } = state.current;
      const entry = entries.find((candidate) => candidate.id === current);
      switch (event.key) {
        case 'j':
        case 'k':
          setFocused(
            moveFocus(
              entries.map((candidate) => candidate.id),
              current,
              event.key === 'j' ? 1 : -1,
            ),
          );
          break;
        case 's':
          if (!entry || locked) return;
          marker.mutate({ entryId: entry.id, starred: !entry.starred });
          break;
        case 'h':
          if (!entry || locked) return;
          marker.mutate({ entryId: entry.id, hidden: !entry.hidden });
          break;
        case 'n':
          if (!entry || locked) return;
          setAnnotating(entry.id);
          break;
        default:
          return;
      }
      event.preventDefault();
    }
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, []);

  return (
    <section className="timeline" data-testid="timeline" aria-label="Timeline">
      <div className="timeline__toolbar">
        <h3>Timeline</h3>
        <span className="muted small" data-testid="timeline-counts">
          {ordered.length} entries · {starredCount} starred · {hiddenCount} hidden
        </span>
        <label className="live-toggle">
          <input type="checkbox" checked={showHidden} onChange={(event) => setShowHidden(event.target.checked)} data-testid="show-hidden" />
          Show hidden
        </label>
        <span className="level-chips" role="group" aria-label="Sources">
          {counts.map(([source, count]) => (
            <button
              key={source}
              type="button"
              className={`level-chip${muted.has(source) ? '' : ' level-chip--on'}`}
              aria-pressed={!muted.has(source)}
              data-testid={`timeline-source-${source}`}
              title={muted.has(source) ? `Show ${sourceLabels[source]} entries` : `Leave out ${sourceLabels[source]} entries`}
              onClick={() => toggleSource(source)}
            >
              {sourceLabels[source]} <span className="muted">{count}</span>
            </button>
          ))}
        </span>
        <span className="muted small timeline__keys">
          <kbd>j</kbd>/<kbd>k</kbd> move · <kbd>s</kbd> star · <kbd>h</kbd> hide · <kbd>n</kbd> annotate
        </span>
      </div>
      {mark.isError && <ErrorPanel error={mark.error} compact title="The entry was not changed" />}
      {shown.length === 0 ? (
        <p className="muted">
          {ordered.length === 0
            ? 'Nothing in the cache for this window yet: entries appear as the window syncs.'
            : muted.size > 0
              ? 'No entry of the sources left on.'
              : 'Every entry is hidden as noise; tick “Show hidden”.'}
        </p>
      ) : (
        <ol className="timeline__list">
          {shown.map((entry) => (
            <TimelineEntryRow
              key={entry.id}
              entry={entry}
              incident={incident}
              focused={focused === entry.id}
              annotating={annotating === entry.id}
              readOnly={readOnly}
              onFocus={() => setFocused(entry.id)}
              onAnnotate={(open) => setAnnotating(open ? entry.id : null)}
            />
          ))}
        </ol>
      )}
      {!readOnly && <NoteComposer incident={incident} />}
    </section>
  );
}
