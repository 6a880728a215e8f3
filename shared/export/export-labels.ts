import type { TimelineSource } from '../domain/incidents.ts';
import type { ExportChart, ExportDocument } from './incident-export.ts';

export const sourceLabels: Record<TimelineSource, string> = {
  alert: 'alert',
  'kube-event': 'Kubernetes event',
  rollout: 'rollout',
  'log-burst': 'error logs',
  'trace-errors': 'trace errors',
  audit: 'console action',
  note: 'note',
};

export function centerName(doc: ExportDocument, centerId: string | null): string {
  if (centerId === null) return '';
  return doc.centers.find((center) => center.id === centerId)?.name ?? centerId;
}

export function formatValue(value: number, unit: ExportChart['unit']): string {
  const round = (n: number) => (Math.abs(n) >= 100 ? n.toFixed(0) : Math.abs(n) >= 10 ? n.toFixed(1) : n.toFixed(2));
  switch (unit) {
    case 'ratio':
      return `${round(value * 100)}%`;
    case 'bytes':
    case 'bytes/s': {
      const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
      let scaled = value;
      let index = 0;
      while (Math.abs(scaled) >= 1024 && index < units.length - 1) {
        scaled /= 1024;
        index++;
      }
      return `${round(scaled)} ${units[index]}${unit === 'bytes/s' ? '/s' : ''}`;
    }
    case 'cores':
      return `${round(value)} cores`;
    case 'count':
      return round(value);
  }
}

export function chartRange(chart: ExportChart): { min: number; max: number; points: number } | null {
  let min = Infinity;
  let max = -Infinity;
  let points = 0;
  for (const series of chart.series) {
    for (const [, value] of series.points) {
      min = Math.min(min, value);
      max = Math.max(max, value);
      points++;
    }
  }
  return points === 0 ? null : { min, max, points };
}
