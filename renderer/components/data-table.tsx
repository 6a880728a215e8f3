import { useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { useUiStore, type TabId } from '../state/ui-store.ts';
import { ErrorPanel } from './error-panel.tsx';
import type { Tone } from './status-badge.tsx';
import { useTableKeyboard } from './use-table-keyboard.ts';

export interface Column<T> {
  id: string;
  header: string;
  /** What sorting compares; numbers sort numerically. */
  sortValue: (row: T) => string | number;
  /** What the filter matches; defaults to the sort value. */
  text?: (row: T) => string;
  render?: (row: T) => ReactNode;
  align?: 'left' | 'right';
  /** Extra class for the cells, e.g. a width hint. */
  className?: string;
  title?: string;
  /** Hidden while the detail pane narrows the table. */
  secondary?: boolean;
}

export interface SortState {
  column: string;
  direction: 'asc' | 'desc';
}

export interface DataTableProps<T> {
  tab: TabId;
  testId: string;
  noun: string;
  rows: readonly T[] | undefined;
  columns: readonly Column<T>[];
  rowKey: (row: T) => string;
  rowCenterId: (row: T) => string;
  rowTone?: (row: T) => Tone | null;
  defaultSort: SortState;
  isPending: boolean;
  error: unknown;
  onRetry: () => void;
  emptyHint: ReactNode;
}

/** Rows drawn at once; beyond this the filter narrows the list. */
const renderLimit = 1500;

const collator = new Intl.Collator('en', { numeric: true, sensitivity: 'base' });

function compare(a: string | number, b: string | number): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  return collator.compare(String(a), String(b));
}

export function matchesFilter<T>(row: T, columns: readonly Column<T>[], terms: readonly string[]): boolean {
  if (terms.length === 0) return true;
  const haystack = columns
    .map((column) => (column.text ? column.text(row) : String(column.sortValue(row))))
    .join('\u0000')
    .toLowerCase();
  return terms.every((term) => haystack.includes(term));
}

