import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { panel, panelIds } from '../../shared/catalog/promql.ts';
import { alertmanagerAlertsAt, labelsFingerprint } from '../../electron/demo/alerts.ts';
import { containerViewAt, podExistsAt, podViewAt } from '../../electron/demo/lifecycle.ts';
import { buildSeriesStore, type SeriesStore } from '../../electron/demo/metrics/series-store.ts';
import { evaluate, type InstantSeries } from '../../electron/demo/promql/evaluate.ts';
import { parsePromql } from '../../electron/demo/promql/parser.ts';
import { eventWindow } from '../../electron/demo/kubernetes-objects.ts';
import { generateWorld } from '../../electron/demo/world.ts';
import type { WorldCenter, WorldPod } from '../../electron/demo/world-types.ts';

const minute = 60_000;
const anchor = Date.UTC(2024, 5, 17, 6, 0, 0);
const world = generateWorld(1234, anchor);
const seoul = world.centers.find((center) => center.id === 'seoul-dc')!;
const ohio = world.centers.find((center) => center.id === 'ohio-region')!;
const incident = world.incident;

function podsAt(center: WorldCenter, t: number): WorldPod[] {
  return center.pods.filter((pod) => podExistsAt(pod, t));
}

const stores = new WeakMap<WorldCenter, SeriesStore>();
function storeOf(center: WorldCenter): SeriesStore {
  let store = stores.get(center);
  if (!store) stores.set(center, (store = buildSeriesStore(center)));
  return store;
}

function instant(center: WorldCenter, query: string, t: number, nowMs = t): InstantSeries[] {
  const result = evaluate(parsePromql(query), { store: storeOf(center), times: [t], nowMs });
  assert.equal(result.kind, 'vector');
  return result.kind === 'vector' ? result.series.filter((series) => series.present[0]) : [];
}

function rangeOf(center: WorldCenter, query: string, from: number, to: number, stepMs: number, nowMs = to) {
  const times: number[] = [];
  for (let t = from; t <= to; t += stepMs) times.push(t);
  const result = evaluate(parsePromql(query), { store: storeOf(center), times, nowMs });
  assert.equal(result.kind, 'vector');
  return { times, series: result.kind === 'vector' ? result.series : [] };
}

/** The Kubernetes QoS rule, written independently of the generator. */
function expectedQos(pod: WorldPod): string {
  const templates = pod.containers.map((container) => container.template);
  const any = templates.some((t) => Object.keys(t.requests).length > 0 || Object.keys(t.limits).length > 0);
  if (!any) return 'BestEffort';
  const guaranteed = templates.every(
    (t) =>
      t.limits.cpuMillis !== undefined &&
      t.limits.memoryBytes !== undefined &&
      (t.requests.cpuMillis ?? t.limits.cpuMillis) === t.limits.cpuMillis &&
      (t.requests.memoryBytes ?? t.limits.memoryBytes) === t.limits.memoryBytes,
  );
  return guaranteed ? 'Guaranteed' : 'Burstable';
}

describe('demo world: determinism', () => {
  test('same seed and anchor give a deep-equal world', () => {
    assert.deepStrictEqual(generateWorld(1234, anchor), world);
  });

  test('a different seed gives a different world, same anchor the same shape', () => {
    const other = generateWorld(99, anchor);
    assert.notDeepStrictEqual(other.centers[0]!.nodes.map((node) => node.uid), seoul.nodes.map((node) => node.uid));
    assert.equal(other.centers[0]!.nodes.length, seoul.nodes.length);
    assert.equal(other.incident.rolloutAt, incident.rolloutAt);
  });

  test('metric values are pure functions of series and time: equal across generations and windows', () => {
    const again = generateWorld(1234, anchor).centers[0]!;
    for (const id of panelIds) {
      const query = panel(id).query;
      const first = rangeOf(seoul, query, anchor - 30 * minute, anchor, 30_000);
      const second = rangeOf(again, query, anchor - 30 * minute, anchor, 30_000);
      assert.deepStrictEqual(second.series, first.series, id);
    }
    // A wider window with a different start answers the same value at a shared instant.
    const narrow = rangeOf(seoul, panel('pod.memory').query, anchor - 10 * minute, anchor, 60_000);
    const wide = rangeOf(seoul, panel('pod.memory').query, anchor - 70 * minute, anchor, 60_000);
    const key = (series: InstantSeries) => `${series.labels.namespace}/${series.labels.pod}`;
    const wideByKey = new Map(wide.series.map((series) => [key(series), series]));
    let compared = 0;
    for (const series of narrow.series) {
      const match = wideByKey.get(key(series))!;
      assert.ok(match, key(series));
      const last = narrow.times.length - 1;
      if (!series.present[last]) continue;
      assert.equal(match.values[wide.times.length - 1], series.values[last]);
      compared++;
    }
    assert.ok(compared > 100, `compared ${compared} pods`);
  });

  test('a 24-hour window of a catalog query stays cheap', () => {
    const started = performance.now();
    const { series } = rangeOf(seoul, panel('container.cpu').query, anchor - 24 * 60 * minute, anchor, 60_000);
    assert.ok(series.length > 100);
    assert.ok(performance.now() - started < 3_000, `took ${performance.now() - started} ms`);
  });
});

