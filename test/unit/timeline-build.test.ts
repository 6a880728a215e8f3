import assert from 'node:assert/strict';
import { test } from 'node:test';
import { timelineEntrySchema, type AuditEvent } from '../../shared/domain/incidents.ts';
import type { AlertRecord, ContainerRecord, KubeEventRecord, PodRecord } from '../../shared/domain/records.ts';
import { buildTimeline, type EntryMark, type TimelineInputs } from '../../shared/timeline/build-timeline.ts';
import type { OccurrenceSeries } from '../../shared/timeline/burst-entries.ts';
import { entryId } from '../../shared/timeline/entry-id.ts';
import { noteTitle } from '../../shared/timeline/human-entries.ts';

const minute = 60_000;
const t0 = Date.UTC(2026, 10, 23, 10, 0, 0);
const window = { fromMs: t0, toMs: t0 + 60 * minute };
let uid = 0;

function event(partial: Partial<KubeEventRecord> & Pick<KubeEventRecord, 'reason' | 'involvedName' | 'firstSeen'>): KubeEventRecord {
  return {
    centerId: 'seoul-dc',
    uid: `uid-${++uid}`,
    namespace: 'shop',
    involvedKind: 'Pod',
    message: `${partial.reason} happened`,
    type: 'Warning',
    count: 1,
    lastSeen: partial.firstSeen,
    source: 'kubelet',
    ...partial,
  };
}

const at = (minutes: number) => t0 + minutes * minute;

const events: KubeEventRecord[] = [
  event({ reason: 'ScalingReplicaSet', involvedKind: 'Deployment', involvedName: 'checkout', type: 'Normal', message: 'Scaled up replica set checkout-7d9fb6c4d8 to 1 from 0', firstSeen: at(5) }),
  event({ reason: 'ScalingReplicaSet', involvedKind: 'Deployment', involvedName: 'checkout', type: 'Normal', message: 'Scaled down replica set checkout-5c6b8d7f9 to 1 from 2', firstSeen: at(5) + 15_000 }),
  event({ reason: 'ScalingReplicaSet', involvedKind: 'Deployment', involvedName: 'checkout', type: 'Normal', message: 'Scaled up replica set checkout-7d9fb6c4d8 to 2 from 1', firstSeen: at(5) + 15_000 }),
  event({ reason: 'ScalingReplicaSet', involvedKind: 'Deployment', involvedName: 'checkout', type: 'Normal', message: 'Scaled down replica set checkout-5c6b8d7f9 to 0 from 1', firstSeen: at(5) + 30_000 }),
  // An HPA scale, not a rollout: stays a plain event.
  event({ reason: 'ScalingReplicaSet', involvedKind: 'Deployment', involvedName: 'search', type: 'Normal', message: 'Scaled up replica set search-6f7d8c9b4 to 4 from 3', firstSeen: at(50) }),
  event({ reason: 'BackOff', involvedName: 'checkout-7d9fb6c4d8-x2k9p', count: 40, firstSeen: at(16), lastSeen: at(59) }),
  event({ reason: 'BackOff', involvedName: 'checkout-7d9fb6c4d8-q7v4m', count: 35, firstSeen: at(17), lastSeen: at(59) }),
  event({ reason: 'OOMKilling', involvedKind: 'Node', namespace: 'default', involvedName: 'sel-k8s-w-07', message: 'Memory cgroup out of memory: Killed process 4242 (checkout) total-vm:1kB', firstSeen: at(15), source: 'kernel-monitor' }),
  event({ reason: 'OOMKilling', involvedKind: 'Node', namespace: 'default', involvedName: 'sel-k8s-w-07', message: 'Memory cgroup out of memory: Killed process 5151 (checkout) total-vm:1kB', firstSeen: at(20), source: 'kernel-monitor' }),
  event({ reason: 'FailedScheduling', namespace: 'data', involvedName: 'reports-db-0', count: 7, firstSeen: at(29), lastSeen: at(59), message: '0/12 nodes are available: persistentvolumeclaim "data-reports-db-0" not found.' }),
  // Known since yesterday, seen again inside the window: placed at its last sighting.
  event({ reason: 'SuccessfulCreate', involvedKind: 'StatefulSet', namespace: 'data', involvedName: 'reports-db', type: 'Normal', count: 2, firstSeen: t0 - 20 * 60 * minute, lastSeen: at(29) }),
  // Entirely before the window.
  event({ reason: 'Pulled', involvedName: 'cart-6b5d4c7f8-abcde', type: 'Normal', firstSeen: t0 - 90 * minute }),
];

