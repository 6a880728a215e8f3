import { filterText, matchesFilter, parseFilterQuery, type FilterableRow } from '../state/filter-query.ts';

/** What the table needs of a column to sort and filter; data-table's Column satisfies it. */
export interface RowColumn<T> {
  id: string;
  sortValue: (row: T) => string | number;
  text?: (row: T) => string;
}

/**
 * Rows with everything a keystroke or a sort click needs computed once per data change:
 * row keys, lower-cased filter text, column fields, labels, and (lazily) per-column sort ranks.
 */
export interface PreparedRows<T> {
  rows: readonly T[];
  keys: string[];
  filterables: FilterableRow[];
  /** Integer rank of each row's sort value for a column: comparing ranks orders rows like the collator would. */
  rankOf(columnIndex: number): Int32Array;
  columnCount: number;
}

const collator = new Intl.Collator('en', { numeric: true, sensitivity: 'base' });

function compareValues(a: string | number, b: string | number): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  return collator.compare(String(a), String(b));
}

function labelsOf(row: unknown): Record<string, string> | undefined {
  const labels = (row as { labels?: unknown } | null)?.labels;
  return labels && typeof labels === 'object' && !Array.isArray(labels) ? (labels as Record<string, string>) : undefined;
}

export function prepareRows<T>(rows: readonly T[], columns: readonly RowColumn<T>[], rowKey: (row: T) => string): PreparedRows<T> {
  const keys = new Array<string>(rows.length);
  const filterables = new Array<FilterableRow>(rows.length);
  for (let index = 0; index < rows.length; index++) {
    const row = rows[index]!;
    keys[index] = rowKey(row);
    const fields: Record<string, string> = {};
    const cells: string[] = [];
    for (const column of columns) {
      const text = column.text ? column.text(row) : String(column.sortValue(row));
      cells.push(text);
      fields[column.id] = String(column.sortValue(row));
    }
    // Lower-cased once here; the matcher's own toLowerCase is then a no-op scan per keystroke.
    const labels = labelsOf(row);
    filterables[index] = labels ? { text: filterText(cells).toLowerCase(), fields, labels } : { text: filterText(cells).toLowerCase(), fields };
  }
  const ranks = new Map<number, Int32Array>();
  return {
    rows,
    keys,
    filterables,
    columnCount: columns.length,
    rankOf(columnIndex) {
      let rank = ranks.get(columnIndex);
      if (rank) return rank;
      const column = columns[columnIndex]!;
      const values = rows.map((row) => column.sortValue(row));
      // Sort the distinct values once; every later comparison is an integer subtraction.
      const distinct = [...new Set(values)].sort(compareValues);
      const position = new Map(distinct.map((value, index) => [value, index]));
      rank = new Int32Array(values.length);
      for (let index = 0; index < values.length; index++) rank[index] = position.get(values[index]!)!;
      ranks.set(columnIndex, rank);
      return rank;
    },
  };
}

/**
 * Row indices in display order: the sort column, then ties broken by the other columns in order,
 * then by row key, so equal rows keep a readable, stable order.
 */
export function sortOrder<T>(prepared: PreparedRows<T>, sortColumn: number, direction: 'asc' | 'desc'): number[] {
  const order = Array.from({ length: prepared.rows.length }, (_, index) => index);
  if (sortColumn < 0) return order;
  const sign = direction === 'asc' ? 1 : -1;
  const primary = prepared.rankOf(sortColumn);
  const others: number[] = [];
  for (let column = 0; column < prepared.columnCount; column++) if (column !== sortColumn) others.push(column);
  const keys = prepared.keys;
  order.sort((a, b) => {
    const first = primary[a]! - primary[b]!;
    if (first) return sign * first;
    for (const column of others) {
      const rank = prepared.rankOf(column);
      const result = rank[a]! - rank[b]!;
      if (result) return result;
    }
    return keys[a]! < keys[b]! ? -1 : keys[a]! > keys[b]! ? 1 : 0;
  });
  return order;
}

/** The sorted order narrowed to rows that match the `/` filter; sorting is not repeated per keystroke. */
export function filterOrder<T>(prepared: PreparedRows<T>, order: readonly number[], input: string): number[] {
  const query = parseFilterQuery(input);
  if (query.terms.length === 0) return order as number[];
  const result: number[] = [];
  for (const index of order) if (matchesFilter(prepared.filterables[index]!, query)) result.push(index);
  return result;
}

export interface RowWindow {
  start: number;
  end: number;
}

/** Rows to put in the DOM for a scroll position: those in view plus `overscan` either side. */
export function rowWindow(scrollTop: number, viewportHeight: number, rowHeight: number, total: number, overscan = 10): RowWindow {
  if (total === 0 || rowHeight <= 0) return { start: 0, end: 0 };
  const first = Math.floor(Math.max(0, scrollTop) / rowHeight);
  const last = Math.ceil((Math.max(0, scrollTop) + Math.max(viewportHeight, rowHeight)) / rowHeight);
  return { start: Math.max(0, Math.min(total, first) - overscan), end: Math.min(total, last + overscan) };
}

/** The scrollTop that brings row `index` fully into view, or null when it already is. */
export function scrollToReveal(index: number, rowHeight: number, scrollTop: number, viewportHeight: number, headerHeight: number): number | null {
  const top = index * rowHeight;
  const bottom = top + rowHeight;
  const visibleRows = viewportHeight - headerHeight;
  if (top < scrollTop) return top;
  if (bottom > scrollTop + visibleRows) return bottom - visibleRows;
  return null;
}
