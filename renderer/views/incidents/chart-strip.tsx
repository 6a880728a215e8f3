import { useMemo } from 'react';
import type { Incident, TimelineEntry } from '../../../shared/domain/incidents.ts';
import { PanelChart } from '../../charts/panel-chart.tsx';
import { useUiStore } from '../../state/ui-store.ts';
import { keyCharts } from '../../../shared/export/key-charts.ts';
import { windowRange } from './timeline-logic.ts';

/** The key metrics of the incident's window: the node and pods its timeline cites most, from the cache. */
export function ChartStrip({ incident, timeline }: { incident: Incident; timeline: readonly TimelineEntry[] }) {
  const timeZone = useUiStore((state) => state.timeZone);
  const slots = useMemo(() => keyCharts(timeline), [timeline]);
  const range = useMemo(() => windowRange(incident.window), [incident.window]);
  return (
    <section className="chart-strip" data-testid="chart-strip" aria-label="Key metrics for the window">
      {slots.length === 0 ? (
        <p className="muted small chart-strip__empty">No node or pod in the timeline yet: the key metrics appear once entries cite one.</p>
      ) : (
        slots.map((slot) => (
          <div key={slot.key} className="chart-strip__slot" data-testid="chart-strip-slot" data-panel={slot.panel}>
            <span className="chart-strip__label mono small" title={slot.label}>
              {slot.label}
            </span>
            <PanelChart centerId={slot.centerId} panel={slot.panel} target={slot.target} range={range} timeZone={timeZone} />
          </div>
        ))
      )}
    </section>
  );
}
