import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ContainerRecord, PodRecord } from '../../shared/domain/records.ts';
import { summarizePod } from '../../shared/summaries/index.ts';
import { markFacts } from '../../renderer/views/summary-marks.ts';

const pod: PodRecord = {
  centerId: 'seoul-dc', namespace: 'shop', name: 'checkout-7d9f8c-abcde', uid: 'u1', nodeName: 'sel-w-01', phase: 'Running',
  reason: 'CrashLoopBackOff', message: null, qosClass: 'Burstable', ownerKind: 'ReplicaSet', ownerName: 'checkout-7d9f8c',
  restarts: 12, readyContainers: 1, totalContainers: 2, podIp: '10.0.0.7', labels: {}, createdAt: Date.UTC(2026, 10, 23, 4), startedAt: Date.UTC(2026, 10, 23, 4, 1),
};
const container = (name: string, restartCount: number): ContainerRecord => ({
  centerId: 'seoul-dc', namespace: 'shop', podName: pod.name, name, image: `registry/${name}:1`, ready: restartCount === 0, restartCount,
  state: restartCount ? 'waiting' : 'running', stateReason: restartCount ? 'CrashLoopBackOff' : null, startedAt: null,
  lastTerminationReason: restartCount ? 'OOMKilled' : null, lastTerminatedAt: null, requests: { cpuMillis: 250, memoryBytes: 256 * 1024 ** 2 },
  limits: { cpuMillis: 500, memoryBytes: 512 * 1024 ** 2 },
});

describe('summary fact marks', () => {
  for (const locale of ['en', 'ko'] as const) {
    it(`marks every fact of every sentence and keeps the text intact (${locale})`, () => {
      const summary = summarizePod({ pod, containers: [container('app', 12), container('proxy', 0)] }, { locale, timeZone: 'Asia/Seoul' });
      assert.ok(summary.sentences.length > 1);
      for (const sentence of summary.sentences) {
        const parts = markFacts(sentence);
        assert.equal(parts.map((part) => (typeof part === 'string' ? part : part.display)).join(''), sentence.text);
        const marked = parts.filter((part) => typeof part !== 'string');
        assert.equal(marked.length, sentence.facts.filter((fact) => fact.display).length, sentence.text);
        for (const part of marked) assert.ok(sentence.facts.some((fact) => fact.path === part.path && fact.display === part.display));
      }
    });
  }
});