describe('demo world: shape', () => {
  test('two centers with dozens of nodes and a few hundred pods', () => {
    assert.deepEqual(
      world.centers.map((center) => [center.id, center.name, center.kind, center.region]),
      [
        ['seoul-dc', 'Seoul DC', 'on-prem', 'kr-seoul'],
        ['ohio-region', 'Ohio region', 'cloud', 'us-east-2'],
      ],
    );
    assert.equal(seoul.nodes.length, 24);
    assert.equal(ohio.nodes.length, 16);
    const total = podsAt(seoul, anchor).length + podsAt(ohio, anchor).length;
    assert.ok(total >= 250 && total <= 350, `pods: ${total}`);
    assert.equal(seoul.nodes.filter((node) => 'node-role.kubernetes.io/control-plane' in node.labels).length, 3);
    for (const namespace of ['kube-system', 'monitoring', 'shop', 'payments', 'search', 'data']) {
      assert.ok(podsAt(seoul, anchor).some((pod) => pod.namespace === namespace), namespace);
    }
  });

  test('pods are owned like real ones and their QoS follows their resources', () => {
    for (const center of world.centers) {
      const replicaSets = new Map(center.replicaSets.map((rs) => [rs.uid, rs]));
      const names = new Set<string>();
      for (const pod of podsAt(center, anchor)) {
        const key = `${pod.namespace}/${pod.name}`;
        assert.ok(!names.has(key), `duplicate ${key}`);
        names.add(key);
        assert.ok(pod.containers.length >= 1 && pod.containers.length <= 3, key);
        assert.equal(pod.qosClass, expectedQos(pod), key);
        if (pod.ownerKind === 'ReplicaSet') {
          const rs = replicaSets.get(pod.ownerUid)!;
          assert.ok(rs, key);
          assert.equal(pod.labels['pod-template-hash'], rs.podTemplateHash);
          assert.ok(pod.name.startsWith(`${rs.deployment}-${rs.podTemplateHash}-`), key);
        } else if (pod.ownerKind === 'StatefulSet') {
          assert.match(pod.name, new RegExp(`^${pod.ownerName}-\\d+$`));
        } else if (pod.ownerKind === 'DaemonSet') {
          assert.match(pod.name, new RegExp(`^${pod.ownerName}-[a-z0-9]{5}$`));
        } else {
          assert.equal(pod.ownerKind, 'Node');
          assert.equal(pod.name.endsWith(pod.nodeName!), true);
        }
      }
      const kinds = new Set(center.workloads.map((workload) => workload.kind));
      assert.ok(kinds.has('Deployment') && kinds.has('StatefulSet') && kinds.has('DaemonSet'));
      const qos = new Set(podsAt(center, anchor).map((pod) => pod.qosClass));
      assert.ok(qos.has('Guaranteed') && qos.has('Burstable'), center.id);
    }
    assert.ok(podsAt(seoul, anchor).some((pod) => pod.qosClass === 'BestEffort'));
  });
});

