import type { ContainerRecord, KubeEventRecord, PodRecord } from '../domain/records.ts';
import type { FindingRef, SchedulerFinding } from './diagnosis-schema.ts';

/**
 * A pod the scheduler placed can still be Pending while the kubelet cannot start it: the image does
 * not pull, a ConfigMap or Secret its environment names is missing, or a volume does not mount.
 * Read from the containers' waiting reasons and the kubelet's events (real texts, e.g.
 * `Failed to pull image "nginx:1.99": rpc error: code = NotFound desc = failed to pull and unpack image …: not found`,
 * `Error: configmap "app-config" not found`,
 * `MountVolume.SetUp failed for volume "config" : configmap "app-config" not found`).
 */

const imageWaiting = new Set(['ImagePullBackOff', 'ErrImagePull', 'InvalidImageName', 'ErrImageNeverPull']);

function eventRef(event: KubeEventRecord): FindingRef {
  return { kind: 'event', centerId: event.centerId, uid: event.uid, reason: event.reason, lastSeen: event.lastSeen };
}

function imageAdvice(message: string, image: string): { en: string; ko: string } {
  if (/not found|manifest unknown|NotFound/i.test(message)) {
    return {
      en: `The registry has no image ${image}: check the repository name and tag in the manifest (a typo or a tag that was never pushed), then roll out again.`,
      ko: `레지스트리에 이미지 ${image}이(가) 없습니다. 매니페스트의 저장소 이름과 태그(오타 또는 푸시되지 않은 태그)를 확인한 뒤 다시 배포하세요.`,
    };
  }
  if (/unauthorized|authentication required|pull access denied|authorization failed|403 Forbidden/i.test(message)) {
    return {
      en: `The registry refused to serve ${image} without credentials: add an imagePullSecret for it (spec.imagePullSecrets or the service account's), or check the secret's registry and password.`,
      ko: `레지스트리가 자격 증명 없이 ${image}을(를) 내려주지 않습니다. spec.imagePullSecrets(또는 서비스 계정)에 imagePullSecret을 추가하거나 시크릿의 레지스트리 주소와 비밀번호를 확인하세요.`,
    };
  }
  if (/i\/o timeout|no such host|connection refused|dial tcp|TLS handshake/i.test(message)) {
    return {
      en: `The node cannot reach the registry of ${image}: check DNS, proxy and firewall from the node (or use a mirror the center can reach).`,
      ko: `노드가 ${image}의 레지스트리에 접속하지 못합니다. 노드에서 DNS, 프록시, 방화벽을 확인하거나 센터에서 접근 가능한 미러를 사용하세요.`,
    };
  }
  return {
    en: `The kubelet cannot pull ${image}: read the Failed event for the registry's answer, and check the image reference and pull credentials.`,
    ko: `kubelet이 ${image}을(를) 받지 못합니다. Failed 이벤트에서 레지스트리 응답을 확인하고 이미지 주소와 풀 자격 증명을 점검하세요.`,
  };
}

