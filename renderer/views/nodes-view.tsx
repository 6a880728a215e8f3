import { useMemo } from 'react';
import type { CenterSummary } from '../../shared/contract/channels.ts';
import type { NodeRecord } from '../../shared/domain/records.ts';
import { CenterTag } from '../components/center-tag.tsx';
import { DataTable, type Column } from '../components/data-table.tsx';
import { StatusBadge, readyTone } from '../components/status-badge.tsx';
import { useNow } from '../components/use-now.ts';
import { useCenterIndex } from '../data/use-centers.ts';
import { useNodes } from '../data/use-inventory.ts';
import { formatAge, formatUtc } from '../format/time.ts';
import { formatBytes, formatMillicores } from '../format/units.ts';
import { useActiveRole } from '../data/use-roles.ts';
import { localizeHeaders } from '../i18n/column-headers.ts';
import { useLocale } from '../i18n/locale-store.ts';
import { useUiStore } from '../state/ui-store.ts';
import { roleColumns } from './role-layout.ts';
import { nodeKey } from './row-keys.ts';

export function nodeReadyLabel(node: NodeRecord): string {
  const ready = node.ready === 'True' ? 'Ready' : node.ready === 'False' ? 'NotReady' : 'Unknown';
  return node.unschedulable ? `${ready},SchedulingDisabled` : ready;
}

function nodeColumns(centers: Map<string, CenterSummary>, now: number): Column<NodeRecord>[] {
  return [
    { id: 'name', header: 'Name', sortValue: (node) => node.name, render: (node) => <span className="cell-name">{node.name}</span> },
    {
      id: 'center',
      header: 'Center',
      sortValue: (node) => node.centerId,
      text: (node) => `${node.centerId} ${centers.get(node.centerId)?.name ?? ''}`,
      render: (node) => <CenterTag centerId={node.centerId} center={centers.get(node.centerId)} />,
    },
    {
      id: 'roles',
      secondary: true,
      header: 'Roles',
      sortValue: (node) => node.roles.join(',') || '<none>',
      render: (node) => <span className="muted">{node.roles.join(', ') || '<none>'}</span>,
    },
    {
      id: 'ready',
      header: 'Status',
      sortValue: (node) => nodeReadyLabel(node),
      render: (node) => (
        <span className="badges">
          <StatusBadge tone={readyTone(node.ready)}>{node.ready === 'True' ? 'Ready' : node.ready === 'False' ? 'NotReady' : 'Unknown'}</StatusBadge>
          {node.unschedulable && <StatusBadge tone="warn">Cordoned</StatusBadge>}
        </span>
      ),
    },
    {
      id: 'cpu',
      header: 'CPU cores',
      align: 'right',
      sortValue: (node) => node.allocatable.cpuMillis,
      render: (node) => <span className="num">{formatMillicores(node.allocatable.cpuMillis)}</span>,
      title: 'Allocatable CPU (cores)',
    },
    {
      id: 'memory',
      header: 'Memory',
      align: 'right',
      sortValue: (node) => node.allocatable.memoryBytes,
      render: (node) => <span className="num">{formatBytes(node.allocatable.memoryBytes)}</span>,
      title: 'Allocatable memory',
    },
    { id: 'kubelet', secondary: true, header: 'Kubelet', sortValue: (node) => node.kubeletVersion, render: (node) => <span className="mono muted">{node.kubeletVersion}</span> },
    {
      id: 'age',
      secondary: true,
      header: 'Age',
      align: 'right',
      sortValue: (node) => -node.createdAt,
      text: () => '',
      render: (node) => (
        <span className="num muted" title={`created ${formatUtc(node.createdAt)}`}>
          {formatAge(node.createdAt, now)}
        </span>
      ),
    },
  ];
}

export function NodesView() {
  const centerIds = useUiStore((state) => state.selectedCenterIds);
  const query = useNodes(centerIds);
  const centers = useCenterIndex();
  const now = useNow();
  const role = useActiveRole();
  const locale = useLocale();
  const columns = useMemo(() => localizeHeaders(roleColumns(nodeColumns(centers, now), role, 'nodes'), locale), [centers, now, role, locale]);
  return (
    <DataTable
      tab="nodes"
      testId="nodes-table"
      noun="nodes"
      rows={query.data}
      columns={columns}
      rowKey={nodeKey}
      rowCenterId={(node) => node.centerId}
      rowTone={(node) => (node.ready !== 'True' ? 'error' : node.unschedulable ? 'warn' : null)}
      defaultSort={{ column: 'center', direction: 'asc' }}
      isPending={query.isPending}
      error={query.error}
      onRetry={() => void query.refetch()}
      emptyHint="No nodes in the cache for the selected centers yet. The first inventory sync fills this table."
    />
  );
}