describe('demo world: metrics hang together', () => {
  test('every CPU spends each second in exactly one mode (rates over all modes sum to the core count)', () => {
    const perNode = instant(seoul, 'sum by (instance) (rate(node_cpu_seconds_total[5m]))', anchor);
    assert.equal(perNode.length, seoul.nodes.length);
    for (const series of perNode) {
      const node = seoul.nodes.find((candidate) => `${candidate.name}:9100` === series.labels.instance)!;
      assert.ok(Math.abs(series.values[0]! - node.cpuCores) < 1e-6 * node.cpuCores, `${series.labels.instance}: ${series.values[0]}`);
    }
    const busy = instant(seoul, '1 - avg by (instance) (rate(node_cpu_seconds_total{mode="idle"}[5m]))', anchor);
    assert.ok(busy.every((series) => series.values[0]! > 0 && series.values[0]! < 1));
  });

  test('a pod cgroup holds its containers: pod-level working set exceeds the sum of its containers', () => {
    const containers = instant(seoul, 'sum by (namespace, pod) (container_memory_working_set_bytes{container!="",container!="POD"})', anchor);
    const pods = new Map(instant(seoul, 'container_memory_working_set_bytes{container=""}', anchor).map((series) => [`${series.labels.namespace}/${series.labels.pod}`, series.values[0]!]));
    assert.ok(containers.length > 100);
    for (const series of containers) {
      const total = pods.get(`${series.labels.namespace}/${series.labels.pod}`)!;
      assert.ok(total > series.values[0]! && total < series.values[0]! + 3_000_000, `${series.labels.pod}: ${total} vs ${series.values[0]}`);
    }
  });

  test('samples stop at "now": nothing after it, and the last sample is held for the 5m lookback only', () => {
    const query = 'node_memory_MemTotal_bytes';
    assert.equal(instant(seoul, query, anchor + 4 * minute, anchor).length, seoul.nodes.length);
    assert.equal(instant(seoul, query, anchor + 6 * minute, anchor).length, 0);
    const { series } = rangeOf(seoul, panel('node.memory').query, anchor - 10 * minute, anchor + 10 * minute, 60_000, anchor);
    assert.ok(series.every((item) => item.present.slice(0, 11).every(Boolean) && !item.present[20]));
  });
});

