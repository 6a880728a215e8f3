// Incidents on the demo world through the contract: created from the scripted NodeMemoryHigh alert,
// the timeline shows the rollout, the error burst, the OOM kills, the crash-loop back-off and the
// unschedulable reports-db in time order, every entry linking to cached records; then, with every
// demo center stopped, the incident and its window's metrics, logs, traces and events still answer.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { ChannelName, ChannelOutput, StoredLogLinePayload } from '../../shared/contract/channels.ts';
import type { TimelineEntry } from '../../shared/domain/incidents.ts';
import { startCore, type OpsDeskCore } from '../../electron/core.ts';
import { defaultDemoSeed, generateWorld, type IncidentFacts } from '../../electron/demo/index.ts';
import { makeTempDir } from '../support/temp-dir.ts';

const dir = makeTempDir('incidents-demo');
const anchorMs = Date.now();
let core: OpsDeskCore;
let facts: IncidentFacts;
let incidentId = '';
let timeline: TimelineEntry[] = [];

before(async () => {
  facts = generateWorld(defaultDemoSeed, anchorMs).incident;
  core = await startCore({ dataDir: dir.path, version: 'test', startSync: false, demo: { anchorMs }, log: () => undefined });
  await core.sync.syncAll();
  for (const status of core.sync.statuses()) assert.equal(status.state, 'ok', `${status.endpointId}: ${status.error?.message}`);
});

after(async () => {
  await core?.close();
  dir.remove();
});

async function call<K extends ChannelName>(channel: K, input: unknown): Promise<ChannelOutput<K>> {
  const result = await core.dispatcher.invoke(channel, input);
  assert.ok(result.ok, `${channel}: ${JSON.stringify(result)}`);
  return result.value as ChannelOutput<K>;
}

function only(entries: TimelineEntry[], predicate: (entry: TimelineEntry) => boolean, what: string): TimelineEntry {
  const found = entries.filter(predicate);
  assert.equal(found.length, 1, `${what}: ${found.map((entry) => entry.title).join(' | ') || 'none'}\n${entries.map((entry) => `${entry.source} ${entry.title}`).join('\n')}`);
  return found[0]!;
}

test('an incident from the NodeMemoryHigh alert shows the rollout, the error burst, OOMKilled, BackOff and FailedScheduling in order', async () => {
  const alerts = await call('alerts:list', { centerIds: [facts.centerId] });
  const alert = alerts.find((candidate) => candidate.alertName === 'NodeMemoryHigh')!;
  assert.ok(alert, 'the scripted alert is cached');
  const changes: unknown[] = [];
  const unsubscribe = core.dispatcher.subscribe('incidents:onDidChange', (change) => changes.push(change));
  const incident = await call('incidents:create', { title: 'Checkout OOM on sel-k8s-w-07', severity: 'high', origin: { type: 'alert', centerId: alert.centerId, fingerprint: alert.fingerprint } });
  unsubscribe();
  incidentId = incident.id;
  assert.deepEqual(changes, [{ id: incident.id, change: 'created' }]);
  assert.equal(incident.origin.type === 'alert' && incident.origin.alertName, 'NodeMemoryHigh');
  assert.ok(incident.window.fromMs < facts.rolloutAt, 'the window reaches back before the rollout');

  ({ timeline } = await call('incidents:get', { id: incident.id }));
  const rollout = only(timeline, (entry) => entry.source === 'rollout', 'one rollout');
  assert.equal(rollout.object, `deployment ${facts.namespace}/${facts.deployment}`);
  assert.ok(rollout.title.includes(`${facts.oldReplicaSet} → ${facts.newReplicaSet}`) && rollout.title.includes('1.42.0'), rollout.title);
  assert.ok(Math.abs(rollout.at - facts.rolloutAt) < 1_000, 'at the scripted rollout');
  const burst = only(timeline, (entry) => entry.source === 'log-burst' && entry.object === `workload ${facts.namespace}/${facts.deployment}`, 'one checkout error burst');
  const oom = only(timeline, (entry) => entry.source === 'kube-event' && entry.title.startsWith('OOMKilled'), 'OOMKilled');
  assert.ok(oom.object?.includes(facts.node) && oom.severity === 'critical');
  assert.ok(Math.abs(oom.at - facts.firstOomKillAt) < 1_000, 'at the first kill');
  const backOff = only(timeline, (entry) => entry.source === 'kube-event' && entry.title.startsWith('BackOff'), 'BackOff');
  assert.match(backOff.title, new RegExp(`pods ${facts.namespace}/${facts.newReplicaSet}-\\* \\(3\\)`));
  const firing = only(timeline, (entry) => entry.source === 'alert' && entry.title.startsWith('NodeMemoryHigh firing'), 'the alert');
  assert.equal(firing.at, facts.nodeMemoryAlert.firingAt);
  const unschedulable = only(timeline, (entry) => entry.source === 'kube-event' && entry.title.startsWith('FailedScheduling'), 'FailedScheduling');
  assert.equal(unschedulable.object, `pod ${facts.pendingPod.namespace}/${facts.pendingPod.name}`);
  assert.match(unschedulable.body ?? '', /data-reports-db-0/);
  assert.ok(burst.at >= facts.firstOomKillAt - 25_000 && burst.at < facts.firstOomKillAt, 'the errors start in the seconds before the first kill');
  const sequence = [rollout, burst, oom, backOff, firing, unschedulable];
  for (let index = 1; index < sequence.length; index++) assert.ok(sequence[index - 1]!.at <= sequence[index]!.at, `${sequence[index - 1]!.title} before ${sequence[index]!.title}`);
  const positions = sequence.map((entry) => timeline.indexOf(entry));
  assert.deepEqual([...positions].sort((a, b) => a - b), positions, 'the timeline lists them in that order');
  for (let index = 1; index < timeline.length; index++) assert.ok(timeline[index - 1]!.at <= timeline[index]!.at);
  assert.ok(timeline.some((entry) => entry.source === 'audit' && entry.title.includes('incidents:create')), 'the console action is on the timeline');
});

