import { useEffect, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import type { PanelUnit } from '../../shared/catalog/promql.ts';
import { formatUnitValue } from '../format/units.ts';
import { formatDateTime } from '../format/time.ts';
import type { AlignedSeries } from './align-series.ts';
import { chartTheme, seriesColor } from './chart-theme.ts';

export interface UplotChartProps {
  aligned: AlignedSeries;
  unit: PanelUnit | string;
  /** Visible x range in epoch ms; the data may cover only part of it. */
  range: { from: number; to: number };
  timeZone: string;
  height?: number;
}

function yRange(unit: string): uPlot.Range.Function {
  return (_self, dataMin, dataMax) => {
    const min = Number.isFinite(dataMin) ? Math.min(0, dataMin) : 0;
    let max = Number.isFinite(dataMax) ? dataMax : 1;
    if (unit === 'ratio') max = Math.max(max, 1);
    else if (unit === 'count') max = Math.max(Math.ceil(max * 1.2), max + 1, 1);
    else max = max > 0 ? max * 1.15 : 1;
    return [min, max];
  };
}

function buildOptions(props: UplotChartProps, width: number): uPlot.Options {
  const { aligned, unit, timeZone, range } = props;
  const axis = {
    stroke: chartTheme.axisText,
    grid: { stroke: chartTheme.grid, width: 1 },
    ticks: { stroke: chartTheme.grid, width: 1, size: 4 },
    font: chartTheme.font,
  };
  return {
    width,
    height: props.height ?? 180,
    tzDate: (seconds) => uPlot.tzDate(new Date(seconds * 1000), timeZone),
    scales: {
      x: { time: true, range: () => [range.from / 1000, range.to / 1000] },
      y: { range: yRange(unit) },
    },
    axes: [
      { ...axis, space: 70 },
      {
        ...axis,
        size: 64,
        values: (_self, splits) => splits.map((value) => formatUnitValue(unit, value)),
        ...(unit === 'count' ? { incrs: [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000] } : {}),
      },
    ],
    series: [
      { value: (_self, seconds) => (seconds == null ? '–' : formatDateTime(seconds * 1000, timeZone)) },
      ...aligned.labels.map((label, index) => {
        const color = seriesColor(index);
        return {
          label,
          stroke: color,
          width: 1.5,
          fill: `${color}1f`,
          points: { show: aligned.data[0].length < 3, size: 5 },
          value: (_self: uPlot, value: number | null) => formatUnitValue(unit, value),
        } satisfies uPlot.Series;
      }),
    ],
    legend: { show: true, live: true },
    cursor: { y: false, drag: { x: false, y: false }, points: { size: 6 } },
  };
}

/** One uPlot instance; rebuilt when its data or options change, resized with its container. */
export function UplotChart(props: UplotChartProps) {
  const container = useRef<HTMLDivElement>(null);
  const { aligned, unit, timeZone, range, height } = props;

  useEffect(() => {
    const element = container.current;
    if (!element) return;
    const width = Math.max(200, Math.floor(element.clientWidth));
    const chart = new uPlot(buildOptions({ aligned, unit, timeZone, range, height }, width), aligned.data, element);
    const observer = new ResizeObserver(() => {
      const next = Math.max(200, Math.floor(element.clientWidth));
      if (next !== chart.width) chart.setSize({ width: next, height: chart.height });
    });
    observer.observe(element);
    return () => {
      observer.disconnect();
      chart.destroy();
    };
  }, [aligned, unit, timeZone, range.from, range.to, height]);

  return <div className="uplot-host" ref={container} />;
}
