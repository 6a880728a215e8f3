import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { builtInRoles } from '../../resources/roles/built-in-roles.ts';
import type { ServiceHealth } from '../../shared/analysis/service-health-schema.ts';
import type { ContainerRecord, NodeRecord, PodRecord } from '../../shared/domain/records.ts';
import type { Role } from '../../shared/domain/roles.ts';
import { ancestorsOf, buildGroupTree, carrySelection, filterTree, visibleRows, workloadOf, type GroupInput, type GroupNode } from '../../renderer/views/grouping.ts';
import { orderPanels, roleColumns } from '../../renderer/views/role-layout.ts';
import { parseFilterQuery } from '../../renderer/state/filter-query.ts';

function role(id: string): Role {
  const found = builtInRoles.find((candidate) => candidate.id === id);
  assert.ok(found, `built-in role ${id}`);
  return found;
}

function node(centerId: string, name: string, ready: NodeRecord['ready'] = 'True'): NodeRecord {
  return {
    centerId, name, uid: `${centerId}-${name}`, roles: ['worker'], ready, unschedulable: false,
    conditions: [{ type: 'Ready', status: ready }], capacity: { cpuMillis: 4000, memoryBytes: 8e9 },
    allocatable: { cpuMillis: 3800, memoryBytes: 7e9 }, labels: {}, internalIp: null, kubeletVersion: 'v1.31.0', osImage: 'x', createdAt: 0,
  };
}

function pod(centerId: string, namespace: string, name: string, nodeName: string | null, extra: Partial<PodRecord> = {}): PodRecord {
  const hash = '7d9f8c';
  return {
    centerId, namespace, name, uid: `${centerId}-${namespace}-${name}`, nodeName, phase: 'Running', reason: null, message: null,
    qosClass: 'Burstable', ownerKind: 'ReplicaSet', ownerName: `${name.split('-')[0]}-${hash}`, restarts: 0, readyContainers: 1,
    totalContainers: 1, podIp: null, labels: { 'pod-template-hash': hash }, createdAt: 0, startedAt: 0, ...extra,
  };
}

function container(of: PodRecord, name: string, extra: Partial<ContainerRecord> = {}): ContainerRecord {
  return {
    centerId: of.centerId, namespace: of.namespace, podName: of.name, name, image: 'img', ready: true, restartCount: 0, state: 'running',
    stateReason: null, startedAt: 0, lastTerminationReason: null, lastTerminatedAt: null, requests: { cpuMillis: 100, memoryBytes: 1e8 },
    limits: { cpuMillis: 0, memoryBytes: 0 }, ...extra,
  };
}

const checkoutA = pod('seoul-dc', 'shop', 'checkout-a1', 'sel-w-01', { phase: 'Running', reason: 'CrashLoopBackOff' });
const checkoutB = pod('ohio-region', 'shop', 'checkout-b2', 'ohi-w-01');
const reportsDb = pod('seoul-dc', 'data', 'reports-db-0', null, { phase: 'Pending', ownerKind: 'StatefulSet', ownerName: 'reports-db', labels: {} });
const service: ServiceHealth = {
  centerId: 'seoul-dc', service: 'checkout', namespace: 'shop', requests: 100, errors: 9, errorRate: 0.09, availability: 0.91,
  latencyP50Ms: 10, latencyP95Ms: 90, latencyP99Ms: 200, errorLogLines: 3, activeAlerts: 0, fromMs: 0, toMs: 1,
};
const input: GroupInput = {
  nodes: [node('seoul-dc', 'sel-w-01'), node('seoul-dc', 'sel-w-02', 'False'), node('ohio-region', 'ohi-w-01')],
  pods: [checkoutA, checkoutB, reportsDb],
  containers: [container(checkoutA, 'app', { state: 'waiting', stateReason: 'CrashLoopBackOff', ready: false }), container(checkoutA, 'proxy'), container(checkoutB, 'app')],
  services: [service],
  clusterOf: (centerId) => (centerId === 'seoul-dc' ? 'sel-k8s' : 'ohio-eks'),
};

function shape(nodes: readonly GroupNode[]): unknown[] {
  return nodes.map((group) => (group.children.length ? { [`${group.level}:${group.label}`]: shape(group.children) } : `${group.level}:${group.label}`));
}

