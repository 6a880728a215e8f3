// Plain-language summaries (ko/en) of nodes, pods and containers: every sentence is checked against
// the records it came from, and every number in it is one of its facts.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ContainerRecord, NodeRecord, PodRecord } from '../../shared/domain/records.ts';
import { formatTime, summarizeContainer, summarizeNode, summarizePod, type SummaryLocale } from '../../shared/summaries/index.ts';
import { assertSummaryTraceable, resolveFactPath } from '../support/summary-check.ts';

const gi = 1024 ** 3;
const mi = 1024 ** 2;
const anchor = Date.UTC(2026, 10, 23, 8, 20, 0);
const locales: SummaryLocale[] = ['en', 'ko'];

const node: NodeRecord = {
  centerId: 'seoul-dc',
  name: 'sel-k8s-w-07',
  uid: 'n-7',
  roles: ['worker'],
  ready: 'True',
  unschedulable: true,
  conditions: [
    { type: 'MemoryPressure', status: 'True', reason: 'KubeletHasInsufficientMemory', message: 'kubelet has insufficient memory available' },
    { type: 'DiskPressure', status: 'False', reason: 'KubeletHasNoDiskPressure' },
    { type: 'Ready', status: 'True', reason: 'KubeletReady' },
  ],
  capacity: { cpuMillis: 8000, memoryBytes: 32 * gi, pods: 110 },
  allocatable: { cpuMillis: 7910, memoryBytes: 31.5 * gi, pods: 110 },
  labels: {},
  internalIp: '10.20.1.17',
  kubeletVersion: 'v1.30.4',
  osImage: 'Ubuntu 22.04.4 LTS',
  createdAt: anchor - 40 * 86_400_000,
  taints: [{ key: 'dedicated', value: 'checkout', effect: 'NoSchedule' }],
};

const pod: PodRecord = {
  centerId: 'seoul-dc',
  namespace: 'shop',
  name: 'checkout-7d9c5b6f4-x2kqp',
  uid: 'p-1',
  nodeName: 'sel-k8s-w-07',
  phase: 'Running',
  reason: null,
  message: null,
  qosClass: 'Burstable',
  ownerKind: 'ReplicaSet',
  ownerName: 'checkout-7d9c5b6f4',
  restarts: 7,
  readyContainers: 1,
  totalContainers: 2,
  podIp: '10.244.7.12',
  labels: { app: 'checkout' },
  createdAt: anchor - 50 * 60_000,
  startedAt: anchor - 50 * 60_000 + 2_000,
};

const containers: ContainerRecord[] = [
  {
    centerId: 'seoul-dc',
    namespace: 'shop',
    podName: pod.name,
    name: 'app',
    image: 'registry.shop.example/checkout:1.42.0',
    ready: false,
    restartCount: 7,
    state: 'waiting',
    stateReason: 'CrashLoopBackOff',
    startedAt: null,
    lastTerminationReason: 'OOMKilled',
    lastTerminatedAt: anchor - 3 * 60_000,
    requests: { cpuMillis: 250, memoryBytes: 256 * mi },
    limits: { cpuMillis: 1000, memoryBytes: 512 * mi },
  },
  {
    centerId: 'seoul-dc',
    namespace: 'shop',
    podName: pod.name,
    name: 'envoy',
    image: 'envoyproxy/envoy:v1.31.2',
    ready: true,
    restartCount: 0,
    state: 'running',
    stateReason: null,
    startedAt: anchor - 50 * 60_000 + 3_000,
    lastTerminationReason: null,
    lastTerminatedAt: null,
    requests: { cpuMillis: 100, memoryBytes: 64 * mi },
    limits: { cpuMillis: 0, memoryBytes: 0 },
  },
];

const pending: PodRecord = {
  ...pod,
  namespace: 'data',
  name: 'reports-db-0',
  nodeName: null,
  phase: 'Pending',
  reason: 'Unschedulable',
  message: '0/12 nodes are available: persistentvolumeclaim "data-reports-db-0" not found.',
  qosClass: 'Guaranteed',
  ownerKind: 'StatefulSet',
  ownerName: 'reports-db',
  restarts: 0,
  readyContainers: 0,
  totalContainers: 1,
  startedAt: null,
};

