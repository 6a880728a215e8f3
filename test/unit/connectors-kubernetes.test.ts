import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import type { PullRequest } from '../../shared/domain/connector.ts';
import {
  containerRecordSchema,
  kubeEventRecordSchema,
  nodeRecordSchema,
  podRecordSchema,
  type Endpoint,
  type InventorySnapshot,
} from '../../shared/domain/records.ts';
import { ConnectorError } from '../../electron/connectors/errors.ts';
import {
  computeQosClass,
  convertContainers,
  convertEvent,
  convertNode,
  convertPod,
  createKubernetesConnector,
  eventSchema,
  nodeRoles,
  nodeSchema,
  parseCpuMillis,
  parseQuantity,
  parseQuantityValue,
  podSchema,
} from '../../electron/connectors/kubernetes/index.ts';
import { startLocalHttpServer, type LocalHttpServer } from '../support/real-servers.ts';

const fixtureDir = new URL('../fixtures/kubernetes/', import.meta.url);
function fixture(name: string): Record<string, unknown> {
  return JSON.parse(readFileSync(new URL(name, fixtureDir), 'utf8')) as Record<string, unknown>;
}

const runningPod = podSchema.parse(fixture('debug-running-pod.pod.json'));
const pendingPod = podSchema.parse(fixture('debug-running-pod.pending.pod.json'));
const oomPod = podSchema.parse(fixture('assign-memory-resource.memory-demo-2.pod.json'));
const node = nodeSchema.parse(fixture('node-status.node.json'));
const eventList = fixture('events.core-v1.event-list.json') as { items: unknown[] };
const events = eventList.items.map((item) => eventSchema.parse(item));

const Mi = 2 ** 20;
const Ki = 2 ** 10;
const utc = (text: string) => Date.parse(text);

describe('Kubernetes quantities', () => {
  test('cpu in millicores', () => {
    const cases: Array<[string, number]> = [
      ['100m', 100],
      ['2', 2000],
      ['0.5', 500],
      ['0.1', 100],
      ['3800m', 3800],
      ['1.5', 1500],
      ['.25', 250],
      ['250000u', 250],
      ['1e-3', 1],
      ['0.0001', 1], // Kubernetes rounds up to 1m
      ['1k', 1_000_000],
    ];
    for (const [text, millis] of cases) assert.equal(parseCpuMillis(text), millis, text);
  });

  test('memory in bytes, binary and decimal suffixes and exponents', () => {
    const cases: Array<[string, number]> = [
      ['128Mi', 128 * Mi],
      ['1Gi', 2 ** 30],
      ['16318480Ki', 16318480 * Ki],
      ['1e9', 1_000_000_000],
      ['500M', 500_000_000],
      ['1.5Gi', 1.5 * 2 ** 30],
      ['0.5Ki', 512],
      ['1E3', 1000],
      ['1E', 1e18],
      ['2Ti', 2 * 2 ** 40],
      ['110', 110],
      // The four "approximately equal" spellings from the assign-memory-resource page:
      ['128974848', 128_974_848],
      ['129e6', 129_000_000],
      ['129M', 129_000_000],
      ['123Mi', 123 * Mi],
      ['1m', 1], // a milli-byte rounds up to one byte
    ];
    for (const [text, bytes] of cases) assert.equal(parseQuantityValue(text), bytes, text);
  });

  test('what is not a quantity', () => {
    for (const text of ['', 'Mi', '12XB', '1.2.3', '1 Gi', '1mi', '0x10', '1Kib', 'e3', '1e']) {
      assert.equal(parseQuantity(text), null, JSON.stringify(text));
    }
  });
});

