import type { MapCell } from '../../../shared/contract/map-channels.ts';

/** What a map can be grouped by; `none` leaves a level out. */
export type GroupLevel = 'center' | 'namespace' | 'node' | 'pod' | 'none';

export const groupLevels: readonly GroupLevel[] = ['center', 'namespace', 'node', 'pod', 'none'];

export interface CellGroup {
  key: string;
  label: string;
  /** Indices into the frame's cells, in display order. */
  cells: number[];
}

export interface OuterGroup {
  key: string;
  label: string;
  groups: CellGroup[];
  size: number;
}

const unassigned = '(none)';

export function groupValue(cell: MapCell, level: GroupLevel): string {
  switch (level) {
    case 'center':
      return cell.centerId;
    case 'namespace':
      return cell.namespace ?? unassigned;
    case 'node':
      return cell.node ?? '(unscheduled)';
    case 'pod':
      return cell.pod ?? unassigned;
    case 'none':
      return '';
  }
}

const collator = new Intl.Collator('en', { numeric: true, sensitivity: 'base' });

/** Sorts placeholders like "(unscheduled)" after real names. */
function compareLabels(a: string, b: string): number {
  const placeholderA = a.startsWith('(');
  const placeholderB = b.startsWith('(');
  if (placeholderA !== placeholderB) return placeholderA ? 1 : -1;
  return collator.compare(a, b);
}

/**
 * Two-level grouping (e.g. center → namespace). Groups sort by name; cells within a group by name,
 * so a cell keeps its place while the scrubber moves. `labelOf` turns a center id into its name.
 */
export function groupCells(
  cells: readonly MapCell[],
  outer: GroupLevel,
  inner: GroupLevel,
  labelOf: (level: GroupLevel, value: string) => string = (_level, value) => value,
): OuterGroup[] {
  const byOuter = new Map<string, Map<string, number[]>>();
  cells.forEach((cell, index) => {
    const outerKey = groupValue(cell, outer);
    const innerKey = groupValue(cell, inner);
    let inners = byOuter.get(outerKey);
    if (!inners) byOuter.set(outerKey, (inners = new Map()));
    let members = inners.get(innerKey);
    if (!members) inners.set(innerKey, (members = []));
    members.push(index);
  });
  const byName = (a: number, b: number) =>
    collator.compare(cells[a]!.name, cells[b]!.name) || collator.compare(cells[a]!.key, cells[b]!.key);
  return [...byOuter.entries()]
    .sort(([a], [b]) => compareLabels(a, b))
    .map(([outerKey, inners]) => {
      const groups = [...inners.entries()]
        .sort(([a], [b]) => compareLabels(a, b))
        .map(([innerKey, members]) => ({ key: `${outerKey}\u0000${innerKey}`, label: labelOf(inner, innerKey), cells: members.sort(byName) }));
      return { key: outerKey, label: labelOf(outer, outerKey), groups, size: groups.reduce((sum, group) => sum + group.cells.length, 0) };
    });
}