export function kubeletFindings(pod: PodRecord, containers: readonly ContainerRecord[], events: readonly KubeEventRecord[]): SchedulerFinding[] {
  const own = events
    .filter((event) => event.centerId === pod.centerId && event.namespace === pod.namespace && event.involvedKind === 'Pod' && event.involvedName === pod.name && event.lastSeen >= pod.createdAt)
    .sort((a, b) => b.lastSeen - a.lastSeen);
  const manifest = (path: string, value: string): FindingRef => ({ kind: 'manifest', centerId: pod.centerId, namespace: pod.namespace, pod: pod.name, path, value });
  const findings: SchedulerFinding[] = [];

  containers.forEach((container, index) => {
    if (container.state !== 'waiting' || container.stateReason === null) return;
    if (imageWaiting.has(container.stateReason)) {
      const pullEvent = own.find((event) => event.reason === 'Failed' && event.message.includes(container.image) && /pull/i.test(event.message));
      const text = pullEvent?.message ?? container.stateReason;
      findings.push({
        code: 'image-pull',
        nodeCount: null,
        text,
        subject: container.image,
        suggestion: imageAdvice(text, container.image),
        facts: [
          { label: { en: 'image', ko: '이미지' }, value: container.image, source: `pod ${pod.namespace}/${pod.name} containers[${index}].image` },
          { label: { en: 'waiting reason', ko: '대기 사유' }, value: container.stateReason, source: `container ${container.name} stateReason` },
        ],
        refs: [manifest(`spec.containers[${index}].image`, container.image), ...(pullEvent ? [eventRef(pullEvent)] : [])],
      });
    } else if (container.stateReason === 'CreateContainerConfigError') {
      const configEvent = own.find((event) => event.reason === 'Failed' && /^Error: /.test(event.message));
      const text = configEvent?.message ?? container.stateReason;
      const missing = /(configmap|secret) "([^"]+)" not found/i.exec(text);
      const missingKey = /couldn't find key (\S+) in (ConfigMap|Secret) (\S+)/.exec(text);
      const subject = missing ? `${missing[1]!.toLowerCase()}/${missing[2]}` : missingKey ? `${missingKey[2]!.toLowerCase()}/${missingKey[3]} key ${missingKey[1]}` : null;
      findings.push({
        code: 'container-config',
        nodeCount: null,
        text,
        subject,
        suggestion: {
          en: subject
            ? `Container ${container.name} references ${subject}, which does not exist in namespace ${pod.namespace}: create it, or fix the reference in spec.containers[${index}].env / envFrom (mark it optional: true if the workload can start without it).`
            : `Container ${container.name} cannot be configured: a ConfigMap, Secret or key named in spec.containers[${index}].env / envFrom is missing; read the Failed event.`,
          ko: subject
            ? `컨테이너 ${container.name}가 참조하는 ${subject}이(가) 네임스페이스 ${pod.namespace}에 없습니다. 리소스를 만들거나 spec.containers[${index}].env / envFrom의 참조를 고치세요 (없어도 시작할 수 있다면 optional: true).`
            : `컨테이너 ${container.name}를 구성할 수 없습니다. spec.containers[${index}].env / envFrom이 참조하는 ConfigMap, Secret 또는 키가 없습니다. Failed 이벤트를 확인하세요.`,
        },
        facts: [{ label: { en: 'waiting reason', ko: '대기 사유' }, value: container.stateReason, source: `container ${container.name} stateReason` }],
        refs: [manifest(`spec.containers[${index}].env`, subject ?? ''), ...(configEvent ? [eventRef(configEvent)] : [])],
      });
    }
  });

  const mountEvent = own.find((event) => event.reason === 'FailedMount' || event.reason === 'FailedAttachVolume');
  if (mountEvent) {
    const volume = /for volume "([^"]+)"/.exec(mountEvent.message)?.[1] ?? /unmounted volumes=\[([^\]]+)\]/.exec(mountEvent.message)?.[1] ?? null;
    const multiAttach = /Multi-Attach error/.test(mountEvent.message);
    const source = /(configmap|secret) "([^"]+)" not found/i.exec(mountEvent.message);
    const claim = volume !== null ? pod.scheduling?.claims?.find((entry) => entry.volume === volume) : undefined;
    findings.push({
      code: 'volume-mount',
      nodeCount: null,
      text: mountEvent.message,
      subject: volume,
      suggestion: multiAttach
        ? {
            en: `Volume ${volume ?? ''} is a ReadWriteOnce disk still attached to another node (often the previous pod's). Wait for the old pod to terminate and the attach controller to detach it, or delete the stale VolumeAttachment.`,
            ko: `볼륨 ${volume ?? ''}은(는) 다른 노드(대개 이전 파드의 노드)에 아직 연결된 ReadWriteOnce 디스크입니다. 이전 파드가 종료되어 분리될 때까지 기다리거나 남은 VolumeAttachment를 삭제하세요.`,
          }
        : source
          ? {
              en: `Volume ${volume ?? ''} mounts ${source[1]!.toLowerCase()} "${source[2]}", which does not exist in namespace ${pod.namespace}: create it or fix spec.volumes.`,
              ko: `볼륨 ${volume ?? ''}이(가) 마운트하는 ${source[1]!.toLowerCase()} "${source[2]}"이(가) 네임스페이스 ${pod.namespace}에 없습니다. 리소스를 만들거나 spec.volumes를 고치세요.`,
            }
          : {
              en: `The kubelet cannot mount volume ${volume ?? '(see the event)'}: check the claim is Bound (kubectl get pvc), the storage driver's pods on the node, and the event's detail.`,
              ko: `kubelet이 볼륨 ${volume ?? '(이벤트 참고)'}을(를) 마운트하지 못합니다. 클레임이 Bound 상태인지(kubectl get pvc), 노드의 스토리지 드라이버 파드, 이벤트 내용을 확인하세요.`,
            },
      facts: [{ label: { en: 'event', ko: '이벤트' }, value: `${mountEvent.reason} ×${mountEvent.count}`, source: `event ${mountEvent.uid}` }],
      refs: [...(claim ? [manifest(`spec.volumes[${claim.index}].persistentVolumeClaim.claimName`, claim.claimName)] : []), eventRef(mountEvent)],
    });
  }
  return findings;
}