describe('conversion of documented objects', () => {
  test('running pod from debug-running-pod: every field', () => {
    const record = convertPod('dc1', runningPod);
    assert.deepEqual(record, {
      centerId: 'dc1',
      namespace: 'default',
      name: 'nginx-deployment-67d4bdd6f5-w6kd7',
      uid: 'a6501da1-0447-4262-98eb-c03d4002222e',
      nodeName: 'kube-worker-1',
      phase: 'Running',
      reason: null,
      message: null,
      qosClass: 'Guaranteed',
      ownerKind: 'ReplicaSet',
      ownerName: 'nginx-deployment-67d4bdd6f5',
      restarts: 0,
      readyContainers: 1,
      totalContainers: 1,
      podIp: '10.88.0.3',
      labels: { app: 'nginx', 'pod-template-hash': '67d4bdd6f5' },
      createdAt: utc('2022-02-17T21:51:01Z'),
      startedAt: utc('2022-02-17T21:51:01Z'),
    });
    podRecordSchema.parse(record);
    const containers = convertContainers('dc1', runningPod);
    assert.deepEqual(containers, [
      {
        centerId: 'dc1',
        namespace: 'default',
        podName: 'nginx-deployment-67d4bdd6f5-w6kd7',
        name: 'nginx',
        image: 'nginx',
        ready: true,
        restartCount: 0,
        state: 'running',
        stateReason: null,
        startedAt: utc('2022-02-17T21:51:05Z'),
        lastTerminationReason: null,
        lastTerminatedAt: null,
        requests: { cpuMillis: 500, memoryBytes: 128 * Mi },
        limits: { cpuMillis: 500, memoryBytes: 128 * Mi },
      },
    ]);
    containers.forEach((container) => containerRecordSchema.parse(container));
  });

  test('pending pod: reason and message come from PodScheduled=False', () => {
    const record = convertPod('dc1', pendingPod);
    assert.deepEqual(record, {
      centerId: 'dc1',
      namespace: 'default',
      name: 'nginx-deployment-1370807587-fz9sd',
      uid: '9c2e4f6a-8b1d-4c3e-a5f7-0b2d4e6f8a9c',
      nodeName: null,
      phase: 'Pending',
      reason: 'Unschedulable',
      message: '0/4 nodes are available: 4 Insufficient cpu. preemption: 0/4 nodes are available: 4 No preemption victims found for incoming pod.',
      qosClass: 'Guaranteed',
      ownerKind: 'ReplicaSet',
      ownerName: 'nginx-deployment-1370807587',
      restarts: 0,
      readyContainers: 0,
      totalContainers: 1,
      podIp: null,
      labels: { app: 'nginx', 'pod-template-hash': '1370807587' },
      createdAt: utc('2022-02-17T21:58:12Z'),
      startedAt: null,
    });
    podRecordSchema.parse(record);
    assert.deepEqual(convertContainers('dc1', pendingPod), [
      {
        centerId: 'dc1',
        namespace: 'default',
        podName: 'nginx-deployment-1370807587-fz9sd',
        name: 'nginx',
        image: 'nginx',
        ready: false,
        restartCount: 0,
        state: 'unknown',
        stateReason: null,
        startedAt: null,
        lastTerminationReason: null,
        lastTerminatedAt: null,
        requests: { cpuMillis: 1000, memoryBytes: 128 * Mi },
        limits: { cpuMillis: 1000, memoryBytes: 128 * Mi },
      },
    ]);
  });

  test('OOMKilled container from assign-memory-resource (memory-demo-2)', () => {
    const record = convertPod('dc1', oomPod);
    assert.deepEqual(record, {
      centerId: 'dc1',
      namespace: 'mem-example',
      name: 'memory-demo-2',
      uid: 'd7a2b8c1-55f6-11e7-9c54-42010a800002',
      nodeName: 'gke-cluster-default-pool-1b2c3d4e-x7k9',
      phase: 'Running',
      reason: null,
      message: null,
      qosClass: 'Burstable',
      ownerKind: null,
      ownerName: null,
      restarts: 1,
      readyContainers: 0,
      totalContainers: 1,
      podIp: '10.0.0.12',
      labels: {},
      createdAt: utc('2017-06-20T20:51:50Z'),
      startedAt: utc('2017-06-20T20:51:50Z'),
    });
    const [container, ...rest] = convertContainers('dc1', oomPod);
    assert.equal(rest.length, 0);
    assert.deepEqual(container, {
      centerId: 'dc1',
      namespace: 'mem-example',
      podName: 'memory-demo-2',
      name: 'memory-demo-2-ctr',
      image: 'polinux/stress',
      ready: false,
      restartCount: 1,
      state: 'waiting',
      stateReason: 'CrashLoopBackOff',
      startedAt: null,
      lastTerminationReason: 'OOMKilled',
      lastTerminatedAt: Date.UTC(2017, 5, 20, 20, 52, 19),
      requests: { cpuMillis: 0, memoryBytes: 50 * Mi },
      limits: { cpuMillis: 0, memoryBytes: 100 * Mi },
    });
  });

  test('restarts sum over containers; only the controller owner counts', () => {
    const twoContainers = podSchema.parse({
      ...fixture('assign-memory-resource.memory-demo-2.pod.json'),
      metadata: {
        name: 'p',
        namespace: 'n',
        uid: 'u',
        creationTimestamp: '2024-01-01T00:00:00Z',
        ownerReferences: [
          { kind: 'ConfigMap', name: 'not-the-controller' },
          { kind: 'StatefulSet', name: 'db', controller: true },
        ],
      },
      spec: { containers: [{ name: 'a', image: 'a:1' }, { name: 'b', image: 'b:1' }] },
      status: {
        phase: 'Running',
        containerStatuses: [
          { name: 'a', image: 'a:1', ready: true, restartCount: 4, state: { running: { startedAt: '2024-01-01T00:01:00Z' } } },
          {
            name: 'b',
            image: 'b:1',
            ready: false,
            restartCount: 2,
            state: { terminated: { exitCode: 0, reason: 'Completed', startedAt: '2024-01-01T00:00:10Z', finishedAt: '2024-01-01T00:00:20Z' } },
          },
        ],
      },
    });
    const record = convertPod('dc1', twoContainers);
    assert.equal(record.restarts, 6);
    assert.equal(record.readyContainers, 1);
    assert.equal(record.totalContainers, 2);
    assert.equal(record.ownerKind, 'StatefulSet');
    assert.equal(record.ownerName, 'db');
    assert.equal(record.qosClass, 'BestEffort'); // no qosClass in status: computed
    const [, b] = convertContainers('dc1', twoContainers);
    assert.equal(b?.state, 'terminated');
    assert.equal(b?.stateReason, 'Completed');
    assert.equal(b?.startedAt, utc('2024-01-01T00:00:10Z'));
  });

  test('QoS class computed when the status has none', () => {
    assert.equal(computeQosClass(pendingPod.spec.containers), 'Guaranteed');
    assert.equal(computeQosClass(oomPod.spec.containers), 'Burstable');
    assert.equal(computeQosClass([{ name: 'x' }]), 'BestEffort');
    // Limits only: requests default to limits, so Guaranteed.
    assert.equal(computeQosClass([{ name: 'x', resources: { limits: { cpu: '1', memory: '1Gi' } } }]), 'Guaranteed');
    // Equal quantities spelled differently are equal.
    assert.equal(computeQosClass([{ name: 'x', resources: { limits: { cpu: '1', memory: '1Gi' }, requests: { cpu: '1000m', memory: '1024Mi' } } }]), 'Guaranteed');
    assert.equal(computeQosClass([{ name: 'x', resources: { limits: { cpu: '1', memory: '1Gi' }, requests: { cpu: '500m' } } }]), 'Burstable');
  });

  test('node from node-status: every field', () => {
    const record = convertNode('dc1', node);
    assert.deepEqual(record, {
      centerId: 'dc1',
      name: 'kube-worker-1',
      uid: '4b4a8f5c-0a5e-4f6e-b8a1-77c5d2e9f3a0',
      roles: ['ingress', 'worker'],
      ready: 'True',
      unschedulable: true,
      conditions: [
        { type: 'MemoryPressure', status: 'False', reason: 'KubeletHasSufficientMemory', message: 'kubelet has sufficient memory available' },
        { type: 'DiskPressure', status: 'False', reason: 'KubeletHasNoDiskPressure', message: 'kubelet has no disk pressure' },
        { type: 'PIDPressure', status: 'False', reason: 'KubeletHasSufficientPID', message: 'kubelet has sufficient PID available' },
        { type: 'Ready', status: 'True', reason: 'KubeletReady', message: 'kubelet is posting ready status' },
      ],
      capacity: { cpuMillis: 4000, memoryBytes: 16318480 * Ki, pods: 110 },
      allocatable: { cpuMillis: 3800, memoryBytes: 15601680 * Ki, pods: 110 },
      labels: {
        'beta.kubernetes.io/arch': 'amd64',
        'beta.kubernetes.io/os': 'linux',
        'kubernetes.io/arch': 'amd64',
        'kubernetes.io/hostname': 'kube-worker-1',
        'kubernetes.io/os': 'linux',
        'node-role.kubernetes.io/worker': '',
        'node-role.kubernetes.io/ingress': 'true',
      },
      internalIp: '192.168.0.113',
      kubeletVersion: 'v1.14.3',
      osImage: 'Ubuntu 18.04.2 LTS',
      createdAt: utc('2019-06-05T11:40:54Z'),
    });
    nodeRecordSchema.parse(record);
  });

  test('node without status reads as not ready and empty', () => {
    const bare = nodeSchema.parse({ metadata: { name: 'n', uid: 'u', creationTimestamp: '2024-01-01T00:00:00Z' } });
    const record = convertNode('dc1', bare);
    assert.equal(record.ready, 'Unknown');
    assert.equal(record.unschedulable, false);
    assert.deepEqual(record.capacity, { cpuMillis: 0, memoryBytes: 0, pods: 0 });
    assert.equal(record.internalIp, null);
    assert.deepEqual(nodeRoles({ 'kubernetes.io/role': 'master', 'node-role.kubernetes.io/control-plane': '' }), ['control-plane', 'master']);
  });

  test('events: old style, eventTime style, series and creationTimestamp fallback', () => {
    const records = events.map((event) => convertEvent('dc1', event));
    records.forEach((record) => kubeEventRecordSchema.parse(record));
    assert.deepEqual(records, [
      {
        centerId: 'dc1',
        uid: 'e3b0c442-98fc-4c14-9afb-f4c8996fb924',
        namespace: 'default',
        involvedKind: 'Pod',
        involvedName: 'nginx-deployment-67d4bdd6f5-w6kd7',
        reason: 'Scheduled',
        message: 'Successfully assigned default/nginx-deployment-67d4bdd6f5-w6kd7 to kube-worker-1',
        type: 'Normal',
        count: 1,
        firstSeen: utc('2022-02-17T21:51:01Z'),
        lastSeen: utc('2022-02-17T21:51:01Z'),
        source: 'default-scheduler',
      },
      {
        centerId: 'dc1',
        uid: '5f8d0a1c-7a4e-4a4f-8f3e-2c6b9d1e0f7a',
        namespace: 'default',
        involvedKind: 'Pod',
        involvedName: 'nginx-deployment-67d4bdd6f5-w6kd7',
        reason: 'Pulling',
        message: 'Pulling image "nginx"',
        type: 'Normal',
        count: 3,
        firstSeen: utc('2022-02-17T21:51:04Z'),
        lastSeen: utc('2022-02-17T21:53:12Z'),
        source: 'kubelet',
      },
      {
        centerId: 'dc1',
        uid: 'a75f1b3a-517d-4183-b010-72fa6ab0ff82',
        namespace: 'debug',
        involvedKind: 'Pod',
        involvedName: 'httpbin-5bc99b769f-mrf7l',
        reason: 'FailedScheduling',
        message: '0/9 nodes are available: 9 Insufficient cpu.',
        type: 'Warning',
        count: 1,
        firstSeen: Date.UTC(2020, 6, 16, 5, 34, 23, 503),
        lastSeen: Date.UTC(2020, 6, 16, 5, 34, 23, 503),
        source: 'default-scheduler',
      },
      {
        centerId: 'dc1',
        uid: 'c1d2e3f4-a5b6-4c7d-8e9f-0a1b2c3d4e5f',
        namespace: 'debug',
        involvedKind: 'Pod',
        involvedName: 'httpbin-5bc99b769f-x2v9q',
        reason: 'FailedScheduling',
        message: '0/9 nodes are available: 9 Insufficient cpu.',
        type: 'Warning',
        count: 7,
        firstSeen: Date.UTC(2020, 6, 16, 5, 34, 23, 503),
        lastSeen: Date.UTC(2020, 6, 16, 5, 41, 2, 118),
        source: 'default-scheduler',
      },
      {
        centerId: 'dc1',
        uid: '7e6d5c4b-3a29-4180-9f7e-6d5c4b3a2918',
        namespace: 'default',
        involvedKind: 'Node',
        involvedName: 'kube-worker-1',
        reason: 'NodeNotReady',
        message: 'Node kube-worker-1 status is now: NodeNotReady',
        type: 'Normal',
        count: 1,
        firstSeen: utc('2022-02-17T22:10:44Z'),
        lastSeen: utc('2022-02-17T22:10:44Z'),
        source: 'node-controller',
      },
    ]);
  });
});