const alerts: AlertRecord[] = [
  { centerId: 'seoul-dc', fingerprint: 'f1', alertName: 'NodeMemoryHigh', state: 'active', severity: 'warning', labels: { alertname: 'NodeMemoryHigh', node: 'sel-k8s-w-07', severity: 'warning' }, annotations: { summary: 'Node memory is running low.' }, startsAt: at(22), endsAt: at(58), updatedAt: at(22) },
  // endsAt in the future: still firing, no "resolved" entry.
  { centerId: 'seoul-dc', fingerprint: 'f2', alertName: 'KubePodCrashLooping', state: 'active', severity: 'critical', labels: { alertname: 'KubePodCrashLooping', namespace: 'shop', pod: 'checkout-7d9fb6c4d8-x2k9p' }, annotations: {}, startsAt: at(31), endsAt: at(64), updatedAt: at(31) },
];

const pods: PodRecord[] = [{ centerId: 'seoul-dc', namespace: 'shop', name: 'checkout-7d9fb6c4d8-x2k9p', uid: 'p1', nodeName: 'sel-k8s-w-07', phase: 'Running', reason: null, message: null, qosClass: 'Burstable', ownerKind: 'ReplicaSet', ownerName: 'checkout-7d9fb6c4d8', restarts: 8, readyContainers: 0, totalContainers: 1, podIp: null, labels: {}, createdAt: at(5), startedAt: at(5) }];
const containers: ContainerRecord[] = [{ centerId: 'seoul-dc', namespace: 'shop', podName: 'checkout-7d9fb6c4d8-x2k9p', name: 'checkout', image: 'registry.example/shop/checkout:1.42.0', ready: false, restartCount: 8, state: 'waiting', stateReason: 'CrashLoopBackOff', startedAt: null, lastTerminationReason: 'OOMKilled', lastTerminatedAt: at(55), requests: { cpuMillis: 100, memoryBytes: 1 }, limits: { cpuMillis: 500, memoryBytes: 2 } }];

function errorSeries(minutes: Record<number, number>): OccurrenceSeries {
  const occurrences = Object.entries(minutes).flatMap(([index, count]) =>
    Array.from({ length: count }, (_, n) => ({ at: at(Number(index)) + 2_000 + n * 1_000, ref: { kind: 'log-line' as const, lineId: `${index}-${n}`.padEnd(32, '0') }, traceId: n === 0 ? 'a'.repeat(32) : null })),
  );
  return { centerId: 'seoul-dc', namespace: 'shop', name: 'checkout', occurrences };
}

const audit: AuditEvent[] = [{ id: 'a1', at: at(40), actor: 'alice', action: 'centers:save', detail: 'center=seoul-dc', centerId: 'seoul-dc' }];

function inputs(overrides: Partial<TimelineInputs> = {}): TimelineInputs {
  return {
    window,
    now: at(60),
    alerts,
    events,
    pods,
    containers,
    errorLogs: [errorSeries({ 14: 6, 15: 9, 19: 5 }), { centerId: 'seoul-dc', namespace: 'shop', name: 'cart', occurrences: [{ at: at(30), ref: { kind: 'log-line', lineId: 'c'.repeat(32) } }] }],
    failedTraces: [{ centerId: 'seoul-dc', namespace: null, name: 'checkout', occurrences: Array.from({ length: 8 }, (_, n) => ({ at: at(15) + n * 500, ref: { kind: 'trace' as const, traceId: `${n}`.repeat(32) } })) }],
    audit,
    notes: [{ id: 'n1', at: at(45), author: 'alice', markdown: '## Rolled back\n\nUsing `kubectl rollout undo`.' }],
    marks: new Map(),
    ...overrides,
  };
}

