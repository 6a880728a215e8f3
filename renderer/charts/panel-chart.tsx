import { useMemo, useState } from 'react';
import { panel as panelDefinition, type PanelId } from '../../shared/catalog/promql.ts';
import { resolveTimeRange, type TimeRangeInput } from '../../shared/time/range.ts';
import { ErrorPanel } from '../components/error-panel.tsx';
import type { PanelTargetKey } from '../data/query-keys.ts';
import { usePanelSeries } from '../data/use-panel-series.ts';
import { formatClock } from '../format/time.ts';
import { useUiStore } from '../state/ui-store.ts';
import { logsForChartRange } from './chart-logs-link.ts';
import './chart-selection.css';
import { formatUnitValue, unitLabel } from '../format/units.ts';
import { alignSeries } from './align-series.ts';
import { UplotChart, type CursorReading } from './uplot-chart.tsx';

export interface PanelChartProps {
  centerId: string;
  panel: PanelId;
  target: PanelTargetKey;
  range: TimeRangeInput;
  timeZone: string;
}

function latestValue(values: readonly (number | null)[]): number | null {
  for (let index = values.length - 1; index >= 0; index -= 1) {
    const value = values[index];
    if (value !== null && value !== undefined) return value;
  }
  return null;
}

/** A catalog panel for one target: fetched from the cache, drawn with uPlot, with honest empty and error states. */
export function PanelChart({ centerId, panel, target, range, timeZone }: PanelChartProps) {
  const definition = panelDefinition(panel);
  const [reading, setReading] = useState<CursorReading | null>(null);
  const [selection, setSelection] = useState<{ from: number; to: number } | null>(null);
  const openLogs = useUiStore((state) => state.openLogs);
  const logsLink = logsForChartRange(target);
  const query = usePanelSeries(centerId, panel, target, range);
  const aligned = useMemo(() => (query.data ? alignSeries(query.data) : null), [query.data]);
  const unit = query.data?.unit ?? definition.unit;
  const resolved = useMemo(() => {
    try {
      return resolveTimeRange(range, query.dataUpdatedAt || Date.now());
    } catch {
      return null;
    }
  }, [range, query.dataUpdatedAt]);
  const points = aligned?.points ?? 0;
  const latest = aligned && aligned.data.length === 2 ? latestValue(aligned.data[1] ?? []) : null;

  let body;
  if (query.isPending) body = <div className="chart-state chart-state--loading">Loading {definition.title.toLowerCase()}…</div>;
  else if (query.isError) body = <ErrorPanel error={query.error} compact onRetry={() => void query.refetch()} />;
  else if (!aligned || points === 0 || !resolved)
    body = (
      <div className="chart-state" data-testid="chart-empty">
        No cached samples for this range. The next metrics sync fills it; try a wider range or Refresh.
      </div>
    );
  else body = <UplotChart aligned={aligned} unit={unit} range={resolved} timeZone={timeZone} onCursor={setReading} {...(logsLink ? { onSelectRange: setSelection } : {})} />;
  const single = aligned?.labels.length === 1;

  return (
    <section
      className="chart"
      data-testid={`chart-${panel}`}
      data-points={points}
      aria-busy={query.isFetching}
      aria-label={`${definition.title} chart`}
    >
      <header className="chart__header">
        <h4 className="chart__title">{query.data?.title ?? definition.title}</h4>
        <span className="chart__unit">{unitLabel(unit)}</span>
        {single && reading ? (
          <span className="chart__latest chart__latest--hover">
            <span className="muted">{formatClock(reading.time, timeZone)}</span> {formatUnitValue(unit, reading.values[0])}
          </span>
        ) : (
          latest !== null && (
            <span className="chart__latest">
              <span className="muted">latest</span> {formatUnitValue(unit, latest)}
            </span>
          )
        )}
        {query.isFetching && !query.isPending && <span className="chart__spinner" aria-hidden="true" />}
      </header>
      {body}
      {selection && logsLink && (
        <div className="chart__selection" data-testid="chart-selection" data-from={selection.from} data-to={selection.to}>
          <span className="mono small">
            {formatClock(selection.from, timeZone)} – {formatClock(selection.to, timeZone)}
          </span>
          <button
            type="button"
            className="button button--small"
            data-testid="chart-selection-logs"
            title={`Logs of ${logsLink.label} in the selected range`}
            onClick={() => openLogs(logsLink.filter, { from: new Date(selection.from).toISOString(), to: new Date(selection.to).toISOString() })}
          >
            Logs of {logsLink.label} →
          </button>
        </div>
      )}
    </section>
  );
}
