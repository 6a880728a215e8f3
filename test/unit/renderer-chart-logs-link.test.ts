import assert from 'node:assert/strict';
import { test } from 'node:test';
import { logsForChartRange } from '../../renderer/charts/chart-logs-link.ts';

test('a chart range leads to its pod, container or node logs', () => {
  assert.deepEqual(logsForChartRange({ kind: 'pod', name: 'checkout-7d9-abc', namespace: 'shop' }), { filter: { namespace: 'shop', pod: 'checkout-7d9-abc' }, label: 'pod checkout-7d9-abc' });
  assert.deepEqual(logsForChartRange({ kind: 'container', name: 'app', namespace: 'shop', pod: 'checkout-7d9-abc' }), {
    filter: { namespace: 'shop', pod: 'checkout-7d9-abc', container: 'app' },
    label: 'container app',
  });
  assert.deepEqual(logsForChartRange({ kind: 'node', name: 'sel-k8s-w3' }), { filter: { text: 'sel-k8s-w3' }, label: 'node sel-k8s-w3' });
  assert.equal(logsForChartRange({ kind: 'pod', name: 'orphan' }), null, 'no namespace: no way to name its logs');
  assert.equal(logsForChartRange({ kind: 'container', name: 'app', namespace: 'shop' }), null);
});