describe('demo world: the scripted incident', () => {
  const checkoutPods = () => seoul.pods.filter((pod) => incident.leakingPods.includes(pod.name));

  test('checkout rolled out a new ReplicaSet 50 minutes before the anchor; the old one is at zero', () => {
    assert.equal(incident.rolloutAt, anchor - 50 * minute);
    const newRs = seoul.replicaSets.find((rs) => rs.name === incident.newReplicaSet)!;
    const oldRs = seoul.replicaSets.find((rs) => rs.name === incident.oldReplicaSet)!;
    assert.equal(newRs.createdAt, anchor - 50 * minute);
    assert.notEqual(newRs.podTemplateHash, oldRs.podTemplateHash);
    assert.equal(newRs.revision, oldRs.revision + 1);
    assert.equal(oldRs.replicaHistory.at(-1)!.replicas, 0);
    assert.ok(!podsAt(seoul, anchor).some((pod) => pod.ownerUid === oldRs.uid), 'old pods are gone');
    const scaling = seoul.events.filter((event) => event.reason === 'ScalingReplicaSet' && event.involved.name === 'checkout' && event.occurrences[0]! >= incident.rolloutAt);
    assert.ok(scaling.some((event) => event.message.startsWith(`Scaled up replica set ${incident.newReplicaSet} to 3`)));
    assert.ok(scaling.some((event) => event.message.startsWith(`Scaled down replica set ${incident.oldReplicaSet} to 0`)));
  });

  test('the new pods are OOM-killed from about anchor-40m and sit in CrashLoopBackOff at the anchor', () => {
    assert.ok(Math.abs(incident.firstOomKillAt - (anchor - 40 * minute)) < 60_000, `first OOM at anchor${(incident.firstOomKillAt - anchor) / 60_000}m`);
    assert.equal(checkoutPods().length, 3);
    for (const pod of checkoutPods()) {
      assert.equal(pod.nodeName, incident.node);
      const view = containerViewAt(pod, pod.containers.find((c) => c.template.name === 'checkout')!, anchor);
      assert.equal(view.state.kind, 'waiting');
      assert.equal(view.state.kind === 'waiting' && view.state.reason, 'CrashLoopBackOff');
      assert.equal(view.lastTerminated?.exitReason, 'OOMKilled');
      assert.equal(view.lastTerminated?.exitCode, 137);
      assert.ok(view.restartCount > 0);
      assert.equal(podViewAt(pod, anchor).phase, 'Running');
      // Still crash looping when the node alert resolves.
      const later = containerViewAt(pod, pod.containers[0]!, anchor + 95_000);
      assert.equal(later.state.kind === 'waiting' && later.state.reason, 'CrashLoopBackOff');
    }
  });

  test('working set climbs linearly to the limit, then the series stops; restarts step up at each kill', () => {
    const pod = checkoutPods()[0]!;
    const container = pod.containers.find((c) => c.template.name === 'checkout')!;
    const run = container.runs[0]!;
    const query = `container_memory_working_set_bytes{namespace="shop",pod="${pod.name}",container="checkout"}`;
    const { times, series } = rangeOf(seoul, query, run.startedAt + 60_000, run.finishedAt! + 120_000, 30_000, anchor);
    const points = series.flatMap((item) => times.map((t, index) => ({ t, present: item.present[index], value: item.values[index]! }))).filter((point) => point.present);
    const during = points.filter((point) => point.t < run.finishedAt!);
    assert.ok(during.length > 10);
    for (let index = 1; index < during.length; index++) assert.ok(during[index]!.value > during[index - 1]!.value * 0.995, 'climbs');
    const last = during.at(-1)!.value;
    assert.ok(last > incident.memoryLimitBytes * 0.93 && last < incident.memoryLimitBytes, `last ${last}`);
    assert.ok(!points.some((point) => point.t >= run.finishedAt! + 30_000 && point.t < container.runs[1]!.startedAt), 'no samples while the container is dead');

    const restarts = rangeOf(seoul, `kube_pod_container_status_restarts_total{pod="${pod.name}",container="checkout"}`, anchor - 55 * minute, anchor, 30_000);
    const values = restarts.series.flatMap((item) => [...item.values].filter((_, index) => item.present[index]));
    assert.equal(values[0], 0);
    assert.equal(values.at(-1), containerViewAt(pod, container, anchor).restartCount);
    for (let index = 1; index < values.length; index++) assert.ok(values[index]! >= values[index - 1]!);
  });

  test('kube events tell the story: Killing, Pulled, Created, Started, BackOff, OOM kills on the node', () => {
    const visible = seoul.events.filter((event) => eventWindow(event, anchor) !== null);
    const onLeaking = visible.filter((event) => incident.leakingPods.includes(event.involved.name));
    for (const reason of ['Scheduled', 'Pulled', 'Created', 'Started', 'BackOff']) assert.ok(onLeaking.some((event) => event.reason === reason), reason);
    const backOff = onLeaking.find((event) => event.reason === 'BackOff')!;
    assert.match(backOff.message, /^Back-off restarting failed container checkout in pod checkout-/);
    assert.equal(backOff.type, 'Warning');
    assert.ok(eventWindow(backOff, anchor)!.count > 5);
    assert.ok(visible.some((event) => event.reason === 'Killing' && event.involved.name.startsWith(`${incident.oldReplicaSet}-`)));
    const oom = visible.filter((event) => event.reason === 'OOMKilling' && event.involved.name === incident.node);
    assert.ok(oom.length >= 3);
    assert.match(oom[0]!.message, /^Memory cgroup out of memory: Killed process \d+ \(checkout\)/);
  });

  test('reports-db-0 is Pending: the scheduler cannot find its PVC', () => {
    const pending = podsAt(seoul, anchor).find((pod) => pod.namespace === 'data' && pod.name === 'reports-db-0')!;
    assert.equal(podViewAt(pending, anchor).phase, 'Pending');
    assert.equal(pending.nodeName, null);
    assert.equal(
      pending.pending?.message,
      '0/24 nodes are available: persistentvolumeclaim "data-reports-db-0" not found. preemption: 0/24 nodes are available: 24 Preemption is not helpful for scheduling.',
    );
    assert.ok(pending.createdAt > anchor - 60 * minute);
    const failed = seoul.events.filter((event) => event.reason === 'FailedScheduling' && event.involved.uid === pending.uid);
    assert.equal(failed.length, 1);
    assert.equal(failed[0]!.type, 'Warning');
    assert.equal(failed[0]!.source.component, 'default-scheduler');
    assert.equal(failed[0]!.message, pending.pending?.message);
    assert.ok(eventWindow(failed[0]!, anchor)!.count >= 2);
    assert.deepEqual(instant(seoul, 'kube_pod_container_status_restarts_total{namespace="data",pod="reports-db-0"}', anchor), []);
    assert.deepEqual(instant(seoul, 'container_memory_working_set_bytes{namespace="data",pod="reports-db-0"}', anchor), []);
  });

  test('NodeMemoryHigh: the node metric crosses 10% exactly over the alert window', () => {
    const alert = seoul.alerts.find((candidate) => candidate.labels.alertname === 'NodeMemoryHigh')!;
    assert.deepEqual(alert.labels, { alertname: 'NodeMemoryHigh', instance: `${incident.node}:9100`, node: incident.node, severity: 'warning' });
    assert.ok(alert.annotations.summary && alert.annotations.description);
    assert.equal(alert.firingAt, anchor - 38 * minute);
    assert.equal(alert.resolvedAt, anchor + 90_000);
    const below = `node_memory_MemAvailable_bytes{instance="${incident.node}:9100"} / node_memory_MemTotal_bytes * 100 < 10`;
    const later = anchor + 10 * minute;
    const { times, series } = rangeOf(seoul, below, anchor - 60 * minute, later, 30_000, later);
    assert.equal(series.length, 1);
    const trueTimes = times.filter((_, index) => series[0]!.present[index]);
    assert.ok(Math.abs(trueTimes[0]! - alert.pendingAt) <= 60_000, `low from anchor${(trueTimes[0]! - anchor) / 60_000}m`);
    assert.ok(Math.abs(trueTimes.at(-1)! - alert.resolvedAt!) <= 60_000, `low until anchor+${(trueTimes.at(-1)! - anchor) / 1000}s`);
    assert.equal(trueTimes.length, (trueTimes.at(-1)! - trueTimes[0]!) / 30_000 + 1, 'continuously low');
    const others = instant(seoul, 'node_memory_MemAvailable_bytes / node_memory_MemTotal_bytes < 0.15', anchor);
    assert.deepEqual(others.map((item) => item.labels.instance), [`${incident.node}:9100`]);
  });

  test('ALERTS history and KubePodCrashLooping (critical) firing for every checkout pod now', () => {
    const firing = instant(seoul, 'ALERTS{alertstate="firing"}', anchor);
    const names = firing.map((series) => `${series.labels.alertname}/${series.labels.pod ?? series.labels.node}`).sort();
    assert.deepEqual(names, [...incident.leakingPods.map((pod) => `KubePodCrashLooping/${pod}`), `NodeMemoryHigh/${incident.node}`].sort());
    for (const series of firing) assert.equal(series.values[0], 1);
    assert.ok(firing.filter((series) => series.labels.alertname === 'KubePodCrashLooping').every((series) => series.labels.severity === 'critical'));
    assert.deepEqual(
      instant(seoul, 'ALERTS{alertname="NodeMemoryHigh"}', anchor + 5 * minute).map((series) => series.labels.alertstate),
      [],
      'resolved alerts leave ALERTS',
    );
    assert.deepEqual(
      instant(seoul, 'ALERTS{alertname="NodeMemoryHigh"}', anchor - 39 * minute).map((series) => series.labels.alertstate),
      ['pending'],
    );
  });

  test('Alertmanager view: endsAt is a resend window ahead while firing and the resolve time after', () => {
    const nodeAlert = (now: number) => alertmanagerAlertsAt(seoul.alerts, now).find((entry) => entry.alert.labels.alertname === 'NodeMemoryHigh');
    assert.equal(nodeAlert(anchor - 39 * minute), undefined, 'pending alerts are not sent');
    const firing = nodeAlert(anchor)!;
    assert.equal(firing.startsAt, anchor - 38 * minute);
    assert.ok(firing.endsAt > anchor && firing.endsAt <= anchor + 4 * minute);
    assert.ok(firing.updatedAt <= anchor && firing.updatedAt > anchor - minute);
    const resolved = nodeAlert(anchor + 3 * minute)!;
    assert.equal(resolved.endsAt, anchor + 90_000);
    assert.equal(labelsFingerprint({ name: 'garland, briggs', fear: 'love is not enough' }), (5799056148416392346n).toString(16).padStart(16, '0'));
    assert.equal(labelsFingerprint({}), 'cbf29ce484222325');
  });

  test('before the rollout the old checkout pods run and nothing is wrong', () => {
    const before = anchor - 55 * minute;
    const checkout = podsAt(seoul, before).filter((pod) => pod.namespace === 'shop' && pod.labels['app.kubernetes.io/name'] === 'checkout');
    assert.equal(checkout.length, 3);
    assert.ok(checkout.every((pod) => pod.ownerName === incident.oldReplicaSet && podViewAt(pod, before).ready));
    assert.equal(alertmanagerAlertsAt(seoul.alerts, before).length, 0);
    assert.ok(podsAt(seoul, before).every((pod) => podViewAt(pod, before).phase === 'Running'));
  });
});

describe('demo world: Ohio is healthy', () => {
  test('no alerts, no pending or crashing pods, at most a little Warning noise', () => {
    assert.equal(ohio.alerts.length, 0);
    for (const pod of podsAt(ohio, anchor)) {
      const view = podViewAt(pod, anchor);
      assert.equal(view.phase, 'Running', pod.name);
      assert.ok(view.ready, pod.name);
    }
    const warnings = ohio.events.filter((event) => event.type === 'Warning' && eventWindow(event, anchor) !== null);
    assert.ok(warnings.length >= 1 && warnings.length <= 2, `warnings: ${warnings.map((event) => event.reason)}`);
  });
});
