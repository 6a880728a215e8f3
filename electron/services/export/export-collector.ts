import { instanceHost, panel, seriesMatchesTarget, type PanelId } from '../../../shared/catalog/promql.ts';
import type { Incident, TimelineEntry } from '../../../shared/domain/incidents.ts';
import { exportFormatVersion, type ExportChart, type ExportDocument, type ExportLogLine } from '../../../shared/export/incident-export.ts';
import type { SeriesSamples } from '../../../shared/domain/records.ts';
import type { CacheService } from '../cache/cache-service.ts';

const maxSeriesPerChart = 8;
const logLinesPerBurst = 5;
const maxLogLines = 60;

/** The panels of the chart strip: node memory and CPU of every affected center, and the cited pods' memory and restarts. */
const nodePanels: PanelId[] = ['node.memory', 'node.cpu'];
const podPanels: PanelId[] = ['pod.memory', 'pod.restarts'];

function seriesLabel(panelId: PanelId, labels: Record<string, string>): string {
  return panel(panelId).target === 'node' ? instanceHost(labels.instance ?? '?') : `${labels.namespace ?? '?'}/${labels.pod ?? '?'}`;
}

function peak(series: SeriesSamples): number {
  return series.values.reduce((max, value) => (Number.isFinite(value) ? Math.max(max, value) : max), -Infinity);
}

/** Series the timeline cites come first; then the highest peaks, up to the chart's limit. */
function pickSeries(all: SeriesSamples[], cited: (labels: Record<string, string>) => boolean): SeriesSamples[] {
  return [...all].sort((a, b) => Number(cited(b.labels)) - Number(cited(a.labels)) || peak(b) - peak(a)).slice(0, maxSeriesPerChart);
}

export function collectCharts(cache: CacheService, incident: Incident, timeline: readonly TimelineEntry[]): ExportChart[] {
  const range = { from: incident.window.fromMs, to: incident.window.toMs };
  const refs = timeline.flatMap((entry) => entry.refs);
  const charts: ExportChart[] = [];
  for (const centerId of incident.centerIds) {
    const citedNodes = refs.flatMap((ref) => (ref.kind === 'node' && ref.centerId === centerId ? [ref.name] : []));
    const citedPods = refs.flatMap((ref) => (ref.kind === 'pod' && ref.centerId === centerId ? [{ namespace: ref.namespace, name: ref.name }] : []));
    const panels: Array<{ id: PanelId; match: (labels: Record<string, string>) => boolean; cited: (labels: Record<string, string>) => boolean }> = [
      ...nodePanels.map((id) => ({ id, match: () => true, cited: (labels: Record<string, string>) => citedNodes.some((name) => seriesMatchesTarget(labels, { kind: 'node', name })) })),
      ...(citedPods.length > 0
        ? podPanels.map((id) => {
            const cited = (labels: Record<string, string>) => citedPods.some((pod) => seriesMatchesTarget(labels, { kind: 'pod', namespace: pod.namespace, name: pod.name }));
            return { id, match: cited, cited };
          })
        : []),
    ];
    for (const { id, match, cited } of panels) {
      const definition = panel(id);
      const series = pickSeries(cache.readSeries(centerId, id, range, match), cited);
      charts.push({
        id: `${centerId}/${id}`,
        title: definition.target === 'pod' ? `Pod ${definition.title.toLowerCase()}` : `Node ${definition.title.toLowerCase()}`,
        panel: id,
        unit: definition.unit,
        centerId,
        series: series.map((samples) => ({
          label: seriesLabel(id, samples.labels),
          points: samples.timestamps.flatMap((ms, index): Array<[number, number]> => {
            const value = samples.values[index]!;
            return Number.isFinite(value) ? [[ms, value]] : [];
          }),
        })),
      });
    }
  }
  return charts;
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
  const byId = cache.db.prepare('SELECT id, center_id, timestamp_ms, namespace, pod, level, trace_id, line FROM log_lines WHERE id = ?');
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
      if (ref.kind === 'log-line') add(byId.get(ref.lineId) as LogRow | undefined, entry.id);
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