describe('Kubernetes connector against a scripted API server', () => {
  let server: LocalHttpServer;
  const request: PullRequest = { centerId: 'dc1', range: { from: 0, to: 1 }, watermark: null };
  const endpoint = (): Endpoint => ({ id: 'k8s-test', centerId: 'dc1', signal: 'kubernetes', kind: 'kubernetes', url: server.url, timeoutMs: 5_000 });

  const nodeB = { ...fixture('node-status.node.json'), metadata: { name: 'kube-worker-2', uid: 'node-2-uid', creationTimestamp: '2019-06-05T11:41:00Z' } };
  const pods = [fixture('debug-running-pod.pod.json'), fixture('debug-running-pod.pending.pod.json'), fixture('assign-memory-resource.memory-demo-2.pod.json')];
  const collections: Record<string, unknown[]> = {
    '/api/v1/nodes': [fixture('node-status.node.json'), nodeB],
    '/api/v1/pods': pods,
    '/api/v1/events': eventList.items,
  };

  /** Serves collections in pages of `limit`, continue token = next offset. */
  function pagedList(expire?: { path: string; times: number }) {
    let expiries = expire?.times ?? 0;
    return (incoming: { url?: string | undefined }, response: import('node:http').ServerResponse) => {
      const url = new URL(incoming.url ?? '/', 'http://x');
      if (url.pathname === '/version') {
        response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(fixture('version.json')));
        return;
      }
      const items = collections[url.pathname];
      if (!items) {
        response.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify({ kind: 'Status', apiVersion: 'v1', status: 'Failure', reason: 'NotFound', code: 404 }));
        return;
      }
      const limit = Number(url.searchParams.get('limit'));
      const offset = Number(url.searchParams.get('continue') ?? '0');
      if (expire && url.pathname === expire.path && offset > 0 && expiries > 0) {
        expiries--;
        response.writeHead(410, { 'content-type': 'application/json' }).end(
          JSON.stringify({
            kind: 'Status',
            apiVersion: 'v1',
            metadata: {},
            status: 'Failure',
            message: 'The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter.',
            reason: 'Expired',
            code: 410,
          }),
        );
        return;
      }
      const next = offset + limit;
      const kind = url.pathname === '/api/v1/nodes' ? 'NodeList' : url.pathname === '/api/v1/pods' ? 'PodList' : 'EventList';
      response.writeHead(200, { 'content-type': 'application/json' }).end(
        JSON.stringify({
          kind,
          apiVersion: 'v1',
          metadata: { resourceVersion: '100', ...(next < items.length ? { continue: String(next), remainingItemCount: items.length - next } : {}) },
          items: items.slice(offset, next),
        }),
      );
    };
  }

  before(async () => {
    server = await startLocalHttpServer();
  });
  after(() => server.stop());

  test('pages through every collection with limit and continue, converting everything', async () => {
    server.respond(pagedList());
    server.requests.length = 0;
    const result = await createKubernetesConnector(endpoint(), { pageSize: 2 }).pull(request);
    assert.equal(result.kind, 'inventory');
    const snapshot = (result as { snapshot: InventorySnapshot }).snapshot;
    assert.deepEqual(snapshot.nodes.map((n) => n.name), ['kube-worker-1', 'kube-worker-2']);
    assert.deepEqual(snapshot.pods.map((p) => p.name), ['nginx-deployment-67d4bdd6f5-w6kd7', 'nginx-deployment-1370807587-fz9sd', 'memory-demo-2']);
    assert.deepEqual(snapshot.containers.map((c) => `${c.podName}/${c.name}`), [
      'nginx-deployment-67d4bdd6f5-w6kd7/nginx',
      'nginx-deployment-1370807587-fz9sd/nginx',
      'memory-demo-2/memory-demo-2-ctr',
    ]);
    assert.equal(snapshot.events.length, 5);
    assert.ok([...snapshot.nodes, ...snapshot.pods, ...snapshot.containers, ...snapshot.events].every((r) => r.centerId === 'dc1'));
    const seen = server.requests.map((r) => r.url).sort();
    assert.deepEqual(seen, [
      '/api/v1/events?limit=2',
      '/api/v1/events?limit=2&continue=2',
      '/api/v1/events?limit=2&continue=4',
      '/api/v1/nodes?limit=2',
      '/api/v1/pods?limit=2',
      '/api/v1/pods?limit=2&continue=2',
    ]);
  });

  test('default page size is 500', async () => {
    server.respond(pagedList());
    server.requests.length = 0;
    await createKubernetesConnector(endpoint()).pull(request);
    assert.deepEqual(server.requests.map((r) => r.url).sort(), ['/api/v1/events?limit=500', '/api/v1/nodes?limit=500', '/api/v1/pods?limit=500']);
  });

  test('an expired continue token restarts the listing once', async () => {
    server.respond(pagedList({ path: '/api/v1/pods', times: 1 }));
    server.requests.length = 0;
    const result = await createKubernetesConnector(endpoint(), { pageSize: 2 }).pull(request);
    assert.equal((result as { snapshot: InventorySnapshot }).snapshot.pods.length, 3);
    const podRequests = server.requests.map((r) => r.url).filter((url) => url.startsWith('/api/v1/pods'));
    assert.deepEqual(podRequests, ['/api/v1/pods?limit=2', '/api/v1/pods?limit=2&continue=2', '/api/v1/pods?limit=2', '/api/v1/pods?limit=2&continue=2']);
  });

  test('a token that expires again is reported with the API server message', async () => {
    server.respond(pagedList({ path: '/api/v1/pods', times: 2 }));
    await assert.rejects(createKubernetesConnector(endpoint(), { pageSize: 2 }).pull(request), (error: unknown) => {
      assert.ok(error instanceof ConnectorError);
      assert.equal(error.code, 'remote-error');
      assert.equal(error.status, 410);
      assert.match(error.message, /^kubernetes endpoint http:\/\/127\.0\.0\.1:\d+ \(GET \/api\/v1\/pods\?limit=2&continue=2\): Kubernetes API Expired: The provided continue parameter is too old/);
      return true;
    });
  });

  test('health reports the API server gitVersion', async () => {
    server.respond(pagedList());
    const health = await createKubernetesConnector(endpoint()).health();
    assert.equal(health.ok, true);
    assert.equal(health.version, 'v1.23.4');
    assert.ok(health.latencyMs >= 0);
  });
});
