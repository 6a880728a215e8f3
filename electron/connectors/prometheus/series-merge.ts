import type { SeriesSamples } from '../../../shared/domain/records.ts';

/** Identity of a series: its label set, order-independent. */
export function labelKey(labels: Record<string, string>): string {
  return JSON.stringify(Object.keys(labels).sort().map((name) => [name, labels[name]]));
}

/**
 * Joins the chunks of a split query_range per series (same label set). Chunks must be added in
 * time order; a sample at or before the series' last timestamp is skipped, so overlapping chunks
 * never produce duplicate timestamps. Series keep the order in which they first appeared.
 */
export class SeriesMerger {
  private readonly byKey = new Map<string, SeriesSamples>();

  /** Takes ownership of fresh `timestamps`/`values` arrays (as convertSamples returns them): a series seen once is not copied. */
  add(labels: Record<string, string>, timestamps: number[], values: number[]): void {
    const key = labelKey(labels);
    let series = this.byKey.get(key);
    if (!series) {
      if (strictlyIncreasing(timestamps)) {
        this.byKey.set(key, { labels: { ...labels }, timestamps, values });
        return;
      }
      series = { labels: { ...labels }, timestamps: [], values: [] };
      this.byKey.set(key, series);
    }
    let last = series.timestamps.length > 0 ? series.timestamps[series.timestamps.length - 1]! : Number.NEGATIVE_INFINITY;
    for (let index = 0; index < timestamps.length; index++) {
      const timestamp = timestamps[index]!;
      if (timestamp <= last) continue;
      series.timestamps.push(timestamp);
      series.values.push(values[index]!);
      last = timestamp;
    }
  }

  result(): SeriesSamples[] {
    return [...this.byKey.values()].filter((series) => series.timestamps.length > 0);
  }
}

function strictlyIncreasing(timestamps: readonly number[]): boolean {
  for (let index = 1; index < timestamps.length; index++) if (!(timestamps[index - 1]! < timestamps[index]!)) return false;
  return true;
}
