import type { RecordRef } from '../domain/incidents.ts';
import { entryId } from './entry-id.ts';
import { detectBursts, type Burst, type BurstOptions } from './rate-bursts.ts';
import { minutesBetween, plural, type TimelineDraft, type TimelineWindow } from './timeline-draft.ts';

/** One failing thing seen at one instant: an error log line or a failed trace. */
export interface Occurrence {
  at: number;
  /** The record behind it (a log line, a trace). */
  ref: RecordRef;
  /** A trace the occurrence belongs to, when known (error lines often carry one). */
  traceId?: string | null;
}

/** Occurrences of one workload or service in one center. */
export interface OccurrenceSeries {
  centerId: string;
  namespace: string | null;
  /** The workload (log streams) or the service (traces). */
  name: string;
  occurrences: readonly Occurrence[];
}

const sampleRefs = 5;

function perMinute(count: number, burst: Burst): string {
  const rate = (count * 60_000) / burst.bucketMs;
  return `${Number.isInteger(rate) ? rate : rate.toFixed(1)}/min`;
}

/** Samples of the burst's records, the busiest bucket's first. */
function samples(series: OccurrenceSeries, burst: Burst): Occurrence[] {
  const inside = series.occurrences.filter((occurrence) => occurrence.at >= burst.startMs && occurrence.at < burst.endMs);
  const peak = inside.filter((occurrence) => occurrence.at >= burst.peakMs && occurrence.at < burst.peakMs + burst.bucketMs);
  return [...peak, ...inside.filter((occurrence) => !peak.includes(occurrence))].slice(0, sampleRefs);
}

export function logBurstEntries(seriesList: readonly OccurrenceSeries[], window: TimelineWindow, options: Omit<BurstOptions, 'fromMs' | 'toMs'> = {}): TimelineDraft[] {
  const entries: TimelineDraft[] = [];
  for (const series of seriesList) {
    const where = series.namespace ? `${series.namespace}/${series.name}` : series.name;
    for (const burst of detectBursts(series.occurrences.map((occurrence) => occurrence.at), { ...window, ...options })) {
      const picked = samples(series, burst);
      const traces = [...new Set(picked.map((occurrence) => occurrence.traceId).filter((id): id is string => !!id))];
      entries.push({
        id: entryId('log-burst', series.centerId, where, burst.startMs),
        at: burst.firstAt,
        endAt: burst.lastAt > burst.firstAt ? burst.lastAt : null,
        source: 'log-burst',
        centerId: series.centerId,
        object: `workload ${where}`,
        title: `Error-log burst in ${where}: ${plural(burst.total, 'error line')} in ${minutesBetween(burst.firstAt, burst.lastAt)}, peak ${perMinute(burst.peakCount, burst)} (normally ${perMinute(burst.baseline, burst)})`,
        body: `Peak at ${new Date(burst.peakMs).toISOString()} with ${plural(burst.peakCount, 'line')}.`,
        severity: burst.peakCount >= Math.max(10, burst.baseline * 10) ? 'critical' : 'warning',
        refs: [
          { kind: 'logs', centerId: series.centerId, namespace: series.namespace, pod: null, fromMs: burst.startMs, toMs: burst.endMs },
          ...picked.map((occurrence) => occurrence.ref),
          ...traces.map((traceId): RecordRef => ({ kind: 'trace', traceId })),
        ],
      });
    }
  }
  return entries;
}

export function traceErrorEntries(seriesList: readonly OccurrenceSeries[], window: TimelineWindow, options: Omit<BurstOptions, 'fromMs' | 'toMs'> = {}): TimelineDraft[] {
  const entries: TimelineDraft[] = [];
  for (const series of seriesList) {
    for (const burst of detectBursts(series.occurrences.map((occurrence) => occurrence.at), { ...window, ...options })) {
      entries.push({
        id: entryId('trace-errors', series.centerId, series.name, burst.startMs),
        at: burst.firstAt,
        endAt: burst.lastAt > burst.firstAt ? burst.lastAt : null,
        source: 'trace-errors',
        centerId: series.centerId,
        object: `service ${series.name}`,
        title: `Trace error spike in ${series.name}: ${plural(burst.total, 'failed trace')} in ${minutesBetween(burst.firstAt, burst.lastAt)}, peak ${perMinute(burst.peakCount, burst)} (normally ${perMinute(burst.baseline, burst)})`,
        body: `Peak at ${new Date(burst.peakMs).toISOString()} with ${plural(burst.peakCount, 'failed trace')}.`,
        severity: 'warning',
        refs: samples(series, burst).map((occurrence) => occurrence.ref),
      });
    }
  }
  return entries;
}
