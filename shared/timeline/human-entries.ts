import type { AuditEvent } from '../domain/incidents.ts';
import { entryId } from './entry-id.ts';
import type { TimelineDraft } from './timeline-draft.ts';

export interface IncidentNote {
  id: string;
  at: number;
  author: string;
  markdown: string;
}

export function auditEntries(events: readonly AuditEvent[]): TimelineDraft[] {
  return events.map((event) => ({
    id: entryId('audit', event.id),
    at: event.at,
    endAt: null,
    source: 'audit',
    centerId: event.centerId,
    object: null,
    title: `${event.actor}: ${event.action}${event.detail ? ` (${event.detail.split('\n')[0]!.slice(0, 160)})` : ''}`,
    body: event.detail || null,
    severity: 'info',
    refs: [{ kind: 'audit', auditId: event.id }],
  }));
}

/** The first line of a note without Markdown markup, as its title. */
export function noteTitle(markdown: string): string {
  const line = markdown.split('\n').map((text) => text.trim()).find((text) => text !== '') ?? '';
  const plain = line
    .replace(/^#{1,6}\s+|^[-*+]\s+|^>\s?|^\d+\.\s+/, '')
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/[*_`~]/g, '');
  return plain.length > 120 ? `${plain.slice(0, 119)}…` : plain;
}

export function noteEntries(notes: readonly IncidentNote[]): TimelineDraft[] {
  return notes.map((note) => ({
    id: entryId('note', note.id),
    at: note.at,
    endAt: null,
    source: 'note',
    centerId: null,
    object: null,
    title: `Note by ${note.author}: ${noteTitle(note.markdown)}`,
    body: note.markdown,
    severity: 'info',
    refs: [],
  }));
}
