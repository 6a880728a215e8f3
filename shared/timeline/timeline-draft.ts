import type { TimelineEntry } from '../domain/incidents.ts';

/** An entry as the builder makes it; the engineer's marks (star, hide, annotation) are applied last. */
export type TimelineDraft = Omit<TimelineEntry, 'starred' | 'hidden' | 'annotation'>;

export interface TimelineWindow {
  fromMs: number;
  toMs: number;
}

export function overlaps(range: TimelineWindow, fromMs: number, toMs: number): boolean {
  return fromMs <= range.toMs && toMs >= range.fromMs;
}

export function within(range: TimelineWindow, at: number): boolean {
  return at >= range.fromMs && at <= range.toMs;
}

/** "×3" for repeats; nothing for a single occurrence. */
export function times(count: number): string {
  return count > 1 ? ` ×${count}` : '';
}

export function plural(count: number, one: string, many = `${one}s`): string {
  return `${count} ${count === 1 ? one : many}`;
}

export function minutesBetween(fromMs: number, toMs: number): string {
  const minutes = Math.max(1, Math.round((toMs - fromMs) / 60_000));
  return plural(minutes, 'min', 'min');
}
