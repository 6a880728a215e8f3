/**
 * RFC 3339 times as Kubernetes and Alertmanager send them ("2022-02-17T21:51:01Z",
 * "2020-07-16T05:34:23.503432Z", "2023-11-14T22:13:20.123456789+01:00") to epoch ms.
 * Sub-millisecond digits are truncated, never rounded into the next millisecond.
 */
const pattern = /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?(Z|z|[+-]\d{2}:\d{2})$/;

export function parseRfc3339(text: string): number | null {
  const match = pattern.exec(text);
  if (!match) return null;
  const [, year, month, day, hour, minute, second, fraction, zone] = match;
  const ms = fraction ? Number(fraction.slice(0, 3).padEnd(3, '0')) : 0;
  if (Number(month) < 1 || Number(month) > 12 || Number(day) < 1 || Number(day) > 31 || Number(hour) > 23 || Number(minute) > 59 || Number(second) > 60) return null;
  // setUTCFullYear, not Date.UTC: Date.UTC maps years 0-99 to 1900-1999 (Go's zero time is year 1).
  const date = new Date(0);
  date.setUTCFullYear(Number(year), Number(month) - 1, Number(day));
  date.setUTCHours(Number(hour), Number(minute), Number(second), ms);
  const local = date.getTime();
  if (zone === 'Z' || zone === 'z') return local;
  const sign = zone!.startsWith('-') ? -1 : 1;
  const offsetMinutes = Number(zone!.slice(1, 3)) * 60 + Number(zone!.slice(4, 6));
  return local - sign * offsetMinutes * 60_000;
}

export function isRfc3339(text: string): boolean {
  return parseRfc3339(text) !== null;
}