test('entries come in time order, each a valid entry with refs to its records', () => {
  const timeline = buildTimeline(inputs());
  for (const entry of timeline) timelineEntrySchema.parse(entry);
  for (let index = 1; index < timeline.length; index++) assert.ok(timeline[index - 1]!.at <= timeline[index]!.at, `${timeline[index - 1]!.id} before ${timeline[index]!.id}`);
  assert.ok(timeline.every((entry) => entry.source === 'note' || entry.refs.length > 0), 'every system entry links to records');
  const order = timeline.map((entry) => `${entry.source}:${entry.title.split(':')[0]}`);
  const position = (prefix: string) => order.findIndex((item) => item.startsWith(prefix));
  assert.ok(position('rollout') < position('log-burst'));
  assert.ok(position('log-burst') < position('kube-event:OOMKilled ×2'));
  assert.ok(position('kube-event:OOMKilled') < position('kube-event:BackOff'));
  assert.ok(position('kube-event:BackOff') < position('alert:NodeMemoryHigh firing'));
  assert.ok(position('alert:NodeMemoryHigh firing') < position('kube-event:FailedScheduling'));
  assert.ok(position('alert:NodeMemoryHigh resolved') > position('note'));
  assert.equal(order.filter((item) => item.startsWith('alert:KubePodCrashLooping')).length, 1, 'firing only: its end is still ahead');
  assert.ok(!timeline.some((entry) => entry.title.includes('cart-6b5d4c7f8')), 'events entirely before the window stay out');
});

test('the rollout folds the deployment controller scaling into one entry with its image; an HPA scale stays an event', () => {
  const timeline = buildTimeline(inputs());
  const rollouts = timeline.filter((entry) => entry.source === 'rollout');
  assert.equal(rollouts.length, 1);
  const rollout = rollouts[0]!;
  assert.equal(rollout.at, at(5));
  assert.equal(rollout.endAt, at(5) + 30_000);
  assert.equal(rollout.object, 'deployment shop/checkout');
  assert.match(rollout.title, /checkout-5c6b8d7f9 → checkout-7d9fb6c4d8 \(checkout:1\.42\.0\)/);
  assert.equal(rollout.refs.filter((ref) => ref.kind === 'kube-event').length, 4);
  assert.ok(!timeline.some((entry) => entry.source === 'kube-event' && entry.title.includes('checkout-7d9fb6c4d8 to')), 'scaling steps are not repeated');
  const scale = timeline.find((entry) => entry.source === 'kube-event' && entry.title.startsWith('ScalingReplicaSet'));
  assert.ok(scale && scale.object === 'deployment shop/search');
});

test('repeated events are grouped: BackOff across the pods of a ReplicaSet, kernel OOM kills per node and process', () => {
  const timeline = buildTimeline(inputs());
  const backOff = timeline.filter((entry) => entry.title.startsWith('BackOff'));
  assert.equal(backOff.length, 1);
  assert.equal(backOff[0]!.title, 'BackOff ×75: pods shop/checkout-7d9fb6c4d8-* (2)');
  assert.equal(backOff[0]!.at, at(16));
  assert.equal(backOff[0]!.endAt, at(59));
  assert.deepEqual(backOff[0]!.refs.filter((ref) => ref.kind === 'pod').map((ref) => ref.kind === 'pod' && ref.name), ['checkout-7d9fb6c4d8-q7v4m', 'checkout-7d9fb6c4d8-x2k9p']);
  const oom = timeline.filter((entry) => entry.title.startsWith('OOMKilled'));
  assert.equal(oom.length, 1);
  assert.equal(oom[0]!.title, 'OOMKilled ×2: node sel-k8s-w-07 (checkout)');
  assert.equal(oom[0]!.severity, 'critical');
  const created = timeline.find((entry) => entry.title.startsWith('SuccessfulCreate'))!;
  assert.equal(created.at, at(29), 'an event object first seen before the window is placed at its sighting inside it');
});

