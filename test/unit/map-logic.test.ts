// The map's pure parts: frame sampling from cached series, colouring against thresholds, two-level grouping, layout and keyboard moves.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { MapCell } from '../../shared/contract/map-channels.ts';
import { frameTimestamps, mapPanel, sampleAtFrames } from '../../electron/services/map/map-frames.ts';
import { groupCells } from '../../renderer/views/map/map-grouping.ts';
import { cellAt, layoutMap, moveFocus } from '../../renderer/views/map/map-layout.ts';
import { defaultThresholds, legendEntries, levelColors, levelCounts, levelOf } from '../../renderer/views/map/map-scale.ts';

const minute = 60_000;

test('frames are evenly spaced and include both ends', () => {
  assert.deepEqual(frameTimestamps({ from: 0, to: 10 * minute }, 3), [0, 5 * minute, 10 * minute]);
  assert.equal(frameTimestamps({ from: 1000, to: 61_000 }, 60).length, 60);
});

test('a frame shows the newest sample at or before it, and nothing once the sample is stale', () => {
  const series = { timestamps: [0, minute, 2 * minute, 20 * minute], values: [1, 2, 3, 4] };
  const frames = [-minute, 0, 90_000, 2 * minute, 6 * minute, 8 * minute, 20 * minute, 30 * minute];
  // -1m: before any sample; 90 s: the 1 m sample; 6 m: 4 m after 2 m (within the 5 m lookback); 8 m: stale.
  assert.deepEqual(sampleAtFrames(series, frames), [null, 1, 2, 3, 3, null, 4, null]);
  // Frames further apart than the lookback keep one frame's worth of history.
  assert.deepEqual(sampleAtFrames(series, [0, 10 * minute, 20 * minute]), [1, 3, 4]);
  assert.deepEqual(sampleAtFrames({ timestamps: [0], values: [Number.NaN] }, [0]), [null]);
});

test('every entity/metric pair on the map has a catalog panel, and pairs without one are refused', () => {
  assert.equal(mapPanel('node', 'cpu'), 'node.cpu');
  assert.equal(mapPanel('pod', 'restarts'), 'pod.restarts');
  assert.equal(mapPanel('container', 'memory'), 'container.memory');
  assert.equal(mapPanel('node', 'restarts'), null);
  assert.equal(mapPanel('container', 'network'), null);
});

test('values take the band of the highest threshold they reach; missing values are "none"', () => {
  const thresholds = [0.6, 0.8, 0.9] as const;
  assert.equal(levelOf(0.1, thresholds), 'ok');
  assert.equal(levelOf(0.6, thresholds), 'elevated');
  assert.equal(levelOf(0.85, thresholds), 'high');
  assert.equal(levelOf(0.9, thresholds), 'critical');
  assert.equal(levelOf(null, thresholds), 'none');
  assert.equal(levelOf(Number.NaN, thresholds), 'none');
  assert.deepEqual(levelCounts([0.1, 0.7, 0.95, null, 0.2], thresholds), { ok: 2, elevated: 1, high: 0, critical: 1, none: 1 });
  const legend = legendEntries(thresholds);
  assert.deepEqual(legend.map((entry) => [entry.level, entry.from, entry.to]), [
    ['ok', null, 0.6],
    ['elevated', 0.6, 0.8],
    ['high', 0.8, 0.9],
    ['critical', 0.9, null],
    ['none', null, null],
  ]);
  assert.equal(new Set(Object.values(levelColors)).size, 5, 'five distinct colours');
  for (const entity of ['node', 'pod', 'container'] as const) {
    for (const metric of ['cpu', 'memory'] as const) {
      const [a, b, c] = defaultThresholds(entity, metric);
      assert.ok(a < b && b < c, `${entity} ${metric} thresholds ascend`);
    }
  }
});

