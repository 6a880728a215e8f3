import { useEffect, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import type { PanelUnit } from '../../shared/catalog/promql.ts';
import { formatUnitValue } from '../format/units.ts';
import { formatDateTime } from '../format/time.ts';
import type { AlignedSeries } from './align-series.ts';
import { axisSizeFor, byteIncrements, countIncrements, decimalIncrements, timeTickLabels, valueTickLabels } from './axis-format.ts';
import { chartTheme, seriesColor } from './chart-theme.ts';

/** Where the cursor rests: the sample time and each series' value there. */
export interface CursorReading {
  time: number;
  values: (number | null)[];
}

export interface UplotChartProps {
  aligned: AlignedSeries;
  unit: PanelUnit | string;
  /** Visible x range in epoch ms; the data may cover only part of it. */
  range: { from: number; to: number };
  timeZone: string;
  height?: number;
  onCursor?: (reading: CursorReading | null) => void;
  /** A time range dragged out on the chart (epoch ms); null when the selection is cleared. */
  onSelectRange?: (range: { from: number; to: number } | null) => void;
}

function yRange(unit: string): uPlot.Range.Function {
  return (_self, dataMin, dataMax) => {
    const min = Number.isFinite(dataMin) ? Math.min(0, dataMin) : 0;
    let max = Number.isFinite(dataMax) ? dataMax : 1;
    if (unit === 'ratio') max = Math.max(max * 1.1, 0.1);
    else if (unit === 'count') max = Math.max(Math.ceil(max * 1.25), max + 1, 1);
    else max = max > 0 ? max * 1.15 : 1;
    return [min, max];
  };
}

function incrementsFor(unit: string): number[] {
  if (unit === 'bytes' || unit === 'bytes/s') return byteIncrements;
  if (unit === 'count') return countIncrements;
  return decimalIncrements;
}

function buildOptions(props: UplotChartProps, width: number, onCursor: (self: uPlot) => void, onSelect: (self: uPlot) => void): uPlot.Options {
  const { aligned, unit, timeZone, range } = props;
  const axis = {
    stroke: chartTheme.axisText,
    grid: { stroke: chartTheme.grid, width: 1 },
    ticks: { stroke: chartTheme.grid, width: 1, size: 4 },
    font: chartTheme.font,
  };
  const many = aligned.labels.length > 1;
  return {
    width,
    height: props.height ?? 160,
    tzDate: (seconds) => uPlot.tzDate(new Date(seconds * 1000), timeZone),
    scales: {
      x: { time: true, range: () => [range.from / 1000, range.to / 1000] },
      y: { range: yRange(unit) },
    },
    axes: [
      {
        ...axis,
        space: 64,
        size: 40,
        values: (_self, splits, _axis, _space, increment) => timeTickLabels(splits, increment, timeZone),
      },
      {
        ...axis,
        space: 28,
        incrs: incrementsFor(unit),
        values: (_self, splits) => valueTickLabels(unit, splits),
        size: (_self, values) => axisSizeFor(values ?? []),
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
          fill: many ? undefined : `${color}1c`,
          points: { show: aligned.data[0].length < 3, size: 5 },
          value: (_self: uPlot, value: number | null) => formatUnitValue(unit, value),
        } satisfies uPlot.Series;
      }),
    ],
    // One series reads its hover value in the chart header; several need the legend to tell them apart.
    legend: { show: many, live: true },
    // Dragging marks a time range (to open its logs); it does not zoom, the desk's time range stays the one picked.
    cursor: { y: false, drag: { x: props.onSelectRange !== undefined, y: false, setScale: false }, points: { size: 7 } },
    hooks: { setCursor: [onCursor], setSelect: [onSelect] },
  };
}

/** One uPlot instance; rebuilt when its data or options change, resized with its container. */
export function UplotChart(props: UplotChartProps) {
  const container = useRef<HTMLDivElement>(null);
  const onCursorRef = useRef(props.onCursor);
  onCursorRef.current = props.onCursor;
  const onSelectRef = useRef(props.onSelectRange);
  onSelectRef.current = props.onSelectRange;
  const selectable = props.onSelectRange !== undefined;
  const { aligned, unit, timeZone, range, height } = props;

  useEffect(() => {
    const element = container.current;
    if (!element) return;
    let lastIdx: number | null | undefined;
    const reportCursor = (self: uPlot) => {
      const idx = self.cursor.idx ?? null;
      if (idx === lastIdx) return;
      lastIdx = idx;
      const time = idx === null ? undefined : self.data[0][idx];
      onCursorRef.current?.(
        idx === null || time === undefined
          ? null
          : { time: time * 1000, values: self.data.slice(1).map((column) => (column[idx] as number | null | undefined) ?? null) },
      );
    };
    const reportSelect = (self: uPlot) => {
      const { left, width: selected } = self.select;
      if (selected < 3) return onSelectRef.current?.(null);
      const from = Math.round(self.posToVal(left, 'x') * 1000);
      const to = Math.round(self.posToVal(left + selected, 'x') * 1000);
      onSelectRef.current?.(to > from ? { from, to } : null);
    };
    const width = Math.max(200, Math.floor(element.clientWidth));
    const options = buildOptions({ aligned, unit, timeZone, range, height, ...(selectable ? { onSelectRange: () => undefined } : {}) }, width, reportCursor, reportSelect);
    const chart = new uPlot(options, aligned.data, element);
    const observer = new ResizeObserver(() => {
      const next = Math.max(200, Math.floor(element.clientWidth));
      if (next !== chart.width) chart.setSize({ width: next, height: chart.height });
    });
    observer.observe(element);
    return () => {
      observer.disconnect();
      chart.destroy();
      onCursorRef.current?.(null);
      onSelectRef.current?.(null);
    };
  }, [aligned, unit, timeZone, range.from, range.to, height, selectable]);

  return <div className="uplot-host" ref={container} />;
}
