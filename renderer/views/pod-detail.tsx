import type { PodRecord } from '../../shared/domain/records.ts';
import { CenterTag } from '../components/center-tag.tsx';
import { ErrorPanel } from '../components/error-panel.tsx';
import { Facts } from '../components/facts.tsx';
import { Restarts, StatusBadge, phaseTone, reasonTone } from '../components/status-badge.tsx';
import { useNow } from '../components/use-now.ts';
import { useCenterIndex } from '../data/use-centers.ts';
import { useContainers } from '../data/use-inventory.ts';
import { formatAge } from '../format/time.ts';
import { useT } from '../i18n/locale-store.ts';
import { useUiStore } from '../state/ui-store.ts';
import { containerStateTone, formatAmounts } from './containers-view.tsx';
import { DeskTime } from './desk-time.tsx';
import { DetailFrame, DetailSection } from './detail-frame.tsx';
import { EventsList } from './events-list.tsx';
import { workloadOf } from './grouping.ts';
import { PendingAnalysisPanel } from './pending-analysis.tsx';
import { RecentLogs } from './recent-logs.tsx';
import { RolePanels } from './role-panels.tsx';
import { containerKey } from './row-keys.ts';
import { PodSummary } from './summary-block.tsx';

export function PodDetail({ pod, onClose }: { pod: PodRecord; onClose?: () => void }) {
  const t = useT();
  const centers = useCenterIndex();
  const openLogs = useUiStore((state) => state.openLogs);
  const openRow = useUiStore((state) => state.open);
  const setActiveTab = useUiStore((state) => state.setActiveTab);
  const now = useNow();
  const containers = useContainers([pod.centerId], { namespace: pod.namespace, podName: pod.name });
  const workload = workloadOf(pod);
  return (
    <DetailFrame
      tab="pods"
      kind={t('level.pod')}
      title={pod.name}
      onClose={onClose}
      subtitle={
        <>
          <span className="mono muted">{pod.namespace}</span>
          <CenterTag centerId={pod.centerId} center={centers.get(pod.centerId)} />
        </>
      }
      badges={
        <>
          <StatusBadge tone={phaseTone(pod.phase)}>{pod.phase}</StatusBadge>
          {pod.reason && <StatusBadge tone={reasonTone(pod.reason)}>{pod.reason}</StatusBadge>}
          <button
            type="button"
            className="button button--small"
            data-testid="pod-logs"
            title="Logs of this pod in the current time range"
            onClick={() => openLogs({ namespace: pod.namespace, pod: pod.name })}
          >
            {t('detail.logs')}
          </button>
        </>
      }
    >
      {pod.message && pod.phase !== 'Pending' && <div className="callout callout--warn">{pod.message}</div>}
      <RolePanels
        centerId={pod.centerId}
        charts={['pod.cpu', 'pod.memory', 'pod.restarts', 'pod.network']}
        target={{ kind: 'pod', name: pod.name, namespace: pod.namespace }}
        content={{
          summary: <PodSummary pod={pod} containers={containers.data} />,
          'pending-analysis': pod.phase === 'Pending' ? <PendingAnalysisPanel pod={pod} /> : undefined,
          events: (
            <DetailSection title={t('detail.events')} panel="events">
              <EventsList centerId={pod.centerId} namespace={pod.namespace} involvedName={pod.name} />
            </DetailSection>
          ),
          logs: <RecentLogs centerId={pod.centerId} namespace={pod.namespace} pod={pod.name} />,
        }}
      />
      <DetailSection title={t('detail.facts')} panel="facts">
        <Facts
          facts={[
            [t('fact.phase'), pod.phase],
            [t('fact.qos'), pod.qosClass],
            [t('fact.owner'), pod.ownerKind ? <span title={`${pod.ownerKind}/${pod.ownerName ?? ''}`}>{workload}</span> : null],
            [t('fact.node'), <span className="mono">{pod.nodeName ?? 'not scheduled'}</span>],
            [t('fact.ready'), `${pod.readyContainers}/${pod.totalContainers}`],
            [t('fact.restarts'), <Restarts count={pod.restarts} />],
            [t('fact.podIp'), <span className="mono">{pod.podIp ?? '—'}</span>],
            [t('fact.created'), <DeskTime at={pod.createdAt} suffix={` (${formatAge(pod.createdAt, now)})`} />],
            [t('fact.started'), pod.startedAt ? <DeskTime at={pod.startedAt} /> : null],
          ]}
        />
      </DetailSection>
      <DetailSection title={t('detail.containers')} aside={containers.data ? String(containers.data.length) : undefined} panel="containers">
        {containers.isPending ? (
          <div className="muted small">…</div>
        ) : containers.isError ? (
          <ErrorPanel error={containers.error} compact onRetry={() => void containers.refetch()} />
        ) : (
          <table className="mini-table" data-testid="pod-containers">
            <thead>
              <tr>
                <th>{t('level.container')}</th>
                <th>{t('fact.state')}</th>
                <th className="align-right">{t('fact.restarts')}</th>
                <th className="align-right" title="CPU / memory requests">
                  {t('fact.requests')}
                </th>
                <th className="align-right" title="CPU / memory limits">
                  {t('fact.limits')}
                </th>
              </tr>
            </thead>
            <tbody>
              {containers.data.map((container) => (
                <tr
                  key={container.name}
                  className="mini-table__link"
                  onClick={() => {
                    setActiveTab('containers');
                    openRow('containers', containerKey(container));
                  }}
                >
                  <td className="cell-name">{container.name}</td>
                  <td>
                    <StatusBadge tone={containerStateTone(container)}>
                      {container.stateReason ? `${container.state}: ${container.stateReason}` : container.state}
                    </StatusBadge>
                    {container.lastTerminationReason && (
                      <span className="mini-table__sub">
                        {t('fact.lastTermination')}: {container.lastTerminationReason}
                      </span>
                    )}
                  </td>
                  <td className="align-right">
                    <Restarts count={container.restartCount} />
                  </td>
                  <td className="align-right num">{formatAmounts(container.requests)}</td>
                  <td className="align-right num">{formatAmounts(container.limits)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </DetailSection>
    </DetailFrame>
  );
}
