import type { MapCell } from '../../../shared/contract/map-channels.ts';
import { blockCaptionHeight, type MapLayout } from './map-layout.ts';
import { levelColors, levelOf, type Thresholds } from './map-scale.ts';

export interface MapPaint {
  layout: MapLayout;
  cells: readonly MapCell[];
  frame: number;
  thresholds: Thresholds;
  cellSize: number;
  focused: number;
}

const font = "12px system-ui, -apple-system, 'Segoe UI', Roboto, 'Noto Sans', sans-serif";

/** Draws the whole map in one pass; a scrub only changes fill colours, so this stays a few ms for 10,000 cells. */
export function paintMap(canvas: HTMLCanvasElement, paint: MapPaint): void {
  const { layout, cells, frame, thresholds, cellSize, focused } = paint;
  const ratio = window.devicePixelRatio || 1;
  const width = Math.round(layout.width * ratio);
  const height = Math.round(layout.height * ratio);
  if (canvas.width !== width || canvas.height !== height) {
    canvas.width = width;
    canvas.height = height;
    canvas.style.width = `${layout.width}px`;
    canvas.style.height = `${layout.height}px`;
  }
  const context = canvas.getContext('2d');
  if (!context) return;
  context.setTransform(ratio, 0, 0, ratio, 0, 0);
  context.clearRect(0, 0, layout.width, layout.height);
  context.textBaseline = 'top';
  context.font = `600 ${font}`;
  for (const header of layout.headers) {
    context.fillStyle = '#f1f4f9';
    context.fillText(header.label, header.x, header.y + 4);
    const labelWidth = context.measureText(header.label).width;
    context.fillStyle = '#8b96a8';
    context.fillText(`${header.count}`, header.x + labelWidth + 8, header.y + 4);
  }
  context.font = font;
  for (const block of layout.blocks) {
    context.fillStyle = '#151a23';
    context.fillRect(block.x, block.y, block.width, block.height);
    context.fillStyle = '#8b96a8';
    context.save();
    context.beginPath();
    context.rect(block.x, block.y, block.width, blockCaptionHeight + 4);
    context.clip();
    context.fillText(block.label, block.x + 6, block.y + 4);
    context.restore();
  }
  // Batch fills by colour: five fillStyle changes instead of one per cell.
  const byColor = new Map<string, number[]>();
  for (let position = 0; position < layout.cells.length; position++) {
    const placed = layout.cells[position]!;
    const color = levelColors[levelOf(cells[placed.cell]?.values[frame], thresholds)];
    let list = byColor.get(color);
    if (!list) byColor.set(color, (list = []));
    list.push(position);
  }
  for (const [color, positions] of byColor) {
    context.fillStyle = color;
    for (const position of positions) {
      const placed = layout.cells[position]!;
      context.fillRect(placed.x, placed.y, cellSize, cellSize);
    }
  }
  const focusCell = layout.cells[focused];
  if (focusCell) {
    context.strokeStyle = '#f1f4f9';
    context.lineWidth = 2;
    // Drawn in the gap around the cell, so its fill (and the colour count) stays intact.
    context.strokeRect(focusCell.x - 1, focusCell.y - 1, cellSize + 2, cellSize + 2);
  }
}
