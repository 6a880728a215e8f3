import type { PanelSeries } from '../../shared/contract/channels.ts';
import type { ContainerRecord } from '../../shared/domain/records.ts';
import { CenterTag } from '../components/center-tag.tsx';
import { Facts } from '../components/facts.tsx';
import { Restarts, StatusBadge, reasonTone } from '../components/status-badge.tsx';
import { useCenterIndex } from '../data/use-centers.ts';
import { usePanelSeries } from '../data/use-panel-series.ts';
import { formatBytes, formatMillicores, formatPercent } from '../format/units.ts';
import { useT } from '../i18n/locale-store.ts';
import { useUiStore } from '../state/ui-store.ts';
import { containerStateTone } from './containers-view.tsx';
import { DeskTime } from './desk-time.tsx';
import { DetailFrame, DetailSection } from './detail-frame.tsx';
import { RecentLogs } from './recent-logs.tsx';
import { RolePanels } from './role-panels.tsx';
import { ContainerSummary } from './summary-block.tsx';

/** The newest sample of the first series, or null when the cache holds none. */
export function latestValue(series: PanelSeries | undefined): number | null {
  const first = series?.series[0];
  if (!first || first.values.length === 0) return null;
  for (let index = first.values.length - 1; index >= 0; index -= 1) {
    const value = first.values[index]!;
    if (Number.isFinite(value)) return value;
  }
  return null;
}

function UsageRow({ label, usage, request, limit, format }: { label: string; usage: number | null; request: number; limit: number; format(value: number): string }) {
  const of = limit || request;
  const ratio = usage !== null && of > 0 ? usage / of : null;
  const tone = ratio === null ? '' : ratio >= 0.9 ? ' share__fill--error' : ratio >= 0.75 ? ' share__fill--warn' : '';
  return (
    <tr>
      <td>{label}</td>
      <td className="align-right num">{request ? format(request) : '–'}</td>
      <td className="align-right num">{limit ? format(limit) : '–'}</td>
      <td className="align-right num">{usage === null ? '–' : format(usage)}</td>
      <td>
        {ratio !== null && (
          <span className="share" title={`${formatPercent(ratio)} of the ${limit ? 'limit' : 'request'}`}>
            <span className="share__bar">
              <span className={`share__fill${tone}`} style={{ width: `${Math.min(100, ratio * 100)}%` }} />
            </span>
            <span className="num small">
              {formatPercent(ratio)} {limit ? 'lim' : 'req'}
            </span>
          </span>
        )}
      </td>
    </tr>
  );
}

export function ContainerDetail({ container, onClose }: { container: ContainerRecord; onClose?: () => void }) {
  const t = useT();
  const centers = useCenterIndex();
  const range = useUiStore((state) => state.timeRange);
  const target = { kind: 'container', name: container.name, namespace: container.namespace, pod: container.podName } as const;
  const cpu = usePanelSeries(container.centerId, 'container.cpu', target, range);
  const memory = usePanelSeries(container.centerId, 'container.memory', target, range);
  const cpuCores = latestValue(cpu.data);
  const memoryBytes = latestValue(memory.data);
  return (
    <DetailFrame
      tab="containers"
      kind={t('level.container')}
      title={container.name}
      onClose={onClose}
      subtitle={
        <>
          <span className="mono muted">
            {container.namespace}/{container.podName}
          </span>
          <CenterTag centerId={container.centerId} center={centers.get(container.centerId)} />
        </>
      }
      badges={
        <>
          <StatusBadge tone={containerStateTone(container)}>
            {container.stateReason ? `${container.state}: ${container.stateReason}` : container.state}
          </StatusBadge>
          {container.lastTerminationReason && (
            <StatusBadge tone={reasonTone(container.lastTerminationReason)} title={t('fact.lastTermination')}>
              {container.lastTerminationReason}
            </StatusBadge>
          )}
        </>
      }
    >
      <RolePanels
        centerId={container.centerId}
        charts={['container.cpu', 'container.memory', 'container.restarts']}
        target={target}
        content={{
          summary: <ContainerSummary container={container} />,
          logs: <RecentLogs centerId={container.centerId} namespace={container.namespace} pod={container.podName} container={container.name} />,
        }}
      />
      <DetailSection title={t('detail.resources')} panel="resources">
        <table className="mini-table" data-testid="container-resources">
          <thead>
            <tr>
              <th />
              <th className="align-right">{t('fact.requests')}</th>
              <th className="align-right">{t('fact.limits')}</th>
              <th className="align-right">{t('fact.usage')}</th>
              <th />
            </tr>
          </thead>
          <tbody>
            <UsageRow
              label={t('resource.cpu')}
              usage={cpuCores === null ? null : cpuCores * 1000}
              request={container.requests.cpuMillis}
              limit={container.limits.cpuMillis}
              format={(millis) => `${formatMillicores(millis)} cores`}
            />
            <UsageRow
              label={t('resource.memory')}
              usage={memoryBytes}
              request={container.requests.memoryBytes}
              limit={container.limits.memoryBytes}
              format={(bytes) => formatBytes(bytes)}
            />
          </tbody>
        </table>
      </DetailSection>
      <DetailSection title={t('detail.facts')} panel="facts">
        <Facts
          facts={[
            [t('fact.state'), container.stateReason ? `${container.state}: ${container.stateReason}` : container.state],
            [
              t('fact.lastTermination'),
              container.lastTerminationReason ? (
                <span data-testid="last-termination">
                  <StatusBadge tone={reasonTone(container.lastTerminationReason)}>{container.lastTerminationReason}</StatusBadge>
                  {container.lastTerminatedAt && (
                    <span className="muted small">
                      {' '}
                      <DeskTime at={container.lastTerminatedAt} />
                    </span>
                  )}
                </span>
              ) : null,
            ],
            [t('fact.image'), <span className="mono break">{container.image}</span>],
            [t('fact.ready'), container.ready ? 'yes' : 'no'],
            [t('fact.restarts'), <Restarts count={container.restartCount} />],
            [t('fact.started'), container.startedAt ? <DeskTime at={container.startedAt} /> : null],
          ]}
        />
      </DetailSection>
    </DetailFrame>
  );
}
