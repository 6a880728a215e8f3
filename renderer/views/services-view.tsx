import { useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import type { ServiceHealth } from '../../shared/analysis/service-health-schema.ts';
import { CenterTag } from '../components/center-tag.tsx';
import { ErrorPanel } from '../components/error-panel.tsx';
import { FilterField } from '../components/filter-field.tsx';
import { isTypingTarget } from '../components/keyboard-target.ts';
import { useCenterIndex } from '../data/use-centers.ts';
import { useActiveRole, useServiceHealth } from '../data/use-roles.ts';
import { formatPercent } from '../format/units.ts';
import { useT, type Translate } from '../i18n/locale-store.ts';
import { filterText, matchesFilter, parseFilterQuery } from '../state/filter-query.ts';
import { useUiStore } from '../state/ui-store.ts';
import { serviceKey } from './grouping.ts';
import { roleColumns } from './role-layout.ts';
import { ServiceDetail, formatLatencyMs } from './service-detail.tsx';

interface ServiceColumn {
  id: string;
  header: string;
  align?: 'right';
  sortValue(row: ServiceHealth): string | number;
  render(row: ServiceHealth): ReactNode;
}

function tone(row: ServiceHealth): string {
  if (row.errorRate !== null && row.errorRate >= 0.05) return ' row--error';
  return (row.errorRate !== null && row.errorRate >= 0.01) || row.activeAlerts > 0 ? ' row--warn' : '';
}

function serviceColumns(t: Translate, centers: ReturnType<typeof useCenterIndex>): ServiceColumn[] {
  const percent = (value: number | null) => (value === null ? '–' : formatPercent(value));
  return [
    { id: 'name', header: t('level.service'), sortValue: (row) => row.service, render: (row) => (
        <>
          <span className="cell-name">{row.service}</span>
          {row.activeAlerts > 0 && (
            <span className="num num--warn" title={`${row.activeAlerts} active alerts on the service or its namespace`}>
              {' '}▲{row.activeAlerts}
            </span>
          )}
        </>
      ) },
    { id: 'center', header: t('level.center'), sortValue: (row) => row.centerId, render: (row) => <CenterTag centerId={row.centerId} center={centers.get(row.centerId)} /> },
    { id: 'namespace', header: t('level.namespace'), sortValue: (row) => row.namespace ?? '', render: (row) => <span className="muted">{row.namespace ?? '—'}</span> },
    { id: 'availability', header: t('services.availability'), align: 'right', sortValue: (row) => row.availability ?? 2, render: (row) => <span className="num">{percent(row.availability)}</span> },
    { id: 'errorRate', header: t('services.errorRate'), align: 'right', sortValue: (row) => row.errorRate ?? -1, render: (row) => <span className="num">{percent(row.errorRate)}</span> },
    { id: 'latencyP95', header: t('services.latencyP95'), align: 'right', sortValue: (row) => row.latencyP95Ms ?? -1, render: (row) => <span className="num">{formatLatencyMs(row.latencyP95Ms)}</span> },
    { id: 'requests', header: t('services.requests'), align: 'right', sortValue: (row) => row.requests, render: (row) => <span className="num">{row.requests}</span> },
    { id: 'errors', header: t('services.errors'), align: 'right', sortValue: (row) => row.errors, render: (row) => <span className="num">{row.errors}</span> },
  ];
}

/** Every service of every selected center with availability, error rate and latency over the desk's range. */
export function ServicesView() {
  const t = useT();
  const role = useActiveRole();
  const centers = useCenterIndex();
  const centerIds = useUiStore((state) => state.selectedCenterIds);
  const range = useUiStore((state) => state.timeRange);
  const query = useServiceHealth(centerIds, range);
  const [filter, setFilter] = useState('');
  const [sort, setSort] = useState<{ column: string; direction: 1 | -1 }>({ column: 'errorRate', direction: -1 });
  const [selected, setSelected] = useState<string | null>(null);
  const [opened, setOpened] = useState<string | null>(null);
  const filterInput = useRef<HTMLInputElement>(null);
  const columns = useMemo(() => roleColumns(serviceColumns(t, centers), role, 'services'), [t, centers, role]);
  const parsed = useMemo(() => parseFilterQuery(filter), [filter]);
  const rows = useMemo(() => {
    const column = columns.find((candidate) => candidate.id === sort.column) ?? columns[0];
    const filtered = (query.data ?? []).filter((row) =>
      matchesFilter(
        {
          text: filterText([row.service, row.centerId, row.namespace ?? '']),
          fields: { service: row.service, name: row.service, center: row.centerId, namespace: row.namespace ?? '' },
        },
        parsed,
      ),
    );
    if (!column) return filtered;
    return filtered.sort((a, b) => {
      const left = column.sortValue(a);
      const right = column.sortValue(b);
      const order = typeof left === 'number' && typeof right === 'number' ? left - right : String(left).localeCompare(String(right));
      return sort.direction * order || serviceKey(a).localeCompare(serviceKey(b));
    });
  }, [query.data, columns, sort, parsed]);

  const latest = useRef({ rows, selected });
  latest.current = { rows, selected };
  useEffect(() => {
    function onKeyDown(event: KeyboardEvent) {
      if (event.target === filterInput.current) {
        if (event.key === 'Escape' || event.key === 'Enter') filterInput.current?.blur();
        return;
      }
      if (isTypingTarget(event) || event.defaultPrevented) return;
      const { rows, selected } = latest.current;
      const keys = rows.map(serviceKey);
      const index = selected ? keys.indexOf(selected) : -1;
      if (event.key === 'j' || event.key === 'ArrowDown') setSelected(keys[Math.min(keys.length - 1, index + 1)] ?? null);
      else if (event.key === 'k' || event.key === 'ArrowUp') setSelected(keys[Math.max(0, index - 1)] ?? null);
      else if (event.key === 'Enter' && selected) setOpened(selected);
      else if (event.key === 'Escape') setOpened(null);
      else if (event.key === '/') filterInput.current?.focus();
      else return;
      event.preventDefault();
    }
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, []);

  const openedService = opened ? (query.data ?? []).find((row) => serviceKey(row) === opened) : undefined;
  let body: ReactNode;
  if (query.isPending) body = <div className="table-state">…</div>;
  else if (query.isError) body = <ErrorPanel error={query.error} title={t('services.unavailable')} onRetry={() => void query.refetch()} />;
  else if (query.data.length === 0) body = <div className="table-state">{t('services.empty')}</div>;
  else
    body = (
      <div className="table-scroll">
        <table className="data-table" data-testid="services-table">
          <thead>
            <tr>
              {columns.map((column) => (
                <th key={column.id} className={column.align === 'right' ? 'align-right' : ''} aria-sort={sort.column === column.id ? (sort.direction === 1 ? 'ascending' : 'descending') : 'none'}>
                  <button
                    type="button"
                    className="th-button"
                    onClick={() => setSort((current) => ({ column: column.id, direction: current.column === column.id ? (current.direction === 1 ? -1 : 1) : 1 }))}
                  >
                    {column.header}
                  </button>
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => {
              const key = serviceKey(row);
              return (
                <tr
                  key={key}
                  className={`row${key === selected ? ' row--selected' : ''}${key === opened ? ' row--opened' : ''}${tone(row)}`}
                  data-testid="row"
                  data-key={key}
                  data-center={row.centerId}
                  onClick={() => {
                    setSelected(key);
                    setOpened(key);
                  }}
                >
                  {columns.map((column) => (
                    <td key={column.id} className={column.align === 'right' ? 'align-right' : ''} data-column={column.id}>
                      {column.render(row)}
                    </td>
                  ))}
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    );

  return (
    <div className={openedService ? 'grouped grouped--split' : 'grouped'} data-testid="services-view">
      <div className="table-panel">
        <div className="table-toolbar">
          <FilterField inputRef={filterInput} placeholder="text, re:^pay, namespace=shop" value={filter} onChange={setFilter} label={t('filter.syntax')} />
          <span className="table-toolbar__count" data-testid="row-count">
            {rows.length} / {query.data?.length ?? 0}
          </span>
          {parsed.problems[0] && <span className="table-toolbar__stale">{parsed.problems[0]}</span>}
        </div>
        {body}
      </div>
      {openedService && (
        <div className="grouped__detail">
          <ServiceDetail
            service={openedService.service}
            health={(query.data ?? []).filter((row) => row.service === openedService.service)}
            onClose={() => setOpened(null)}
          />
        </div>
      )}
    </div>
  );
}
