import type { ContainerRecord, PodRecord } from '../domain/records.ts';
import { plural, summaryWriter } from './summary-format.ts';
import type { Summary, SummaryOptions } from './summary-types.ts';

export interface PodSummaryInput {
  pod: PodRecord;
  /** The pod's containers (spec order); absent when not loaded yet. */
  containers?: readonly ContainerRecord[] | undefined;
}

/** Pod X in namespace Y of center Z: phase, start, node, owner, readiness, restarts, containers, reason. */
export function summarizePod(input: PodSummaryInput, options: SummaryOptions): Summary {
  const { pod } = input;
  const containers = input.containers ?? [];
  const { ko, say, center: centerOf, summary } = summaryWriter(options);

  say((b) => {
    const name = b.fact('pod.name', pod.name);
    const namespace = b.fact('pod.namespace', pod.namespace);
    const center = centerOf(b, 'pod.centerId', pod.centerId);
    const phase = b.fact('pod.phase', pod.phase);
    return ko
      ? `${center} 센터 ${namespace} 네임스페이스의 파드 ${name}: 현재 단계 ${phase}.`
      : `Pod ${name} in namespace ${namespace} of center ${center} is in phase ${phase}.`;
  });

  say((b) => {
    const created = b.fact('pod.createdAt', pod.createdAt, 'time');
    if (pod.startedAt === null) return ko ? `${created}에 생성되었고 아직 시작되지 않았습니다.` : `It was created at ${created} and has not started yet.`;
    const started = b.fact('pod.startedAt', pod.startedAt, 'time');
    return ko ? `${created}에 생성되어 ${started}에 시작되었습니다.` : `It was created at ${created} and started at ${started}.`;
  });

  say((b) => {
    const placement =
      pod.nodeName === null
        ? ko
          ? '아직 노드에 배치되지 않았습니다'
          : 'It is not scheduled on a node yet'
        : ko
          ? `노드 ${b.fact('pod.nodeName', pod.nodeName)}에서 실행됩니다`
          : `It runs on node ${b.fact('pod.nodeName', pod.nodeName)}`;
    if (pod.ownerKind === null || pod.ownerName === null) return ko ? `${placement}. 소유자(컨트롤러)가 없습니다.` : `${placement}, with no owning controller.`;
    const kind = b.fact('pod.ownerKind', pod.ownerKind);
    const owner = b.fact('pod.ownerName', pod.ownerName);
    return ko ? `${placement}. 소유자: ${kind} ${owner}.` : `${placement}, owned by ${kind} ${owner}.`;
  });

  say((b) => {
    const ready = b.fact('pod.readyContainers', pod.readyContainers, 'count');
    const total = b.fact('pod.totalContainers', pod.totalContainers, 'count');
    const qos = b.fact('pod.qosClass', pod.qosClass);
    return ko ? `컨테이너 ${total}개 중 ${ready}개가 준비되었고, QoS 클래스는 ${qos}입니다.` : `${ready} of ${total} ${plural(pod.totalContainers, 'container is', 'containers are')} ready; QoS class ${qos}.`;
  });

  say((b) => {
    const restarts = b.fact('pod.restarts', pod.restarts, 'count');
    if (pod.restarts === 0) return ko ? `컨테이너 재시작 횟수는 ${restarts}회입니다.` : `Its containers restarted ${restarts} times.`;
    const last = containers
      .map((container, index) => ({ container, index }))
      .filter(({ container }) => container.lastTerminatedAt !== null)
      .sort((a, b2) => (b2.container.lastTerminatedAt ?? 0) - (a.container.lastTerminatedAt ?? 0))[0];
    if (!last) return ko ? `컨테이너가 모두 합쳐 ${restarts}회 재시작했습니다.` : `Its containers restarted ${restarts} ${plural(pod.restarts, 'time')} in total.`;
    const at = `containers[${last.index}]`;
    const name = b.fact(`${at}.name`, last.container.name);
    const reason = b.fact(`${at}.lastTerminationReason`, last.container.lastTerminationReason ?? 'Unknown');
    const when = b.fact(`${at}.lastTerminatedAt`, last.container.lastTerminatedAt, 'time');
    return ko
      ? `컨테이너가 모두 합쳐 ${restarts}회 재시작했으며, 마지막 종료는 ${when}에 ${name} 컨테이너의 ${reason}입니다.`
      : `Its containers restarted ${restarts} ${plural(pod.restarts, 'time')} in total; the last termination was ${name} with ${reason} at ${when}.`;
  });

  if (containers.length > 0) {
    say((b) => {
      const count = b.fact('containers.length', containers.length, 'count');
      const list = containers
        .map((container, index) => {
          const name = b.fact(`containers[${index}].name`, container.name);
          const state = b.fact(`containers[${index}].state`, container.state);
          const reason = container.stateReason === null ? '' : `, ${b.fact(`containers[${index}].stateReason`, container.stateReason)}`;
          return `${name} (${state}${reason})`;
        })
        .join(', ');
      return ko ? `컨테이너 ${count}개: ${list}.` : `${count} ${plural(containers.length, 'container')}: ${list}.`;
    });
  }

  if (pod.reason !== null) {
    say((b) => {
      const reason = b.fact('pod.reason', pod.reason);
      const message = pod.message === null ? '' : ` — ${b.fact('pod.message', pod.message)}`;
      // Scheduler and kubelet messages often end with their own full stop.
      const end = pod.message?.trimEnd().endsWith('.') ? '' : '.';
      return ko ? `상태 사유: ${reason}${message}${end}` : `Status reason: ${reason}${message}${end}`;
    });
  }
  return summary();
}
