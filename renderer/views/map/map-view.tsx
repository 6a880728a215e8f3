import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState, type KeyboardEvent, type MouseEvent, type ReactNode } from 'react';
import { mapMetricsByEntity, type MapCell, type MapEntity, type MapFrames, type MapMetric } from '../../../shared/contract/map-channels.ts';
import { ErrorPanel } from '../../components/error-panel.tsx';
import { useCenterIndex } from '../../data/use-centers.ts';
import { formatDateTime } from '../../format/time.ts';
import { formatUnitValue } from '../../format/units.ts';
import { useUiStore, type TabId } from '../../state/ui-store.ts';
import { paintMap } from './map-canvas.ts';
import { groupCells, groupLevels, type GroupLevel } from './map-grouping.ts';
import { cellAt, layoutMap, moveFocus, type MapMove } from './map-layout.ts';
import { defaultThresholds, legendEntries, levelCounts, levelOf, type Thresholds } from './map-scale.ts';
import { useMapFrames } from './use-map-frames.ts';
import './map.css';

const cellSize = 14;
const cellGap = 2;

const entityLabels: Record<MapEntity, string> = { node: 'Nodes', pod: 'Pods', container: 'Containers' };
const metricLabels: Record<MapMetric, string> = { cpu: 'CPU', memory: 'Memory', network: 'Network in', restarts: 'Restarts' };
const levelLabels: Record<GroupLevel, string> = { center: 'Center', namespace: 'Namespace', node: 'Node', pod: 'Pod', none: '—' };
const tabOf: Record<MapEntity, TabId> = { node: 'nodes', pod: 'pods', container: 'containers' };

/** Sensible two levels per entity: where it runs, then what it belongs to. */
const defaultGrouping: Record<MapEntity, [GroupLevel, GroupLevel]> = {
  node: ['center', 'none'],
  pod: ['center', 'namespace'],
  container: ['center', 'namespace'],
};

const keyMoves: Record<string, MapMove> = {
  ArrowLeft: 'left',
  ArrowRight: 'right',
  ArrowUp: 'up',
  ArrowDown: 'down',
  h: 'left',
  l: 'right',
  k: 'up',
  j: 'down',
  Home: 'first',
  End: 'last',
};

function describeCell(cell: MapCell, frames: MapFrames, frame: number): string {
  const where = [cell.centerId, cell.namespace, cell.pod !== cell.name ? cell.pod : null].filter(Boolean).join(' / ');
  return `${cell.name} (${where}): ${metricLabels[frames.metric]} ${formatUnitValue(frames.unit, cell.values[frame])}, ${cell.status}`;
}

function thresholdText(unit: string, from: number | null, to: number | null): string {
  if (from === null && to === null) return 'no data';
  if (from === null) return `< ${formatUnitValue(unit, to)}`;
  if (to === null) return `≥ ${formatUnitValue(unit, from)}`;
  return `${formatUnitValue(unit, from)} – ${formatUnitValue(unit, to)}`;
}