/** Sortable, filterable, keyboard-driven table over cached rows of every selected center. */
export function DataTable<T>(props: DataTableProps<T>) {
  const { tab, testId, noun, rows, rowKey, rowCenterId, rowTone, isPending, error, onRetry } = props;
  const compact = useUiStore((state) => state.openedKeys[tab] !== null);
  const columns = useMemo(
    () => (compact ? props.columns.filter((column) => !column.secondary) : props.columns),
    [compact, props.columns],
  );
  const filter = useUiStore((state) => state.filters[tab]);
  const setFilter = useUiStore((state) => state.setFilter);
  const selectedKey = useUiStore((state) => state.selectedKeys[tab]);
  const openedKey = useUiStore((state) => state.openedKeys[tab]);
  const select = useUiStore((state) => state.select);
  const open = useUiStore((state) => state.open);
  const [sort, setSort] = useState<SortState>(props.defaultSort);
  const filterInput = useRef<HTMLInputElement>(null);
  const body = useRef<HTMLTableSectionElement>(null);

  const visible = useMemo(() => {
    const terms = filter.toLowerCase().split(/\s+/).filter(Boolean);
    const column = columns.find((candidate) => candidate.id === sort.column) ?? columns[0];
    const all = props.columns;
    const filtered = (rows ?? []).filter((row) => matchesFilter(row, all, terms));
    if (column) {
      const sign = sort.direction === 'asc' ? 1 : -1;
      // Ties fall back to the other columns in display order, so equal rows keep a readable order.
      const tiebreakers = all.filter((candidate) => candidate !== column);
      filtered.sort((a, b) => {
        const primary = sign * compare(column.sortValue(a), column.sortValue(b));
        if (primary) return primary;
        for (const other of tiebreakers) {
          const result = compare(other.sortValue(a), other.sortValue(b));
          if (result) return result;
        }
        return compare(rowKey(a), rowKey(b));
      });
    }
    return filtered;
  }, [rows, props.columns, columns, filter, sort, rowKey]);
  const shown = visible.length > renderLimit ? visible.slice(0, renderLimit) : visible;
  const keys = useMemo(() => shown.map(rowKey), [shown, rowKey]);

  useTableKeyboard({
    keys,
    selectedKey,
    onSelect: (key) => select(tab, key),
    onOpen: (key) => open(tab, key),
    onClose: () => open(tab, null),
    filterInput,
  });

  useEffect(() => {
    if (!selectedKey || !body.current) return;
    const row = body.current.querySelector<HTMLElement>(`tr[data-key="${CSS.escape(selectedKey)}"]`);
    row?.scrollIntoView({ block: 'nearest' });
  }, [selectedKey]);

  function toggleSort(columnId: string) {
    setSort((current) =>
      current.column === columnId
        ? { column: columnId, direction: current.direction === 'asc' ? 'desc' : 'asc' }
        : { column: columnId, direction: 'asc' },
    );
  }

  const total = rows?.length ?? 0;
  let state: ReactNode = null;
  if (isPending) state = <div className="table-state">Loading {noun} from the cache…</div>;
  else if (error && !rows) state = <ErrorPanel error={error} title={`Could not read ${noun}`} onRetry={onRetry} />;
  else if (total === 0) state = <div className="table-state">{props.emptyHint}</div>;
  else if (visible.length === 0) state = <div className="table-state">No {noun} match “{filter}”.</div>;

  return (
    <div className="table-panel">
      <div className="table-toolbar">
        <label className="filter">
          <span className="filter__icon" aria-hidden="true">
            /
          </span>
          <input
            ref={filterInput}
            className="filter__input"
            type="search"
            placeholder={`Filter ${noun}…  (press / to focus)`}
            value={filter}
            onChange={(event) => setFilter(tab, event.target.value)}
            data-testid="table-filter"
            aria-label={`Filter ${noun}`}
            spellCheck={false}
          />
        </label>
        <span className="table-toolbar__count" data-testid="row-count">
          {rows ? `${filter ? `${visible.length} of ${total}` : total} ${noun}` : `– ${noun}`}
          {visible.length > renderLimit && ` · showing first ${renderLimit}, narrow the filter`}
        </span>
        {error && rows ? (
          <span className="table-toolbar__stale" role="status">
            Showing cached rows; refresh failed
          </span>
        ) : null}
      </div>
      {state ?? (
        <div className="table-scroll">
          <table className="data-table" data-testid={testId}>
            <thead>
              <tr>
                {columns.map((column) => {
                  const active = sort.column === column.id;
                  return (
                    <th
                      key={column.id}
                      className={`${column.align === 'right' ? 'align-right ' : ''}${column.className ?? ''}`}
                      aria-sort={active ? (sort.direction === 'asc' ? 'ascending' : 'descending') : 'none'}
                      title={column.title}
                    >
                      <button type="button" className="th-button" onClick={() => toggleSort(column.id)}>
                        {column.header}
                        <span className={active ? 'sort-mark sort-mark--active' : 'sort-mark'} aria-hidden="true">
                          {active && sort.direction === 'desc' ? '▾' : '▴'}
                        </span>
                      </button>
                    </th>
                  );
                })}
              </tr>
            </thead>
            <tbody ref={body}>
              {shown.map((row) => {
                const key = rowKey(row);
                const tone = rowTone?.(row) ?? null;
                const classes = ['row'];
                if (key === selectedKey) classes.push('row--selected');
                if (key === openedKey) classes.push('row--opened');
                if (tone) classes.push(`row--${tone}`);
                return (
                  <tr
                    key={key}
                    className={classes.join(' ')}
                    data-testid="row"
                    data-key={key}
                    data-center={rowCenterId(row)}
                    aria-selected={key === selectedKey}
                    onClick={() => open(tab, key)}
                  >
                    {columns.map((column) => (
                      <td
                        key={column.id}
                        className={`${column.align === 'right' ? 'align-right ' : ''}${column.className ?? ''}`}
                        data-column={column.id}
                      >
                        {column.render ? column.render(row) : String(column.sortValue(row))}
                      </td>
                    ))}
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
