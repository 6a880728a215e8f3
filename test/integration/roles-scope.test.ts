// Scoped access at the contract: the demo console's real dispatcher (real connectors, sync and cache),
// with a custom application-owner role scoped to namespace `shop` in centers.yaml. Every data channel
// refuses another namespace with `forbidden` and lists only `shop`; the pending-pod analysis of the
// unscoped role names the demo's missing PVC.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { OpsDeskCore } from '../../electron/core.ts';
import type { PendingPodDiagnosis } from '../../shared/analysis/diagnosis-schema.ts';
import type { ServiceHealth } from '../../shared/analysis/service-health-schema.ts';
import type { ChannelName, StoredLogLinePayload } from '../../shared/contract/channels.ts';
import type { RoleState } from '../../shared/contract/roles-channels.ts';
import type { ApiError } from '../../shared/contract/result.ts';
import type { AlertRecord, ContainerRecord, KubeEventRecord, NodeRecord, PodRecord } from '../../shared/domain/records.ts';
import type { TraceSummary } from '../../shared/domain/traces.ts';
import { summarizeContainer, summarizeNode, summarizePod } from '../../shared/summaries/index.ts';
import { invokeOk, startSyncedDemoCore } from '../support/console.ts';
import { assertSummaryTraceable } from '../support/summary-check.ts';
import { makeTempDir } from '../support/temp-dir.ts';
import { rendererOutDir } from '../../electron/build.ts';
import { startHost } from '../../electron/host/server.ts';
import { createHttpApi } from '../../renderer/api/http-client.ts';

const dir = makeTempDir('roles-scope');
let core: OpsDeskCore;
const lastHour = { from: 'now-1h', to: 'now' };

before(async () => {
  // Roles only, no centers: the demo centers start, and the roles apply to them.
  writeFileSync(
    join(dir.path, 'centers.yaml'),
    `version: 1
roles:
  - id: shop-owner
    name: { en: Application owner (shop), ko: 애플리케이션 담당자 (shop) }
    grouping: [namespace, workload, pod, container]
    scope: { namespaces: [shop] }
  - id: seoul-sre
    name: Seoul SRE
    grouping: [center, cluster, node, pod]
    scope: { centers: [seoul-dc] }
  - id: storefront
    name: Storefront (shop and payments)
    grouping: [namespace, workload, pod]
    scope: { namespaces: [shop, payments] }
  - id: payments-owner
    name: Payments owner
    grouping: [namespace, workload, pod]
    groups: [payments-team]
`,
  );
  core = await startSyncedDemoCore(dir.path);
});

after(async () => {
  await core?.close();
  dir.remove();
});

const call = <T>(channel: ChannelName, input: unknown = {}): Promise<T> => invokeOk<T>(core, channel, input);

async function refused(channel: ChannelName, input: unknown): Promise<ApiError> {
  const result = await core.dispatcher.invoke(channel, input);
  assert.ok(!result.ok, `${channel} ${JSON.stringify(input)} should be refused`);
  assert.equal(result.error.code, 'forbidden', `${channel}: ${result.error.message}`);
  return result.error;
}

test('the demo user gets the open roles; a role naming SSO groups cannot be selected', async () => {
  const state = await call<RoleState>('roles:list');
  assert.deepEqual(state.roles.map((role) => role.id), ['infrastructure', 'application-owner', 'service-manager', 'shop-owner', 'seoul-sre', 'storefront']);
  assert.equal(state.activeRoleId, 'infrastructure');
  assert.equal(state.reason, 'first-permitted');
  const error = await refused('roles:select', { roleId: 'payments-owner' });
  assert.match(error.message, /payments-team/);
});

