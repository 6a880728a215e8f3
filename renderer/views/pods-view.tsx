import { useMemo } from 'react';
import type { CenterSummary } from '../../shared/contract/channels.ts';
import type { PodRecord } from '../../shared/domain/records.ts';
import { CenterTag } from '../components/center-tag.tsx';
import { DataTable, type Column } from '../components/data-table.tsx';
import { Restarts, StatusBadge, phaseTone, reasonTone, type Tone } from '../components/status-badge.tsx';
import { useNow } from '../components/use-now.ts';
import { useCenterIndex } from '../data/use-centers.ts';
import { usePods } from '../data/use-inventory.ts';
import { formatAge, formatUtc } from '../format/time.ts';
import { useActiveRole } from '../data/use-roles.ts';
import { localizeHeaders } from '../i18n/column-headers.ts';
import { useLocale } from '../i18n/locale-store.ts';
import { useUiStore } from '../state/ui-store.ts';
import { roleColumns } from './role-layout.ts';
import { podKey } from './row-keys.ts';

export function podTone(pod: PodRecord): Tone | null {
  if (pod.phase === 'Failed' || reasonTone(pod.reason) === 'error') return 'error';
  if (pod.phase === 'Pending' || (pod.phase === 'Running' && pod.readyContainers < pod.totalContainers)) return 'warn';
  return null;
}

/** `reasonInPhase`: when a role hides the Reason column, the phase cell carries the reason so a crash loop stays visible. */
function podColumns(centers: Map<string, CenterSummary>, now: number, reasonInPhase = false): Column<PodRecord>[] {
  return [
    { id: 'namespace', header: 'Namespace', sortValue: (pod) => pod.namespace, render: (pod) => <span className="muted">{pod.namespace}</span> },
    { id: 'name', header: 'Name', sortValue: (pod) => pod.name, render: (pod) => <span className="cell-name">{pod.name}</span> },
    {
      id: 'center',
      header: 'Center',
      sortValue: (pod) => pod.centerId,
      text: (pod) => `${pod.centerId} ${centers.get(pod.centerId)?.name ?? ''}`,
      render: (pod) => <CenterTag centerId={pod.centerId} center={centers.get(pod.centerId)} />,
    },
    { id: 'node', secondary: true, header: 'Node', sortValue: (pod) => pod.nodeName ?? '', render: (pod) => <span className="muted">{pod.nodeName ?? '—'}</span> },
    {
      id: 'phase',
      header: 'Phase',
      sortValue: (pod) => pod.phase,
      text: (pod) => (reasonInPhase && pod.reason ? `${pod.phase} ${pod.reason}` : pod.phase),
      render: (pod) =>
        reasonInPhase && pod.reason ? (
          <span className="badges">
            <StatusBadge tone={phaseTone(pod.phase)}>{pod.phase}</StatusBadge>
            <StatusBadge tone={reasonTone(pod.reason)} title={pod.message ?? undefined}>
              {pod.reason}
            </StatusBadge>
          </span>
        ) : (
          <StatusBadge tone={phaseTone(pod.phase)}>{pod.phase}</StatusBadge>
        ),
    },
    { id: 'qos', secondary: true, header: 'QoS', sortValue: (pod) => pod.qosClass, render: (pod) => <span className="muted">{pod.qosClass}</span> },
    { id: 'restarts', header: 'Restarts', align: 'right', sortValue: (pod) => pod.restarts, render: (pod) => <Restarts count={pod.restarts} /> },
    {
      id: 'ready',
      header: 'Ready',
      align: 'right',
      sortValue: (pod) => (pod.totalContainers ? pod.readyContainers / pod.totalContainers : 0),
      text: (pod) => `${pod.readyContainers}/${pod.totalContainers}`,
      render: (pod) => (
        <span className={pod.readyContainers < pod.totalContainers ? 'num num--warn' : 'num'}>
          {pod.readyContainers}/{pod.totalContainers}
        </span>
      ),
    },
    {
      id: 'age',
      secondary: true,
      header: 'Age',
      align: 'right',
      sortValue: (pod) => -pod.createdAt,
      text: () => '',
      render: (pod) => (
        <span className="num muted" title={`created ${formatUtc(pod.createdAt)}`}>
          {formatAge(pod.createdAt, now)}
        </span>
      ),
    },
    {
      id: 'reason',
      header: 'Reason',
      sortValue: (pod) => pod.reason ?? '',
      text: (pod) => `${pod.reason ?? ''} ${pod.message ?? ''}`,
      render: (pod) =>
        pod.reason ? (
          <StatusBadge tone={reasonTone(pod.reason)} title={pod.message ?? undefined}>
            {pod.reason}
          </StatusBadge>
        ) : null,
    },
  ];
}

export function PodsView() {
  const centerIds = useUiStore((state) => state.selectedCenterIds);
  const query = usePods(centerIds);
  const centers = useCenterIndex();
  const now = useNow();
  const role = useActiveRole();
  const locale = useLocale();
  const columns = useMemo(() => {
    const hidesReason = !roleColumns([{ id: 'reason' }], role, 'pods').length;
    return localizeHeaders(roleColumns(podColumns(centers, now, hidesReason), role, 'pods'), locale);
  }, [centers, now, role, locale]);
  return (
    <DataTable
      tab="pods"
      testId="pods-table"
      noun="pods"
      rows={query.data}
      columns={columns}
      rowKey={podKey}
      rowCenterId={(pod) => pod.centerId}
      rowTone={podTone}
      defaultSort={{ column: 'namespace', direction: 'asc' }}
      isPending={query.isPending}
      error={query.error}
      onRetry={() => void query.refetch()}
      emptyHint="No pods in the cache for the selected centers yet. The first inventory sync fills this table."
    />
  );
}
