import assert from 'node:assert/strict';
import { test } from 'node:test';
import { keyCharts } from '../../shared/export/key-charts.ts';
import { fixtureTimeline } from '../fixtures/export/incident-export-fixture.ts';

test('key charts: the cited node (memory, CPU), then the cited pod (memory, restarts); hidden entries do not count', () => {
  const charts = keyCharts(fixtureTimeline());
  assert.deepEqual(
    charts.map((chart) => [chart.panel, chart.label]),
    [
      ['node.memory', 'node sel-k8s-w-07'],
      ['node.cpu', 'node sel-k8s-w-07'],
      ['pod.memory', 'pod shop/checkout-7d9f-abcde'],
      ['pod.restarts', 'pod shop/checkout-7d9f-abcde'],
    ],
  );
  const hidden = fixtureTimeline().map((entry) => (entry.refs.some((ref) => ref.kind === 'node') ? { ...entry, hidden: true } : entry));
  assert.deepEqual(keyCharts(hidden).map((chart) => chart.panel), ['pod.memory', 'pod.restarts'], 'a hidden entry cites nothing');
  assert.deepEqual(keyCharts([]), []);
});

test('key charts: a starred citation weighs double when choosing the busiest node', () => {
  const base = fixtureTimeline()[0]!;
  const cite = (name: string, starred: boolean, id: string) => ({ ...base, id, starred, refs: [{ kind: 'node' as const, centerId: 'seoul-dc', name }] });
  const entries = [cite('w-01', false, 'a'), cite('w-01', false, 'b'), cite('w-02', true, 'c'), cite('w-02', false, 'd')];
  assert.equal(keyCharts(entries)[0]!.target.name, 'w-02');
  assert.equal(keyCharts(entries, 1).length, 1);
});
