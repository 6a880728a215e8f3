import { useCallback, useLayoutEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { useUiStore, type TabId } from '../state/ui-store.ts';
import { ErrorPanel } from './error-panel.tsx';
import type { Tone } from './status-badge.tsx';
import { FilterField } from './filter-field.tsx';
import { filterOrder, prepareRows, rowWindow, scrollToReveal, sortOrder } from './table-rows.ts';
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

/** Rows rendered above and below the viewport, so a fast scroll or j/k rarely shows a blank strip. */
const overscanRows = 12;
/** Until a row is measured: the theme's --row-height plus the cell border. */
const fallbackRowHeight = 27;

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
  const scroller = useRef<HTMLDivElement>(null);
  const head = useRef<HTMLTableSectionElement>(null);
  const body = useRef<HTMLTableSectionElement>(null);
  const [scrollTop, setScrollTop] = useState(0);
  const [viewportHeight, setViewportHeight] = useState(800);
  const [rowHeight, setRowHeight] = useState(fallbackRowHeight);

  // Keys, filter text, fields and sort ranks once per data change; a keystroke only re-filters.
  const prepared = useMemo(() => prepareRows(rows ?? [], props.columns, rowKey), [rows, props.columns, rowKey]);
  const sortColumnIndex = useMemo(() => {
    const index = props.columns.findIndex((candidate) => candidate.id === sort.column);
    if (index >= 0) return index;
    return columns[0] ? props.columns.indexOf(columns[0]) : -1;
  }, [props.columns, columns, sort.column]);
  const sorted = useMemo(() => sortOrder(prepared, sortColumnIndex, sort.direction), [prepared, sortColumnIndex, sort.direction]);
  const visible = useMemo(() => filterOrder(prepared, sorted, filter), [prepared, sorted, filter]);
  const keys = useMemo(() => visible.map((index) => prepared.keys[index]!), [visible, prepared]);
  const slice = rowWindow(scrollTop, viewportHeight, rowHeight, visible.length, overscanRows);

  useTableKeyboard({
    keys,
    selectedKey,
    onSelect: (key) => select(tab, key),
    onOpen: (key) => open(tab, key),
    onClose: () => open(tab, null),
    filterInput,
  });

  const [scrollElement, setScrollElement] = useState<HTMLDivElement | null>(null);
  const attachScroller = useCallback((element: HTMLDivElement | null) => {
    scroller.current = element;
    setScrollElement(element);
  }, []);
  useLayoutEffect(() => {
    if (!scrollElement) return;
    setViewportHeight(scrollElement.clientHeight);
    const observer = new ResizeObserver(() => setViewportHeight(scrollElement.clientHeight));
    observer.observe(scrollElement);
    return () => observer.disconnect();
  }, [scrollElement]);

  useLayoutEffect(() => {
    const row = body.current?.querySelector<HTMLElement>('tr[data-testid="row"]');
    const measured = row?.getBoundingClientRect().height;
    if (measured && Math.abs(measured - rowHeight) > 0.5) setRowHeight(measured);
  });

  // A new filter shows its first matches, not wherever the previous list was scrolled to.
  useLayoutEffect(() => {
    if (scroller.current && scroller.current.scrollTop !== 0) scroller.current.scrollTop = 0;
    setScrollTop(0);
  }, [filter]);

  // Only when the selection moves: scrolling by hand must not snap back to it.
  useLayoutEffect(() => {
    const element = scroller.current;
    if (!selectedKey || !element) return;
    const index = keys.indexOf(selectedKey);
    if (index < 0) return;
    const target = scrollToReveal(index, rowHeight, element.scrollTop, element.clientHeight, head.current?.offsetHeight ?? 0);
    if (target !== null) {
      element.scrollTop = target;
      setScrollTop(element.scrollTop);
    }
  }, [selectedKey]); // eslint-disable-line react-hooks/exhaustive-deps

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
        <FilterField
          inputRef={filterInput}
          value={filter}
          onChange={(value) => setFilter(tab, value)}
          placeholder={`Filter ${noun}…  (press / to focus)`}
          label={`Filter ${noun}`}
          testId="table-filter"
        />
        <span className="table-toolbar__count" data-testid="row-count">
          {rows ? `${filter ? `${visible.length} of ${total}` : total} ${noun}` : `– ${noun}`}
        </span>
        {error && rows ? (
          <span className="table-toolbar__stale" role="status">
            Showing cached rows; refresh failed
          </span>
        ) : null}
      </div>
      {state ?? (
        <div className="table-scroll" ref={attachScroller} onScroll={(event) => setScrollTop(event.currentTarget.scrollTop)}>
          <table className="data-table" data-testid={testId} aria-rowcount={visible.length + 1}>
            <thead ref={head}>
              <tr aria-rowindex={1}>
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
              {slice.start > 0 && (
                <tr className="row-spacer" aria-hidden="true" style={{ height: slice.start * rowHeight }}>
                  <td colSpan={columns.length} />
                </tr>
              )}
              {visible.slice(slice.start, slice.end).map((index, offset) => {
                const row = prepared.rows[index]!;
                const key = prepared.keys[index]!;
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
                    aria-rowindex={slice.start + offset + 2}
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
              {slice.end < visible.length && (
                <tr className="row-spacer" aria-hidden="true" style={{ height: (visible.length - slice.end) * rowHeight }}>
                  <td colSpan={columns.length} />
                </tr>
              )}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
