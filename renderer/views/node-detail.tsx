import { useMemo } from 'react';
import type { NodeRecord } from '../../shared/domain/records.ts';
import { CenterTag } from '../components/center-tag.tsx';
import { Facts } from '../components/facts.tsx';
import { StatusBadge, phaseTone, readyTone } from '../components/status-badge.tsx';
import { useNow } from '../components/use-now.ts';
import { useCenterIndex } from '../data/use-centers.ts';
import { useContainers, usePods } from '../data/use-inventory.ts';
import { formatAge } from '../format/time.ts';
import { formatBytes, formatMillicores, formatPercent } from '../format/units.ts';
import { useT } from '../i18n/locale-store.ts';
import { useUiStore } from '../state/ui-store.ts';
import { DeskTime } from './desk-time.tsx';
import { DetailFrame, DetailSection } from './detail-frame.tsx';
import { EventsList } from './events-list.tsx';
import { RolePanels } from './role-panels.tsx';
import { podKey } from './row-keys.ts';
import { NodeSummary } from './summary-block.tsx';

/** Ready must be True; every other condition (MemoryPressure, DiskPressure, PIDPressure, NetworkUnavailable) must not be. */
export function conditionIsBad(condition: { type: string; status: string }): boolean {
  return condition.type === 'Ready' ? condition.status !== 'True' : condition.status === 'True';
}

function Share({ used, of }: { used: number; of: number }) {
  const ratio = of > 0 ? used / of : 0;
  return (
    <span className="share" title={formatPercent(ratio)}>
      <span className="share__bar">
        <span className={`share__fill${ratio > 0.9 ? ' share__fill--error' : ratio > 0.75 ? ' share__fill--warn' : ''}`} style={{ width: `${Math.min(100, ratio * 100)}%` }} />
      </span>
      <span className="num small">{formatPercent(ratio)}</span>
    </span>
  );
}

