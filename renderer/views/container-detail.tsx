import type { ContainerRecord } from '../../shared/domain/records.ts';
import { CenterTag } from '../components/center-tag.tsx';
import { Facts } from '../components/facts.tsx';
import { Restarts, StatusBadge, reasonTone } from '../components/status-badge.tsx';
import { useCenterIndex } from '../data/use-centers.ts';
import { formatDateTime } from '../format/time.ts';
import { formatBytes, formatMillicores } from '../format/units.ts';
import { useUiStore } from '../state/ui-store.ts';
import { containerStateTone } from './containers-view.tsx';
import { DetailFrame, DetailSection } from './detail-frame.tsx';
import { PanelGrid } from './panel-grid.tsx';

function amount(millis: number, bytes: number): string {
  return `${millis ? `${formatMillicores(millis)} cores` : 'no cpu'} · ${bytes ? formatBytes(bytes) : 'no memory'}`;
}

export function ContainerDetail({ container }: { container: ContainerRecord }) {
  const centers = useCenterIndex();
  const timeZone = useUiStore((state) => state.timeZone);
  return (
    <DetailFrame
      tab="containers"
      kind="Container"
      title={container.name}
      subtitle={
        <>
          <span className="mono muted">
            {container.namespace}/{container.podName}
          </span>
          <CenterTag centerId={container.centerId} center={centers.get(container.centerId)} />
        </>
      }
      badges={
        <StatusBadge tone={containerStateTone(container)}>
          {container.stateReason ? `${container.state}: ${container.stateReason}` : container.state}
        </StatusBadge>
      }
    >
      <PanelGrid
        centerId={container.centerId}
        panels={['container.cpu', 'container.memory', 'container.restarts']}
        target={{ kind: 'container', name: container.name, namespace: container.namespace, pod: container.podName }}
      />
      <DetailSection title="Facts">
        <Facts
          facts={[
            ['Image', <span className="mono break">{container.image}</span>],
            ['Ready', container.ready ? 'yes' : 'no'],
            ['Restarts', <Restarts count={container.restartCount} />],
            ['Started', container.startedAt ? formatDateTime(container.startedAt, timeZone) : null],
            [
              'Last termination',
              container.lastTerminationReason ? (
                <>
                  <StatusBadge tone={reasonTone(container.lastTerminationReason)}>{container.lastTerminationReason}</StatusBadge>
                  {container.lastTerminatedAt && <span className="muted small"> at {formatDateTime(container.lastTerminatedAt, timeZone)}</span>}
                </>
              ) : null,
            ],
            ['Requests', amount(container.requests.cpuMillis, container.requests.memoryBytes)],
            ['Limits', amount(container.limits.cpuMillis, container.limits.memoryBytes)],
          ]}
        />
      </DetailSection>
    </DetailFrame>
  );
}