test('error logs and failed traces give one entry per burst, not per line; a lone error is no burst', () => {
  const timeline = buildTimeline(inputs());
  const bursts = timeline.filter((entry) => entry.source === 'log-burst');
  assert.equal(bursts.length, 1);
  assert.equal(bursts[0]!.at, at(14) + 2_000);
  assert.match(bursts[0]!.title, /^Error-log burst in shop\/checkout: 20 error lines in 5 min, peak 9\/min \(normally 0\/min\)$/);
  assert.ok(bursts[0]!.refs.some((ref) => ref.kind === 'logs' && ref.namespace === 'shop'));
  assert.ok(bursts[0]!.refs.some((ref) => ref.kind === 'trace'), 'lines carrying a trace id link to it');
  assert.equal(bursts[0]!.refs.filter((ref) => ref.kind === 'log-line').length, 5, 'a few sample lines, the peak first');
  const spikes = timeline.filter((entry) => entry.source === 'trace-errors');
  assert.equal(spikes.length, 1);
  assert.match(spikes[0]!.title, /8 failed traces/);
});

test('ids are stable across rebuilds with more data, so stars, hides and annotations stick', () => {
  const first = buildTimeline(inputs());
  const later = buildTimeline(inputs({ now: at(90), window: { fromMs: window.fromMs, toMs: at(90) }, events: [...events, event({ reason: 'Killing', involvedName: 'checkout-7d9fb6c4d8-x2k9p', type: 'Normal', firstSeen: at(70) })] }));
  const laterIds = new Set(later.map((entry) => entry.id));
  for (const entry of first) assert.ok(laterIds.has(entry.id), `${entry.id} survives the rebuild`);
  const oom = first.find((entry) => entry.title.startsWith('OOMKilled'))!;
  const backOff = first.find((entry) => entry.title.startsWith('BackOff'))!;
  const marks = new Map<string, EntryMark>([
    [oom.id, { starred: true, hidden: false, annotation: 'the leak' }],
    [backOff.id, { starred: false, hidden: true, annotation: null }],
  ]);
  const marked = buildTimeline(inputs({ marks }));
  assert.deepEqual(
    marked.filter((entry) => entry.starred || entry.hidden).map(({ id, starred, hidden, annotation }) => ({ id, starred, hidden, annotation })),
    [
      { id: oom.id, starred: true, hidden: false, annotation: 'the leak' },
      { id: backOff.id, starred: false, hidden: true, annotation: null },
    ],
  );
  assert.deepEqual(buildTimeline(inputs()), first, 'the same cache gives the same timeline');
});

test('audit events and notes are entries; a note is titled by its first line without markup', () => {
  const timeline = buildTimeline(inputs());
  const note = timeline.find((entry) => entry.source === 'note')!;
  assert.equal(note.title, 'Note by alice: Rolled back');
  assert.equal(note.body, '## Rolled back\n\nUsing `kubectl rollout undo`.');
  const auditEntry = timeline.find((entry) => entry.source === 'audit')!;
  assert.equal(auditEntry.title, 'alice: centers:save (center=seoul-dc)');
  assert.deepEqual(auditEntry.refs, [{ kind: 'audit', auditId: 'a1' }]);
  assert.equal(noteTitle('* **Bold** [link](http://x) `code`'), 'Bold link code');
});

test('entry ids stay within 200 characters and distinct for long sources', () => {
  const long = entryId('kube', 'c', 'x'.repeat(300));
  const other = entryId('kube', 'c', `${'x'.repeat(299)}y`);
  assert.ok(long.length <= 200 && other.length <= 200);
  assert.notEqual(long, other);
});

test("without a kernel monitor, OOM kills come from the containers' last termination", () => {
  const withoutKernel = events.filter((item) => item.reason !== 'OOMKilling');
  const timeline = buildTimeline(inputs({ events: withoutKernel }));
  const oom = timeline.filter((entry) => entry.title.startsWith('OOMKilled'));
  assert.equal(oom.length, 1);
  assert.equal(oom[0]!.title, 'OOMKilled: container checkout of pod shop/checkout-7d9fb6c4d8-x2k9p');
  assert.equal(oom[0]!.at, at(55));
  assert.equal(oom[0]!.severity, 'critical');
  assert.deepEqual(oom[0]!.refs, [{ kind: 'pod', centerId: 'seoul-dc', namespace: 'shop', name: 'checkout-7d9fb6c4d8-x2k9p' }]);
  const outside = buildTimeline(inputs({ events: withoutKernel, containers: containers.map((item) => ({ ...item, lastTerminatedAt: at(-5) })) }));
  assert.ok(!outside.some((entry) => entry.title.startsWith('OOMKilled')), 'a kill before the window is not an entry');
});
