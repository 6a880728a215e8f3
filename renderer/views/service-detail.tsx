import type { ServiceHealth } from '../../shared/analysis/service-health-schema.ts';
import { CenterTag } from '../components/center-tag.tsx';
import { useCenterIndex } from '../data/use-centers.ts';
import { formatPercent } from '../format/units.ts';
import { useT } from '../i18n/locale-store.ts';
import { useUiStore } from '../state/ui-store.ts';
import { DeskTime } from './desk-time.tsx';
import { DetailFrame, DetailSection } from './detail-frame.tsx';

export function formatLatencyMs(ms: number | null): string {
  if (ms === null) return '–';
  return ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${Math.round(ms)} ms`;
}

/** One service's health in every selected center, with jumps to its traces and logs. */
export function ServiceDetail({ service, health, onClose }: { service: string; health: readonly ServiceHealth[]; onClose(): void }) {
  const t = useT();
  const centers = useCenterIndex();
  const openLogs = useUiStore((state) => state.openLogs);
  const setActiveTab = useUiStore((state) => state.setActiveTab);
  const namespace = health.find((item) => item.namespace)?.namespace ?? null;
  return (
    <DetailFrame
      tab="pods"
      kind={t('level.service')}
      title={service}
      onClose={onClose}
      subtitle={namespace ? <span className="mono muted">{namespace}</span> : undefined}
      badges={
        <>
          {namespace && (
            <button type="button" className="button button--small" onClick={() => openLogs({ namespace, levels: ['error'] })}>
              {t('detail.logs')}
            </button>
          )}
          <button type="button" className="button button--small" onClick={() => setActiveTab('traces')}>
            {t('tab.traces')}
          </button>
        </>
      }
    >
      <DetailSection title={t('tab.services')} panel="service-health">
        <table className="mini-table" data-testid="service-health">
          <thead>
            <tr>
              <th>{t('level.center')}</th>
              <th className="align-right">{t('services.availability')}</th>
              <th className="align-right">{t('services.errorRate')}</th>
              <th className="align-right">p50</th>
              <th className="align-right">{t('services.latencyP95')}</th>
              <th className="align-right">p99</th>
              <th className="align-right">{t('services.requests')}</th>
              <th className="align-right">{t('services.errors')}</th>
            </tr>
          </thead>
          <tbody>
            {health.map((item) => (
              <tr key={item.centerId}>
                <td>
                  <CenterTag centerId={item.centerId} center={centers.get(item.centerId)} />
                </td>
                <td className="align-right num">{item.availability === null ? '–' : formatPercent(item.availability)}</td>
                <td className="align-right num">{item.errorRate === null ? '–' : formatPercent(item.errorRate)}</td>
                <td className="align-right num">{formatLatencyMs(item.latencyP50Ms)}</td>
                <td className="align-right num">{formatLatencyMs(item.latencyP95Ms)}</td>
                <td className="align-right num">{formatLatencyMs(item.latencyP99Ms)}</td>
                <td className="align-right num">{item.requests}</td>
                <td className="align-right num">{item.errors}</td>
              </tr>
            ))}
          </tbody>
        </table>
        {health[0] && (
          <div className="muted small">
            <DeskTime at={health[0].fromMs} /> – <DeskTime at={health[0].toMs} />
            {health.some((item) => item.activeAlerts > 0) && ` · ${health.reduce((sum, item) => sum + item.activeAlerts, 0)} active alerts`}
            {health.some((item) => item.errorLogLines) && ` · ${health.reduce((sum, item) => sum + (item.errorLogLines ?? 0), 0)} error log lines`}
          </div>
        )}
      </DetailSection>
    </DetailFrame>
  );
}
