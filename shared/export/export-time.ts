/** Times in exports: the desk's zone for people, UTC beside it for everyone else. */

import { zonedParts } from '../time/zoned-parts.ts';

/** `2026-11-23 15:10:05 GMT+9` */
export function formatLocal(ms: number, timeZone: string): string {
  const p = zonedParts(ms, timeZone, { zoneName: true });
  return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}:${p.second} ${p.timeZoneName}`;
}

/** `2026-11-23 06:10:05Z` */
export function formatUtc(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 19).replace('T', ' ')}Z`;
}

/** Throws a RangeError naming the zone when Intl does not know it. */
export function assertTimeZone(timeZone: string): void {
  try {
    new Intl.DateTimeFormat('en', { timeZone });
  } catch {
    throw new RangeError(`unknown time zone "${timeZone}"`);
  }
}

/** True when local time is UTC, so printing both would say the same thing twice. */
export function isUtcZone(timeZone: string): boolean {
  return ['UTC', 'Etc/UTC', 'Etc/GMT', 'GMT', 'Etc/Universal', 'Etc/Zulu', 'Universal', 'Zulu'].includes(new Intl.DateTimeFormat('en', { timeZone }).resolvedOptions().timeZone);
}

/** `local (UTC)`, or UTC alone when the zone is UTC. */
export function formatBoth(ms: number, timeZone: string): { local: string; utc: string | null } {
  return isUtcZone(timeZone) ? { local: formatUtc(ms), utc: null } : { local: formatLocal(ms, timeZone), utc: formatUtc(ms) };
}

export function zoneNote(timeZone: string): string {
  return isUtcZone(timeZone) ? 'Times in UTC' : `Times in ${timeZone} with UTC in brackets`;
}

/** One line: `local (UTC)`, or UTC alone. */
export function formatWhen(ms: number, timeZone: string): string {
  const both = formatBoth(ms, timeZone);
  return both.utc === null ? both.local : `${both.local} (${both.utc})`;
}