test('the unscoped role sees every namespace, and the pending-pod analysis names the missing PVC', async () => {
  await call('roles:select', { roleId: 'infrastructure' });
  const pods = await call<PodRecord[]>('inventory:pods');
  assert.ok(pods.some((pod) => pod.namespace === 'data') && pods.some((pod) => pod.namespace === 'shop'));
  const pending = await call<PendingPodDiagnosis[]>('analysis:pending', { centerIds: ['seoul-dc'] });
  const reportsDb = pending.find((diagnosis) => diagnosis.namespace === 'data' && diagnosis.pod === 'reports-db-0');
  assert.ok(reportsDb, `pending: ${pending.map((diagnosis) => `${diagnosis.namespace}/${diagnosis.pod}`).join(', ')}`);
  const missing = reportsDb.findings.find((finding) => finding.code === 'missing-pvc');
  assert.ok(missing, JSON.stringify(reportsDb.findings));
  assert.equal(missing.subject, 'data-reports-db-0');
  assert.match(missing.suggestion.en, /PersistentVolumeClaim "data-reports-db-0" does not exist in namespace data \(volume "data", spec\.volumes\[0\]\)\. Check the volume and claim names/);
  assert.match(missing.suggestion.en, /StatefulSet reports-db/);
  assert.ok(missing.refs.some((ref) => ref.kind === 'manifest' && ref.path === 'spec.volumes[0].persistentVolumeClaim.claimName' && ref.value === 'data-reports-db-0'), 'the manifest field, read by the real connector');
  assert.ok(missing.refs.some((ref) => ref.kind === 'event' && ref.reason === 'FailedScheduling'), 'the scheduler event from the demo API');
});

