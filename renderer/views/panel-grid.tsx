import type { PanelId } from '../../shared/catalog/promql.ts';
import { PanelChart } from '../charts/panel-chart.tsx';
import type { PanelTargetKey } from '../data/query-keys.ts';
import { useUiStore } from '../state/ui-store.ts';

/** The catalog panels of one target over the desk's current time range. */
export function PanelGrid({ centerId, panels, target }: { centerId: string; panels: readonly PanelId[]; target: PanelTargetKey }) {
  const range = useUiStore((state) => state.timeRange);
  const timeZone = useUiStore((state) => state.timeZone);
  return (
    <div className="panel-grid">
      {panels.map((panel) => (
        <PanelChart key={panel} centerId={centerId} panel={panel} target={target} range={range} timeZone={timeZone} />
      ))}
    </div>
  );
}