export function NodeDetail({ node, onClose }: { node: NodeRecord; onClose?: () => void }) {
  const t = useT();
  const centers = useCenterIndex();
  const now = useNow();
  const openRow = useUiStore((state) => state.open);
  const setActiveTab = useUiStore((state) => state.setActiveTab);
  const pods = usePods([node.centerId], { nodeName: node.name });
  const containers = useContainers([node.centerId]);
  const onNodeContainers = useMemo(() => {
    if (!pods.data || !containers.data) return undefined;
    const onNode = new Set(pods.data.map(podKey));
    return containers.data.filter((container) => onNode.has(`${container.centerId}/${container.namespace}/${container.podName}`));
  }, [pods.data, containers.data]);
  const requested = useMemo(() => {
    const running = new Set((pods.data ?? []).filter((pod) => pod.phase !== 'Succeeded' && pod.phase !== 'Failed').map(podKey));
    let cpuMillis = 0;
    let memoryBytes = 0;
    for (const container of onNodeContainers ?? []) {
      if (!running.has(`${container.centerId}/${container.namespace}/${container.podName}`)) continue;
      cpuMillis += container.requests.cpuMillis;
      memoryBytes += container.requests.memoryBytes;
    }
    return { cpuMillis, memoryBytes, pods: running.size };
  }, [pods.data, onNodeContainers]);
  const problems = node.conditions.filter(conditionIsBad);
  const podRows = [...(pods.data ?? [])].sort((a, b) => `${a.namespace}/${a.name}`.localeCompare(`${b.namespace}/${b.name}`));

  return (
    <DetailFrame
      tab="nodes"
      kind={t('level.node')}
      title={node.name}
      onClose={onClose}
      subtitle={<CenterTag centerId={node.centerId} center={centers.get(node.centerId)} />}
      badges={
        <>
          <StatusBadge tone={readyTone(node.ready)}>{node.ready === 'True' ? 'Ready' : node.ready === 'False' ? 'NotReady' : 'Unknown'}</StatusBadge>
          {node.unschedulable && <StatusBadge tone="warn">Cordoned</StatusBadge>}
          {problems
            .filter((condition) => condition.type !== 'Ready')
            .map((condition) => (
              <StatusBadge key={condition.type} tone="error">
                {condition.type}
              </StatusBadge>
            ))}
        </>
      }
    >
      <RolePanels
        centerId={node.centerId}
        charts={['node.cpu', 'node.memory', 'node.network']}
        target={{ kind: 'node', name: node.name, address: node.internalIp }}
        content={{
          summary: <NodeSummary node={node} pods={pods.data} containers={onNodeContainers} />,
          events: (
            <DetailSection title={t('detail.events')} panel="events">
              <EventsList centerId={node.centerId} involvedName={node.name} />
            </DetailSection>
          ),
        }}
      />
      <DetailSection title={t('detail.capacity')} panel="capacity">
        <table className="mini-table" data-testid="node-capacity">
          <thead>
            <tr>
              <th />
              <th className="align-right">{t('resource.capacity')}</th>
              <th className="align-right">{t('resource.allocatable')}</th>
              <th className="align-right">{t('resource.requested')}</th>
              <th />
            </tr>
          </thead>
          <tbody>
            <tr>
              <td>{t('resource.cpu')}</td>
              <td className="align-right num">{formatMillicores(node.capacity.cpuMillis)}</td>
              <td className="align-right num">{formatMillicores(node.allocatable.cpuMillis)}</td>
              <td className="align-right num">{formatMillicores(requested.cpuMillis)}</td>
              <td>
                <Share used={requested.cpuMillis} of={node.allocatable.cpuMillis} />
              </td>
            </tr>
            <tr>
              <td>{t('resource.memory')}</td>
              <td className="align-right num">{formatBytes(node.capacity.memoryBytes)}</td>
              <td className="align-right num">{formatBytes(node.allocatable.memoryBytes)}</td>
              <td className="align-right num">{formatBytes(requested.memoryBytes)}</td>
              <td>
                <Share used={requested.memoryBytes} of={node.allocatable.memoryBytes} />
              </td>
            </tr>
            <tr>
              <td>{t('resource.pods')}</td>
              <td className="align-right num">{node.capacity.pods ?? '—'}</td>
              <td className="align-right num">{node.allocatable.pods ?? '—'}</td>
              <td className="align-right num">{requested.pods}</td>
              <td>{node.allocatable.pods ? <Share used={requested.pods} of={node.allocatable.pods} /> : null}</td>
            </tr>
          </tbody>
        </table>
      </DetailSection>
      <DetailSection title={t('detail.conditions')} aside={problems.length ? t('detail.needAttention', { count: problems.length }) : t('detail.allHealthy')} panel="conditions">
        <ul className="conditions" data-testid="node-conditions">
          {node.conditions.map((condition) => {
            const bad = conditionIsBad(condition);
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
      <DetailSection title={t('detail.podsOnNode')} aside={pods.data ? t('detail.pods', { count: pods.data.length }) : undefined} panel="pods">
        <table className="mini-table" data-testid="node-pods">
          <tbody>
            {podRows.map((pod) => (
              <tr
                key={pod.uid}
                className="mini-table__link"
                onClick={() => {
                  setActiveTab('pods');
                  openRow('pods', podKey(pod));
                }}
              >
                <td className="muted">{pod.namespace}</td>
                <td className="cell-name">{pod.name}</td>
                <td>
                  <StatusBadge tone={phaseTone(pod.phase)}>{pod.phase}</StatusBadge>
                </td>
                <td className="align-right num">{pod.restarts > 0 ? `↻${pod.restarts}` : ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </DetailSection>
      <DetailSection title={t('detail.facts')} panel="facts">
        <Facts
          facts={[
            [t('fact.roles'), node.roles.join(', ') || '<none>'],
            [t('fact.internalIp'), <span className="mono">{node.internalIp ?? '—'}</span>],
            [t('fact.kubelet'), <span className="mono">{node.kubeletVersion}</span>],
            [t('fact.osImage'), node.osImage],
            [t('fact.created'), <DeskTime at={node.createdAt} suffix={` (${formatAge(node.createdAt, now)})`} />],
          ]}
        />
      </DetailSection>
    </DetailFrame>
  );
}
