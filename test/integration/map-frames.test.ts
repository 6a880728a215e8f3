// map:frames against the demo centers' cache (real connectors and sync): every pod a cell, values agreeing with
// series:panel, the incident visible as colours changing over the scrubbed window.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { MapFrames } from '../../shared/contract/map-channels.ts';
import type { ChannelName, PanelSeries } from '../../shared/contract/channels.ts';
import type { OpsDeskCore } from '../../electron/core.ts';
import { invokeOk, startSyncedDemoCore } from '../support/console.ts';
import { levelOf, defaultThresholds } from '../../renderer/views/map/map-scale.ts';
import { makeTempDir } from '../support/temp-dir.ts';

const dir = makeTempDir('map-frames');
let core: OpsDeskCore;
const range = { from: 'now-1h', to: 'now' };

before(async () => {
  core = await startSyncedDemoCore(dir.path);
});

after(async () => {
  await core?.close();
  dir.remove();
});

const call = <T>(channel: ChannelName, input: unknown): Promise<T> => invokeOk<T>(core, channel, input);

test('every cached pod of both centers is a cell, with one value per frame', async () => {
  const frames = await call<MapFrames>('map:frames', { entity: 'pod', metric: 'memory', range, steps: 30 });
  const pods = core.cache.listPods({ centerIds: [] });
  assert.equal(frames.cells.length, pods.length);
  assert.equal(frames.timestamps.length, 30);
  assert.equal(frames.unit, 'bytes');
  assert.deepEqual(new Set(frames.cells.map((cell) => cell.centerId)), new Set(['seoul-dc', 'ohio-region']));
  assert.ok(frames.cells.every((cell) => cell.values.length === 30));
  const withData = frames.cells.filter((cell) => cell.values.some((value) => value !== null));
  assert.ok(withData.length > pods.length / 2, `${withData.length} of ${pods.length} pods have cached memory samples`);
  const pending = frames.cells.find((cell) => cell.name === 'reports-db-0');
  assert.ok(pending, 'the Pending pod is on the map');
  assert.equal(pending.node, null, 'unscheduled');
  assert.match(pending.status, /Pending/);

  const seoulOnly = await call<MapFrames>('map:frames', { centerIds: ['seoul-dc'], entity: 'pod', metric: 'memory', range, steps: 30 });
  assert.ok(seoulOnly.cells.length > 0 && seoulOnly.cells.every((cell) => cell.centerId === 'seoul-dc'));
});

test("a cell's value at a frame is the cached sample series:panel shows at that instant", async () => {
  const frames = await call<MapFrames>('map:frames', { centerIds: ['seoul-dc'], entity: 'pod', metric: 'cpu', range, steps: 20 });
  const cell = frames.cells.find((candidate) => candidate.values.at(-2) !== null)!;
  assert.ok(cell, 'some pod has CPU samples');
  const panel = await call<PanelSeries>('series:panel', {
    centerId: cell.centerId,
    panel: 'pod.cpu',
    target: { kind: 'pod', name: cell.name, namespace: cell.namespace },
    range: { from: new Date(frames.timestamps[0]! - 10 * 60_000).toISOString(), to: new Date(frames.timestamps.at(-1)!).toISOString() },
  });
  const series = panel.series[0]!;
  const frame = frames.timestamps.at(-2)!;
  const index = series.timestamps.findLastIndex((timestamp) => timestamp <= frame);
  assert.ok(index >= 0);
  assert.equal(cell.values.at(-2), series.values[index]);
});

test('the incident shows on the map: the worker node runs out of memory, checkout restarts climb', async () => {
  const nodes = await call<MapFrames>('map:frames', { centerIds: ['seoul-dc'], entity: 'node', metric: 'memory', range, steps: 60 });
  assert.equal(nodes.unit, 'ratio', 'node memory is a share of capacity');
  const worker = nodes.cells.find((cell) => cell.name === 'sel-k8s-w-07')!;
  assert.ok(worker, nodes.cells.map((cell) => cell.name).join(','));
  const ratios = worker.values.filter((value): value is number => value !== null);
  assert.ok(ratios.every((value) => value > 0 && value <= 1));
  const thresholds = defaultThresholds('node', 'memory');
  const levels = new Set(worker.values.map((value) => levelOf(value, thresholds)));
  assert.ok(levels.has('critical'), `the worker's memory crosses 90% (max ${Math.max(...ratios).toFixed(3)})`);
  assert.ok(levels.size > 1, 'and its colour changes over the window');

  const containers = await call<MapFrames>('map:frames', { centerIds: ['seoul-dc'], entity: 'container', metric: 'restarts', range, steps: 60 });
  const checkout = containers.cells.filter((cell) => cell.pod?.startsWith('checkout-') && cell.values.some((value) => (value ?? 0) > 0));
  assert.ok(checkout.length > 0, 'a checkout container restarted');
  for (const cell of checkout) {
    const counts = cell.values.filter((value): value is number => value !== null);
    assert.ok(counts.at(-1)! > counts[0]!, `${cell.pod}/${cell.name} restarts grow over the window`);
    assert.ok(cell.node, 'containers carry their pod\'s node for grouping');
  }
});

test('pairs the catalog has no query for and bad ranges are refused with invalid-input', async () => {
  const noRestarts = await core.dispatcher.invoke('map:frames', { entity: 'node', metric: 'restarts', range });
  assert.ok(!noRestarts.ok && noRestarts.error.code === 'invalid-input' && /nodes have no restarts/.test(noRestarts.error.message));
  const backwards = await core.dispatcher.invoke('map:frames', { entity: 'pod', metric: 'cpu', range: { from: 'now', to: 'now-1h' } });
  assert.ok(!backwards.ok && backwards.error.code === 'invalid-input');
  const tooMany = await core.dispatcher.invoke('map:frames', { entity: 'pod', metric: 'cpu', range, steps: 100_000 });
  assert.ok(!tooMany.ok && tooMany.error.code === 'invalid-input');
});
