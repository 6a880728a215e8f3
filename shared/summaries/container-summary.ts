import type { ContainerRecord } from '../domain/records.ts';
import { plural, summaryWriter } from './summary-format.ts';
import type { Summary, SummaryOptions } from './summary-types.ts';

export interface ContainerSummaryInput {
  container: ContainerRecord;
}

/** Container X of pod Y: image, state, restarts and last termination, requests and limits. */
export function summarizeContainer(input: ContainerSummaryInput, options: SummaryOptions): Summary {
  const { container } = input;
  const { ko, say, center: centerOf, summary } = summaryWriter(options);

  say((b) => {
    const name = b.fact('container.name', container.name);
    const pod = b.fact('container.podName', container.podName);
    const namespace = b.fact('container.namespace', container.namespace);
    const center = centerOf(b, 'container.centerId', container.centerId);
    const image = b.fact('container.image', container.image);
    return ko
      ? `${center} 센터 ${namespace} 네임스페이스 파드 ${pod}의 컨테이너 ${name}: 이미지 ${image}.`
      : `Container ${name} of pod ${pod} in namespace ${namespace} of center ${center} runs image ${image}.`;
  });

  say((b) => {
    const state = b.fact('container.state', container.state);
    const ready = b.fact('container.ready', container.ready);
    const reason = container.stateReason === null ? '' : ko ? ` (사유 ${b.fact('container.stateReason', container.stateReason)})` : ` (reason ${b.fact('container.stateReason', container.stateReason)})`;
    const since = container.startedAt === null ? '' : ko ? `, 시작 시각 ${b.fact('container.startedAt', container.startedAt, 'time')}` : `, started at ${b.fact('container.startedAt', container.startedAt, 'time')}`;
    return ko ? `상태는 ${state}${reason}${since}이며, 준비 여부는 ${ready}입니다.` : `It is ${state}${reason}${since}; ready: ${ready}.`;
  });

  say((b) => {
    const restarts = b.fact('container.restartCount', container.restartCount, 'count');
    if (container.lastTerminationReason === null) return ko ? `재시작 ${restarts}회, 이전 종료 기록이 없습니다.` : `It restarted ${restarts} ${plural(container.restartCount, 'time')}, with no earlier termination on record.`;
    const reason = b.fact('container.lastTerminationReason', container.lastTerminationReason);
    const when = container.lastTerminatedAt === null ? '' : ko ? ` (${b.fact('container.lastTerminatedAt', container.lastTerminatedAt, 'time')})` : ` at ${b.fact('container.lastTerminatedAt', container.lastTerminatedAt, 'time')}`;
    return ko ? `재시작 ${restarts}회, 마지막 종료 사유는 ${reason}${when}입니다.` : `It restarted ${restarts} ${plural(container.restartCount, 'time')}; the last termination was ${reason}${when}.`;
  });

  say((b) => {
    const { requests: r, limits: l } = container;
    if (r.cpuMillis + r.memoryBytes + l.cpuMillis + l.memoryBytes === 0) {
      for (const path of ['requests.cpuMillis', 'requests.memoryBytes', 'limits.cpuMillis', 'limits.memoryBytes'] as const) {
        const [kind, field] = path.split('.') as ['requests' | 'limits', 'cpuMillis' | 'memoryBytes'];
        b.fact(`container.${path}`, container[kind][field], 'count');
      }
      return ko
        ? '요청(requests)과 제한(limits)이 모두 0(미설정)입니다. 스케줄러가 이 컨테이너에 자원을 예약하지 않으며, 다른 컨테이너도 설정하지 않으면 파드는 BestEffort입니다.'
        : 'Requests and limits are all 0 (unset): the scheduler reserves nothing for it, and its pod is BestEffort unless another container sets them.';
    }
    const amount = (kind: 'requests' | 'limits') => {
      const values = container[kind];
      const parts: string[] = [];
      if (values.cpuMillis > 0) parts.push(`CPU ${b.fact(`container.${kind}.cpuMillis`, values.cpuMillis, 'cpu')}`);
      if (values.memoryBytes > 0) parts.push(`${ko ? '메모리' : 'memory'} ${b.fact(`container.${kind}.memoryBytes`, values.memoryBytes, 'memory')}`);
      return parts.length > 0 ? parts.join(', ') : ko ? '없음' : 'none';
    };
    const requests = amount('requests');
    const limits = amount('limits');
    return ko ? `요청(requests): ${requests}; 제한(limits): ${limits}.` : `Requests: ${requests}; limits: ${limits}.`;
  });
  return summary();
}
