import { useMemo } from 'react';
import type { CenterSummary } from '../../shared/contract/channels.ts';
import type { ContainerRecord, ResourceAmounts } from '../../shared/domain/records.ts';
import { CenterTag } from '../components/center-tag.tsx';
import { DataTable, type Column } from '../components/data-table.tsx';
import { Restarts, StatusBadge, reasonTone, type Tone } from '../components/status-badge.tsx';
import { useCenterIndex } from '../data/use-centers.ts';
import { useContainers } from '../data/use-inventory.ts';
import { formatBytes, formatMillicores } from '../format/units.ts';
import { useActiveRole } from '../data/use-roles.ts';
import { localizeHeaders } from '../i18n/column-headers.ts';
import { useLocale } from '../i18n/locale-store.ts';
import { useUiStore } from '../state/ui-store.ts';
import { roleColumns } from './role-layout.ts';
import { containerKey } from './row-keys.ts';

export function containerStateTone(container: ContainerRecord): Tone {
  if (container.stateReason && reasonTone(container.stateReason) === 'error') return 'error';
  switch (container.state) {
    case 'running':
      return container.ready ? 'ok' : 'warn';
    case 'waiting':
      return 'warn';
    case 'terminated':
      return container.stateReason === 'Completed' ? 'muted' : 'error';
    default:
      return 'muted';
  }
}

export function formatAmounts(amounts: ResourceAmounts): string {
  const cpu = amounts.cpuMillis ? formatMillicores(amounts.cpuMillis) : '–';
  const memory = amounts.memoryBytes ? formatBytes(amounts.memoryBytes, 0) : '–';
  return `${cpu} / ${memory}`;
}

function shortImage(image: string): string {
  const slash = image.lastIndexOf('/');
  return slash >= 0 ? image.slice(slash + 1) : image;
}

function containerColumns(centers: Map<string, CenterSummary>): Column<ContainerRecord>[] {
  return [
    { id: 'namespace', secondary: true, header: 'Namespace', sortValue: (c) => c.namespace, render: (c) => <span className="muted">{c.namespace}</span> },
    { id: 'pod', header: 'Pod', sortValue: (c) => c.podName, render: (c) => <span className="muted">{c.podName}</span> },
    { id: 'name', header: 'Container', sortValue: (c) => c.name, render: (c) => <span className="cell-name">{c.name}</span> },
    {
      id: 'center',
      header: 'Center',
      sortValue: (c) => c.centerId,
      text: (c) => `${c.centerId} ${centers.get(c.centerId)?.name ?? ''}`,
      render: (c) => <CenterTag centerId={c.centerId} center={centers.get(c.centerId)} />,
    },
    {
      id: 'state',
      header: 'State',
      sortValue: (c) => `${c.state} ${c.stateReason ?? ''}`,
      render: (c) => (
        <StatusBadge tone={containerStateTone(c)}>{c.stateReason ? `${c.state}: ${c.stateReason}` : c.state}</StatusBadge>
      ),
    },
    {
      id: 'last',
      header: 'Last termination',
      sortValue: (c) => c.lastTerminationReason ?? '',
      render: (c) =>
        c.lastTerminationReason ? <StatusBadge tone={reasonTone(c.lastTerminationReason)}>{c.lastTerminationReason}</StatusBadge> : null,
    },
    { id: 'restarts', header: 'Restarts', align: 'right', sortValue: (c) => c.restartCount, render: (c) => <Restarts count={c.restartCount} /> },
    {
      id: 'image',
      secondary: true,
      header: 'Image',
      sortValue: (c) => c.image,
      render: (c) => (
        <span className="mono muted truncate" title={c.image}>
          {shortImage(c.image)}
        </span>
      ),
    },
    {
      id: 'requests',
      secondary: true,
      header: 'Requests',
      align: 'right',
      sortValue: (c) => c.requests.cpuMillis,
      text: (c) => formatAmounts(c.requests),
      render: (c) => <span className="num">{formatAmounts(c.requests)}</span>,
      title: 'CPU / memory requests',
    },
    {
      id: 'limits',
      secondary: true,
      header: 'Limits',
      align: 'right',
      sortValue: (c) => c.limits.cpuMillis,
      text: (c) => formatAmounts(c.limits),
      render: (c) => <span className="num">{formatAmounts(c.limits)}</span>,
      title: 'CPU / memory limits',
    },
  ];
}

export function ContainersView() {
  const centerIds = useUiStore((state) => state.selectedCenterIds);
  const query = useContainers(centerIds);
  const centers = useCenterIndex();
  const role = useActiveRole();
  const locale = useLocale();
  const columns = useMemo(() => localizeHeaders(roleColumns(containerColumns(centers), role, 'containers'), locale), [centers, role, locale]);
  return (
    <DataTable
      tab="containers"
      testId="containers-table"
      noun="containers"
      rows={query.data}
      columns={columns}
      rowKey={containerKey}
      rowCenterId={(c) => c.centerId}
      rowTone={(c) => {
        const tone = containerStateTone(c);
        return tone === 'error' || tone === 'warn' ? tone : null;
      }}
      defaultSort={{ column: 'namespace', direction: 'asc' }}
      isPending={query.isPending}
      error={query.error}
      onRetry={() => void query.refetch()}
      emptyHint="No containers in the cache for the selected centers yet. The first inventory sync fills this table."
    />
  );
}
