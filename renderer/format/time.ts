import { zonedParts } from '../../shared/time/zoned-parts.ts';

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${timeZone}|${JSON.stringify(options)}`;
  let cached = formatters.get(key);
  if (!cached) {
    cached = new Intl.DateTimeFormat('en-GB', { timeZone, hourCycle: 'h23', ...options });
    formatters.set(key, cached);
  }
  return cached;
}

/** "2025-11-23 14:05:09" in the desk's zone. */
export function formatDateTime(epochMs: number, timeZone: string): string {
  const parts = zonedParts(epochMs, timeZone);
  return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}:${parts.second}`;
}

/** "14:05:09" in the desk's zone. */
export function formatClock(epochMs: number, timeZone: string): string {
  return formatter(timeZone, { hour: '2-digit', minute: '2-digit', second: '2-digit' }).format(epochMs);
}

/** The zone's short name at an instant, e.g. "KST" or "GMT+9". */
export function zoneAbbreviation(timeZone: string, epochMs = Date.now()): string {
  const part = formatter(timeZone, { timeZoneName: 'short' })
    .formatToParts(epochMs)
    .find((candidate) => candidate.type === 'timeZoneName');
  return part?.value ?? timeZone;
}

/** Compact age like kubectl: "45s", "12m", "5h3m", "17d". */
export function formatAge(sinceMs: number, nowMs: number): string {
  const seconds = Math.max(0, Math.floor((nowMs - sinceMs) / 1000));
  if (seconds < 120) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes}m`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return minutes % 60 ? `${hours}h${minutes % 60}m` : `${hours}h`;
  const days = Math.floor(hours / 24);
  if (days < 10) return hours % 24 ? `${days}d${hours % 24}h` : `${days}d`;
  if (days < 365 * 2) return `${days}d`;
  return `${Math.floor(days / 365)}y`;
}

/** "3m ago" style for status lines. */
export function formatAgo(sinceMs: number, nowMs: number): string {
  const seconds = Math.floor((nowMs - sinceMs) / 1000);
  if (seconds < 5) return 'just now';
  return `${formatAge(sinceMs, nowMs)} ago`;
}

/** "2025-11-23 05:05:09 UTC": the hover text behind every desk-zone time. */
export function formatUtc(epochMs: number): string {
  return `${formatDateTime(epochMs, 'UTC')} UTC`;
}

/** A time for display in the desk's zone plus the UTC instant for the title attribute. */
export function deskTime(epochMs: number, timeZone: string): { text: string; utc: string; iso: string } {
  return { text: formatDateTime(epochMs, timeZone), utc: formatUtc(epochMs), iso: new Date(epochMs).toISOString() };
}
