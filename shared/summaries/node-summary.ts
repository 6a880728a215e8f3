import type { ContainerRecord, NodeRecord, PodRecord } from '../domain/records.ts';
import { plural, summaryWriter } from './summary-format.ts';
import type { Summary, SummaryOptions } from './summary-types.ts';

export interface NodeSummaryInput {
  node: NodeRecord;
  /** Pods placed on the node; absent when not loaded yet. */
  pods?: readonly PodRecord[] | undefined;
  /** Containers of those pods, for the requested totals; absent skips them. */
  containers?: readonly ContainerRecord[] | undefined;
}

/** Node X of center Z: readiness, roles, versions, allocatable, pods and their requests, pressure, cordon and taints. */
export function summarizeNode(input: NodeSummaryInput, options: SummaryOptions): Summary {
  const { node } = input;
  const { ko, say, center: centerOf, summary } = summaryWriter(options);

  say((b) => {
    const name = b.fact('node.name', node.name);
    const center = centerOf(b, 'node.centerId', node.centerId);
    const ready = b.fact('node.ready', node.ready);
    const roles = node.roles.length > 0 ? b.fact('node.roles', node.roles.join(', ')) : ko ? '없음' : 'none';
    return ko
      ? `${center} 센터의 노드 ${name}: Ready 조건 ${ready}, 역할 ${roles}.`
      : `Node ${name} in center ${center} reports Ready=${ready}; roles: ${roles}.`;
  });

  say((b) => {
    const kubelet = b.fact('node.kubeletVersion', node.kubeletVersion);
    const os = b.fact('node.osImage', node.osImage);
    const ip = node.internalIp === null ? (ko ? '없음' : 'none') : b.fact('node.internalIp', node.internalIp);
    const created = b.fact('node.createdAt', node.createdAt, 'time');
    return ko
      ? `kubelet ${kubelet}, OS ${os}, 내부 IP ${ip}; ${created}에 클러스터에 합류했습니다.`
      : `It runs kubelet ${kubelet} on ${os}, internal IP ${ip}, and joined the cluster at ${created}.`;
  });

  say((b) => {
    const cpu = b.fact('node.allocatable.cpuMillis', node.allocatable.cpuMillis, 'cpu');
    const cpuCapacity = b.fact('node.capacity.cpuMillis', node.capacity.cpuMillis, 'cpu');
    const memory = b.fact('node.allocatable.memoryBytes', node.allocatable.memoryBytes, 'memory');
    const memoryCapacity = b.fact('node.capacity.memoryBytes', node.capacity.memoryBytes, 'memory');
    const pods = node.allocatable.pods === undefined ? '' : ko ? `, 파드 ${b.fact('node.allocatable.pods', node.allocatable.pods, 'count')}개` : `, ${b.fact('node.allocatable.pods', node.allocatable.pods, 'count')} pods`;
    return ko
      ? `할당 가능량: CPU ${cpu} (용량 ${cpuCapacity}), 메모리 ${memory} (용량 ${memoryCapacity})${pods}.`
      : `Allocatable: CPU ${cpu} of ${cpuCapacity} capacity, memory ${memory} of ${memoryCapacity}${pods}.`;
  });

  if (input.pods !== undefined) {
    const pods = input.pods;
    say((b) => {
      const count = b.fact('pods.length', pods.length, 'count');
      const running = b.fact('pods[phase=Running].length', pods.filter((pod) => pod.phase === 'Running').length, 'count');
      const restarts = b.fact('pods[*].restarts', pods.reduce((sum, pod) => sum + pod.restarts, 0), 'count');
      return ko
        ? `이 노드에 파드 ${count}개가 있으며 그중 ${running}개가 Running이고, 재시작은 모두 합쳐 ${restarts}회입니다.`
        : `${count} ${plural(pods.length, 'pod is', 'pods are')} placed on it, ${running} of them Running, with ${restarts} container ${plural(pods.reduce((sum, pod) => sum + pod.restarts, 0), 'restart')} in total.`;
    });
  }

  if (input.containers !== undefined && input.containers.length > 0) {
    const containers = input.containers;
    say((b) => {
      const cpuSum = containers.reduce((sum, container) => sum + container.requests.cpuMillis, 0);
      const memorySum = containers.reduce((sum, container) => sum + container.requests.memoryBytes, 0);
      const cpu = b.fact('containers[*].requests.cpuMillis', cpuSum, 'cpu');
      const cpuShare = b.percent('containers[*].requests.cpuMillis', cpuSum, 'node.allocatable.cpuMillis', node.allocatable.cpuMillis);
      const memory = b.fact('containers[*].requests.memoryBytes', memorySum, 'memory');
      const memoryShare = b.percent('containers[*].requests.memoryBytes', memorySum, 'node.allocatable.memoryBytes', node.allocatable.memoryBytes);
      return ko
        ? `컨테이너 요청 합계는 CPU ${cpu} (할당 가능량의 ${cpuShare}), 메모리 ${memory} (${memoryShare})입니다.`
        : `Their containers request CPU ${cpu} (${cpuShare} of allocatable) and memory ${memory} (${memoryShare}).`;
    });
  }

  say((b) => {
    const pressing = node.conditions.map((condition, index) => ({ condition, index })).filter(({ condition }) => condition.type !== 'Ready' && condition.status === 'True');
    if (pressing.length === 0) {
      const count = b.fact('node.conditions.length', node.conditions.length, 'count');
      const others = node.conditions
        .map((condition, index) => ({ condition, index }))
        .filter(({ condition }) => condition.type !== 'Ready')
        .map(({ condition, index }) => `${b.fact(`node.conditions[${index}].type`, condition.type)}=${b.fact(`node.conditions[${index}].status`, condition.status)}`);
      const list = others.length > 0 ? ` (${others.join(', ')})` : '';
      return ko ? `보고된 조건 ${count}개 중 압박(pressure) 조건은 없습니다${list}.` : `None of the ${count} reported ${plural(node.conditions.length, 'condition')} shows pressure${list}.`;
    }
    const list = pressing
      .map(({ condition, index }) => {
        const type = b.fact(`node.conditions[${index}].type`, condition.type);
        return condition.reason === undefined ? type : `${type} (${b.fact(`node.conditions[${index}].reason`, condition.reason)})`;
      })
      .join(', ');
    return ko ? `보고된 압박 조건: ${list}.` : `Conditions reporting trouble: ${list}.`;
  });

  if (node.unschedulable || (node.taints ?? []).length > 0) {
    say((b) => {
      const parts: string[] = [];
      if (node.unschedulable) parts.push(ko ? `코든됨(unschedulable ${b.fact('node.unschedulable', true)})` : `it is cordoned (unschedulable: ${b.fact('node.unschedulable', true)})`);
      (node.taints ?? []).forEach((taint, index) => {
        const key = b.fact(`node.taints[${index}].key`, taint.key);
        const value = taint.value === undefined ? '' : `=${b.fact(`node.taints[${index}].value`, taint.value)}`;
        const effect = b.fact(`node.taints[${index}].effect`, taint.effect);
        parts.push(ko ? `테인트 ${key}${value}:${effect}` : `taint ${key}${value}:${effect}`);
      });
      return ko ? `스케줄링 제약: ${parts.join(', ')}.` : `Scheduling limits: ${parts.join(', ')}.`;
    });
  }
  return summary();
}
