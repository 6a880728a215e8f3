/**
 * Bursts in a stream of timestamped occurrences (error log lines, failed traces): occurrences are
 * counted per bucket across the window; a bucket is hot when its count reaches
 * max(minCount, baseline × factor, baseline + minCount), baseline being the median bucket count of
 * the window, a robust "normal" rate as long as the trouble fills less than half of it. Hot
 * buckets closer than `mergeGapMs` become one burst, so a crash loop that fails every few minutes
 * reads as one burst with its peak, not one entry per line or per minute.
 */

export interface BurstOptions {
  fromMs: number;
  toMs: number;
  /** Default one minute. */
  bucketMs?: number;
  /** Default 3 occurrences per bucket. */
  minCount?: number;
  /** Default 3 × baseline. */
  factor?: number;
  /** Default 10 minutes. */
  mergeGapMs?: number;
}

export interface Burst {
  /** Start of the first hot bucket (epoch-aligned, so it may lie just before the window). */
  startMs: number;
  /** End of the last hot bucket (exclusive). */
  endMs: number;
  /** The first and the last occurrence inside the burst. */
  firstAt: number;
  lastAt: number;
  /** Start of the busiest bucket. */
  peakMs: number;
  peakCount: number;
  /** Occurrences inside the burst's hot buckets. */
  total: number;
  /** Median occurrences per bucket, over the whole window */
  baseline: number;
  bucketMs: number;
}

function median(sorted: readonly number[]): number {
  if (sorted.length === 0) return 0;
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

export function detectBursts(timestamps: readonly number[], options: BurstOptions): Burst[] {
  const bucketMs = options.bucketMs ?? 60_000;
  const minCount = options.minCount ?? 3;
  const factor = options.factor ?? 3;
  const mergeGapMs = options.mergeGapMs ?? 10 * 60_000;
  if (!(bucketMs > 0) || !(options.toMs > options.fromMs)) return [];
  // Buckets aligned to the epoch, so the same occurrences give the same bursts whatever the window is.
  const firstBucket = Math.floor(options.fromMs / bucketMs);
  const lastBucket = Math.floor(options.toMs / bucketMs);
  const size = lastBucket - firstBucket + 1;
  const counts = new Array<number>(size).fill(0);
  const earliest = new Array<number>(size).fill(Infinity);
  const latest = new Array<number>(size).fill(-Infinity);
  for (const at of timestamps) {
    if (at < options.fromMs || at > options.toMs) continue;
    const index = Math.floor(at / bucketMs) - firstBucket;
    counts[index]! += 1;
    earliest[index] = Math.min(earliest[index]!, at);
    latest[index] = Math.max(latest[index]!, at);
  }
  const baseline = median([...counts].sort((a, b) => a - b));
  const threshold = Math.max(minCount, baseline * factor, baseline + minCount);
  const bursts: Burst[] = [];
  let current: Burst | null = null;
  let lastHot = -Infinity;
  counts.forEach((count, index) => {
    if (count < threshold) return;
    const bucketStart = (firstBucket + index) * bucketMs;
    if (current && bucketStart - lastHot <= mergeGapMs) {
      current.endMs = bucketStart + bucketMs;
      current.lastAt = latest[index]!;
      current.total += count;
      if (count > current.peakCount) {
        current.peakCount = count;
        current.peakMs = bucketStart;
      }
    } else {
      current = { startMs: bucketStart, endMs: bucketStart + bucketMs, firstAt: earliest[index]!, lastAt: latest[index]!, peakMs: bucketStart, peakCount: count, total: count, baseline, bucketMs };
      bursts.push(current);
    }
    lastHot = bucketStart + bucketMs;
  });
  return bursts;
}
