import type { PanelUnit } from '../../shared/catalog/promql.ts';

const binaryUnits = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'] as const;

function trim(value: number, digits: number): string {
  return Number(value.toFixed(digits)).toString();
}

/** 1536 -> "1.5 KiB"; binary units as Kubernetes uses them. */
export function formatBytes(bytes: number, digits = 1): string {
  if (!Number.isFinite(bytes)) return '–';
  const sign = bytes < 0 ? '-' : '';
  let value = Math.abs(bytes);
  let unit = 0;
  while (value >= 1024 && unit < binaryUnits.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${sign}${trim(value, unit === 0 ? 0 : digits)} ${binaryUnits[unit]}`;
}

/** CPU in cores from millicores: 250 -> "250m", 4000 -> "4". */
export function formatMillicores(millis: number): string {
  if (!Number.isFinite(millis)) return '–';
  if (millis === 0) return '0';
  return millis < 1000 ? `${trim(millis, 0)}m` : trim(millis / 1000, 2);
}

/** A CPU rate in cores for chart axes: 0.0123 -> "12.3m", 1.5 -> "1.5". */
export function formatCores(cores: number): string {
  if (!Number.isFinite(cores)) return '–';
  const magnitude = Math.abs(cores);
  if (magnitude === 0) return '0';
  if (magnitude < 1) return `${trim(cores * 1000, magnitude < 0.01 ? 2 : 1)}m`;
  return trim(cores, 2);
}

export function formatPercent(ratio: number, digits = 1): string {
  if (!Number.isFinite(ratio)) return '–';
  return `${trim(ratio * 100, digits)}%`;
}

export function formatCount(value: number): string {
  if (!Number.isFinite(value)) return '–';
  return Math.abs(value) >= 1000 ? value.toLocaleString('en-US', { maximumFractionDigits: 0 }) : trim(value, 2);
}

/** How a value of a panel's unit reads on an axis or in a legend. */
export function formatUnitValue(unit: PanelUnit | string, value: number | null | undefined): string {
  if (value === null || value === undefined) return '–';
  switch (unit) {
    case 'bytes':
      return formatBytes(value);
    case 'bytes/s':
      return `${formatBytes(value)}/s`;
    case 'cores':
      return formatCores(value);
    case 'ratio':
      return formatPercent(value);
    default:
      return formatCount(value);
  }
}

/** The axis label for a unit. */
export function unitLabel(unit: PanelUnit | string): string {
  switch (unit) {
    case 'bytes':
      return 'bytes (binary)';
    case 'bytes/s':
      return 'bytes per second';
    case 'cores':
      return 'CPU cores';
    case 'ratio':
      return 'percent';
    case 'count':
      return 'count';
    default:
      return unit;
  }
}