test('application owner scoped to shop: another namespace is refused on every data channel', async () => {
  const selected = await call<RoleState>('roles:select', { roleId: 'shop-owner' });
  assert.equal(selected.activeRoleId, 'shop-owner');

  const pods = await refused('inventory:pods', { namespace: 'data' });
  assert.equal(pods.message, 'role "Application owner (shop)" (shop-owner) may read namespaces shop; namespace "data" is outside its scope');
  await refused('inventory:containers', { namespace: 'data', podName: 'reports-db-0' });
  await refused('events:list', { namespace: 'data', involvedName: 'reports-db-0' });
  await refused('logs:search', { range: lastHour, namespace: 'data' });
  await refused('analysis:pending', { namespace: 'data' });
  await refused('series:panel', { centerId: 'seoul-dc', panel: 'pod.memory', target: { kind: 'pod', name: 'reports-db-0', namespace: 'data' }, range: lastHour });
  const unnamed = await refused('series:panel', { centerId: 'seoul-dc', panel: 'pod.memory', target: { kind: 'pod', name: 'reports-db-0' }, range: lastHour });
  assert.match(unnamed.message, /name the pod's namespace/);
  await refused('traces:search', { range: lastHour, service: 'payments-api' });
});

test('application owner scoped to shop: lists contain only shop', async () => {
  await call('roles:select', { roleId: 'shop-owner' });
  const pods = await call<PodRecord[]>('inventory:pods');
  assert.ok(pods.length > 0);
  assert.deepEqual([...new Set(pods.map((pod) => pod.namespace))], ['shop']);
  const containers = await call<ContainerRecord[]>('inventory:containers');
  assert.deepEqual([...new Set(containers.map((container) => container.namespace))], ['shop']);
  const events = await call<KubeEventRecord[]>('events:list', { limit: 200 });
  assert.ok(events.length > 0);
  assert.deepEqual([...new Set(events.map((event) => event.namespace))], ['shop']);
  const logs = await call<StoredLogLinePayload[]>('logs:search', { range: lastHour, limit: 500 });
  assert.ok(logs.length > 0);
  assert.deepEqual([...new Set(logs.map((line) => line.namespace))], ['shop']);
  const alerts = await call<AlertRecord[]>('alerts:list');
  assert.ok(alerts.every((alert) => alert.labels.namespace === undefined || alert.labels.namespace === 'shop'));
  const services = await call<string[]>('traces:services');
  assert.ok(services.includes('checkout') && !services.includes('payments-api'), services.join(', '));
  const traces = await call<TraceSummary[]>('traces:search', { range: lastHour, limit: 20 });
  assert.ok(traces.length > 0 && traces.every((trace) => trace.services.some((service) => ['frontend', 'cart', 'checkout', 'catalog', 'recommendations'].includes(service))));
  const health = await call<ServiceHealth[]>('roles:serviceHealth', { range: lastHour });
  assert.ok(health.length > 0 && health.every((entry) => entry.namespace === 'shop'), JSON.stringify(health.map((entry) => [entry.service, entry.namespace])));
  const pending = await call<PendingPodDiagnosis[]>('analysis:pending');
  assert.ok(pending.every((diagnosis) => diagnosis.namespace === 'shop'));
  const nodes = await call<NodeRecord[]>('inventory:nodes');
  assert.ok(nodes.length > 0, 'nodes are not namespaced: the center scope decides');
  const map = await call<{ cells: Array<{ namespace: string | null }> }>('map:frames', { entity: 'pod', metric: 'memory', range: lastHour, steps: 4 });
  assert.ok(map.cells.length > 0);
  assert.deepEqual([...new Set(map.cells.map((cell) => cell.namespace))], ['shop']);
  // A shop pod's own chart is readable.
  const shopPod = pods[0]!;
  await call('series:panel', { centerId: shopPod.centerId, panel: 'pod.memory', target: { kind: 'pod', name: shopPod.name, namespace: 'shop' }, range: lastHour });
});

test('a role scoped to one center refuses the other and lists only its own', async () => {
  await call('roles:select', { roleId: 'seoul-sre' });
  const error = await refused('inventory:nodes', { centerIds: ['ohio-region'] });
  assert.match(error.message, /role "Seoul SRE" \(seoul-sre\) may read centers seoul-dc; center "ohio-region" is outside its scope/);
  await refused('sync:refresh', { centerIds: ['ohio-region'] });
  await refused('series:panel', { centerId: 'ohio-region', panel: 'node.cpu', target: { kind: 'node', name: 'x' }, range: lastHour });
  const nodes = await call<NodeRecord[]>('inventory:nodes');
  assert.ok(nodes.length > 0);
  assert.deepEqual([...new Set(nodes.map((node) => node.centerId))], ['seoul-dc']);
  const centers = await call<Array<{ id: string }>>('centers:list');
  assert.deepEqual(centers.map((center) => center.id), ['seoul-dc']);
  const statuses = await call<Array<{ centerId: string }>>('sync:status');
  assert.ok(statuses.length > 0 && statuses.every((status) => status.centerId === 'seoul-dc'));
  // Pushes follow the scope too.
  const pushed: string[] = [];
  const changed: string[] = [];
  const unsubscribe = core.dispatcher.subscribe('sync:onDidChangeStatus', (list) => pushed.push(...list.map((status) => status.centerId)));
  const unsubscribeInventory = core.dispatcher.subscribe('inventory:onDidChange', ({ centerId }) => changed.push(centerId));
  await core.sync.syncAll();
  unsubscribe();
  unsubscribeInventory();
  assert.ok(pushed.length > 0 && changed.length > 0);
  assert.deepEqual([...new Set([...pushed, ...changed])], ['seoul-dc']);
  await call('roles:select', { roleId: 'infrastructure' });
});

test('summaries of every cached demo node, pod and container trace each sentence to the records, in both languages', async () => {
  await call('roles:select', { roleId: 'infrastructure' });
  const nodes = await call<NodeRecord[]>('inventory:nodes', { centerIds: ['seoul-dc'] });
  const pods = await call<PodRecord[]>('inventory:pods', { centerIds: ['seoul-dc'] });
  const containers = await call<ContainerRecord[]>('inventory:containers', { centerIds: ['seoul-dc'] });
  const center = { name: 'Seoul DC' };
  let sentences = 0;
  for (const locale of ['en', 'ko'] as const) {
    const options = { locale, timeZone: 'Asia/Seoul', centerName: center.name };
    for (const node of nodes) {
      const onNode = pods.filter((pod) => pod.nodeName === node.name);
      const theirContainers = containers.filter((container) => onNode.some((pod) => pod.namespace === container.namespace && pod.name === container.podName));
      const summary = summarizeNode({ node, pods: onNode, containers: theirContainers }, options);
      assertSummaryTraceable(summary, { node, pods: onNode, containers: theirContainers, center }, 'Asia/Seoul');
      sentences += summary.sentences.length;
    }
    for (const pod of pods) {
      const own = containers.filter((container) => container.namespace === pod.namespace && container.podName === pod.name);
      const summary = summarizePod({ pod, containers: own }, options);
      assertSummaryTraceable(summary, { pod, containers: own, center }, 'Asia/Seoul');
      sentences += summary.sentences.length;
    }
    for (const container of containers) {
      const summary = summarizeContainer({ container }, options);
      assertSummaryTraceable(summary, { container, center }, 'Asia/Seoul');
      sentences += summary.sentences.length;
    }
  }
  assert.ok(sentences > 1000, `${sentences} sentences checked`);
  const oom = containers.find((container) => container.lastTerminationReason === 'OOMKilled');
  assert.ok(oom, 'the incident left an OOMKilled container');
  assert.match(summarizeContainer({ container: oom }, { locale: 'en', timeZone: 'Asia/Seoul' }).sentences[2]!.text, /the last termination was OOMKilled at \d{4}-\d{2}-\d{2} \d{2}:\d{2} \(Asia\/Seoul\)/);
});

test('a scope of two namespaces pages logs and events exactly as an unscoped read filtered to them', async () => {
  await call('roles:select', { roleId: 'infrastructure' });
  const range = { from: 'now-2h', to: 'now' };
  const allLines = await call<StoredLogLinePayload[]>('logs:search', { range, limit: 2000 });
  const allEvents = await call<KubeEventRecord[]>('events:list', { limit: 10_000 });
  const inScope = (namespace: string | null) => namespace === 'shop' || namespace === 'payments';
  await call('roles:select', { roleId: 'storefront' });
  const lines = await call<StoredLogLinePayload[]>('logs:search', { range, limit: 60 });
  const expectedLines = allLines.filter((line) => inScope(line.namespace)).slice(0, 60);
  assert.equal(lines.length, 60);
  assert.deepEqual(new Set(lines.map((line) => line.namespace)), new Set(['shop', 'payments']), 'both namespaces in one page');
  assert.deepEqual(lines.map((line) => line.id), expectedLines.map((line) => line.id));
  const events = await call<KubeEventRecord[]>('events:list', { limit: 25 });
  const expectedEvents = allEvents.filter((event) => inScope(event.namespace)).sort((a, b) => b.lastSeen - a.lastSeen).slice(0, 25);
  assert.deepEqual(events.map((event) => event.lastSeen), expectedEvents.map((event) => event.lastSeen));
  assert.ok(events.every((event) => inScope(event.namespace)));
  await call('roles:select', { roleId: 'infrastructure' });
});

test('through the loopback host (the transport the browser uses): the scoped role is refused another namespace', async () => {
  const host = await startHost({ dispatcher: core.dispatcher, rendererDir: rendererOutDir });
  try {
    const api = createHttpApi(host.origin, host.token);
    const selected = await api['roles:select']({ roleId: 'shop-owner' });
    assert.ok(selected.ok && selected.value.activeRoleId === 'shop-owner');
    const refused = await api['inventory:pods']({ centerIds: ['seoul-dc'], namespace: 'data' });
    assert.deepEqual(refused, { ok: false, error: { code: 'forbidden', message: 'role "Application owner (shop)" (shop-owner) may read namespaces shop; namespace "data" is outside its scope' } });
    const containers = await api['inventory:containers']({ namespace: 'data', podName: 'reports-db-0' });
    assert.ok(!containers.ok && containers.error.code === 'forbidden');
    const pods = await api['inventory:pods']({});
    assert.ok(pods.ok && pods.value.length > 0 && pods.value.every((pod) => pod.namespace === 'shop'));
  } finally {
    await core.dispatcher.invoke('roles:select', { roleId: 'infrastructure' });
    await host.close();
  }
});

test("incidents: the timeline a scoped role reads holds only its namespace; exports and other centers' incidents are refused", async () => {
  await call('roles:select', { roleId: 'infrastructure' });
  const now = Date.now();
  const incident = await call<{ id: string }>('incidents:create', { title: 'Checkout OOM', severity: 'high', centerIds: ['seoul-dc'], window: { fromMs: now - 3_600_000, toMs: now }, origin: { type: 'manual' } });
  type Timeline = { timeline: Array<{ centerId: string | null; object: string | null; refs: Array<{ kind: string; namespace?: string | null }> }> };
  const full = await call<Timeline>('incidents:get', { id: incident.id });
  const mentionsData = (entry: Timeline['timeline'][number]) => /^\w+ data\//.test(entry.object ?? '') || entry.refs.some((ref) => ref.namespace === 'data');
  assert.ok(full.timeline.some(mentionsData), 'the unscoped timeline shows reports-db-0 in data');

  await call('roles:select', { roleId: 'shop-owner' });
  const scoped = await call<Timeline>('incidents:get', { id: incident.id });
  assert.ok(scoped.timeline.length > 0 && scoped.timeline.length < full.timeline.length);
  assert.ok(!scoped.timeline.some(mentionsData));
  assert.ok(scoped.timeline.some((entry) => /^\w+ shop\//.test(entry.object ?? '')), 'shop entries stay');
  const exported = await refused('incidents:export', { incidentId: incident.id, format: 'md' });
  assert.match(exported.message, /export it with an unrestricted role/);

  await call('roles:select', { roleId: 'seoul-sre' });
  await refused('incidents:create', { title: 'Ohio', severity: 'low', centerIds: ['ohio-region'], window: { fromMs: now - 600_000, toMs: now }, origin: { type: 'manual' } });
  await call('roles:select', { roleId: 'infrastructure' });
});
