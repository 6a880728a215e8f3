import type { PodRecord } from '../../shared/domain/records.ts';
import { CenterTag } from '../components/center-tag.tsx';
import { ErrorPanel } from '../components/error-panel.tsx';
import { Facts } from '../components/facts.tsx';
import { Restarts, StatusBadge, phaseTone, reasonTone } from '../components/status-badge.tsx';
import { useNow } from '../components/use-now.ts';
import { useCenterIndex } from '../data/use-centers.ts';
import { useContainers } from '../data/use-inventory.ts';
import { formatAge, formatDateTime } from '../format/time.ts';
import { useUiStore } from '../state/ui-store.ts';
import { containerStateTone, formatAmounts } from './containers-view.tsx';
import { DetailFrame, DetailSection } from './detail-frame.tsx';
import { EventsList } from './events-list.tsx';
import { PanelGrid } from './panel-grid.tsx';

export function PodDetail({ pod }: { pod: PodRecord }) {
  const centers = useCenterIndex();
  const timeZone = useUiStore((state) => state.timeZone);
  const openLogs = useUiStore((state) => state.openLogs);
  const now = useNow();
  const containers = useContainers([pod.centerId], { namespace: pod.namespace, podName: pod.name });
  return (
    <DetailFrame
      tab="pods"
      kind="Pod"
      title={pod.name}
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
            Logs
          </button>
        </>
      }
    >
      {pod.message && <div className="callout callout--warn">{pod.message}</div>}
      <PanelGrid
        centerId={pod.centerId}
        panels={['pod.cpu', 'pod.memory', 'pod.restarts']}
        target={{ kind: 'pod', name: pod.name, namespace: pod.namespace }}
      />
      <DetailSection title="Facts">
        <Facts
          facts={[
            ['Node', <span className="mono">{pod.nodeName ?? 'not scheduled'}</span>],
            ['Owner', pod.ownerKind ? `${pod.ownerKind}/${pod.ownerName ?? ''}` : null],
            ['QoS', pod.qosClass],
            ['Ready', `${pod.readyContainers}/${pod.totalContainers} containers`],
            ['Restarts', <Restarts count={pod.restarts} />],
            ['Pod IP', <span className="mono">{pod.podIp ?? '—'}</span>],
            ['Created', `${formatDateTime(pod.createdAt, timeZone)} (${formatAge(pod.createdAt, now)})`],
            ['Started', pod.startedAt ? formatDateTime(pod.startedAt, timeZone) : null],
          ]}
        />
      </DetailSection>
      <DetailSection title="Containers" aside={containers.data ? String(containers.data.length) : undefined}>
        {containers.isPending ? (
          <div className="muted small">Loading containers…</div>
        ) : containers.isError ? (
          <ErrorPanel error={containers.error} compact onRetry={() => void containers.refetch()} />
        ) : (
          <table className="mini-table">
            <thead>
              <tr>
                <th>Name</th>
                <th>State</th>
                <th className="align-right">Restarts</th>
                <th className="align-right" title="CPU / memory requests">Requests</th>
                <th className="align-right" title="CPU / memory limits">Limits</th>
              </tr>
            </thead>
            <tbody>
              {containers.data.map((container) => (
                <tr key={container.name}>
                  <td className="cell-name">{container.name}</td>
                  <td>
                    <StatusBadge tone={containerStateTone(container)}>
                      {container.stateReason ? `${container.state}: ${container.stateReason}` : container.state}
                    </StatusBadge>
                    {container.lastTerminationReason && (
                      <span className="mini-table__sub">last terminated: {container.lastTerminationReason}</span>
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
      <DetailSection title="Recent events">
        <EventsList centerId={pod.centerId} namespace={pod.namespace} involvedName={pod.name} />
      </DetailSection>
    </DetailFrame>
  );
}
