// Pending-pod analysis against kube-scheduler's own FailedScheduling texts (NodeResourcesFit,
// TaintToleration, NodeAffinity, VolumeBinding, NodeUnschedulable, InterPodAffinity, PodTopologySpread,
// NodePorts), old and new wordings, each mapped to a suggestion with the numbers it rests on.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { diagnosePendingPod, diagnosePendingPods, formatCpu, formatMemory, tolerates } from '../../shared/analysis/pending-pods.ts';
import { parseSchedulerMessage } from '../../shared/analysis/scheduler-message.ts';
import type { ContainerRecord, KubeEventRecord, NodeRecord, PodRecord } from '../../shared/domain/records.ts';

const mi = 1024 ** 2;
const gi = 1024 ** 3;
const t0 = Date.UTC(2026, 10, 23, 8, 0, 0);

function node(name: string, overrides: Partial<NodeRecord> = {}): NodeRecord {
  return {
    centerId: 'dc1',
    name,
    uid: `uid-${name}`,
    roles: ['worker'],
    ready: 'True',
    unschedulable: false,
    conditions: [],
    capacity: { cpuMillis: 4000, memoryBytes: 16 * gi, pods: 110 },
    allocatable: { cpuMillis: 3800, memoryBytes: 15 * gi, pods: 110 },
    labels: { 'kubernetes.io/hostname': name, 'topology.kubernetes.io/zone': 'zone-a' },
    internalIp: '10.0.0.1',
    kubeletVersion: 'v1.30.2',
    osImage: 'Ubuntu 22.04.4 LTS',
    createdAt: t0 - 86_400_000,
    ...overrides,
  };
}

function pod(name: string, overrides: Partial<PodRecord> = {}): PodRecord {
  return {
    centerId: 'dc1',
    namespace: 'shop',
    name,
    uid: `uid-${name}`,
    nodeName: null,
    phase: 'Pending',
    reason: null,
    message: null,
    qosClass: 'Burstable',
    ownerKind: 'ReplicaSet',
    ownerName: `${name}-rs`,
    restarts: 0,
    readyContainers: 0,
    totalContainers: 1,
    podIp: null,
    labels: {},
    createdAt: t0,
    startedAt: null,
    ...overrides,
  };
}

function container(podName: string, name: string, cpuMillis: number, memoryBytes: number, overrides: Partial<ContainerRecord> = {}): ContainerRecord {
  return {
    centerId: 'dc1',
    namespace: 'shop',
    podName,
    name,
    image: 'registry.example/app:1.0',
    ready: false,
    restartCount: 0,
    state: 'unknown',
    stateReason: null,
    startedAt: null,
    lastTerminationReason: null,
    lastTerminatedAt: null,
    requests: { cpuMillis, memoryBytes },
    limits: { cpuMillis: cpuMillis * 2, memoryBytes: memoryBytes * 2 },
    ...overrides,
  };
}

function failedScheduling(podName: string, message: string, namespace = 'shop', lastSeen = t0 + 60_000): KubeEventRecord {
  return {
    centerId: 'dc1',
    uid: `event-${podName}-${lastSeen}`,
    namespace,
    involvedKind: 'Pod',
    involvedName: podName,
    reason: 'FailedScheduling',
    message,
    type: 'Warning',
    count: 3,
    firstSeen: t0 + 1000,
    lastSeen,
    source: 'default-scheduler',
  };
}

test('the message parser reads counts, subjects and the preemption postscript (Kubernetes 1.27+ wording)', () => {
  const parsed = parseSchedulerMessage(
    '0/3 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, 2 Insufficient cpu. preemption: 0/3 nodes are available: 1 Preemption is not helpful for scheduling, 2 No preemption victims found for incoming pod.',
  );
  assert.equal(parsed.totalNodes, 3);
  assert.deepEqual(
    parsed.reasons.map(({ code, nodeCount, subject }) => ({ code, nodeCount, subject })),
    [
      { code: 'untolerated-taint', nodeCount: 1, subject: 'node-role.kubernetes.io/control-plane:' },
      { code: 'insufficient-cpu', nodeCount: 2, subject: 'cpu' },
    ],
  );
  assert.match(parsed.preemption ?? '', /^0\/3 nodes are available: 1 Preemption is not helpful/);
});

