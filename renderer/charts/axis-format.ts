import { formatUnitValue } from '../format/units.ts';

const timeParts = new Map<string, Intl.DateTimeFormat>();

function parts(epochMs: number, timeZone: string): Record<string, string> {
  let format = timeParts.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-GB', {
      timeZone,
      hourCycle: 'h23',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
    });
    timeParts.set(timeZone, format);
  }
  return Object.fromEntries(format.formatToParts(epochMs).map((part) => [part.type, part.value]));
}

/**
 * Time tick labels in the desk's zone, 24-hour: "HH:mm", with the date ("MM-DD") on a second line
 * at the first tick and wherever the day changes; date only for day-sized steps.
 */
export function timeTickLabels(splitsSeconds: readonly number[], incrementSeconds: number, timeZone: string): string[] {
  let previousDay = '';
  return splitsSeconds.map((seconds, index) => {
    const p = parts(seconds * 1000, timeZone);
    const day = `${p.month}-${p.day}`;
    const clock = `${p.hour}:${p.minute}`;
    const newDay = index === 0 || day !== previousDay;
    previousDay = day;
    if (incrementSeconds >= 86_400) return day;
    return newDay ? `${clock}\n${day}` : clock;
  });
}

/** Binary-friendly steps for byte axes (…, 64 MiB, 128 MiB, 256 MiB, …). */
export const byteIncrements: number[] = (() => {
  const steps: number[] = [];
  for (let power = 0; power <= 50; power += 1) steps.push(2 ** power);
  return steps;
})();

/** Steps for CPU cores and ratios: decimal 1-2-5 down to a thousandth. */
export const decimalIncrements: number[] = (() => {
  const steps: number[] = [];
  for (let exponent = -4; exponent <= 6; exponent += 1) for (const base of [1, 2, 5]) steps.push(base * 10 ** exponent);
  return steps;
})();

export const countIncrements = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1_000, 2_000, 5_000, 10_000, 100_000];

export function valueTickLabels(unit: string, splits: readonly number[]): string[] {
  return splits.map((value) => formatUnitValue(unit, value));
}

/** Axis width that fits its longest label (monospace 11px ≈ 6.7px per character). */
export function axisSizeFor(labels: readonly string[]): number {
  const longest = labels.reduce((max, label) => Math.max(max, label.length), 0);
  return Math.max(40, Math.ceil(longest * 6.7) + 16);
}