test('pod summary, both languages: each sentence traceable to the pod and its containers', () => {
  for (const locale of locales) {
    for (const timeZone of ['Asia/Seoul', 'UTC']) {
      const summary = summarizePod({ pod, containers }, { locale, timeZone, centerName: 'Seoul DC' });
      assertSummaryTraceable(summary, { pod, containers, center: { name: 'Seoul DC' } }, timeZone);
    }
  }
  const en = summarizePod({ pod, containers }, { locale: 'en', timeZone: 'Asia/Seoul', centerName: 'Seoul DC' }).sentences.map((s) => s.text);
  assert.deepEqual(en, [
    'Pod checkout-7d9c5b6f4-x2kqp in namespace shop of center Seoul DC (seoul-dc) is in phase Running.',
    'It was created at 2026-11-23 16:30 (Asia/Seoul) and started at 2026-11-23 16:30 (Asia/Seoul).',
    'It runs on node sel-k8s-w-07, owned by ReplicaSet checkout-7d9c5b6f4.',
    '1 of 2 containers are ready; QoS class Burstable.',
    'Its containers restarted 7 times in total; the last termination was app with OOMKilled at 2026-11-23 17:17 (Asia/Seoul).',
    '2 containers: app (waiting, CrashLoopBackOff), envoy (running).',
  ]);
  const ko = summarizePod({ pod, containers }, { locale: 'ko', timeZone: 'Asia/Seoul', centerName: 'Seoul DC' }).sentences.map((s) => s.text);
  assert.equal(ko[0], 'Seoul DC (seoul-dc) 센터 shop 네임스페이스의 파드 checkout-7d9c5b6f4-x2kqp: 현재 단계 Running.');
  assert.equal(ko[4], '컨테이너가 모두 합쳐 7회 재시작했으며, 마지막 종료는 2026-11-23 17:17 (Asia/Seoul)에 app 컨테이너의 OOMKilled입니다.');
});

test('a Pending pod says it is not started or placed, and gives the scheduler reason', () => {
  for (const locale of locales) {
    const summary = summarizePod({ pod: pending }, { locale, timeZone: 'Asia/Seoul' });
    assertSummaryTraceable(summary, { pod: pending }, 'Asia/Seoul');
  }
  const en = summarizePod({ pod: pending }, { locale: 'en', timeZone: 'UTC' }).sentences.map((s) => s.text);
  assert.equal(en[1], 'It was created at 2026-11-23 07:30 (UTC) and has not started yet.');
  assert.equal(en[2], 'It is not scheduled on a node yet, owned by StatefulSet reports-db.');
  assert.equal(en.at(-1), 'Status reason: Unschedulable — 0/12 nodes are available: persistentvolumeclaim "data-reports-db-0" not found.');
});

test('node summary, both languages: allocatable, pods, requests with shares, pressure, cordon and taints', () => {
  const placed = [pod, { ...pod, name: 'cart-1', phase: 'Pending' as const, restarts: 2 }];
  for (const locale of locales) {
    const summary = summarizeNode({ node, pods: placed, containers }, { locale, timeZone: 'Asia/Seoul', centerName: 'Seoul DC' });
    assertSummaryTraceable(summary, { node, pods: placed, containers, center: { name: 'Seoul DC' } }, 'Asia/Seoul');
  }
  const en = summarizeNode({ node, pods: placed, containers }, { locale: 'en', timeZone: 'Asia/Seoul' }).sentences.map((s) => s.text);
  assert.deepEqual(en.slice(2), [
    'Allocatable: CPU 7910m of 8 capacity, memory 31.5Gi of 32Gi, 110 pods.',
    '2 pods are placed on it, 1 of them Running, with 9 container restarts in total.',
    'Their containers request CPU 350m (4% of allocatable) and memory 320Mi (1%).',
    'Conditions reporting trouble: MemoryPressure (KubeletHasInsufficientMemory).',
    'Scheduling limits: it is cordoned (unschedulable: true), taint dedicated=checkout:NoSchedule.',
  ]);
  const healthy = { ...node, unschedulable: false, conditions: [{ type: 'Ready', status: 'True' as const }], taints: undefined };
  const quiet = summarizeNode({ node: healthy }, { locale: 'ko', timeZone: 'UTC' });
  assertSummaryTraceable(quiet, { node: healthy }, 'UTC');
  assert.equal(quiet.sentences.at(-1)?.text, '보고된 조건 1개 중 압박(pressure) 조건은 없습니다.');
  const calm = { ...healthy, conditions: [{ type: 'MemoryPressure', status: 'False' as const }, { type: 'Ready', status: 'True' as const }] };
  assert.equal(summarizeNode({ node: calm }, { locale: 'en', timeZone: 'UTC' }).sentences.at(-1)?.text, 'None of the 2 reported conditions shows pressure (MemoryPressure=False).');
});

