import type { ExportChart } from './incident-export.ts';
import { formatValue } from './export-labels.ts';
import { formatUtc } from './export-time.ts';

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`);
}

export const seriesPalette = ['#2563eb', '#dc2626', '#16a34a', '#d97706', '#7c3aed', '#0891b2', '#db2777', '#4b5563'];
const width = 640;
const height = 180;
const margin = { left: 64, right: 12, top: 10, bottom: 24 };

/**
 * A line chart as inline SVG markup: paths, axis text, no href, no external reference of any kind
 * (so the HTML export renders with every request blocked). `window` fixes the x axis.
 */
export function svgChart(chart: ExportChart, span: { fromMs: number; toMs: number }): string {
  const values = chart.series.flatMap((series) => series.points.map(([, value]) => value));
  const minValue = Math.min(0, ...values);
  const maxValue = values.length > 0 ? Math.max(...values) : 1;
  const valueRange = maxValue - minValue || 1;
  const plotWidth = width - margin.left - margin.right;
  const plotHeight = height - margin.top - margin.bottom;
  const duration = Math.max(1, span.toMs - span.fromMs);
  const x = (ms: number) => margin.left + ((ms - span.fromMs) / duration) * plotWidth;
  const y = (value: number) => margin.top + plotHeight - ((value - minValue) / valueRange) * plotHeight;
  const paths = chart.series.map((series, index) => {
    const d = series.points
      .filter(([ms]) => ms >= span.fromMs && ms <= span.toMs)
      .map(([ms, value], pointIndex) => `${pointIndex === 0 ? 'M' : 'L'}${x(ms).toFixed(1)},${y(value).toFixed(1)}`)
      .join('');
    return d === '' ? '' : `<path class="series" d="${d}" fill="none" stroke="${seriesPalette[index % seriesPalette.length]}" stroke-width="1.5"><title>${escapeHtml(series.label)}</title></path>`;
  });
  const ticks = [0, 0.5, 1].map((fraction) => {
    const value = minValue + valueRange * fraction;
    return `<text x="${margin.left - 6}" y="${(y(value) + 4).toFixed(1)}" text-anchor="end">${escapeHtml(formatValue(value, chart.unit))}</text><line x1="${margin.left}" x2="${width - margin.right}" y1="${y(value).toFixed(1)}" y2="${y(value).toFixed(1)}" class="grid"/>`;
  });
  const timeLabels = [span.fromMs, span.toMs].map(
    (ms, index) => `<text x="${index === 0 ? margin.left : width - margin.right}" y="${height - 6}" text-anchor="${index === 0 ? 'start' : 'end'}">${escapeHtml(formatUtc(ms))}</text>`,
  );
  return [
    `<svg class="chart" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-label="${escapeHtml(chart.title)}">`,
    ...ticks,
    ...timeLabels,
    ...paths,
    values.length === 0 ? `<text x="${width / 2}" y="${height / 2}" text-anchor="middle">no cached samples in the window</text>` : '',
    '</svg>',
  ].join('');
}

/** Which colour is which series (the SVG's <title> only shows on hover). */
export function chartLegend(chart: ExportChart): string {
  return `<div class="legend">${chart.series
    .map((series, index) => `<span><span class="swatch" style="background:${seriesPalette[index % seriesPalette.length]}"></span>${escapeHtml(series.label)}</span>`)
    .join(' ')}</div>`;
}