function cell(centerId: string, namespace: string | null, name: string, node: string | null): MapCell {
  return { key: `${centerId}/${namespace}/${name}`, centerId, name, namespace, pod: name, node, status: 'Running', values: [0] };
}

const cells: MapCell[] = [
  cell('seoul-dc', 'shop', 'checkout-2', 'w1'),
  cell('ohio-region', 'shop', 'cart-1', 'ip-1'),
  cell('seoul-dc', 'data', 'reports-db-0', null),
  cell('seoul-dc', 'shop', 'checkout-10', 'w2'),
  cell('seoul-dc', 'shop', 'cart-1', 'w1'),
];

test('cells group by two levels, groups and members sorted by name (numbers numerically), placeholders last', () => {
  const byNamespace = groupCells(cells, 'center', 'namespace', (level, value) => (level === 'center' ? value.toUpperCase() : value));
  assert.deepEqual(byNamespace.map((group) => [group.label, group.size]), [['OHIO-REGION', 1], ['SEOUL-DC', 4]]);
  const seoul = byNamespace[1]!;
  assert.deepEqual(seoul.groups.map((group) => group.label), ['data', 'shop']);
  assert.deepEqual(seoul.groups[1]!.cells.map((index) => cells[index]!.name), ['cart-1', 'checkout-2', 'checkout-10']);

  const byNode = groupCells(cells, 'center', 'node');
  assert.deepEqual(byNode[1]!.groups.map((group) => group.label), ['w1', 'w2', '(unscheduled)']);
  const flat = groupCells(cells, 'none', 'none');
  assert.equal(flat.length, 1);
  assert.equal(flat[0]!.groups[0]!.cells.length, cells.length);
});

test('layout places every cell once, inside the width; hit testing and keyboard moves agree with it', () => {
  const groups = groupCells(cells, 'center', 'namespace');
  const layout = layoutMap(groups, { width: 400, cellSize: 14, gap: 2 });
  assert.equal(layout.cells.length, cells.length);
  assert.deepEqual(new Set(layout.cells.map((placed) => placed.cell)).size, cells.length);
  for (const placed of layout.cells) {
    assert.ok(placed.x >= 0 && placed.x + 14 <= 400, 'inside the width');
    assert.ok(placed.y + 14 <= layout.height);
  }
  const position = 2;
  const placed = layout.cells[position]!;
  assert.equal(cellAt(layout, placed.x + 7, placed.y + 7, 14), position);
  assert.equal(cellAt(layout, 1, 1, 14), -1, 'a header is not a cell');
  assert.equal(moveFocus(layout, -1, 'right'), 0);
  assert.equal(moveFocus(layout, 0, 'left'), 0);
  assert.equal(moveFocus(layout, 0, 'last'), cells.length - 1);
  assert.equal(moveFocus(layout, layout.cells.length - 1, 'right'), layout.cells.length - 1);
  // Down from the only row of a block goes to the next block, up comes back.
  const down = moveFocus(layout, 0, 'down');
  assert.notEqual(layout.cells[down]!.block, layout.cells[0]!.block);
  assert.equal(moveFocus(layout, down, 'up'), 0);
});

test('a large block wraps into rows, and up/down move by a row inside it', () => {
  const many: MapCell[] = Array.from({ length: 100 }, (_, index) => cell('c', 'ns', `pod-${index}`, 'n'));
  const layout = layoutMap(groupCells(many, 'center', 'namespace'), { width: 1000, cellSize: 14, gap: 2 });
  const block = layout.blocks[0]!;
  assert.ok(block.columns > 1 && block.columns < 100);
  assert.equal(moveFocus(layout, 0, 'down'), block.columns);
  assert.equal(moveFocus(layout, block.columns + 1, 'up'), 1);
  const narrow = layoutMap(groupCells(many, 'center', 'namespace'), { width: 120, cellSize: 14, gap: 2 });
  assert.ok(narrow.cells.every((placed) => placed.x + 14 <= 120));
});