test('a message without the preemption postscript (before Kubernetes 1.23) ends in a period that is not part of a reason', () => {
  const parsed = parseSchedulerMessage('0/3 nodes are available: 1 Insufficient memory, 2 Insufficient cpu.');
  assert.deepEqual(parsed.reasons.map((reason) => [reason.code, reason.subject, reason.nodeCount]), [
    ['insufficient-memory', 'memory', 1],
    ['insufficient-cpu', 'cpu', 2],
  ]);
  assert.equal(parsed.preemption, null);
  assert.deepEqual(parseSchedulerMessage('0/2 nodes are available: 2 Insufficient nvidia.com/gpu.').reasons.map((reason) => reason.subject), ['nvidia.com/gpu']);
});

test('older wordings are read too (taint "that the pod didn\'t tolerate", node selector)', () => {
  const parsed = parseSchedulerMessage("0/3 nodes are available: 1 node(s) had taint {node-role.kubernetes.io/master: }, that the pod didn't tolerate, 2 node(s) didn't match node selector.");
  assert.deepEqual(parsed.reasons.map((reason) => [reason.code, reason.nodeCount]), [['untolerated-taint', 1], ['node-affinity', 2]]);
  assert.equal(parsed.reasons[0]!.subject, 'node-role.kubernetes.io/master:');
});

test('a reason no rule knows is kept as unknown, not dropped', () => {
  const parsed = parseSchedulerMessage('0/2 nodes are available: 2 node(s) exceed max volume count.');
  assert.deepEqual(parsed.reasons.map((reason) => [reason.code, reason.text]), [['unknown', '2 node(s) exceed max volume count']]);
  const diagnosis = diagnosePendingPod(pod('web-1', { reason: 'Unschedulable', message: '0/2 nodes are available: 2 node(s) exceed max volume count.' }), { pods: [], containers: [], nodes: [], events: [] });
  assert.match(diagnosis!.findings[0]!.suggestion.en, /exceed max volume count/);
});

test('missing PVC (StatefulSet): names the claim, the volume and the manifest field, and suggests the fix', () => {
  const message = '0/4 nodes are available: persistentvolumeclaim "data-reports-db-0" not found. preemption: 0/4 nodes are available: 4 Preemption is not helpful for scheduling.';
  const reportsDb = pod('reports-db-0', {
    namespace: 'data',
    ownerKind: 'StatefulSet',
    ownerName: 'reports-db',
    reason: 'Unschedulable',
    message,
    scheduling: { claims: [{ index: 0, volume: 'data', claimName: 'data-reports-db-0' }] },
  });
  const event = failedScheduling('reports-db-0', message, 'data');
  const [diagnosis] = diagnosePendingPods({ pods: [reportsDb], containers: [], nodes: [node('w1')], events: [event] });
  assert.ok(diagnosis);
  assert.equal(diagnosis.totalNodes, 4);
  const [finding] = diagnosis.findings;
  assert.equal(finding?.code, 'missing-pvc');
  assert.equal(finding.subject, 'data-reports-db-0');
  assert.match(finding.suggestion.en, /PersistentVolumeClaim "data-reports-db-0" does not exist in namespace data \(volume "data", spec\.volumes\[0\]\)/);
  assert.match(finding.suggestion.en, /Check the volume and claim names/);
  assert.match(finding.suggestion.en, /StatefulSet reports-db/);
  assert.match(finding.suggestion.ko, /"data-reports-db-0"/);
  assert.deepEqual(finding.refs[0], { kind: 'manifest', centerId: 'dc1', namespace: 'data', pod: 'reports-db-0', path: 'spec.volumes[0].persistentVolumeClaim.claimName', value: 'data-reports-db-0' });
  assert.ok(finding.refs.some((ref) => ref.kind === 'event' && ref.uid === event.uid));
  assert.ok(diagnosis.refs.some((ref) => ref.kind === 'logs' && ref.pod === 'reports-db-0'));
});