describe('role grouping', () => {
  it('names the workload behind a ReplicaSet', () => {
    assert.equal(workloadOf(checkoutA), 'Deployment/checkout');
    assert.equal(workloadOf(reportsDb), 'StatefulSet/reports-db');
    assert.equal(workloadOf({ ...checkoutA, ownerKind: null, ownerName: null }), 'Pod/checkout-a1');
  });

  it('groups the SRE way: center → cluster → node → pods, nodes without pods included', () => {
    const tree = buildGroupTree(role('infrastructure').grouping, input);
    assert.deepEqual(shape(tree), [
      { 'center:ohio-region': [{ 'cluster:ohio-eks': [{ 'node:ohi-w-01': ['pod:checkout-b2'] }] }] },
      {
        'center:seoul-dc': [
          { 'cluster:sel-k8s': [{ 'node:(not scheduled)': ['pod:reports-db-0'] }, { 'node:sel-w-01': ['pod:checkout-a1'] }, 'node:sel-w-02'] },
        ],
      },
    ]);
    const seoul = tree[1]!;
    assert.equal(seoul.leafCount, 2);
    assert.equal(seoul.tone, 'error');
    const nodeGroup = seoul.children[0]!.children[1]!;
    assert.deepEqual(nodeGroup.entity, { kind: 'node', key: 'seoul-dc/sel-w-01' });
    assert.deepEqual(nodeGroup.children[0]!.entity, { kind: 'pod', key: 'seoul-dc/shop/checkout-a1' });
  });

  it('groups the application owner way: namespace → workload → pod → container, merging centers', () => {
    const tree = buildGroupTree(role('application-owner').grouping, input);
    assert.deepEqual(shape(tree), [
      { 'namespace:data': [{ 'workload:StatefulSet/reports-db': ['pod:reports-db-0'] }] },
      { 'namespace:shop': [{ 'workload:Deployment/checkout': [{ 'pod:checkout-a1': ['container:app', 'container:proxy'] }, { 'pod:checkout-b2': ['container:app'] }] }] },
    ]);
    assert.equal(tree[1]!.leafCount, 3);
  });

  it('groups the service manager way: service → center → pod', () => {
    const tree = buildGroupTree(role('service-manager').grouping, input);
    assert.deepEqual(shape(tree), [{ 'service:checkout': [{ 'center:seoul-dc': ['pod:checkout-a1'] }] }]);
    assert.equal(tree[0]!.tone, 'error');
  });

  it('lists visible rows with collapsed groups skipped', () => {
    const tree = buildGroupTree(role('application-owner').grouping, input);
    assert.equal(visibleRows(tree, new Set()).length, 3 + 1 + 1 + 2 + 3);
    assert.equal(visibleRows(tree, new Set([tree[1]!.id])).length, 3 + 1);
    const ancestors = ancestorsOf(tree, { kind: 'container', key: 'ohio-region/shop/checkout-b2/app' });
    assert.equal(ancestors.length, 3);
  });

  it('filters the tree to matching groups and what holds them, with levels as fields', () => {
    const tree = buildGroupTree(role('application-owner').grouping, input);
    assert.deepEqual(shape(filterTree(tree, parseFilterQuery('namespace=data'))), [
      { 'namespace:data': [{ 'workload:StatefulSet/reports-db': ['pod:reports-db-0'] }] },
    ]);
    assert.deepEqual(shape(filterTree(tree, parseFilterQuery('re:^checkout-b'))), [
      { 'namespace:shop': [{ 'workload:Deployment/checkout': [{ 'pod:checkout-b2': ['container:app'] }] }] },
    ]);
    assert.deepEqual(shape(filterTree(tree, parseFilterQuery('container=proxy'))), [
      { 'namespace:shop': [{ 'workload:Deployment/checkout': [{ 'pod:checkout-a1': ['container:proxy'] }] }] },
    ]);
    assert.deepEqual(filterTree(tree, parseFilterQuery('nothing-like-this')), []);
    assert.equal(filterTree(tree, parseFilterQuery('')).length, tree.length);
  });

  it('keeps the selection where the new grouping shows it, else the nearest record it does', () => {
    const levelsOf = (id: string) => role(id).grouping;
    const selectedContainer = { kind: 'container', key: 'seoul-dc/shop/checkout-a1/app' } as const;
    assert.deepEqual(carrySelection(selectedContainer, levelsOf('application-owner'), input.pods), selectedContainer);
    assert.deepEqual(carrySelection(selectedContainer, levelsOf('infrastructure'), input.pods), { kind: 'pod', key: 'seoul-dc/shop/checkout-a1' });
    assert.deepEqual(carrySelection({ kind: 'node', key: 'seoul-dc/sel-w-01' }, levelsOf('application-owner'), input.pods), null);
    assert.deepEqual(carrySelection({ kind: 'pod', key: 'seoul-dc/shop/checkout-a1' }, ['center', 'node'], input.pods), {
      kind: 'node',
      key: 'seoul-dc/sel-w-01',
    });
  });
});

describe('role layout', () => {
  const columns = ['namespace', 'name', 'center', 'node', 'phase', 'qos', 'restarts', 'ready', 'age', 'reason'].map((id) => ({ id }));

  it('shows the role default columns in its order, or every column without a role', () => {
    assert.deepEqual(roleColumns(columns, role('infrastructure'), 'pods').map((column) => column.id), ['name', 'namespace', 'center', 'node', 'phase', 'restarts', 'ready', 'age']);
    assert.deepEqual(roleColumns(columns, role('application-owner'), 'pods').map((column) => column.id), ['namespace', 'name', 'center', 'phase', 'ready', 'restarts', 'reason', 'qos', 'age']);
    assert.equal(roleColumns(columns, null, 'pods').length, columns.length);
    assert.equal(roleColumns(columns, role('service-manager'), 'nodes').length, columns.length);
  });

  it('puts the role panels first and the rest under more', () => {
    const applicable = ['summary', 'pod.cpu', 'pod.memory', 'pod.restarts', 'pending-analysis', 'events', 'logs'] as const;
    assert.deepEqual(orderPanels(applicable, role('application-owner')), {
      primary: ['summary', 'pod.cpu', 'pod.memory', 'pod.restarts', 'logs', 'events', 'pending-analysis'],
      more: [],
    });
    assert.deepEqual(orderPanels(applicable, role('infrastructure')), {
      primary: ['summary', 'events', 'pending-analysis'],
      more: ['pod.cpu', 'pod.memory', 'pod.restarts', 'logs'],
    });
  });
});
