/** Calendar and clock fields of an instant in an IANA zone, two digits each, 24-hour clock. */
export interface ZonedParts {
  year: string;
  month: string;
  day: string;
  hour: string;
  minute: string;
  second: string;
  /** Short zone name (`GMT+9`, `UTC`); empty unless asked for. */
  timeZoneName: string;
}

export interface ZonedPartsOptions {
  seconds?: boolean;
  zoneName?: boolean;
}

// Building an Intl.DateTimeFormat is costly and tables format thousands of cells.
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string, seconds: boolean, zoneName: boolean): Intl.DateTimeFormat {
  const key = `${timeZone}|${seconds}|${zoneName}`;
  let formatter = formatters.get(key);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-CA', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      ...(seconds ? { second: '2-digit' } : {}),
      ...(zoneName ? { timeZoneName: 'short' } : {}),
      hourCycle: 'h23',
    });
    formatters.set(key, formatter);
  }
  return formatter;
}

export function zonedParts(epochMs: number, timeZone: string, options: ZonedPartsOptions = {}): ZonedParts {
  const parts: ZonedParts = { year: '', month: '', day: '', hour: '', minute: '', second: '', timeZoneName: '' };
  for (const part of formatterFor(timeZone, options.seconds ?? true, options.zoneName ?? false).formatToParts(epochMs)) {
    if (part.type in parts) parts[part.type as keyof ZonedParts] = part.value;
  }
  return parts;
}
