import type { ReactNode } from 'react';
import type { PanelId } from '../../shared/catalog/promql.ts';
import { panelIds } from '../../shared/catalog/promql.ts';
import type { RolePanelId } from '../../shared/domain/roles.ts';
import type { PanelTargetKey } from '../data/query-keys.ts';
import { useActiveRole } from '../data/use-roles.ts';
import { useT } from '../i18n/locale-store.ts';
import { PanelGrid } from './panel-grid.tsx';
import { orderPanels } from './role-layout.ts';

export type PanelContent = Partial<Record<Exclude<RolePanelId, PanelId>, ReactNode>>;

function isChart(panel: RolePanelId): panel is PanelId {
  return (panelIds as readonly string[]).includes(panel);
}

/** Renders panels in order, batching neighbouring charts into one grid. */
function PanelRun({ panels, content, centerId, target }: { panels: readonly RolePanelId[]; content: PanelContent; centerId: string; target: PanelTargetKey }) {
  const out: ReactNode[] = [];
  let charts: PanelId[] = [];
  const flush = () => {
    if (charts.length) out.push(<PanelGrid key={`charts-${charts.join(',')}`} centerId={centerId} panels={charts} target={target} />);
    charts = [];
  };
  for (const panel of panels) {
    if (isChart(panel)) {
      charts.push(panel);
      continue;
    }
    flush();
    const node = content[panel];
    if (node) out.push(<div key={panel}>{node}</div>);
  }
  flush();
  return <>{out}</>;
}

/**
 * A detail pane's panels: the active role's first, in its order; the others this record has follow
 * under "more" (open, foldable), so a role reorders what comes first and never hides a chart.
 */
export function RolePanels({
  charts,
  content,
  centerId,
  target,
}: {
  charts: readonly PanelId[];
  content: PanelContent;
  centerId: string;
  target: PanelTargetKey;
}) {
  const role = useActiveRole();
  const t = useT();
  const derived = (Object.keys(content) as (keyof PanelContent)[]).filter((key) => content[key] !== undefined && content[key] !== null);
  const applicable: RolePanelId[] = [...(derived.includes('summary') ? ['summary' as const] : []), ...charts, ...derived.filter((key) => key !== 'summary')];
  const { primary, more } = orderPanels(applicable, role);
  return (
    <div className="role-panels" data-testid="role-panels" data-primary={primary.join(',')} data-more={more.join(',')}>
      <PanelRun panels={primary} content={content} centerId={centerId} target={target} />
      {more.length > 0 && (
        <details className="more-panels" data-testid="more-panels" open>
          <summary>
            {t('detail.morePanels', { count: more.length })}
          </summary>
          <PanelRun panels={more} content={content} centerId={centerId} target={target} />
        </details>
      )}
    </div>
  );
}
