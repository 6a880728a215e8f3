// The data table's precomputed rows: sort by ranks with tie-breaks, filter on the sorted order, virtual row windows.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { filterOrder, prepareRows, rowWindow, scrollToReveal, sortOrder, type RowColumn } from '../../renderer/components/table-rows.ts';

interface Pod {
  centerId: string;
  namespace: string;
  name: string;
  restarts: number;
  labels: Record<string, string>;
}

const pods: Pod[] = [
  { centerId: 'seoul-dc', namespace: 'shop', name: 'checkout-10', restarts: 3, labels: { app: 'checkout' } },
  { centerId: 'ohio-region', namespace: 'shop', name: 'checkout-2', restarts: 0, labels: { app: 'checkout' } },
  { centerId: 'seoul-dc', namespace: 'data', name: 'reports-db-0', restarts: 12, labels: { app: 'reports' } },
  { centerId: 'seoul-dc', namespace: 'shop', name: 'Cart-1', restarts: 3, labels: {} },
];

const columns: RowColumn<Pod>[] = [
  { id: 'namespace', sortValue: (pod) => pod.namespace },
  { id: 'name', sortValue: (pod) => pod.name },
  { id: 'center', sortValue: (pod) => pod.centerId, text: (pod) => (pod.centerId === 'seoul-dc' ? 'seoul-dc Seoul DC' : 'ohio-region Ohio') },
  { id: 'restarts', sortValue: (pod) => pod.restarts },
];

const key = (pod: Pod) => `${pod.centerId}/${pod.namespace}/${pod.name}`;
const names = (prepared: ReturnType<typeof prepareRows<Pod>>, order: readonly number[]) => order.map((index) => prepared.rows[index]!.name);

test('sorting compares ranks like the collator (case-insensitive, numbers numerically), ties by the next columns', () => {
  const prepared = prepareRows(pods, columns, key);
  assert.deepEqual(names(prepared, sortOrder(prepared, 0, 'asc')), ['reports-db-0', 'Cart-1', 'checkout-2', 'checkout-10']);
  assert.deepEqual(names(prepared, sortOrder(prepared, 1, 'desc')), ['reports-db-0', 'checkout-10', 'checkout-2', 'Cart-1']);
  // Equal restarts (3): the tie goes to namespace, then name, ascending even when the sort is descending.
  assert.deepEqual(names(prepared, sortOrder(prepared, 3, 'desc')), ['reports-db-0', 'Cart-1', 'checkout-10', 'checkout-2']);
  assert.deepEqual(sortOrder(prepared, -1, 'asc'), [0, 1, 2, 3]);
});

test('the filter narrows the sorted order with the / query language (text, regex, label and field terms)', () => {
  const prepared = prepareRows(pods, columns, key);
  const order = sortOrder(prepared, 1, 'asc');
  assert.equal(filterOrder(prepared, order, ''), order, 'no filter returns the sorted order itself');
  assert.deepEqual(names(prepared, filterOrder(prepared, order, 'CHECKOUT')), ['checkout-2', 'checkout-10']);
  assert.deepEqual(names(prepared, filterOrder(prepared, order, 're:^cart')), ['Cart-1']);
  assert.deepEqual(names(prepared, filterOrder(prepared, order, 'app=checkout seoul')), ['checkout-10']);
  assert.deepEqual(names(prepared, filterOrder(prepared, order, 'namespace=data')), ['reports-db-0']);
  assert.deepEqual(names(prepared, filterOrder(prepared, order, '!shop')), ['reports-db-0']);
  assert.deepEqual(names(prepared, filterOrder(prepared, order, 're:(')), names(prepared, order), 'a half-typed regex filters nothing out');
  assert.equal(prepared.keys[0], 'seoul-dc/shop/checkout-10');
});

test('10,000 rows re-filter well inside a frame once prepared', () => {
  const many: Pod[] = Array.from({ length: 10_000 }, (_, index) => ({
    centerId: `center-${index % 5}`,
    namespace: `ns-${index % 40}`,
    name: `workload-${index % 700}-${index.toString(36)}`,
    restarts: index % 7,
    labels: { app: `app-${index % 90}` },
  }));
  const prepared = prepareRows(many, columns, key);
  const order = sortOrder(prepared, 0, 'asc');
  assert.equal(order.length, 10_000);
  const started = performance.now();
  const runs = 20;
  for (let run = 0; run < runs; run++) filterOrder(prepared, order, `workload-${run}`);
  const perKeystroke = (performance.now() - started) / runs;
  assert.ok(perKeystroke < 16, `filtering 10,000 rows took ${perKeystroke.toFixed(2)} ms`);
});

test('the row window covers the viewport plus overscan, clamped to the list', () => {
  assert.deepEqual(rowWindow(0, 270, 27, 10_000, 5), { start: 0, end: 15 });
  assert.deepEqual(rowWindow(2700, 270, 27, 10_000, 5), { start: 95, end: 115 });
  assert.deepEqual(rowWindow(1e9, 270, 27, 10, 5), { start: 5, end: 10 });
  assert.deepEqual(rowWindow(0, 270, 27, 0), { start: 0, end: 0 });
  assert.equal(scrollToReveal(0, 27, 0, 300, 28), null);
  assert.equal(scrollToReveal(20, 27, 0, 300, 28), 21 * 27 - 272);
  assert.equal(scrollToReveal(3, 27, 500, 300, 28), 81);
});
