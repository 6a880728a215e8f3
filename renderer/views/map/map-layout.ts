import type { OuterGroup } from './map-grouping.ts';

export interface MapLayoutOptions {
  width: number;
  cellSize: number;
  gap: number;
}

export interface PlacedCell {
  /** Index into the frame's cells. */
  cell: number;
  x: number;
  y: number;
  /** Which block it sits in, and its column/row inside it (keyboard up/down). */
  block: number;
  column: number;
  row: number;
}

export interface PlacedBlock {
  label: string;
  x: number;
  y: number;
  width: number;
  height: number;
  columns: number;
  /** Range into `cells` (display order). */
  first: number;
  count: number;
}

export interface PlacedHeader {
  label: string;
  count: number;
  x: number;
  y: number;
}

export interface MapLayout {
  width: number;
  height: number;
  headers: PlacedHeader[];
  blocks: PlacedBlock[];
  /** Every cell in display (and keyboard) order. */
  cells: PlacedCell[];
}

export const outerHeaderHeight = 24;
export const blockCaptionHeight = 16;
const padding = 8;
const blockPadding = 6;
const blockGap = 8;

/**
 * Places outer groups as sections, inner groups as blocks flowing left to right (roughly square
 * blocks, wrapped to the width), cells row by row inside each block.
 */
export function layoutMap(groups: readonly OuterGroup[], { width, cellSize, gap }: MapLayoutOptions): MapLayout {
  const pitch = cellSize + gap;
  const usable = Math.max(pitch, width - 2 * padding);
  const maxColumns = Math.max(1, Math.floor((usable - 2 * blockPadding + gap) / pitch));
  const headers: PlacedHeader[] = [];
  const blocks: PlacedBlock[] = [];
  const cells: PlacedCell[] = [];
  let y = padding;
  for (const outer of groups) {
    headers.push({ label: outer.label, count: outer.size, x: padding, y });
    y += outerHeaderHeight;
    let x = padding;
    let rowHeight = 0;
    for (const group of outer.groups) {
      const count = group.cells.length;
      const columns = Math.min(count, maxColumns, Math.max(4, Math.ceil(Math.sqrt(count * 3))));
      const rows = Math.ceil(count / columns);
      // Wide enough for its caption (about 7 px a character), within reason.
      const blockWidth = Math.max(columns * pitch - gap + 2 * blockPadding, Math.min(group.label.length * 7 + 2 * blockPadding, 240), 40);
      const blockHeight = blockCaptionHeight + rows * pitch - gap + 2 * blockPadding;
      if (x > padding && x + blockWidth > width - padding) {
        x = padding;
        y += rowHeight + blockGap;
        rowHeight = 0;
      }
      const block = blocks.length;
      blocks.push({ label: group.label, x, y, width: blockWidth, height: blockHeight, columns, first: cells.length, count });
      group.cells.forEach((cell, index) => {
        const column = index % columns;
        const row = Math.floor(index / columns);
        cells.push({ cell, block, column, row, x: x + blockPadding + column * pitch, y: y + blockCaptionHeight + blockPadding + row * pitch });
      });
      x += blockWidth + blockGap;
      rowHeight = Math.max(rowHeight, blockHeight);
    }
    y += rowHeight + blockGap + 4;
  }
  return { width, height: Math.max(y + padding, 40), headers, blocks, cells };
}

/** The display position under a point, or -1. */
export function cellAt(layout: MapLayout, x: number, y: number, cellSize: number): number {
  for (let blockIndex = 0; blockIndex < layout.blocks.length; blockIndex++) {
    const block = layout.blocks[blockIndex]!;
    if (x < block.x || x >= block.x + block.width || y < block.y || y >= block.y + block.height) continue;
    for (let position = block.first; position < block.first + block.count; position++) {
      const placed = layout.cells[position]!;
      if (x >= placed.x && x < placed.x + cellSize && y >= placed.y && y < placed.y + cellSize) return position;
    }
    return -1;
  }
  return -1;
}

export type MapMove = 'left' | 'right' | 'up' | 'down' | 'first' | 'last';

/** Keyboard movement between display positions: left/right in order, up/down by a row of the block (then the next block). */
export function moveFocus(layout: MapLayout, position: number, move: MapMove): number {
  const total = layout.cells.length;
  if (total === 0) return -1;
  if (position < 0 || position >= total) return 0;
  const current = layout.cells[position]!;
  const block = layout.blocks[current.block]!;
  switch (move) {
    case 'left':
      return Math.max(0, position - 1);
    case 'right':
      return Math.min(total - 1, position + 1);
    case 'first':
      return 0;
    case 'last':
      return total - 1;
    case 'down': {
      const below = position + block.columns;
      if (below < block.first + block.count) return below;
      const next = layout.blocks[current.block + 1];
      return next ? next.first + Math.min(current.column, next.count - 1) : position;
    }
    case 'up': {
      const above = position - block.columns;
      if (above >= block.first) return above;
      const previous = layout.blocks[current.block - 1];
      if (!previous) return position;
      const lastRowStart = previous.first + Math.floor((previous.count - 1) / previous.columns) * previous.columns;
      return Math.min(previous.first + previous.count - 1, lastRowStart + current.column);
    }
  }
}
