import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { alignSeries, seriesLabels } from '../../renderer/charts/align-series.ts';
import { keyCoversCenter, queryKeys } from '../../renderer/data/query-keys.ts';
import { freshlySynced, mergeSyncStatuses } from '../../renderer/data/sync-status-merge.ts';
import { summarizeCenterSync } from '../../renderer/state/sync-summary.ts';
import { hasErrors, validateTimeRange } from '../../renderer/state/time-range-validation.ts';
import type { SyncStatus } from '../../shared/contract/channels.ts';

function status(overrides: Partial<SyncStatus>): SyncStatus {
  return {
    centerId: 'seoul-dc',
    endpointId: 'seoul-dc-metrics',
    signal: 'metrics',
    state: 'ok',
    lastAttemptAt: 1_000,
    lastSuccessAt: 1_000,
    progress: null,
    error: null,
    ...overrides,
  };
}

describe('aligning panel series for uPlot', () => {
  it('joins series on the union of timestamps and counts finite points', () => {
    const aligned = alignSeries({
      panel: 'pod.cpu',
      title: 'CPU',
      unit: 'cores',
      series: [
        { labels: { pod: 'a' }, timestamps: [1_000, 2_000, 3_000], values: [1, Number.NaN, 3] },
        { labels: { pod: 'b' }, timestamps: [2_000, 4_000], values: [5, 6] },
      ],
    });
    assert.deepEqual(aligned.data, [
      [1, 2, 3, 4],
      [1, null, 3, null],
      [null, 5, null, 6],
    ]);
    assert.equal(aligned.points, 4);
    assert.deepEqual(aligned.labels, ['a', 'b']);
  });

  it('has no points for an empty panel', () => {
    const aligned = alignSeries({ panel: 'node.cpu', title: 'CPU busy', unit: 'ratio', series: [] });
    assert.equal(aligned.points, 0);
    assert.deepEqual(aligned.data, [[]]);
  });

  it('names a single series after the panel', () => {
    assert.deepEqual(seriesLabels([{ labels: { pod: 'x' }, timestamps: [], values: [] }], 'CPU'), ['CPU']);
  });
});

describe('query keys', () => {
  it('scope inventory and series keys to centers', () => {
    assert.equal(keyCoversCenter(queryKeys.inventory.nodes([]), 'ohio-region'), true);
    assert.equal(keyCoversCenter(queryKeys.inventory.pods(['seoul-dc']), 'ohio-region'), false);
    assert.equal(keyCoversCenter(queryKeys.inventory.pods(['seoul-dc']), 'seoul-dc'), true);
    const series = queryKeys.series.panel('seoul-dc', 'pod.cpu', { kind: 'pod', name: 'p', namespace: 'n' }, { from: 'now-1h', to: 'now' });
    assert.equal(keyCoversCenter(series, 'seoul-dc'), true);
    assert.equal(keyCoversCenter(series, 'ohio-region'), false);
  });
});

describe('sync status pushes', () => {
  it('merge by center and endpoint', () => {
    const current = [status({}), status({ endpointId: 'seoul-dc-k8s', signal: 'kubernetes' })];
    const merged = mergeSyncStatuses(current, [status({ state: 'syncing', progress: 0.5 }), status({ centerId: 'ohio-region', endpointId: 'ohio-metrics' })]);
    assert.equal(merged.length, 3);
    assert.equal(merged.find((entry) => entry.endpointId === 'seoul-dc-metrics')?.state, 'syncing');
  });

  it('find centers whose signal just succeeded', () => {
    const previous = [status({ lastSuccessAt: 1_000 })];
    assert.deepEqual([...freshlySynced(previous, [status({ lastSuccessAt: 2_000 })], ['metrics'])], ['seoul-dc']);
    assert.deepEqual([...freshlySynced(previous, [status({ lastSuccessAt: 1_000 })], ['metrics'])], []);
    assert.deepEqual([...freshlySynced(previous, [status({ lastSuccessAt: 2_000 })], ['kubernetes'])], []);
  });

  it('summarize a center: error beats syncing beats ok; oldest success; mean progress', () => {
    const summary = summarizeCenterSync('seoul-dc', [
      status({ lastSuccessAt: 5_000 }),
      status({ endpointId: 'k8s', signal: 'kubernetes', state: 'syncing', progress: 0.5, lastSuccessAt: 3_000 }),
      status({ endpointId: 'am', signal: 'alerts', state: 'syncing', progress: 0.1, lastSuccessAt: 4_000 }),
      status({ centerId: 'ohio-region', state: 'error', error: { code: 'connector-error', message: 'x' } }),
    ]);
    assert.equal(summary.state, 'syncing');
    assert.equal(summary.lastSuccessAt, 3_000);
    assert.ok(Math.abs((summary.progress ?? 0) - 0.3) < 1e-9);
    const failing = summarizeCenterSync('ohio-region', [status({ centerId: 'ohio-region', state: 'error', error: { code: 'connector-error', message: 'timeout' } })]);
    assert.equal(failing.state, 'error');
    assert.deepEqual(failing.errors.map((error) => error.message), ['timeout']);
    assert.equal(summarizeCenterSync('nowhere', []).state, 'unknown');
    assert.equal(summarizeCenterSync('seoul-dc', [status({ lastSuccessAt: null, state: 'idle' })]).lastSuccessAt, null);
  });
});

describe('time range validation', () => {
  const now = Date.UTC(2025, 10, 23, 12);

  it('accepts the shared expressions', () => {
    assert.equal(hasErrors(validateTimeRange({ from: 'now-15m', to: 'now' }, now)), false);
    assert.equal(hasErrors(validateTimeRange({ from: '2025-11-23T10:00:00Z', to: 'now' }, now)), false);
  });

  it('reports each field and the order', () => {
    assert.match(validateTimeRange({ from: 'yesterday', to: 'now' }, now).from ?? '', /expected now/);
    assert.equal(validateTimeRange({ from: 'now', to: '' }, now).to, 'required');
    assert.match(validateTimeRange({ from: 'now', to: 'now-1h' }, now).range ?? '', /before/);
  });
});
