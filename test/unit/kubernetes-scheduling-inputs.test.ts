// The scheduler inputs the pending-pod analysis needs survive the Kubernetes connector's conversion:
// claims, tolerations, nodeSelector and required node affinity of unplaced pods, taints of nodes.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { nodeSchema, podSchema } from '../../electron/connectors/kubernetes/api-schema.ts';
import { convertContainers, convertNode, convertPod } from '../../electron/connectors/kubernetes/convert.ts';
import { diagnosePendingPod } from '../../shared/analysis/pending-pods.ts';

const fixture = (name: string): unknown => JSON.parse(readFileSync(new URL(`../fixtures/kubernetes/${name}`, import.meta.url), 'utf8'));

const pvPod = podSchema.parse(fixture('configure-persistent-volume-storage.task-pv-pod.pending.pod.json'));
const affinityPod = podSchema.parse(fixture('assign-pod-node.with-node-affinity.pending.pod.json'));
const node1 = nodeSchema.parse(fixture('taint-and-toleration.node1.node.json'));

test('an unplaced pod keeps its claims (with the volume index) and tolerations; projected volumes are not claims', () => {
  const record = convertPod('dc1', pvPod);
  assert.deepEqual(record.scheduling, {
    claims: [{ index: 0, volume: 'task-pv-storage', claimName: 'task-pv-claim' }],
    tolerations: [
      { effect: 'NoExecute', key: 'node.kubernetes.io/not-ready', operator: 'Exists' },
      { effect: 'NoExecute', key: 'node.kubernetes.io/unreachable', operator: 'Exists' },
    ],
  });
  assert.equal(record.reason, 'Unschedulable');
});

test('nodeSelector and required node affinity terms are kept as text; preferred terms are not constraints', () => {
  const record = convertPod('dc1', affinityPod);
  assert.deepEqual(record.scheduling?.nodeSelector, { disktype: 'ssd' });
  assert.deepEqual(record.scheduling?.requiredNodeAffinity, ['topology.kubernetes.io/zone In (antarctica-east1, antarctica-west1)']);
  assert.equal(record.scheduling?.tolerations?.[0]?.key, 'example-key');
});

test('a placed pod carries no scheduling inputs', () => {
  const placed = podSchema.parse({ ...(fixture('configure-persistent-volume-storage.task-pv-pod.pending.pod.json') as Record<string, unknown>), spec: { ...pvPod.spec, nodeName: 'node1' } });
  assert.equal(convertPod('dc1', placed).scheduling, undefined);
});

test('node taints are kept', () => {
  assert.deepEqual(convertNode('dc1', node1).taints, [{ key: 'key1', value: 'value1', effect: 'NoSchedule' }]);
});

test('the analysis reads the converted records: the claim and its volume, the taint and the selector', () => {
  const nodes = [convertNode('dc1', node1)];
  const pv = convertPod('dc1', pvPod);
  const pvDiagnosis = diagnosePendingPod(pv, { pods: [pv], containers: convertContainers('dc1', pvPod), nodes, events: [] });
  assert.equal(pvDiagnosis?.findings[0]?.code, 'missing-pvc');
  assert.match(pvDiagnosis!.findings[0]!.suggestion.en, /"task-pv-claim" does not exist in namespace default \(volume "task-pv-storage", spec\.volumes\[0\]\)/);
  assert.match(pvDiagnosis!.qosAdvice!.en, /BestEffort/);

  const affinity = convertPod('dc1', affinityPod);
  const diagnosis = diagnosePendingPod(affinity, { pods: [affinity], containers: [], nodes, events: [] });
  assert.deepEqual(diagnosis?.findings.map((finding) => finding.code), ['node-affinity', 'untolerated-taint']);
  assert.match(diagnosis!.findings[0]!.suggestion.en, /disktype=ssd: 1 node\(s\) carry these labels/);
  assert.match(diagnosis!.findings[1]!.suggestion.en, /taint key1=value1.*\{ key: key1, operator: Equal, value: value1, effect: NoSchedule \}/);
  assert.deepEqual(diagnosis!.findings[1]!.facts[0], { label: { en: 'taint on node1', ko: 'node1의 테인트' }, value: 'key1=value1:NoSchedule', source: 'node node1 spec.taints' });
});