test("every entry's refs resolve to cached records", async () => {
  const events = await call('events:list', { centerIds: [facts.centerId], limit: 10_000 });
  const eventUids = new Set(events.map((event) => event.uid));
  const alerts = await call('alerts:list', { centerIds: [facts.centerId] });
  let checked = 0;
  for (const entry of timeline) {
    assert.ok(entry.source === 'note' || entry.refs.length > 0, `${entry.title} has refs`);
    for (const ref of entry.refs.slice(0, 8)) {
      checked++;
      if (ref.kind === 'kube-event') assert.ok(eventUids.has(ref.uid), `${entry.title}: event ${ref.uid}`);
      else if (ref.kind === 'alert') assert.ok(alerts.some((alert) => alert.fingerprint === ref.fingerprint));
      else if (ref.kind === 'log-line') assert.ok((await call('logs:around', { lineId: ref.lineId, count: 1 })).some((line) => line.id === ref.lineId));
      else if (ref.kind === 'trace') assert.ok((await call('traces:get', { traceId: ref.traceId })).spans.length > 0);
      else if (ref.kind === 'logs') {
        const lines = await call('logs:search', { centerIds: [ref.centerId], namespace: ref.namespace ?? undefined, levels: ['error'], range: { from: new Date(ref.fromMs).toISOString(), to: new Date(ref.toMs).toISOString() }, limit: 5 });
        assert.ok(lines.length > 0, `${entry.title}: error lines in its range`);
      } else if (ref.kind === 'pod') assert.equal(ref.centerId, facts.centerId);
      else checked--;
    }
  }
  assert.ok(checked > 20, `refs checked: ${checked}`);
});

test('notes and marks stick when the timeline is rebuilt from a grown cache', async () => {
  const oom = timeline.find((entry) => entry.title.startsWith('OOMKilled'))!;
  const rollout = timeline.find((entry) => entry.source === 'rollout')!;
  await call('incidents:markEntry', { id: incidentId, entryId: oom.id, starred: true, annotation: 'memory leak in 1.42.0' });
  await call('incidents:markEntry', { id: incidentId, entryId: rollout.id, starred: true });
  const note = await call('incidents:addNote', { id: incidentId, markdown: '## Rolled back\nto 1.41 with `kubectl rollout undo`', at: facts.nodeMemoryAlert.firingAt + 60_000 });
  await core.sync.syncAll();
  const { timeline: rebuilt } = await call('incidents:get', { id: incidentId });
  assert.deepEqual(rebuilt.filter((entry) => entry.starred).map((entry) => entry.id).sort(), [oom.id, rollout.id].sort());
  assert.equal(rebuilt.find((entry) => entry.id === oom.id)?.annotation, 'memory leak in 1.42.0');
  assert.ok(rebuilt.some((entry) => entry.id === note.id && entry.title === 'Note by ' + note.title.slice('Note by '.length)));
  const before = new Set(timeline.map((entry) => entry.id));
  for (const id of before) assert.ok(rebuilt.some((entry) => entry.id === id), `${id} kept its id`);
  const audit = await call('audit:list', { action: 'incidents:markEntry' });
  assert.equal(audit.length, 2);
  assert.ok(!audit.some((event) => event.detail.includes('memory leak')), 'annotations are content, not audit detail');
});

test('with every center unreachable, the incident and its window answer from the cache', async () => {
  const { timeline: online } = await call('incidents:get', { id: incidentId });
  await core.registry.close(); // stops the demo servers: every endpoint now refuses connections
  await core.sync.syncAll();
  const statuses = core.sync.statuses();
  assert.ok(statuses.length > 0 && statuses.every((status) => status.state === 'error'), statuses.map((status) => `${status.endpointId}=${status.state}`).join(' '));

  const { incident, timeline: offline } = await call('incidents:get', { id: incidentId });
  assert.deepEqual(offline, online, 'the same timeline offline');
  const range = { from: new Date(incident.window.fromMs).toISOString(), to: new Date(Math.min(incident.window.toMs, Date.now())).toISOString() };
  const memory = await call('series:panel', { centerId: facts.centerId, panel: 'node.memory', target: { kind: 'node', name: facts.node }, range });
  assert.ok(memory.series.length > 0 && memory.series[0]!.timestamps.length > 30, 'the node memory chart of the window');
  const pod = await call('series:panel', { centerId: facts.centerId, panel: 'pod.memory', target: { kind: 'pod', namespace: facts.namespace, name: facts.leakingPods[0]! }, range });
  assert.ok(pod.series.length > 0, 'the leaking pod memory chart');
  const errors: StoredLogLinePayload[] = await call('logs:search', { centerIds: [facts.centerId], range, text: 'payment authorization failed', levels: ['error'], limit: 50 });
  assert.ok(errors.length > 0 && errors.every((line) => line.namespace === facts.namespace));
  const traced = errors.find((line) => line.traceId !== null)!;
  const trace = await call('traces:get', { traceId: traced.traceId! });
  assert.ok(trace.spans.some((span) => span.status === 'error'));
  const pending = await call('events:list', { centerIds: [facts.centerId], involvedName: facts.pendingPod.name, limit: 50 });
  assert.ok(pending.some((event) => event.reason === 'FailedScheduling'));
  const listed = await call('incidents:list', {});
  assert.ok(listed.some((item) => item.id === incidentId));
});
