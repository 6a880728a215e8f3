import type { NodeRecord } from '../../shared/domain/records.ts';
import { CenterTag } from '../components/center-tag.tsx';
import { Facts } from '../components/facts.tsx';
import { StatusBadge, readyTone } from '../components/status-badge.tsx';
import { useNow } from '../components/use-now.ts';
import { useCenterIndex } from '../data/use-centers.ts';
import { usePods } from '../data/use-inventory.ts';
import { formatAge, formatDateTime } from '../format/time.ts';
import { formatBytes, formatMillicores } from '../format/units.ts';
import { useUiStore } from '../state/ui-store.ts';
import { DetailFrame, DetailSection } from './detail-frame.tsx';
import { PanelGrid } from './panel-grid.tsx';

export function NodeDetail({ node }: { node: NodeRecord }) {
  const centers = useCenterIndex();
  const timeZone = useUiStore((state) => state.timeZone);
  const now = useNow();
  const pods = usePods([node.centerId], { nodeName: node.name });
  const problems = node.conditions.filter((condition) =>
    condition.type === 'Ready' ? condition.status !== 'True' : condition.status === 'True',
  );
  return (
    <DetailFrame
      tab="nodes"
      kind="Node"
      title={node.name}
      subtitle={<CenterTag centerId={node.centerId} center={centers.get(node.centerId)} />}
      badges={
        <>
          <StatusBadge tone={readyTone(node.ready)}>{node.ready === 'True' ? 'Ready' : node.ready === 'False' ? 'NotReady' : 'Unknown'}</StatusBadge>
          {node.unschedulable && <StatusBadge tone="warn">Cordoned</StatusBadge>}
        </>
      }
    >
      <PanelGrid
        centerId={node.centerId}
        panels={['node.cpu', 'node.memory']}
        target={{ kind: 'node', name: node.name, address: node.internalIp }}
      />
      <DetailSection title="Facts">
        <Facts
          facts={[
            ['Roles', node.roles.join(', ') || '<none>'],
            ['Internal IP', <span className="mono">{node.internalIp ?? '—'}</span>],
            ['Kubelet', <span className="mono">{node.kubeletVersion}</span>],
            ['OS image', node.osImage],
            ['CPU', `${formatMillicores(node.allocatable.cpuMillis)} allocatable of ${formatMillicores(node.capacity.cpuMillis)} cores`],
            ['Memory', `${formatBytes(node.allocatable.memoryBytes)} allocatable of ${formatBytes(node.capacity.memoryBytes)}`],
            ['Pods', `${pods.data?.length ?? '…'} scheduled · ${node.allocatable.pods ?? '—'} allocatable`],
            ['Created', `${formatDateTime(node.createdAt, timeZone)} (${formatAge(node.createdAt, now)})`],
          ]}
        />
      </DetailSection>
      <DetailSection title="Conditions" aside={problems.length ? `${problems.length} need attention` : 'all healthy'}>
        <ul className="conditions">
          {node.conditions.map((condition) => {
            const bad = condition.type === 'Ready' ? condition.status !== 'True' : condition.status === 'True';
            return (
              <li key={condition.type} className={bad ? 'condition condition--bad' : 'condition'}>
                <span className="condition__type">{condition.type}</span>
                <span className="condition__status">{condition.status}</span>
                {condition.reason && <span className="condition__reason">{condition.reason}</span>}
                {bad && condition.message && <div className="condition__message">{condition.message}</div>}
              </li>
            );
          })}
        </ul>
      </DetailSection>
    </DetailFrame>
  );
}