test('a PVC being deleted is its own reason', () => {
  const [reason] = parseSchedulerMessage('0/3 nodes are available: persistentvolumeclaim "data-reports-db-0" is being deleted. preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.').reasons;
  assert.equal(reason?.code, 'pvc-deleting');
  assert.equal(reason.subject, 'data-reports-db-0');
});

test('unbound immediate PVCs: lists the claims and points at the storage class', () => {
  const message = '0/1 nodes are available: pod has unbound immediate PersistentVolumeClaims. preemption: 0/1 nodes are available: 1 Preemption is not helpful for scheduling.';
  const diagnosis = diagnosePendingPod(pod('pg-0', { reason: 'Unschedulable', message, scheduling: { claims: [{ index: 1, volume: 'pgdata', claimName: 'pgdata-pg-0' }] } }), { pods: [], containers: [], nodes: [], events: [] });
  const [finding] = diagnosis!.findings;
  assert.equal(finding?.code, 'unbound-pvc');
  assert.match(finding.suggestion.en, /No PersistentVolume is bound to "pgdata-pg-0".*storageClassName/);
  assert.equal(finding.refs[0]?.kind === 'manifest' && finding.refs[0].path, 'spec.volumes[1].persistentVolumeClaim.claimName');
});

test('insufficient cpu: the request against what each node has left, with the numbers and their records', () => {
  const message = '0/3 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, 2 Insufficient cpu. preemption: 0/3 nodes are available: 1 Preemption is not helpful for scheduling, 2 No preemption victims found for incoming pod.';
  const nodes = [
    node('cp1', { roles: ['control-plane'], taints: [{ key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' }] }),
    node('w1'),
    node('w2'),
  ];
  const placed = [pod('busy-a', { phase: 'Running', nodeName: 'w1' }), pod('busy-b', { phase: 'Running', nodeName: 'w2' }), pod('done', { phase: 'Succeeded', nodeName: 'w2' })];
  const containers = [
    container('busy-a', 'app', 3000, 4 * gi),
    container('busy-b', 'app', 2500, 4 * gi),
    container('done', 'job', 3000, gi),
    container('web-7', 'app', 1500, 512 * mi),
    container('web-7', 'sidecar', 100, 64 * mi),
  ];
  const web = pod('web-7', { totalContainers: 2 });
  const diagnosis = diagnosePendingPod(web, { pods: [...placed, web], containers, nodes, events: [failedScheduling('web-7', message)] });
  assert.deepEqual(diagnosis!.findings.map((finding) => finding.code), ['untolerated-taint', 'insufficient-cpu']);
  const cpu = diagnosis!.findings[1]!;
  // w2: 3800m allocatable - 2500m of busy-b (the Succeeded pod holds nothing) = 1300m; w1 has 800m; cp1's taint is not tolerated.
  assert.match(cpu.suggestion.en, /requests 1600m cpu; the most any schedulable node has left is 1300m on w2 \(allocatable 3800m, 2500m already requested\)\. Lower the request to at most 1300m/);
  assert.match(cpu.suggestion.ko, /w2의 1300m/);
  const byLabel = Object.fromEntries(cpu.facts.map((fact) => [fact.label.en, fact]));
  assert.equal(byLabel['pod cpu request']?.value, '1600m');
  assert.equal(byLabel['most cpu left on a node']?.value, '1300m');
  assert.equal(byLabel['w2 requested by 1 pods']?.value, '2500m');
  assert.equal(byLabel['container app request']?.source, 'pod shop/web-7 containers[0].requests.cpuMillis');
  assert.equal(byLabel['container sidecar request']?.value, '100m');
  assert.ok(cpu.refs.some((ref) => ref.kind === 'manifest' && ref.path === 'spec.containers[0].resources.requests.cpu' && ref.value === '1500m'));
  assert.match(diagnosis!.qosAdvice?.en ?? '', /Burstable: the scheduler counts only requests/);
});

test('insufficient memory larger than any node: says so with the largest allocatable', () => {
  const message = '0/2 nodes are available: 2 Insufficient memory. preemption: 0/2 nodes are available: 2 No preemption victims found for incoming pod.';
  const big = pod('etl-1', { qosClass: 'Guaranteed' });
  const diagnosis = diagnosePendingPod(big, { pods: [big], containers: [container('etl-1', 'etl', 500, 20 * gi)], nodes: [node('w1'), node('w2', { allocatable: { cpuMillis: 3800, memoryBytes: 7 * gi, pods: 110 } })], events: [failedScheduling('etl-1', message)] });
  const [finding] = diagnosis!.findings;
  assert.equal(finding?.code, 'insufficient-memory');
  assert.equal(finding.nodeCount, 2);
  assert.match(finding.suggestion.en, /requests 20Gi memory, more than any node can allocate \(largest: w1 with 15Gi\)/);
  assert.match(finding.suggestion.ko, /20Gi/);
  assert.match(diagnosis!.qosAdvice?.en ?? '', /Guaranteed/);
});

test('too many pods: nodes at their allocatable pod count', () => {
  const message = '0/1 nodes are available: 1 Too many pods. preemption: 0/1 nodes are available: 1 No preemption victims found for incoming pod.';
  const small = node('w1', { allocatable: { cpuMillis: 3800, memoryBytes: 15 * gi, pods: 2 } });
  const placed = [pod('a', { phase: 'Running', nodeName: 'w1' }), pod('b', { phase: 'Running', nodeName: 'w1' })];
  const waiting = pod('c');
  const diagnosis = diagnosePendingPod(waiting, { pods: [...placed, waiting], containers: [], nodes: [small], events: [failedScheduling('c', message)] });
  const [finding] = diagnosis!.findings;
  assert.equal(finding?.code, 'too-many-pods');
  assert.deepEqual(finding.facts.map((fact) => fact.value), ['2/2']);
});

test('untolerated taint: suggests the exact toleration, but never for node-health taints', () => {
  const message = '0/2 nodes are available: 2 node(s) had untolerated taint {dedicated: gpu}. preemption: 0/2 nodes are available: 2 Preemption is not helpful for scheduling.';
  const nodes = [node('g1', { taints: [{ key: 'dedicated', value: 'gpu', effect: 'NoSchedule' }] }), node('g2', { taints: [{ key: 'dedicated', value: 'gpu', effect: 'NoSchedule' }] })];
  const trainer = pod('trainer-0', { scheduling: { tolerations: [{ key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute' }] } });
  const diagnosis = diagnosePendingPod(trainer, { pods: [trainer], containers: [], nodes, events: [failedScheduling('trainer-0', message)] });
  const [finding] = diagnosis!.findings;
  assert.equal(finding?.code, 'untolerated-taint');
  assert.match(finding.suggestion.en, /add to spec\.tolerations \{ key: dedicated, operator: Equal, value: gpu, effect: NoSchedule \}/);
  assert.deepEqual(finding.facts.slice(0, 2).map((fact) => [fact.value, fact.source]), [['dedicated=gpu:NoSchedule', 'node g1 spec.taints'], ['dedicated=gpu:NoSchedule', 'node g2 spec.taints']]);

  const notReady = parseSchedulerMessage('0/1 nodes are available: 1 node(s) had untolerated taint {node.kubernetes.io/not-ready: }. preemption: 0/1 nodes are available: 1 Preemption is not helpful for scheduling.');
  const health = diagnosePendingPod(pod('x', { reason: 'Unschedulable', message: '0/1 nodes are available: 1 node(s) had untolerated taint {node.kubernetes.io/not-ready: }.' }), { pods: [], containers: [], nodes: [], events: [] });
  assert.equal(notReady.reasons[0]?.code, 'untolerated-taint');
  assert.match(health!.findings[0]!.suggestion.en, /Do not tolerate it: fix the node/);
});

test("node affinity/selector: the selector, and how many nodes carry those labels", () => {
  const message = "0/5 nodes are available: 5 node(s) didn't match Pod's node affinity/selector. preemption: 0/5 nodes are available: 5 Preemption is not helpful for scheduling.";
  const picky = pod('api-1', { scheduling: { nodeSelector: { disktype: 'ssd' }, requiredNodeAffinity: ['topology.kubernetes.io/zone In (zone-b)'] } });
  const diagnosis = diagnosePendingPod(picky, { pods: [picky], containers: [], nodes: [node('w1'), node('w2', { labels: { disktype: 'hdd' } })], events: [failedScheduling('api-1', message)] });
  const [finding] = diagnosis!.findings;
  assert.equal(finding?.code, 'node-affinity');
  assert.equal(finding.nodeCount, 5);
  assert.match(finding.suggestion.en, /\(disktype=ssd: 0 node\(s\) carry these labels\)/);
  assert.ok(finding.refs.some((ref) => ref.kind === 'manifest' && ref.path === 'spec.nodeSelector.disktype' && ref.value === 'ssd'));
  assert.ok(finding.refs.some((ref) => ref.kind === 'manifest' && ref.path.startsWith('spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0]')));
});

test('volume node affinity conflict: points at the PV zone and the nodes\' zones', () => {
  const message = '0/3 nodes are available: 3 node(s) had volume node affinity conflict. preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.';
  const diagnosis = diagnosePendingPod(pod('db-0', { reason: 'Unschedulable', message }), { pods: [], containers: [], nodes: [node('w1'), node('w2', { labels: { 'topology.kubernetes.io/zone': 'zone-b' } })], events: [] });
  const [finding] = diagnosis!.findings;
  assert.equal(finding?.code, 'volume-node-affinity');
  assert.equal(finding.facts[0]?.value, 'zone-a, zone-b');
  assert.match(finding.suggestion.en, /WaitForFirstConsumer/);
});

test('cordoned nodes, pod (anti-)affinity, topology spread and host ports each get their reason', () => {
  const message =
    "0/6 nodes are available: 1 node(s) were unschedulable, 2 node(s) didn't match pod anti-affinity rules, 1 node(s) didn't match pod affinity rules, 1 node(s) didn't match pod topology spread constraints, 1 node(s) didn't have free ports for the requested pod ports. preemption: 0/6 nodes are available: 6 Preemption is not helpful for scheduling.";
  const parsed = parseSchedulerMessage(message);
  assert.deepEqual(parsed.reasons.map((reason) => [reason.code, reason.nodeCount]), [
    ['node-unschedulable', 1],
    ['pod-anti-affinity', 2],
    ['pod-affinity', 1],
    ['topology-spread', 1],
    ['node-ports', 1],
  ]);
  const diagnosis = diagnosePendingPod(pod('spread-1', { reason: 'Unschedulable', message }), { pods: [], containers: [], nodes: [node('w1', { unschedulable: true })], events: [] });
  assert.match(diagnosis!.findings[0]!.suggestion.en, /cordoned \(w1\).*uncordon/);
  assert.equal(parseSchedulerMessage("0/3 nodes are available: 3 node(s) didn't satisfy existing pods anti-affinity rules.").reasons[0]?.code, 'pod-anti-affinity');
});

test('insufficient ephemeral storage and extended resources', () => {
  const parsed = parseSchedulerMessage('0/3 nodes are available: 1 Insufficient ephemeral-storage, 2 Insufficient nvidia.com/gpu. preemption: 0/3 nodes are available: 3 No preemption victims found for incoming pod.');
  assert.deepEqual(parsed.reasons.map((reason) => [reason.code, reason.subject, reason.nodeCount]), [
    ['insufficient-ephemeral-storage', 'ephemeral-storage', 1],
    ['insufficient-resource', 'nvidia.com/gpu', 2],
  ]);
});

test('the newest FailedScheduling event wins; events of an earlier pod of the same name are ignored', () => {
  const current = pod('web-1', { createdAt: t0 });
  const events = [
    failedScheduling('web-1', '0/1 nodes are available: 1 Insufficient memory.', 'shop', t0 - 60_000),
    failedScheduling('web-1', '0/1 nodes are available: 1 Insufficient cpu.', 'shop', t0 + 30_000),
    failedScheduling('web-1', '0/1 nodes are available: 1 Too many pods.', 'shop', t0 + 90_000),
  ];
  const diagnosis = diagnosePendingPod(current, { pods: [current], containers: [], nodes: [], events });
  assert.deepEqual(diagnosis!.findings.map((finding) => finding.code), ['too-many-pods']);
  assert.equal(diagnosis!.refs.filter((ref) => ref.kind === 'event').length, 2);
});

test('BestEffort pods get QoS advice; scheduled or running pods are not diagnosed', () => {
  const bare = pod('bare', { qosClass: 'BestEffort', reason: 'Unschedulable', message: '0/1 nodes are available: 1 Too many pods.' });
  assert.match(diagnosePendingPod(bare, { pods: [], containers: [], nodes: [], events: [] })!.qosAdvice!.en, /BestEffort/);
  assert.equal(diagnosePendingPod(pod('r', { phase: 'Running', nodeName: 'w1' }), { pods: [], containers: [], nodes: [], events: [] }), null);
  assert.equal(diagnosePendingPod(pod('creating', { nodeName: 'w1' }), { pods: [], containers: [], nodes: [], events: [] }), null, 'scheduled, waiting for its containers');
});

test('tolerations match taints as the scheduler does', () => {
  const taint = { key: 'dedicated', value: 'gpu', effect: 'NoSchedule' };
  assert.equal(tolerates({ key: 'dedicated', operator: 'Equal', value: 'gpu', effect: 'NoSchedule' }, taint), true);
  assert.equal(tolerates({ key: 'dedicated', operator: 'Equal', value: 'cpu' }, taint), false);
  assert.equal(tolerates({ key: 'dedicated', operator: 'Exists' }, taint), true);
  assert.equal(tolerates({ operator: 'Exists' }, taint), true, 'an empty key with Exists tolerates everything');
  assert.equal(tolerates({ key: 'dedicated', operator: 'Exists', effect: 'NoExecute' }, taint), false);
});

function kubeletEvent(podName: string, reason: string, message: string, count = 4): KubeEventRecord {
  return { ...failedScheduling(podName, message), uid: `event-${podName}-${reason}`, reason, count, source: 'kubelet' };
}

test('placed but not starting: image pulls, each registry answer mapped to its fix', () => {
  const placed = pod('web-9', { nodeName: 'w1' });
  const cases: Array<[string, RegExp]> = [
    ['Failed to pull image "nginx:1.99": rpc error: code = NotFound desc = failed to pull and unpack image "docker.io/library/nginx:1.99": failed to resolve reference "docker.io/library/nginx:1.99": docker.io/library/nginx:1.99: not found', /registry has no image nginx:1\.99/],
    ['Failed to pull image "nginx:1.99": rpc error: code = Unknown desc = failed to pull and unpack image "registry.example.com/app:1.0": failed to resolve reference: pull access denied, repository does not exist or may require authorization: server message: insufficient_scope: authorization failed', /imagePullSecret/],
    ['Failed to pull image "nginx:1.99": rpc error: code = Unknown desc = failed to pull and unpack image "docker.io/library/nginx:1.99": failed to resolve reference: failed to do request: Head "https://registry-1.docker.io/v2/library/nginx/manifests/1.99": dial tcp: lookup registry-1.docker.io: i/o timeout', /cannot reach the registry/],
  ];
  for (const [message, advice] of cases) {
    const waiting = container('web-9', 'web', 100, 64 * mi, { image: 'nginx:1.99', state: 'waiting', stateReason: 'ImagePullBackOff' });
    const event = kubeletEvent('web-9', 'Failed', message);
    const diagnosis = diagnosePendingPod(placed, { pods: [placed], containers: [waiting], nodes: [], events: [event, kubeletEvent('web-9', 'BackOff', 'Back-off pulling image "nginx:1.99"')] });
    const [finding] = diagnosis!.findings;
    assert.equal(finding?.code, 'image-pull');
    assert.equal(finding.subject, 'nginx:1.99');
    assert.match(finding.suggestion.en, advice);
    assert.deepEqual(finding.refs.map((ref) => (ref.kind === 'manifest' ? ref.path : ref.kind)), ['spec.containers[0].image', 'event']);
  }
});

test('placed but not starting: a missing ConfigMap, Secret or key in the environment', () => {
  const placed = pod('api-2', { nodeName: 'w1' });
  const waiting = container('api-2', 'api', 100, 64 * mi, { state: 'waiting', stateReason: 'CreateContainerConfigError' });
  for (const [message, subject] of [
    ['Error: configmap "app-config" not found', 'configmap/app-config'],
    ['Error: secret "db-password" not found', 'secret/db-password'],
    ["Error: couldn't find key password in Secret shop/db-creds", 'secret/shop/db-creds key password'],
  ] as const) {
    const diagnosis = diagnosePendingPod(placed, { pods: [placed], containers: [waiting], nodes: [], events: [kubeletEvent('api-2', 'Failed', message)] });
    assert.equal(diagnosis!.findings[0]?.code, 'container-config');
    assert.equal(diagnosis!.findings[0]?.subject, subject);
    assert.match(diagnosis!.findings[0]!.suggestion.en, new RegExp(`references ${subject.replace(/[/]/g, '\\/')}, which does not exist in namespace shop`));
  }
});

test('placed but not starting: volumes that do not mount or are attached elsewhere', () => {
  const placed = pod('db-1', { nodeName: 'w1' });
  const mount = diagnosePendingPod(placed, { pods: [placed], containers: [], nodes: [], events: [kubeletEvent('db-1', 'FailedMount', 'MountVolume.SetUp failed for volume "config-volume" : configmap "app-config" not found')] });
  assert.equal(mount!.findings[0]?.code, 'volume-mount');
  assert.equal(mount!.findings[0]?.subject, 'config-volume');
  assert.match(mount!.findings[0]!.suggestion.en, /mounts configmap "app-config", which does not exist in namespace shop/);
  const attach = diagnosePendingPod(placed, {
    pods: [placed],
    containers: [],
    nodes: [],
    events: [kubeletEvent('db-1', 'FailedAttachVolume', 'Multi-Attach error for volume "pvc-0a1b2c3d" Volume is already exclusively attached to one node and can\'t be attached to another')],
  });
  assert.match(attach!.findings[0]!.suggestion.en, /ReadWriteOnce disk still attached to another node/);
  const timeout = diagnosePendingPod(placed, {
    pods: [placed],
    containers: [],
    nodes: [],
    events: [kubeletEvent('db-1', 'FailedMount', 'Unable to attach or mount volumes: unmounted volumes=[data], unattached volumes=[data kube-api-access-8xk2p]: timed out waiting for the condition')],
  });
  assert.equal(timeout!.findings[0]?.subject, 'data');
  assert.match(timeout!.findings[0]!.suggestion.en, /claim is Bound/);
});

test('quantities print as kubectl does', () => {
  assert.equal(formatCpu(2000), '2');
  assert.equal(formatCpu(250), '250m');
  assert.equal(formatMemory(512 * mi), '512Mi');
  assert.equal(formatMemory(2 * gi), '2Gi');
});

test('10,000 pods on 200 nodes with 100 Pending are analysed in one pass over the inputs', () => {
  const nodes = Array.from({ length: 200 }, (_, index) => node(`w${index}`));
  const pods: PodRecord[] = [];
  const containers: ContainerRecord[] = [];
  for (let index = 0; index < 10_000; index++) {
    const pending = index % 100 === 0;
    const name = `p${index}`;
    pods.push(pod(name, pending ? { reason: 'Unschedulable', message: '0/200 nodes are available: 200 Insufficient cpu.' } : { phase: 'Running', nodeName: `w${index % 200}` }));
    containers.push(container(name, 'app', pending ? 4000 : 70, 128 * mi));
  }
  const started = performance.now();
  const diagnoses = diagnosePendingPods({ pods, containers, nodes, events: [] });
  const elapsedMs = performance.now() - started;
  assert.equal(diagnoses.length, 100);
  // 3800m allocatable - 50 pods × 70m = 300m left on every node.
  assert.match(diagnoses[0]!.findings[0]!.suggestion.en, /requests 4 cpu, more than any node can allocate|the most any schedulable node has left is 300m/);
  console.log(`# pending analysis: 10,000 pods, 200 nodes, 100 Pending in ${elapsedMs.toFixed(1)} ms`);
  assert.ok(elapsedMs < 5_000, `${elapsedMs} ms`);
});
