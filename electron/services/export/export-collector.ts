import { instanceHost, panel, seriesMatchesTarget } from '../../../shared/catalog/promql.ts';
import { keyCharts } from '../../../shared/export/key-charts.ts';
import type { Incident, TimelineEntry } from '../../../shared/domain/incidents.ts';
import { exportFormatVersion, type ExportChart, type ExportDocument, type ExportLogLine } from '../../../shared/export/incident-export.ts';
import type { SeriesSamples } from '../../../shared/domain/records.ts';
import type { CacheService } from '../cache/cache-service.ts';

const maxSeriesPerChart = 8;
const logLinesPerBurst = 5;
const maxLogLines = 60;

function toPoints(samples: SeriesSamples): Array<[number, number]> {
  return samples.timestamps.flatMap((ms, index): Array<[number, number]> => {
    const value = samples.values[index]!;
    return Number.isFinite(value) ? [[ms, value]] : [];
  });
}

function peak(series: SeriesSamples): number {
  return series.values.reduce((max, value) => (Number.isFinite(value) ? Math.max(max, value) : max), -Infinity);
}

/**
 * The incident page's key metrics (shared/export/key-charts.ts), one chart per target from the
 * cached series of the window. With no node or pod cited yet, memory of each center's busiest nodes instead.
 */
export function collectCharts(cache: CacheService, incident: Incident, timeline: readonly TimelineEntry[]): ExportChart[] {
  const range = { from: incident.window.fromMs, to: incident.window.toMs };
  const chosen = keyCharts(timeline);
  if (chosen.length > 0) {
    return chosen.map((chart) => {
      const definition = panel(chart.panel);
      const series = cache.readSeries(chart.centerId, chart.panel, range, (labels) => seriesMatchesTarget(labels, chart.target));
      return {
        id: `${chart.centerId}/${chart.key}`,
        title: `${chart.label} · ${definition.title}`,
        panel: chart.panel,
        unit: definition.unit,
        centerId: chart.centerId,
        series: series.map((samples) => ({ label: chart.label, points: toPoints(samples) })),
      };
    });
  }
  return incident.centerIds.map((centerId) => {
    const definition = panel('node.memory');
    const series = cache
      .readSeries(centerId, 'node.memory', range)
      .sort((a, b) => peak(b) - peak(a))
      .slice(0, maxSeriesPerChart);
    return {
      id: `${centerId}/node.memory`,
      title: `busiest nodes · ${definition.title}`,
      panel: 'node.memory',
      unit: definition.unit,
      centerId,
      series: series.map((samples) => ({ label: `node ${instanceHost(samples.labels.instance ?? '?')}`, points: toPoints(samples) })),
    };
  });
}

interface LogRow {
  id: string;
  center_id: string;
  timestamp_ms: number;
  namespace: string | null;
  pod: string | null;
  level: string;
  trace_id: string | null;
  line: string;
}

/** A few error lines behind every error-log burst (and every line an entry cites), oldest first. */
export function collectLogs(cache: CacheService, timeline: readonly TimelineEntry[]): ExportLogLine[] {
  const inRange = cache.db.prepare(
    `SELECT id, center_id, timestamp_ms, namespace, pod, level, trace_id, line FROM log_lines
     WHERE center_id = ? AND timestamp_ms BETWEEN ? AND ? AND (? IS NULL OR namespace = ?) AND (? IS NULL OR pod = ?) AND level = 'error'
     ORDER BY timestamp_ms LIMIT ${logLinesPerBurst}`,
  );
  const lines = new Map<string, ExportLogLine>();
  const add = (row: LogRow | undefined, entryId: string) => {
    if (!row || lines.has(row.id) || lines.size >= maxLogLines) return;
    lines.set(row.id, {
      id: row.id,
      at: row.timestamp_ms,
      centerId: row.center_id,
      namespace: row.namespace,
      pod: row.pod,
      level: (['error', 'warn', 'info', 'debug'].includes(row.level) ? row.level : 'unknown') as ExportLogLine['level'],
      traceId: row.trace_id,
      line: row.line,
      entryId,
    });
  };
  for (const entry of timeline) {
    if (entry.hidden) continue;
    for (const ref of entry.refs) {
      if (ref.kind === 'log-line') {
        // Through the log store's key index: log_lines has no index on id alone.
        const line = cache.logs.get(ref.lineId);
        if (line) add({ id: line.id, center_id: line.centerId, timestamp_ms: line.timestamp, namespace: line.namespace, pod: line.pod, level: line.level, trace_id: line.traceId, line: line.line }, entry.id);
      }
      if (ref.kind === 'logs') {
        for (const row of inRange.all(ref.centerId, ref.fromMs, ref.toMs, ref.namespace, ref.namespace, ref.pod, ref.pod) as LogRow[]) add(row, entry.id);
      }
    }
  }
  return [...lines.values()].sort((a, b) => a.at - b.at);
}

export interface CollectOptions {
  version: string;
  timeZone: string;
  now: number;
}

/** The unmasked export document of one incident, read from the cache only (works with every center unreachable). */
export function collectExportDocument(cache: CacheService, source: { incident: Incident; timeline: TimelineEntry[] }, options: CollectOptions): ExportDocument {
  const names = new Map(cache.listCenters().map((center) => [center.id, center.name]));
  const centerIds = [...new Set([...source.incident.centerIds, ...source.timeline.flatMap((entry) => (entry.centerId ? [entry.centerId] : []))])];
  return {
    format: 'opsdesk-incident-export',
    formatVersion: exportFormatVersion,
    generatedAt: options.now,
    generator: { name: 'OpsDesk', version: options.version },
    timeZone: options.timeZone,
    incident: source.incident,
    centers: centerIds.map((id) => ({ id, name: names.get(id) ?? id })),
    timeline: source.timeline,
    charts: collectCharts(cache, source.incident, source.timeline),
    logs: collectLogs(cache, source.timeline),
  };
}
