import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, test } from 'node:test';
import type { AlertRecord, ContainerRecord, KubeEventRecord, NodeRecord, PodRecord } from '../../shared/domain/records.ts';
import { CacheService } from '../../electron/services/cache/cache-service.ts';
import { makeTempDir } from '../support/temp-dir.ts';

const dir = makeTempDir('inventory');
const cache = new CacheService(join(dir.path, 'cache.sqlite'));
after(() => {
  cache.close();
  dir.remove();
});

const amounts = { cpuMillis: 4000, memoryBytes: 8 * 2 ** 30, pods: 110 };
const node = (centerId: string, name: string): NodeRecord => ({
  centerId, name, uid: `${centerId}-${name}`, roles: ['worker'], ready: 'True', unschedulable: false, conditions: [],
  capacity: amounts, allocatable: amounts, labels: {}, internalIp: '10.0.0.1', kubeletVersion: 'v1.30.2', osImage: 'Ubuntu', createdAt: 1,
});
const pod = (centerId: string, namespace: string, name: string, nodeName: string | null): PodRecord => ({
  centerId, namespace, name, uid: `${namespace}/${name}`, nodeName, phase: nodeName ? 'Running' : 'Pending', reason: null, message: null,
  qosClass: 'Burstable', ownerKind: 'ReplicaSet', ownerName: 'x', restarts: 0, readyContainers: 1, totalContainers: 1, podIp: null,
  labels: {}, createdAt: 1, startedAt: null,
});
const container = (centerId: string, namespace: string, podName: string): ContainerRecord => ({
  centerId, namespace, podName, name: 'app', image: 'app:1', ready: true, restartCount: 0, state: 'running', stateReason: null,
  startedAt: 1, lastTerminationReason: null, lastTerminatedAt: null, requests: { cpuMillis: 100, memoryBytes: 1 }, limits: { cpuMillis: 0, memoryBytes: 0 },
});
const event = (centerId: string, uid: string, lastSeen: number): KubeEventRecord => ({
  centerId, uid, namespace: 'shop', involvedKind: 'Pod', involvedName: 'checkout-1', reason: 'BackOff', message: 'Back-off restarting failed container',
  type: 'Warning', count: 1, firstSeen: lastSeen, lastSeen, source: 'kubelet',
});

test('inventory is a per-center snapshot; events accumulate beyond what the API still lists', () => {
  cache.replaceInventory('a', { nodes: [node('a', 'n1'), node('a', 'n2')], pods: [pod('a', 'shop', 'p1', 'n1'), pod('a', 'data', 'p2', null)], containers: [container('a', 'shop', 'p1')], events: [event('a', 'e1', 100)] }, 1000);
  cache.replaceInventory('b', { nodes: [node('b', 'n1')], pods: [pod('b', 'shop', 'p1', 'n1')], containers: [], events: [] }, 1000);
  cache.replaceInventory('a', { nodes: [node('a', 'n2')], pods: [pod('a', 'shop', 'p3', 'n2')], containers: [], events: [event('a', 'e2', 200)] }, 2000);

  assert.deepEqual(cache.listNodes({ centerIds: [] }).map((item) => `${item.centerId}/${item.name}`), ['a/n2', 'b/n1']);
  assert.deepEqual(cache.listNodes({ centerIds: ['b'] }).map((item) => item.name), ['n1']);
  assert.deepEqual(cache.listPods({ centerIds: [] }).map((item) => `${item.centerId}/${item.name}`), ['a/p3', 'b/p1']);
  assert.deepEqual(cache.listPods({ centerIds: [], nodeName: 'n1' }).map((item) => item.centerId), ['b']);
  assert.deepEqual(cache.listPods({ centerIds: ['a'], namespace: 'data' }), []);
  assert.deepEqual(cache.listContainers({ centerIds: [] }), [], 'containers replaced with the snapshot');
  assert.deepEqual(cache.listEvents({ centerIds: ['a'], limit: 10 }).map((item) => item.uid), ['e2', 'e1'], 'events kept, newest first');
  assert.deepEqual(cache.listEvents({ centerIds: ['a'], limit: 1 }).map((item) => item.uid), ['e2']);
  assert.deepEqual(cache.listEvents({ centerIds: ['a'], involvedName: 'nobody', limit: 10 }), []);
});

test('an alert Alertmanager stops reporting is kept and marked resolved when it was last missed', () => {
  const firing: AlertRecord = {
    centerId: 'a', fingerprint: 'f00dfeedf00dfeed', alertName: 'NodeMemoryHigh', state: 'active', severity: 'warning',
    labels: { alertname: 'NodeMemoryHigh' }, annotations: {}, startsAt: 1_000, endsAt: 10_000, updatedAt: 1_000,
  };
  cache.recordAlerts('a', [firing], 2_000);
  assert.equal(cache.listAlerts({ centerIds: ['a'] })[0]!.endsAt, 10_000);
  cache.recordAlerts('a', [], 5_000);
  const [resolved] = cache.listAlerts({ centerIds: ['a'] });
  assert.equal(resolved!.endsAt, 5_000);
  cache.recordAlerts('a', [{ ...firing, startsAt: 20_000, endsAt: 30_000 }], 21_000);
  assert.deepEqual(cache.listAlerts({ centerIds: ['a'] }).map((alert) => [alert.startsAt, alert.endsAt]), [[20_000, 30_000], [1_000, 5_000]], 'a re-fire is a new row');
  assert.deepEqual(cache.listAlerts({ centerIds: ['b'] }), []);
});