export function MapView() {
  const centerIds = useUiStore((state) => state.selectedCenterIds);
  const range = useUiStore((state) => state.timeRange);
  const timeZone = useUiStore((state) => state.timeZone);
  const [entity, setEntity] = useState<MapEntity>('pod');
  const [metric, setMetric] = useState<MapMetric>('memory');
  const [grouping, setGrouping] = useState<[GroupLevel, GroupLevel]>(defaultGrouping.pod);
  const [frame, setFrame] = useState<number | null>(null);
  const [focused, setFocused] = useState(-1);
  const [hovered, setHovered] = useState<{ position: number; x: number; y: number } | null>(null);
  const [width, setWidth] = useState(960);
  const query = useMapFrames(centerIds, entity, metric, range);
  const centers = useCenterIndex();
  const canvas = useRef<HTMLCanvasElement>(null);
  const area = useRef<HTMLDivElement>(null);

  const frames = query.data;
  const lastFrame = frames ? frames.timestamps.length - 1 : 0;
  const shownFrame = frame === null ? lastFrame : Math.min(frame, lastFrame);
  const thresholds: Thresholds = useMemo(() => defaultThresholds(frames?.entity ?? entity, frames?.metric ?? metric), [frames, entity, metric]);

  const groups = useMemo(
    () =>
      groupCells(frames?.cells ?? [], grouping[0], grouping[1], (level, value) =>
        level === 'center' ? (centers.get(value)?.name ?? value) : level === 'none' ? '' : value,
      ),
    [frames, grouping, centers],
  );
  const layout = useMemo(() => layoutMap(groups, { width, cellSize, gap: cellGap }), [groups, width]);
  const frameValues = useMemo(() => (frames ? frames.cells.map((cell) => cell.values[shownFrame] ?? null) : []), [frames, shownFrame]);
  const counts = useMemo(() => levelCounts(frameValues, thresholds), [frameValues, thresholds]);

  // The scroll area mounts only once frames arrived; a callback ref starts measuring it then.
  const [areaElement, setAreaElement] = useState<HTMLDivElement | null>(null);
  const attachArea = useCallback((element: HTMLDivElement | null) => {
    area.current = element;
    setAreaElement(element);
  }, []);
  useLayoutEffect(() => {
    if (!areaElement) return;
    const measure = () => setWidth(Math.max(320, Math.floor(areaElement.clientWidth)));
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(areaElement);
    return () => observer.disconnect();
  }, [areaElement]);

  useEffect(() => {
    if (!canvas.current || !frames) return;
    paintMap(canvas.current, { layout, cells: frames.cells, frame: shownFrame, thresholds, cellSize, focused });
    canvas.current.dataset.frame = String(shownFrame);
    canvas.current.dataset.entity = frames.entity;
    canvas.current.dataset.metric = frames.metric;
  }, [layout, frames, shownFrame, thresholds, focused]);

  function chooseEntity(next: MapEntity) {
    setEntity(next);
    if (!mapMetricsByEntity[next].includes(metric)) setMetric(mapMetricsByEntity[next][0]!);
    setGrouping(defaultGrouping[next]);
    setFocused(-1);
  }

  function openCell(position: number) {
    const placed = layout.cells[position];
    const cell = placed && frames?.cells[placed.cell];
    if (!cell || !frames) return;
    const { setActiveTab, open } = useUiStore.getState();
    const tab = tabOf[frames.entity];
    setActiveTab(tab);
    open(tab, cell.key);
  }

  function onKeyDown(event: KeyboardEvent<HTMLDivElement>) {
    const move = keyMoves[event.key];
    if (move) {
      const next = moveFocus(layout, focused, move);
      setFocused(next);
      const placed = layout.cells[next];
      if (placed && area.current) {
        const top = placed.y - 8;
        const bottom = placed.y + cellSize + 8;
        if (top < area.current.scrollTop) area.current.scrollTop = top;
        else if (bottom > area.current.scrollTop + area.current.clientHeight) area.current.scrollTop = bottom - area.current.clientHeight;
      }
      event.preventDefault();
      event.stopPropagation();
    } else if (event.key === 'Enter' && focused >= 0) {
      openCell(focused);
      event.preventDefault();
      event.stopPropagation();
    } else if (event.key === '[' || event.key === ']') {
      const delta = event.key === '[' ? -1 : 1;
      setFrame(Math.max(0, Math.min(lastFrame, shownFrame + delta)));
      event.preventDefault();
    }
  }

  function pointer(event: MouseEvent<HTMLCanvasElement>): number {
    const rect = event.currentTarget.getBoundingClientRect();
    return cellAt(layout, event.clientX - rect.left, event.clientY - rect.top, cellSize);
  }

  const tooltipPosition = hovered?.position ?? (focused >= 0 ? focused : -1);
  const tooltipCell = frames ? frames.cells[layout.cells[tooltipPosition]?.cell ?? -1] : undefined;
  const tooltipPlace = hovered ?? (layout.cells[focused] ? { x: layout.cells[focused]!.x + cellSize, y: layout.cells[focused]!.y + cellSize } : null);

  let state: ReactNode = null;
  if (query.isPending) state = <div className="table-state">Reading the map from the cache…</div>;
  else if (query.error && !frames) state = <ErrorPanel error={query.error} title="Could not read the map" onRetry={() => void query.refetch()} />;
  else if (frames && frames.cells.length === 0) state = <div className="table-state">No {entityLabels[entity].toLowerCase()} in the cache for the selected centers yet.</div>;

  return (
    <section className="map-view" data-testid="map-view" aria-label="Map">
      <div className="signal-toolbar map-toolbar">
        <label className="map-field">
          <span>Show</span>
          <select className="input" value={entity} onChange={(event) => chooseEntity(event.target.value as MapEntity)} data-testid="map-entity">
            {(Object.keys(entityLabels) as MapEntity[]).map((option) => (
              <option key={option} value={option}>
                {entityLabels[option]}
              </option>
            ))}
          </select>
        </label>
        <label className="map-field">
          <span>Colour by</span>
          <select className="input" value={metric} onChange={(event) => setMetric(event.target.value as MapMetric)} data-testid="map-metric">
            {mapMetricsByEntity[entity].map((option) => (
              <option key={option} value={option}>
                {metricLabels[option]}
              </option>
            ))}
          </select>
        </label>
        {([0, 1] as const).map((level) => (
          <label className="map-field" key={level}>
            <span>{level === 0 ? 'Group by' : 'then'}</span>
            <select
              className="input"
              value={grouping[level]}
              data-testid={`map-group-${level + 1}`}
              onChange={(event) => {
                const next: [GroupLevel, GroupLevel] = [...grouping];
                next[level] = event.target.value as GroupLevel;
                setGrouping(next);
                setFocused(-1);
              }}
            >
              {groupLevels
                .filter((option) => !(entity === 'node' && (option === 'namespace' || option === 'pod')))
                .filter((option) => !(entity === 'pod' && option === 'pod'))
                .map((option) => (
                  <option key={option} value={option}>
                    {levelLabels[option]}
                  </option>
                ))}
            </select>
          </label>
        ))}
        <ul className="map-legend" data-testid="map-legend" aria-label="Legend">
          {legendEntries(thresholds).map((entry) => (
            <li key={entry.level} className="map-legend__item" data-level={entry.level}>
              <span className="map-legend__swatch" style={{ background: entry.color }} aria-hidden="true" />
              {thresholdText(frames?.unit ?? '', entry.from, entry.to)}
              <span className="map-legend__count" data-testid={`map-count-${entry.level}`}>
                {counts[entry.level]}
              </span>
            </li>
          ))}
        </ul>
      </div>
      <div className="map-scrubber">
        <label className="map-scrubber__label" htmlFor="map-scrubber">
          Time
        </label>
        <input
          id="map-scrubber"
          type="range"
          min={0}
          max={lastFrame}
          step={1}
          value={shownFrame}
          disabled={!frames}
          onChange={(event) => setFrame(Number(event.target.value))}
          data-testid="map-scrubber"
          aria-valuetext={frames ? formatDateTime(frames.timestamps[shownFrame] ?? 0, timeZone) : undefined}
        />
        <time
          className="map-scrubber__time"
          data-testid="map-time"
          title={frames ? new Date(frames.timestamps[shownFrame] ?? 0).toISOString() : undefined}
        >
          {frames ? formatDateTime(frames.timestamps[shownFrame] ?? 0, timeZone) : '–'}
        </time>
        <span className="muted map-scrubber__hint">[ and ] step · arrows move · Enter opens</span>
      </div>
      {state ?? (
        <div className="map-area" ref={attachArea}>
          <div
            className="map-grid"
            tabIndex={0}
            role="application"
            aria-roledescription="map"
            aria-label={`${entityLabels[entity]} map, ${frames?.cells.length ?? 0} cells. Arrow keys move, Enter opens the detail, [ and ] move in time.`}
            onKeyDown={onKeyDown}
            onFocus={() => {
              if (focused < 0 && layout.cells.length > 0) setFocused(0);
            }}
            data-testid="map-grid"
          >
            <canvas
              ref={canvas}
              data-testid="map-canvas"
              onMouseMove={(event) => {
                const position = pointer(event);
                const rect = event.currentTarget.getBoundingClientRect();
                setHovered(position >= 0 ? { position, x: event.clientX - rect.left + 12, y: event.clientY - rect.top + 12 } : null);
                event.currentTarget.style.cursor = position >= 0 ? 'pointer' : 'default';
              }}
              onMouseLeave={() => setHovered(null)}
              onClick={(event) => {
                const position = pointer(event);
                if (position >= 0) {
                  setFocused(position);
                  openCell(position);
                }
              }}
            />
            {tooltipCell && frames && tooltipPlace ? (
              <div className="map-tooltip" role="tooltip" data-testid="map-tooltip" style={{ left: tooltipPlace.x, top: tooltipPlace.y }}>
                <strong>{tooltipCell.name}</strong>
                <div className="muted">
                  {[centers.get(tooltipCell.centerId)?.name ?? tooltipCell.centerId, tooltipCell.namespace, tooltipCell.node].filter(Boolean).join(' · ')}
                </div>
                <div>
                  {metricLabels[frames.metric]}: <span data-level={levelOf(tooltipCell.values[shownFrame], thresholds)}>{formatUnitValue(frames.unit, tooltipCell.values[shownFrame])}</span>
                </div>
                <div className="muted">{tooltipCell.status}</div>
              </div>
            ) : null}
            <span className="visually-hidden" aria-live="polite">
              {tooltipCell && frames && focused >= 0 ? describeCell(tooltipCell, frames, shownFrame) : ''}
            </span>
          </div>
        </div>
      )}
    </section>
  );
}