test('container summary, both languages: state, last termination, requests and limits', () => {
  for (const locale of locales) {
    for (const container of containers) {
      const summary = summarizeContainer({ container }, { locale, timeZone: 'Europe/Berlin', centerName: 'Seoul DC' });
      assertSummaryTraceable(summary, { container, center: { name: 'Seoul DC' } }, 'Europe/Berlin');
    }
  }
  const [app, envoy] = containers.map((container) => summarizeContainer({ container }, { locale: 'en', timeZone: 'UTC' }).sentences.map((s) => s.text));
  assert.deepEqual(app!.slice(1), [
    'It is waiting (reason CrashLoopBackOff); ready: false.',
    'It restarted 7 times; the last termination was OOMKilled at 2026-11-23 08:17 (UTC).',
    'Requests: CPU 250m, memory 256Mi; limits: CPU 1, memory 512Mi.',
  ]);
  assert.equal(envoy!.at(-1), 'Requests: CPU 100m, memory 64Mi; limits: none.');
  const ko = summarizeContainer({ container: containers[0]! }, { locale: 'ko', timeZone: 'Asia/Seoul' }).sentences.map((s) => s.text);
  assert.equal(ko[2], '재시작 7회, 마지막 종료 사유는 OOMKilled (2026-11-23 17:17 (Asia/Seoul))입니다.');
});

test('the checker catches a number without a fact and a fact that does not match its record', () => {
  const summary = summarizePod({ pod, containers }, { locale: 'en', timeZone: 'UTC' });
  const tampered = { ...summary, sentences: [{ ...summary.sentences[3]!, text: `${summary.sentences[3]!.text} 3 more.` }] };
  assert.throws(() => assertSummaryTraceable(tampered, { pod, containers }, 'UTC'), /a number without a fact/);
  assert.throws(() => assertSummaryTraceable(summary, { pod: { ...pod, restarts: 8 }, containers }, 'UTC'), /pod\.restarts/);
  assert.equal(resolveFactPath({ pods: [pod, { ...pod, phase: 'Pending' }] }, 'pods[phase=Running].length'), 1);
});

test('English counts agree with their nouns', () => {
  const single = { ...pod, readyContainers: 1, totalContainers: 1, restarts: 1 };
  const text = summarizePod({ pod: single, containers: [containers[1]!] }, { locale: 'en', timeZone: 'UTC' }).sentences.map((s) => s.text);
  assert.equal(text[3], '1 of 1 container is ready; QoS class Burstable.');
  assert.equal(text[4], 'Its containers restarted 1 time in total.');
  assert.equal(text[5], '1 container: envoy (running).');
  const onNode = summarizeNode({ node, pods: [single] }, { locale: 'en', timeZone: 'UTC' }).sentences.map((s) => s.text);
  assert.equal(onNode[3], '1 pod is placed on it, 1 of them Running, with 1 container restart in total.');
});

test('times follow the desk time zone given', () => {
  assert.equal(formatTime(anchor, 'Asia/Seoul'), '2026-11-23 17:20 (Asia/Seoul)');
  assert.equal(formatTime(anchor, 'America/New_York'), '2026-11-23 03:20 (America/New_York)');
});
