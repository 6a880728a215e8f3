import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { instanceHost, panel, panelIds } from '../../shared/catalog/promql.ts';
import { centerSchema, type Center } from '../../shared/domain/records.ts';
import { startDemoCenters, type DemoCenters } from '../../electron/demo/index.ts';

const minute = 60_000;
const anchor = Date.UTC(2024, 5, 17, 6, 0, 0);
const seconds = (ms: number) => String(ms / 1000);

let demo: DemoCenters;
let nowMs = anchor;
let startupMs = 0;

function url(center: Center, kind: 'prometheus' | 'kubernetes' | 'alertmanager'): string {
  return center.endpoints.find((endpoint) => endpoint.kind === kind)!.url;
}

const seoul = () => demo.centers.find((center) => center.id === 'seoul-dc')!;
const ohio = () => demo.centers.find((center) => center.id === 'ohio-region')!;

interface Answer {
  status: number;
  body: any;
}

async function getJson(base: string, path: string, params: Record<string, string> = {}): Promise<Answer> {
  const query = new URLSearchParams(params).toString();
  const response = await fetch(`${base}${path}${query ? `?${query}` : ''}`);
  return { status: response.status, body: await response.json() };
}

async function postForm(base: string, path: string, params: Record<string, string>): Promise<Answer> {
  const response = await fetch(`${base}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(params).toString(),
  });
  return { status: response.status, body: await response.json() };
}

before(async () => {
  const started = performance.now();
  demo = await startDemoCenters({ seed: 1234, anchorMs: anchor, now: () => nowMs });
  startupMs = performance.now() - started;
});

after(async () => {
  await demo.close();
});

describe('demo centers', () => {
  test('start quickly: two demo centers, each with metrics, kubernetes and alerts endpoints on loopback', () => {
    assert.ok(startupMs < 1_000, `startup took ${startupMs} ms`);
    assert.deepEqual(
      demo.centers.map((center) => centerSchema.parse(center)).map((center) => [center.id, center.name, center.kind, center.region, center.demo]),
      [
        ['seoul-dc', 'Seoul DC', 'on-prem', 'kr-seoul', true],
        ['ohio-region', 'Ohio region', 'cloud', 'us-east-2', true],
      ],
    );
    for (const center of demo.centers) {
      assert.deepEqual(
        center.endpoints.slice(0, 3).map((endpoint) => [endpoint.id, endpoint.signal, endpoint.kind]),
        [
          [`${center.id}-metrics`, 'metrics', 'prometheus'],
          [`${center.id}-kubernetes`, 'kubernetes', 'kubernetes'],
          [`${center.id}-alerts`, 'alerts', 'alertmanager'],
        ],
      );
      // Traces (and logs) endpoints follow; test/integration/demo-traces.test.ts covers them.
      const traces = center.endpoints.find((endpoint) => endpoint.signal === 'traces');
      assert.deepEqual(traces && [traces.id, traces.kind], [`${center.id}-traces`, center.kind === 'on-prem' ? 'jaeger' : 'tempo']);
      for (const endpoint of center.endpoints) assert.match(endpoint.url, /^http:\/\/127\.0\.0\.1:\d+$/);
      assert.equal(new Set(center.endpoints.map((endpoint) => endpoint.url)).size, center.endpoints.length);
    }
    assert.equal(demo.world.anchorMs, anchor);
  });
});

describe('demo Prometheus', () => {
  const range = { start: seconds(anchor - 60 * minute), end: seconds(anchor), step: '30s' };

  test('buildinfo and health', async () => {
    const info = await getJson(url(seoul(), 'prometheus'), '/api/v1/status/buildinfo');
    assert.equal(info.status, 200);
    assert.equal(info.body.status, 'success');
    assert.match(info.body.data.version, /^2\.\d+\.\d+$/);
    const healthy = await fetch(`${url(seoul(), 'prometheus')}/-/healthy`);
    assert.equal(healthy.status, 200);
    assert.equal(await healthy.text(), 'Prometheus Server is Healthy.\n');
  });

  for (const id of panelIds) {
    test(`catalog ${id}: query_range answers every target with data points and its identity labels`, async () => {
      const definition = panel(id);
      for (const center of [seoul(), ohio()]) {
        const nodes = demo.world.centers.find((candidate) => candidate.id === center.id)!.nodes.map((node) => node.name);
        const { status, body } = await postForm(url(center, 'prometheus'), '/api/v1/query_range', { query: definition.query, ...range });
        assert.equal(status, 200, JSON.stringify(body));
        assert.equal(body.status, 'success');
        assert.equal(body.data.resultType, 'matrix');
        const result = body.data.result as Array<{ metric: Record<string, string>; values: Array<[number, string]> }>;
        assert.ok(result.length >= (definition.target === 'node' ? nodes.length : 50), `${center.id} ${id}: ${result.length} series`);
        const identities = new Set<string>();
        for (const series of result) {
          const keys = Object.keys(series.metric).sort();
          if (/^(sum|avg) by/.test(definition.query.replace(/^1 - /, ''))) assert.deepEqual(keys, [...definition.identity].sort(), definition.query);
          else assert.deepEqual(keys, [...definition.identity, 'job'].sort(), 'a binary operation keeps the target labels, as Prometheus does');
          for (const label of definition.identity) assert.ok(series.metric[label], `${label} in ${JSON.stringify(series.metric)}`);
          identities.add(definition.identity.map((label) => series.metric[label]).join('/'));
          assert.ok(series.values.length > 0);
          for (const [time, value] of series.values) {
            assert.equal(typeof time, 'number');
            assert.equal(typeof value, 'string');
            assert.ok(Number.isFinite(Number(value)), value);
            assert.equal((time * 1000 - (anchor - 60 * minute)) % 30_000, 0);
          }
        }
        assert.equal(identities.size, result.length, 'one series per target');
        if (definition.target === 'node') {
          assert.deepEqual(result.map((series) => instanceHost(series.metric.instance!)).sort(), [...nodes].sort());
          assert.ok(result.every((series) => series.metric.instance!.endsWith(':9100')));
          assert.ok(result.every((series) => series.values.length === 121));
        }
      }
    });
  }

  test('catalog queries answer well under 100 ms for an hour at 30 s', async () => {
    for (const id of panelIds) {
      let best = Infinity;
      for (let attempt = 0; attempt < 3; attempt++) {
        const started = performance.now();
        const { status } = await postForm(url(seoul(), 'prometheus'), '/api/v1/query_range', { query: panel(id).query, ...range });
        best = Math.min(best, performance.now() - started);
        assert.equal(status, 200);
      }
      assert.ok(best < 100, `${id}: ${best.toFixed(1)} ms`);
    }
  });

  test('GET and POST, unix seconds, RFC 3339 and float steps all answer the same', async () => {
    const query = panel('pod.restarts').query;
    const base = url(seoul(), 'prometheus');
    const viaPost = await postForm(base, '/api/v1/query_range', { query, ...range });
    const viaGet = await getJson(base, '/api/v1/query_range', {
      query,
      start: new Date(anchor - 60 * minute).toISOString(),
      end: new Date(anchor).toISOString(),
      step: '30.0',
    });
    assert.deepEqual(viaGet.body, viaPost.body);
    const fractional = await getJson(base, '/api/v1/query_range', { query, start: `${(anchor - 60 * minute) / 1000}.250`, end: seconds(anchor), step: '60' });
    assert.equal(fractional.status, 200);
    assert.equal(fractional.body.data.result[0].values[0][0], (anchor - 60 * minute) / 1000 + 0.25);
  });

  test('instant queries: vector with identity labels; the leaking pod restarts more and more', async () => {
    const pod = demo.world.incident.leakingPods[0]!;
    const base = url(seoul(), 'prometheus');
    const at = async (time: number) => {
      const { body } = await getJson(base, '/api/v1/query', { query: panel('container.restarts').query, time: seconds(time) });
      assert.equal(body.data.resultType, 'vector');
      const series = body.data.result.find((item: any) => item.metric.pod === pod && item.metric.container === 'checkout');
      assert.deepEqual(Object.keys(series.metric).sort(), ['container', 'namespace', 'pod']);
      assert.equal(series.value[0], time / 1000);
      return Number(series.value[1]);
    };
    const early = await at(anchor - 45 * minute);
    const late = await at(anchor);
    assert.equal(early, 0);
    assert.ok(late >= 5, `restarts at the anchor: ${late}`);
    const memory = await postForm(base, '/api/v1/query_range', {
      query: `container_memory_working_set_bytes{namespace="shop",pod="${pod}",container="checkout"}`,
      start: seconds(anchor - 50 * minute),
      end: seconds(anchor - 40 * minute),
      step: '60',
    });
    const values = memory.body.data.result.flatMap((series: any) => series.values.map((value: [number, string]) => Number(value[1])));
    assert.ok(values.length >= 8);
    assert.ok(Math.max(...values) > 0.9 * demo.world.incident.memoryLimitBytes);
    assert.ok(Math.max(...values) <= demo.world.incident.memoryLimitBytes);
  });

  test('up and ALERTS', async () => {
    const base = url(seoul(), 'prometheus');
    const up = await getJson(base, '/api/v1/query', { query: 'up', time: seconds(anchor) });
    const jobs = new Set(up.body.data.result.map((series: any) => series.metric.job));
    assert.ok(jobs.has('node-exporter') && jobs.has('kubelet') && jobs.has('kube-state-metrics'));
    assert.ok(up.body.data.result.every((series: any) => series.metric.__name__ === 'up' && series.value[1] === '1'));

    const alerts = await getJson(base, '/api/v1/query', { query: 'ALERTS{alertname="NodeMemoryHigh"}', time: seconds(anchor) });
    assert.deepEqual(alerts.body.data.result, [
      {
        metric: { __name__: 'ALERTS', alertname: 'NodeMemoryHigh', alertstate: 'firing', instance: `${demo.world.incident.node}:9100`, node: demo.world.incident.node, severity: 'warning' },
        value: [anchor / 1000, '1'],
      },
    ]);
    const history = await postForm(base, '/api/v1/query_range', { query: 'ALERTS{alertname="NodeMemoryHigh",alertstate="firing"}', start: seconds(anchor - 60 * minute), end: seconds(anchor), step: '60' });
    const firstFiring = history.body.data.result[0].values[0][0] * 1000;
    assert.ok(firstFiring >= anchor - 38 * minute && firstFiring <= anchor - 37 * minute, `first firing sample ${(firstFiring - anchor) / minute}m`);
    const crashLooping = await getJson(base, '/api/v1/query', { query: 'ALERTS{alertname="KubePodCrashLooping",alertstate="firing"}', time: seconds(anchor) });
    assert.deepEqual(crashLooping.body.data.result.map((series: any) => series.metric.pod).sort(), [...demo.world.incident.leakingPods].sort());
  });

  test('a Pending pod has no series', async () => {
    const base = url(seoul(), 'prometheus');
    for (const query of ['kube_pod_container_status_restarts_total{namespace="data",pod="reports-db-0"}', 'container_memory_working_set_bytes{namespace="data",pod="reports-db-0"}']) {
      const { body } = await getJson(base, '/api/v1/query', { query, time: seconds(anchor) });
      assert.deepEqual(body, { status: 'success', data: { resultType: 'vector', result: [] } }, query);
    }
  });

  test('refuses more than 11,000 points per series exactly like Prometheus', async () => {
    const base = url(seoul(), 'prometheus');
    const refused = await getJson(base, '/api/v1/query_range', { query: 'up', start: '0', end: '11001', step: '1' });
    assert.equal(refused.status, 400);
    assert.deepEqual(refused.body, {
      status: 'error',
      errorType: 'bad_data',
      error: 'exceeded maximum resolution of 11,000 points per timeseries. Try decreasing the query resolution (?step=XX)',
    });
    const allowed = await getJson(base, '/api/v1/query_range', { query: 'up', start: '0', end: '11000', step: '1' });
    assert.equal(allowed.status, 200);
    assert.deepEqual(allowed.body, { status: 'success', data: { resultType: 'matrix', result: [] } });
  });

  test('bad parameters and queries it cannot answer: 400 bad_data', async () => {
    const base = url(seoul(), 'prometheus');
    const cases: Array<[Record<string, string>, string]> = [
      [{ query: 'up', start: '0', end: '60', step: 'abc' }, 'invalid parameter "step": cannot parse "abc" to a valid duration'],
      [{ query: 'up', end: '60', step: '15' }, 'invalid parameter "start": cannot parse "" to a valid timestamp'],
      [{ query: 'up', start: '60', end: '0', step: '15' }, 'invalid parameter "end": end timestamp must not be before start time'],
      [{ query: 'up', start: '0', end: '60', step: '0' }, 'invalid parameter "step": zero or negative query resolution step widths are not accepted. Try a positive integer'],
    ];
    for (const [params, error] of cases) {
      const { status, body } = await getJson(base, '/api/v1/query_range', params);
      assert.equal(status, 400);
      assert.deepEqual(body, { status: 'error', errorType: 'bad_data', error });
    }
    for (const query of ['sum by (pod (up)', 'histogram_quantile(0.9, rate(http_request_duration_seconds_bucket[5m]))', 'topk(3, up)', 'no_such_function(up)']) {
      const { status, body } = await postForm(base, '/api/v1/query', { query, time: seconds(anchor) });
      assert.equal(status, 400, query);
      assert.equal(body.status, 'error');
      assert.equal(body.errorType, 'bad_data');
      assert.match(body.error, /^invalid parameter "query": /);
    }
  });
});

describe('demo Kubernetes API', () => {
  test('version, health, Status objects for unknown paths and objects', async () => {
    const base = url(seoul(), 'kubernetes');
    const version = await getJson(base, '/version');
    assert.equal(version.body.gitVersion, 'v1.29.7');
    assert.equal(version.body.major, '1');
    assert.equal(await (await fetch(`${base}/readyz`)).text(), 'ok');
    const unknown = await getJson(base, '/api/v1/widgets');
    assert.equal(unknown.status, 404);
    assert.deepEqual(unknown.body, { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: 'the server could not find the requested resource', reason: 'NotFound', details: {}, code: 404 });
    const missing = await getJson(base, '/api/v1/namespaces/shop/pods/nope');
    assert.equal(missing.status, 404);
    assert.equal(missing.body.message, 'pods "nope" not found');
    assert.equal(missing.body.reason, 'NotFound');
  });

  test('nodes: NodeList with conditions, quantities, addresses, roles and zones', async () => {
    const { status, body } = await getJson(url(seoul(), 'kubernetes'), '/api/v1/nodes');
    assert.equal(status, 200);
    assert.equal(body.kind, 'NodeList');
    assert.equal(body.apiVersion, 'v1');
    assert.match(body.metadata.resourceVersion, /^\d+$/);
    assert.equal(body.items.length, 24);
    for (const node of body.items) {
      assert.deepEqual(
        node.status.conditions.map((condition: any) => condition.type).filter((type: string) => type !== 'NetworkUnavailable'),
        ['MemoryPressure', 'DiskPressure', 'PIDPressure', 'Ready'],
      );
      assert.equal(node.status.conditions.at(-1).status, 'True');
      assert.match(node.status.capacity.cpu, /^\d+$/);
      assert.match(node.status.capacity.memory, /^\d+(Ki|Mi|Gi)$/);
      assert.match(node.status.allocatable.cpu, /^\d+m?$/);
      assert.match(node.status.capacity.pods, /^\d+$/);
      assert.ok(node.status.addresses.some((address: any) => address.type === 'InternalIP'));
      assert.ok(node.status.nodeInfo.kubeletVersion && node.status.nodeInfo.osImage);
      assert.ok(node.metadata.labels['topology.kubernetes.io/zone']);
      assert.match(node.metadata.creationTimestamp, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
    }
    assert.equal(body.items.filter((node: any) => 'node-role.kubernetes.io/control-plane' in node.metadata.labels).length, 3);
  });

  test('limit + continue pages through every pod exactly once', async () => {
    const base = url(seoul(), 'kubernetes');
    const all = await getJson(base, '/api/v1/pods');
    assert.equal(all.body.kind, 'PodList');
    assert.equal(all.body.metadata.continue, undefined);
    const names: string[] = [];
    let token: string | undefined;
    let pages = 0;
    do {
      const page = await getJson(base, '/api/v1/pods', { limit: '40', ...(token ? { continue: token } : {}) });
      assert.equal(page.status, 200);
      assert.ok(page.body.items.length <= 40);
      names.push(...page.body.items.map((pod: any) => `${pod.metadata.namespace}/${pod.metadata.name}`));
      token = page.body.metadata.continue || undefined;
      if (token) assert.equal(page.body.metadata.remainingItemCount, all.body.items.length - names.length);
      pages++;
    } while (token);
    assert.equal(pages, Math.ceil(all.body.items.length / 40));
    assert.deepEqual(names, all.body.items.map((pod: any) => `${pod.metadata.namespace}/${pod.metadata.name}`));
    assert.equal(new Set(names).size, names.length);
  });

  test('a continue token older than the compaction window answers 410 Expired', async () => {
    const base = url(seoul(), 'kubernetes');
    const first = await getJson(base, '/api/v1/pods', { limit: '10' });
    nowMs = anchor + 6 * minute;
    try {
      const expired = await getJson(base, '/api/v1/pods', { limit: '10', continue: first.body.metadata.continue });
      assert.equal(expired.status, 410);
      assert.equal(expired.body.kind, 'Status');
      assert.equal(expired.body.reason, 'Expired');
      const garbage = await getJson(base, '/api/v1/pods', { limit: '10', continue: 'not-a-token' });
      assert.equal(garbage.status, 400);
      assert.equal(garbage.body.reason, 'BadRequest');
    } finally {
      nowMs = anchor;
    }
  });

  test('pods: the crash-looping checkout pods and the Pending reports-db-0, as the API server shows them', async () => {
    const base = url(seoul(), 'kubernetes');
    const { body } = await getJson(base, '/api/v1/namespaces/shop/pods', { labelSelector: 'app.kubernetes.io/name=checkout' });
    assert.deepEqual(body.items.map((pod: any) => pod.metadata.name).sort(), [...demo.world.incident.leakingPods].sort());
    for (const pod of body.items) {
      assert.equal(pod.spec.nodeName, demo.world.incident.node);
      assert.equal(pod.status.phase, 'Running');
      assert.equal(pod.status.qosClass, 'Burstable');
      assert.equal(pod.metadata.ownerReferences[0].kind, 'ReplicaSet');
      assert.equal(pod.metadata.ownerReferences[0].name, demo.world.incident.newReplicaSet);
      const checkout = pod.spec.containers.find((container: any) => container.name === 'checkout');
      assert.deepEqual(checkout.resources, { limits: { cpu: '1', memory: '512Mi' }, requests: { cpu: '250m', memory: '384Mi' } });
      const status = pod.status.containerStatuses.find((container: any) => container.name === 'checkout');
      assert.equal(status.state.waiting.reason, 'CrashLoopBackOff');
      assert.match(status.state.waiting.message, /^back-off 5m0s restarting failed container=checkout pod=checkout-/);
      assert.equal(status.lastState.terminated.reason, 'OOMKilled');
      assert.equal(status.lastState.terminated.exitCode, 137);
      assert.ok(status.restartCount > 0);
      assert.equal(status.ready, false);
      assert.ok(pod.status.conditions.some((condition: any) => condition.type === 'Ready' && condition.status === 'False' && condition.reason === 'ContainersNotReady'));
    }
    const pending = await getJson(base, '/api/v1/namespaces/data/pods/reports-db-0');
    assert.equal(pending.body.kind, 'Pod');
    assert.equal(pending.body.status.phase, 'Pending');
    assert.equal(pending.body.spec.nodeName, undefined);
    assert.deepEqual(
      pending.body.status.conditions.map((condition: any) => [condition.type, condition.status, condition.reason, condition.message]),
      [['PodScheduled', 'False', 'Unschedulable', demo.world.incident.pendingPod.message]],
    );
    const unscheduled = await getJson(base, '/api/v1/pods', { fieldSelector: 'spec.nodeName=' });
    assert.deepEqual(unscheduled.body.items.map((pod: any) => pod.metadata.name), ['reports-db-0']);
  });

  test('events: FailedScheduling from the scheduler, BackOff and OOM kills, ScalingReplicaSet on checkout', async () => {
    const base = url(seoul(), 'kubernetes');
    const failed = await getJson(base, '/api/v1/namespaces/data/events', { fieldSelector: 'involvedObject.name=reports-db-0,reason=FailedScheduling' });
    assert.equal(failed.body.kind, 'EventList');
    assert.equal(failed.body.items.length, 1);
    const event = failed.body.items[0];
    assert.equal(event.type, 'Warning');
    assert.equal(event.source.component, 'default-scheduler');
    assert.equal(event.message, demo.world.incident.pendingPod.message);
    assert.ok(event.count >= 2);
    assert.ok(Date.parse(event.lastTimestamp) > Date.parse(event.firstTimestamp));
    assert.equal(event.involvedObject.kind, 'Pod');
    assert.match(event.metadata.uid, /^[0-9a-f-]{36}$/);

    const warnings = await getJson(base, '/api/v1/events', { fieldSelector: 'type=Warning' });
    const reasons = new Set(warnings.body.items.map((item: any) => item.reason));
    assert.ok(reasons.has('BackOff') && reasons.has('FailedScheduling') && reasons.has('OOMKilling'), [...reasons].join());
    const backOff = warnings.body.items.find((item: any) => item.reason === 'BackOff');
    assert.match(backOff.message, /^Back-off restarting failed container checkout in pod checkout-[a-z0-9]+-[a-z0-9]{5}_shop\([0-9a-f-]{36}\)$/);
    assert.equal(backOff.involvedObject.fieldPath, 'spec.containers{checkout}');

    const scaling = await getJson(base, '/api/v1/namespaces/shop/events', { fieldSelector: 'involvedObject.kind=Deployment,involvedObject.name=checkout' });
    assert.ok(scaling.body.items.some((item: any) => item.reason === 'ScalingReplicaSet' && item.message === `Scaled up replica set ${demo.world.incident.newReplicaSet} to 1 from 0`));

    const before = await getJson(base, '/api/v1/events', { fieldSelector: 'type=Warning' });
    nowMs = anchor - 52 * minute;
    try {
      const earlier = await getJson(base, '/api/v1/events', { fieldSelector: 'type=Warning' });
      assert.ok(earlier.body.items.length < before.body.items.length);
      assert.ok(!earlier.body.items.some((item: any) => item.reason === 'BackOff'));
    } finally {
      nowMs = anchor;
    }
    const unsupported = await getJson(base, '/api/v1/events', { fieldSelector: 'spec.color=blue' });
    assert.equal(unsupported.status, 400);
    assert.equal(unsupported.body.message, 'field label not supported: spec.color');
  });

  test('apps/v1: the rollout as ReplicaSets and the Deployment', async () => {
    const base = url(seoul(), 'kubernetes');
    const replicaSets = await getJson(base, '/apis/apps/v1/namespaces/shop/replicasets', { labelSelector: 'app.kubernetes.io/name=checkout' });
    assert.equal(replicaSets.body.kind, 'ReplicaSetList');
    const byName = new Map(replicaSets.body.items.map((rs: any) => [rs.metadata.name, rs]));
    const newRs: any = byName.get(demo.world.incident.newReplicaSet);
    const oldRs: any = byName.get(demo.world.incident.oldReplicaSet);
    assert.equal(newRs.spec.replicas, 3);
    assert.equal(oldRs.spec.replicas, 0);
    assert.equal(newRs.metadata.labels['pod-template-hash'], demo.world.incident.newReplicaSet.replace('checkout-', ''));
    assert.equal(Number(newRs.metadata.annotations['deployment.kubernetes.io/revision']), Number(oldRs.metadata.annotations['deployment.kubernetes.io/revision']) + 1);
    const deployment = await getJson(base, '/apis/apps/v1/namespaces/shop/deployments/checkout');
    assert.equal(deployment.body.kind, 'Deployment');
    assert.equal(deployment.body.spec.replicas, 3);
    assert.equal(deployment.body.status.readyReplicas, undefined);
    assert.equal(deployment.body.status.unavailableReplicas, 3);
    assert.equal(deployment.body.status.conditions[0].reason, 'MinimumReplicasUnavailable');
    assert.match(deployment.body.spec.template.spec.containers[0].image, /checkout:1\.42\.0$/);
  });

  test('Ohio is healthy: every pod Running and ready, almost no warnings', async () => {
    const base = url(ohio(), 'kubernetes');
    const pods = await getJson(base, '/api/v1/pods');
    assert.ok(pods.body.items.length > 100);
    for (const pod of pods.body.items) {
      assert.equal(pod.status.phase, 'Running', pod.metadata.name);
      assert.ok(pod.status.containerStatuses.every((status: any) => status.ready && status.state.running), pod.metadata.name);
    }
    const warnings = await getJson(base, '/api/v1/events', { fieldSelector: 'type=Warning' });
    assert.ok(warnings.body.items.length <= 1);
    const alerts = await getJson(url(ohio(), 'alertmanager'), '/api/v2/alerts');
    assert.deepEqual(alerts.body, []);
  });
});

describe('demo Alertmanager v2', () => {
  async function alertsAt(now: number, params: Record<string, string> = {}) {
    nowMs = now;
    try {
      const { status, body } = await getJson(url(seoul(), 'alertmanager'), '/api/v2/alerts', params);
      assert.equal(status, 200);
      return body as any[];
    } finally {
      nowMs = anchor;
    }
  }

  test('gettableAlerts at the anchor: NodeMemoryHigh and KubePodCrashLooping per checkout pod', async () => {
    const alerts = await alertsAt(anchor);
    assert.deepEqual(alerts.map((alert) => alert.labels.alertname).sort(), ['KubePodCrashLooping', 'KubePodCrashLooping', 'KubePodCrashLooping', 'NodeMemoryHigh']);
    const fingerprints = alerts.map((alert) => alert.fingerprint);
    assert.deepEqual(fingerprints, [...fingerprints].sort());
    for (const alert of alerts) {
      assert.deepEqual(Object.keys(alert).sort(), ['annotations', 'endsAt', 'fingerprint', 'generatorURL', 'labels', 'receivers', 'startsAt', 'status', 'updatedAt']);
      assert.match(alert.fingerprint, /^[0-9a-f]{16}$/);
      assert.deepEqual(alert.status, { inhibitedBy: [], silencedBy: [], state: 'active' });
      assert.equal(alert.receivers.length, 1);
      assert.ok(alert.receivers[0].name);
      assert.ok(Date.parse(alert.endsAt) > anchor);
      assert.ok(Date.parse(alert.startsAt) < anchor);
      assert.match(alert.endsAt, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
    }
    const node = alerts.find((alert) => alert.labels.alertname === 'NodeMemoryHigh');
    assert.deepEqual(Object.keys(node.labels).sort(), ['alertname', 'instance', 'node', 'severity']);
    assert.equal(node.labels.severity, 'warning');
    assert.ok(node.annotations.summary && node.annotations.description);
    assert.equal(Date.parse(node.startsAt), anchor - 38 * minute);
    assert.ok(alerts.filter((alert) => alert.labels.alertname === 'KubePodCrashLooping').every((alert) => alert.labels.severity === 'critical'));
  });

  test('alerts whose endsAt has passed are not returned: NodeMemoryHigh resolves at anchor+90s', async () => {
    const names = (alerts: any[]) => alerts.map((alert) => alert.labels.alertname).filter((name) => name === 'NodeMemoryHigh');
    const justBefore = await alertsAt(anchor + 89_000);
    const active = justBefore.find((alert) => alert.labels.alertname === 'NodeMemoryHigh');
    assert.ok(Date.parse(active.endsAt) > anchor + 89_000, 'while active, endsAt lies a resend window ahead');
    const atResolution = await alertsAt(anchor + 90_000);
    assert.equal(Date.parse(atResolution.find((alert) => alert.labels.alertname === 'NodeMemoryHigh').endsAt), anchor + 90_000);
    assert.deepEqual(names(await alertsAt(anchor + 91_000)), []);
    assert.equal((await alertsAt(anchor + 91_000)).length, 3, 'the crash loop alerts stay');
    assert.deepEqual(await alertsAt(anchor - 45 * minute), [], 'nothing before the incident');
  });

  test('filter and receiver parameters; status', async () => {
    const filtered = await alertsAt(anchor, { filter: 'alertname="NodeMemoryHigh"' });
    assert.deepEqual(filtered.map((alert) => alert.labels.alertname), ['NodeMemoryHigh']);
    const critical = await alertsAt(anchor, { receiver: 'pagerduty-.*' });
    assert.equal(critical.length, 3);
    const status = await getJson(url(seoul(), 'alertmanager'), '/api/v2/status');
    assert.equal(status.body.cluster.status, 'ready');
    assert.match(status.body.versionInfo.version, /^0\.\d+\.\d+$/);
    assert.ok(Date.parse(status.body.uptime) > 0);
    assert.equal(await (await fetch(`${url(seoul(), 'alertmanager')}/-/healthy`)).text(), 'OK');
  });
});

describe('closing', () => {
  test('close() stops every server', async () => {
    const extra = await startDemoCenters({ seed: 5, anchorMs: anchor, now: () => anchor });
    const endpoint = url(extra.centers[0]!, 'prometheus');
    assert.equal((await fetch(`${endpoint}/-/healthy`)).status, 200);
    await extra.close();
    await assert.rejects(fetch(`${endpoint}/-/healthy`));
  });
});
