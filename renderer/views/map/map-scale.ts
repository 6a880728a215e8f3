import type { MapEntity, MapMetric } from '../../../shared/contract/map-channels.ts';

/** Severity bands of a cell; `none` means the cache holds no sample for that frame. */
export type MapLevel = 'none' | 'ok' | 'elevated' | 'high' | 'critical';

export const mapLevels: readonly MapLevel[] = ['ok', 'elevated', 'high', 'critical', 'none'];

/** Cell colours: readable on the dark theme and distinct for the common colour-vision deficiencies by lightness too. */
export const levelColors: Record<MapLevel, string> = {
  none: '#2a313d',
  ok: '#2f9e6b',
  elevated: '#d8c34a',
  high: '#f08a24',
  critical: '#e5484d',
};

/** Lower bounds of elevated, high and critical, ascending, in the frame's unit. */
export type Thresholds = readonly [elevated: number, high: number, critical: number];

const mib = 1024 ** 2;

/** Node memory's critical band starts where the usual NodeMemoryHigh rule fires (less than 10% available). */
const defaults: Record<MapEntity, Partial<Record<MapMetric, Thresholds>>> = {
  node: { cpu: [0.6, 0.8, 0.9], memory: [0.7, 0.8, 0.9], network: [10 * mib, 50 * mib, 100 * mib] },
  pod: { cpu: [0.25, 0.5, 1], memory: [256 * mib, 512 * mib, 1024 * mib], network: [1 * mib, 10 * mib, 50 * mib], restarts: [1, 3, 10] },
  container: { cpu: [0.25, 0.5, 1], memory: [256 * mib, 512 * mib, 1024 * mib], restarts: [1, 3, 10] },
};

export function defaultThresholds(entity: MapEntity, metric: MapMetric): Thresholds {
  return defaults[entity][metric] ?? [1, 2, 3];
}

export function levelOf(value: number | null | undefined, thresholds: Thresholds): MapLevel {
  if (value === null || value === undefined || !Number.isFinite(value)) return 'none';
  if (value >= thresholds[2]) return 'critical';
  if (value >= thresholds[1]) return 'high';
  if (value >= thresholds[0]) return 'elevated';
  return 'ok';
}

export interface LegendEntry {
  level: MapLevel;
  color: string;
  /** Inclusive lower bound, exclusive upper bound; null for open ends and for `none`. */
  from: number | null;
  to: number | null;
}

export function legendEntries(thresholds: Thresholds): LegendEntry[] {
  return [
    { level: 'ok', color: levelColors.ok, from: null, to: thresholds[0] },
    { level: 'elevated', color: levelColors.elevated, from: thresholds[0], to: thresholds[1] },
    { level: 'high', color: levelColors.high, from: thresholds[1], to: thresholds[2] },
    { level: 'critical', color: levelColors.critical, from: thresholds[2], to: null },
    { level: 'none', color: levelColors.none, from: null, to: null },
  ];
}

/** How many cells fall in each band at one frame. */
export function levelCounts(values: readonly (number | null)[], thresholds: Thresholds): Record<MapLevel, number> {
  const counts: Record<MapLevel, number> = { none: 0, ok: 0, elevated: 0, high: 0, critical: 0 };
  for (const value of values) counts[levelOf(value, thresholds)] += 1;
  return counts;
}
