import type { PanelSeries } from '../../shared/contract/channels.ts';

export interface AlignedSeries {
  /** uPlot data: x in epoch seconds, then one y array per series (null where a series has no sample). */
  data: [number[], ...(number | null)[][]];
  labels: string[];
  /** Finite samples across all series: what the chart actually draws. */
  points: number;
}

/** Names series by the label values that differ between them; a single series takes the fallback. */
export function seriesLabels(series: PanelSeries['series'], fallback: string): string[] {
  if (series.length <= 1) return series.map(() => fallback);
  const keys = [...new Set(series.flatMap((entry) => Object.keys(entry.labels)))].sort();
  const varying = keys.filter((key) => new Set(series.map((entry) => entry.labels[key] ?? '')).size > 1);
  return series.map((entry, index) => {
    const text = varying.map((key) => entry.labels[key] ?? '').filter(Boolean).join(' / ');
    return text || `${fallback} ${index + 1}`;
  });
}

/** Joins series on the union of their timestamps, as uPlot wants one shared x array. */
export function alignSeries(panel: PanelSeries): AlignedSeries {
  const stamps = new Set<number>();
  for (const entry of panel.series) for (const stamp of entry.timestamps) stamps.add(stamp);
  const xs = [...stamps].sort((a, b) => a - b);
  const index = new Map(xs.map((stamp, position) => [stamp, position]));
  let points = 0;
  const ys = panel.series.map((entry) => {
    const column: (number | null)[] = new Array<number | null>(xs.length).fill(null);
    entry.timestamps.forEach((stamp, position) => {
      const value = entry.values[position];
      const slot = index.get(stamp);
      if (slot === undefined || value === undefined || !Number.isFinite(value)) return;
      column[slot] = value;
      points += 1;
    });
    return column;
  });
  return {
    data: [xs.map((stamp) => stamp / 1000), ...ys],
    labels: seriesLabels(panel.series, panel.title),
    points,
  };
}
