import { z } from 'zod';

/** Prometheus refuses a query_range whose result would exceed 11,000 points per series. */
export const prometheusMaxPointsPerSeries = 11_000;

const unitMs = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 } as const;
type DurationUnit = keyof typeof unitMs;

const relativePattern = /^now(?:-(\d+)([smhdw]))?$/;

/** A time expression: `now`, `now-15m`, `now-7d`, or an ISO-8601 instant. */
export const timeExpressionSchema = z.string().refine((value) => parseTimeExpression(value, 0) !== null, {
  message: 'expected now, now-<n><s|m|h|d|w> or an ISO-8601 time',
});

export const timeRangeInputSchema = z.object({ from: timeExpressionSchema, to: timeExpressionSchema });
export type TimeRangeInput = z.infer<typeof timeRangeInputSchema>;

export interface TimeRange {
  /** Epoch ms, inclusive. */
  from: number;
  /** Epoch ms, inclusive. */
  to: number;
}

export function parseDuration(text: string): number | null {
  const match = /^(\d+)([smhdw])$/.exec(text);
  if (!match) return null;
  return Number(match[1]) * unitMs[match[2] as DurationUnit];
}

export function parseTimeExpression(text: string, nowMs: number): number | null {
  const relative = relativePattern.exec(text.trim());
  if (relative) {
    if (!relative[1]) return nowMs;
    return nowMs - Number(relative[1]) * unitMs[relative[2] as DurationUnit];
  }
  if (!/^\d{4}-\d{2}-\d{2}/.test(text)) return null;
  const parsed = Date.parse(text);
  return Number.isFinite(parsed) ? parsed : null;
}

export function resolveTimeRange(input: TimeRangeInput, nowMs: number): TimeRange {
  const from = parseTimeExpression(input.from, nowMs);
  const to = parseTimeExpression(input.to, nowMs);
  if (from === null || to === null) throw new Error(`invalid time range ${input.from} .. ${input.to}`);
  if (from >= to) throw new Error(`time range is empty: ${input.from} is not before ${input.to}`);
  return { from, to };
}

const niceStepsSeconds = [15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 21600, 43200, 86400];

/** The smallest "nice" step that keeps a range under `maxPoints` points, never below `minStepSeconds`. */
export function chooseStepSeconds(range: TimeRange, maxPoints: number, minStepSeconds = 15): number {
  const spanSeconds = (range.to - range.from) / 1000;
  const wanted = Math.max(minStepSeconds, spanSeconds / Math.max(1, maxPoints - 1));
  return niceStepsSeconds.find((step) => step >= wanted) ?? Math.ceil(wanted / 86400) * 86400;
}

/** Widen a range outward to whole steps, so repeated pulls hit the same sample timestamps. */
export function alignRange(range: TimeRange, stepSeconds: number): TimeRange {
  const stepMs = stepSeconds * 1000;
  return { from: Math.floor(range.from / stepMs) * stepMs, to: Math.ceil(range.to / stepMs) * stepMs };
}

/** Points a query_range over an aligned range yields per series (both ends inclusive). */
export function pointsInRange(range: TimeRange, stepSeconds: number): number {
  return Math.floor((range.to - range.from) / (stepSeconds * 1000)) + 1;
}

/**
 * Split an aligned range into consecutive, non-overlapping sub-ranges of at most `maxPoints`
 * points each; each chunk starts one step after the previous chunk's end.
 */
export function splitRangeByPoints(range: TimeRange, stepSeconds: number, maxPoints = prometheusMaxPointsPerSeries): TimeRange[] {
  const stepMs = stepSeconds * 1000;
  const chunks: TimeRange[] = [];
  for (let from = range.from; from <= range.to; from += maxPoints * stepMs) {
    chunks.push({ from, to: Math.min(range.to, from + (maxPoints - 1) * stepMs) });
  }
  return chunks;
}
