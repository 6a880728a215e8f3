import type { ContainerRecord, KubeEventRecord, NodeRecord, PodRecord, ResourceAmounts } from '../domain/records.ts';
import type { DiagnosisFact, FindingRef, PendingPodDiagnosis, SchedulerFinding } from './diagnosis-schema.ts';
import { kubeletFindings } from './kubelet-findings.ts';
import { parseSchedulerMessage, type SchedulerReason } from './scheduler-message.ts';

export type { PendingPodDiagnosis, SchedulerFinding } from './diagnosis-schema.ts';

/**
 * Why a Pending pod is not scheduled, from the scheduler's newest FailedScheduling message (or the
 * pod's PodScheduled condition), mapped to concrete suggestions with the numbers they rest on
 * (requests against what each node has left) and links to the events, logs and manifest fields.
 * Pure: everything comes from cached records.
 */

export interface PendingPodInputs {
  pods: readonly PodRecord[];
  containers: readonly ContainerRecord[];
  nodes: readonly NodeRecord[];
  events: readonly KubeEventRecord[];
}

const podKey = (centerId: string, namespace: string, name: string) => `${centerId}/${namespace}/${name}`;

export function formatCpu(millis: number): string {
  return millis % 1000 === 0 ? `${millis / 1000}` : `${millis}m`;
}

export function formatMemory(bytes: number): string {
  const gi = 1024 ** 3;
  const mi = 1024 ** 2;
  if (bytes >= gi && bytes % (gi / 4) === 0) return `${bytes / gi}Gi`;
  if (bytes % mi === 0) return `${bytes / mi}Mi`;
  return `${bytes}`;
}

function sumRequests(containers: readonly ContainerRecord[]): ResourceAmounts {
  return containers.reduce<ResourceAmounts>(
    (total, container) => ({ cpuMillis: total.cpuMillis + container.requests.cpuMillis, memoryBytes: total.memoryBytes + container.requests.memoryBytes }),
    { cpuMillis: 0, memoryBytes: 0 },
  );
}

export interface NodeUse {
  node: NodeRecord;
  requested: ResourceAmounts;
  pods: number;
}

/** Lookups shared by every pod of one analysis, built once (a center can hold 10,000 pods). */
export interface PendingPodIndex {
  containersByPod: Map<string, ContainerRecord[]>;
  /** What the pods placed on each node request (pods that finished hold nothing), per center. */
  nodeUseByCenter: Map<string, NodeUse[]>;
}

export function indexPendingInputs(inputs: PendingPodInputs): PendingPodIndex {
  const containersByPod = indexContainers(inputs.containers);
  const placedByNode = new Map<string, PodRecord[]>();
  for (const pod of inputs.pods) {
    if (pod.nodeName === null || pod.phase === 'Succeeded' || pod.phase === 'Failed') continue;
    const key = `${pod.centerId}/${pod.nodeName}`;
    const list = placedByNode.get(key);
    if (list) list.push(pod);
    else placedByNode.set(key, [pod]);
  }
  const nodeUseByCenter = new Map<string, NodeUse[]>();
  for (const node of inputs.nodes) {
    const placed = placedByNode.get(`${node.centerId}/${node.name}`) ?? [];
    const requested = sumRequests(placed.flatMap((pod) => containersByPod.get(podKey(pod.centerId, pod.namespace, pod.name)) ?? []));
    const list = nodeUseByCenter.get(node.centerId);
    const use = { node, requested, pods: placed.length };
    if (list) list.push(use);
    else nodeUseByCenter.set(node.centerId, [use]);
  }
  return { containersByPod, nodeUseByCenter };
}

function taintText(taint: { key: string; value?: string | undefined; effect: string }): string {
  return `${taint.key}${taint.value ? `=${taint.value}` : ''}:${taint.effect}`;
}

type Toleration = NonNullable<NonNullable<PodRecord['scheduling']>['tolerations']>[number];
type Taint = NonNullable<NodeRecord['taints']>[number];

/** The scheduler's rule (k8s.io/api core/v1 Toleration.ToleratesTaint). */
export function tolerates(toleration: Toleration, taint: Taint): boolean {
  if (toleration.effect && toleration.effect !== taint.effect) return false;
  if (toleration.key === undefined || toleration.key === '') return toleration.operator === 'Exists';
  if (toleration.key !== taint.key) return false;
  return toleration.operator === 'Exists' || (toleration.value ?? '') === (taint.value ?? '');
}

/** A node the pod could land on if only resources were free: ready, not cordoned, every blocking taint tolerated. */
function schedulableFor(use: NodeUse, pod: PodRecord): boolean {
  if (use.node.unschedulable || use.node.ready !== 'True') return false;
  const tolerations = pod.scheduling?.tolerations ?? [];
  return (use.node.taints ?? []).every((taint) => taint.effect === 'PreferNoSchedule' || tolerations.some((toleration) => tolerates(toleration, taint)));
}

interface FindingContext {
  pod: PodRecord;
  containers: ContainerRecord[];
  use: NodeUse[];
  eventRefs: FindingRef[];
  manifest: (path: string, value: string) => FindingRef;
}

function resourceFinding(reason: SchedulerReason, context: FindingContext, resource: 'cpu' | 'memory'): Pick<SchedulerFinding, 'suggestion' | 'facts' | 'refs'> {
  const { pod, containers, use } = context;
  const field = resource === 'cpu' ? 'cpuMillis' : 'memoryBytes';
  const format = resource === 'cpu' ? formatCpu : formatMemory;
  const requested = sumRequests(containers)[field];
  const candidates = use.filter((entry) => schedulableFor(entry, pod)).map((entry) => ({ entry, free: Math.max(0, entry.node.allocatable[field] - entry.requested[field]) }));
  const best = candidates.sort((a, b) => b.free - a.free || a.entry.node.name.localeCompare(b.entry.node.name))[0];
  const largest = [...use].sort((a, b) => b.node.allocatable[field] - a.node.allocatable[field])[0];
  const facts: DiagnosisFact[] = [
    { label: { en: `pod ${resource} request`, ko: `파드 ${resource} 요청` }, value: format(requested), source: `pod ${pod.namespace}/${pod.name} containers[*].requests.${field}` },
  ];
  containers.forEach((container, index) => {
    if (container.requests[field] > 0) {
      facts.push({ label: { en: `container ${container.name} request`, ko: `컨테이너 ${container.name} 요청` }, value: format(container.requests[field]), source: `pod ${pod.namespace}/${pod.name} containers[${index}].requests.${field}` });
    }
  });
  const refs: FindingRef[] = containers.map((container, index) => context.manifest(`spec.containers[${index}].resources.requests.${resource}`, format(container.requests[field])));
  if (best) {
    facts.push(
      { label: { en: `most ${resource} left on a node`, ko: `노드 최대 잔여 ${resource}` }, value: format(best.free), source: `node ${best.entry.node.name} allocatable.${field} - requests of its pods` },
      { label: { en: `${best.entry.node.name} allocatable`, ko: `${best.entry.node.name} 할당 가능` }, value: format(best.entry.node.allocatable[field]), source: `node ${best.entry.node.name} allocatable.${field}` },
      { label: { en: `${best.entry.node.name} requested by ${best.entry.pods} pods`, ko: `${best.entry.node.name} 파드 ${best.entry.pods}개 요청 합계` }, value: format(best.entry.requested[field]), source: `pods on node ${best.entry.node.name} containers[*].requests.${field}` },
    );
    refs.push({ kind: 'node', centerId: pod.centerId, name: best.entry.node.name });
  }
  const tooBigForAnyNode = largest !== undefined && requested > largest.node.allocatable[field];
  const en = tooBigForAnyNode
    ? `The pod requests ${format(requested)} ${resource}, more than any node can allocate (largest: ${largest.node.name} with ${format(largest.node.allocatable[field])}). Lower the request in spec.containers[*].resources.requests.${resource} or add a larger node.`
    : best
      ? `The pod requests ${format(requested)} ${resource}; the most any schedulable node has left is ${format(best.free)} on ${best.entry.node.name} (allocatable ${format(best.entry.node.allocatable[field])}, ${format(best.entry.requested[field])} already requested). Lower the request to at most ${format(best.free)}, free capacity by scaling down other workloads on those nodes, or add nodes.`
      : `The pod requests ${format(requested)} ${resource} and no schedulable node is known in the cache. Check the nodes' readiness and allocatable ${resource}.`;
  const ko = tooBigForAnyNode
    ? `파드가 ${resource} ${format(requested)}을(를) 요청하지만 어느 노드의 할당 가능량보다 큽니다 (최대: ${largest.node.name}, ${format(largest.node.allocatable[field])}). spec.containers[*].resources.requests.${resource} 값을 낮추거나 더 큰 노드를 추가하세요.`
    : best
      ? `파드가 ${resource} ${format(requested)}을(를) 요청하지만 스케줄 가능한 노드의 최대 잔여량은 ${best.entry.node.name}의 ${format(best.free)}입니다 (할당 가능 ${format(best.entry.node.allocatable[field])}, 이미 요청됨 ${format(best.entry.requested[field])}). 요청을 ${format(best.free)} 이하로 낮추거나, 다른 워크로드를 줄여 용량을 확보하거나, 노드를 추가하세요.`
      : `파드가 ${resource} ${format(requested)}을(를) 요청하지만 캐시에 스케줄 가능한 노드가 없습니다. 노드 상태와 할당 가능 ${resource}를 확인하세요.`;
  void reason;
  return { suggestion: { en, ko }, facts, refs };
}

function describeFinding(reason: SchedulerReason, context: FindingContext): Pick<SchedulerFinding, 'suggestion' | 'facts' | 'refs'> {
  const { pod } = context;
  const scheduling = pod.scheduling ?? {};
  const where = `${pod.namespace}/${pod.name}`;
  switch (reason.code) {
    case 'missing-pvc':
    case 'pvc-deleting': {
      const claimName = reason.subject ?? '';
      const claim = scheduling.claims?.find((entry) => entry.claimName === claimName);
      const refs: FindingRef[] = claim ? [context.manifest(`spec.volumes[${claim.index}].persistentVolumeClaim.claimName`, claimName)] : [];
      const facts: DiagnosisFact[] = [{ label: { en: 'claim', ko: '클레임' }, value: claimName, source: `scheduler message` }];
      if (claim) facts.push({ label: { en: 'volume', ko: '볼륨' }, value: claim.volume, source: `pod ${where} spec.volumes[${claim.index}].name` });
      const statefulSet = pod.ownerKind === 'StatefulSet' && claim ? ` The pod belongs to StatefulSet ${pod.ownerName}: its claims are named <volumeClaimTemplate>-<pod>, here ${claim.volume}-${pod.name}; the controller creates a missing claim only while volumeClaimTemplates still lists "${claim.volume}".` : '';
      const statefulSetKo = pod.ownerKind === 'StatefulSet' && claim ? ` 이 파드는 StatefulSet ${pod.ownerName}에 속합니다. 클레임 이름은 <volumeClaimTemplate>-<파드> 형식(${claim.volume}-${pod.name})이며, volumeClaimTemplates에 "${claim.volume}"가 남아 있을 때만 컨트롤러가 없는 클레임을 다시 만듭니다.` : '';
      if (reason.code === 'pvc-deleting') {
        return {
          facts,
          refs,
          suggestion: {
            en: `PersistentVolumeClaim "${claimName}" is being deleted while the pod needs it. Wait for the deletion to finish (a finalizer such as kubernetes.io/pvc-protection holds it while a pod uses it), then recreate the claim; or stop the deletion if it was a mistake.${statefulSet}`,
            ko: `파드가 필요로 하는 PersistentVolumeClaim "${claimName}"이(가) 삭제 중입니다. 삭제가 끝난 뒤(kubernetes.io/pvc-protection 파이널라이저가 붙잡고 있을 수 있음) 클레임을 다시 만들거나, 실수였다면 삭제를 중단하세요.${statefulSetKo}`,
          },
        };
      }
      return {
        facts,
        refs,
        suggestion: {
          en: `PersistentVolumeClaim "${claimName}" does not exist in namespace ${pod.namespace}${claim ? ` (volume "${claim.volume}", spec.volumes[${claim.index}])` : ''}. Check the volume and claim names (kubectl get pvc -n ${pod.namespace}); recreate the claim, or rebind the released PersistentVolume by clearing its spec.claimRef, and the pod schedules.${statefulSet}`,
          ko: `네임스페이스 ${pod.namespace}에 PersistentVolumeClaim "${claimName}"이(가) 없습니다${claim ? ` (볼륨 "${claim.volume}", spec.volumes[${claim.index}])` : ''}. 볼륨과 클레임 이름을 확인하세요 (kubectl get pvc -n ${pod.namespace}). 클레임을 다시 만들거나, Released 상태의 PersistentVolume은 spec.claimRef를 지워 다시 바인딩하면 파드가 스케줄됩니다.${statefulSetKo}`,
        },
      };
    }
    case 'unbound-pvc': {
      const claims = scheduling.claims ?? [];
      return {
        facts: claims.map((claim) => ({ label: { en: 'claim', ko: '클레임' }, value: claim.claimName, source: `pod ${where} spec.volumes[${claim.index}].persistentVolumeClaim.claimName` })),
        refs: claims.map((claim) => context.manifest(`spec.volumes[${claim.index}].persistentVolumeClaim.claimName`, claim.claimName)),
        suggestion: {
          en: `No PersistentVolume is bound to ${claims.length ? claims.map((claim) => `"${claim.claimName}"`).join(', ') : "the pod's claims"}. Check the claim's storageClassName exists and has a working provisioner (kubectl describe pvc shows its events), or create a PersistentVolume matching its size and access mode.`,
          ko: `${claims.length ? claims.map((claim) => `"${claim.claimName}"`).join(', ') : '파드의 클레임'}에 바인딩된 PersistentVolume이 없습니다. 클레임의 storageClassName이 존재하고 프로비저너가 동작하는지 확인하거나(kubectl describe pvc로 이벤트 확인), 크기와 접근 모드가 맞는 PersistentVolume을 만드세요.`,
        },
      };
    }
    case 'insufficient-cpu':
      return resourceFinding(reason, context, 'cpu');
    case 'insufficient-memory':
      return resourceFinding(reason, context, 'memory');
    case 'insufficient-ephemeral-storage':
    case 'insufficient-resource':
      return {
        facts: [],
        refs: context.containers.map((_container, index) => context.manifest(`spec.containers[${index}].resources.requests`, reason.subject ?? '')),
        suggestion: {
          en: `No node has enough ${reason.subject ?? 'of the requested resource'} left for the pod's requests. Compare spec.containers[*].resources.requests.${reason.subject ?? ''} with the nodes' allocatable (kubectl describe node), lower the request or add capacity.`,
          ko: `파드 요청을 충족할 ${reason.subject ?? '요청 자원'} 잔여량이 있는 노드가 없습니다. spec.containers[*].resources.requests.${reason.subject ?? ''} 값과 노드의 할당 가능량(kubectl describe node)을 비교하고, 요청을 낮추거나 용량을 늘리세요.`,
        },
      };
    case 'too-many-pods': {
      const full = context.use.filter((entry) => entry.node.allocatable.pods !== undefined && entry.pods >= entry.node.allocatable.pods);
      return {
        facts: full.map((entry) => ({ label: { en: `${entry.node.name} pods / allocatable`, ko: `${entry.node.name} 파드 수 / 할당 가능` }, value: `${entry.pods}/${entry.node.allocatable.pods}`, source: `node ${entry.node.name} allocatable.pods; pods with nodeName ${entry.node.name}` })),
        refs: full.map((entry) => ({ kind: 'node' as const, centerId: pod.centerId, name: entry.node.name })),
        suggestion: {
          en: `${reason.nodeCount ?? 'Some'} node(s) already run as many pods as the kubelet allows (allocatable pods, from --max-pods). Remove finished or idle pods, raise maxPods on the nodes, or add nodes.`,
          ko: `노드 ${reason.nodeCount ?? '일부'}개가 kubelet이 허용하는 파드 수(할당 가능 pods, --max-pods)에 이미 도달했습니다. 끝났거나 쓰지 않는 파드를 정리하거나, 노드의 maxPods를 올리거나, 노드를 추가하세요.`,
        },
      };
    }
    case 'untolerated-taint': {
      const [rawKey = '', rawValue = ''] = (reason.subject ?? '').split(':').map((part) => part.trim());
      const tainted = context.use.filter((entry) => (entry.node.taints ?? []).some((taint) => taint.key === rawKey));
      const taint = tainted.flatMap((entry) => entry.node.taints ?? []).find((candidate) => candidate.key === rawKey);
      const effect = taint?.effect ?? 'NoSchedule';
      const health = /^node\.kubernetes\.io\/(not-ready|unreachable|disk-pressure|memory-pressure|pid-pressure|network-unavailable|unschedulable)$/.test(rawKey);
      const toleration = rawValue
        ? `{ key: ${rawKey}, operator: Equal, value: ${rawValue}, effect: ${effect} }`
        : `{ key: ${rawKey}, operator: Exists, effect: ${effect} }`;
      const facts: DiagnosisFact[] = tainted.map((entry) => ({
        label: { en: `taint on ${entry.node.name}`, ko: `${entry.node.name}의 테인트` },
        value: (entry.node.taints ?? []).filter((candidate) => candidate.key === rawKey).map(taintText).join(', '),
        source: `node ${entry.node.name} spec.taints`,
      }));
      facts.push({ label: { en: 'pod tolerations', ko: '파드 톨러레이션' }, value: String((scheduling.tolerations ?? []).length), source: `pod ${where} spec.tolerations` });
      const refs: FindingRef[] = [
        ...tainted.map((entry) => ({ kind: 'node' as const, centerId: pod.centerId, name: entry.node.name })),
        context.manifest('spec.tolerations', (scheduling.tolerations ?? []).map((entry) => `${entry.key ?? '*'}${entry.operator === 'Exists' ? '' : `=${entry.value ?? ''}`}:${entry.effect ?? '*'}`).join(', ')),
      ];
      const suggestion = health
        ? {
            en: `${reason.nodeCount ?? 'Some'} node(s) carry the taint ${rawKey}, which the node lifecycle controller sets on unhealthy nodes. Do not tolerate it: fix the node (conditions, kubelet, disk or memory pressure) and the taint goes away.`,
            ko: `노드 ${reason.nodeCount ?? '일부'}개에 노드 수명주기 컨트롤러가 비정상 노드에 붙이는 테인트 ${rawKey}가 있습니다. 톨러레이션을 추가하지 말고 노드(상태 조건, kubelet, 디스크·메모리 압박)를 고치면 테인트가 사라집니다.`,
          }
        : {
            en: `${reason.nodeCount ?? 'Some'} node(s) have the taint ${rawKey}${rawValue ? `=${rawValue}` : ''} and the pod has no matching toleration. If the pod belongs on those nodes, add to spec.tolerations ${toleration}; otherwise this is expected, and the other reasons below decide.`,
            ko: `노드 ${reason.nodeCount ?? '일부'}개에 테인트 ${rawKey}${rawValue ? `=${rawValue}` : ''}가 있고 파드에 맞는 톨러레이션이 없습니다. 파드가 그 노드에서 돌아야 한다면 spec.tolerations에 ${toleration}를 추가하세요. 그렇지 않다면 정상이며 나머지 사유가 원인입니다.`,
          };
      return { facts, refs, suggestion };
    }
    case 'node-affinity': {
      const selector = scheduling.nodeSelector ?? {};
      const selectorEntries = Object.entries(selector);
      const matching = context.use.filter((entry) => selectorEntries.every(([key, value]) => entry.node.labels[key] === value));
      const facts: DiagnosisFact[] = selectorEntries.map(([key, value]) => ({ label: { en: 'nodeSelector', ko: 'nodeSelector' }, value: `${key}=${value}`, source: `pod ${where} spec.nodeSelector.${key}` }));
      (scheduling.requiredNodeAffinity ?? []).forEach((term, index) => facts.push({ label: { en: 'required node affinity', ko: '필수 노드 어피니티' }, value: term, source: `pod ${where} spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[${index}]` }));
      if (selectorEntries.length) facts.push({ label: { en: 'nodes with those labels', ko: '해당 레이블을 가진 노드' }, value: String(matching.length), source: `nodes[*].labels` });
      const refs: FindingRef[] = [
        ...selectorEntries.map(([key, value]) => context.manifest(`spec.nodeSelector.${key}`, value)),
        ...(scheduling.requiredNodeAffinity ?? []).map((term, index) => context.manifest(`spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[${index}]`, term)),
      ];
      const selectorText = selectorEntries.map(([key, value]) => `${key}=${value}`).join(', ');
      return {
        facts,
        refs,
        suggestion: {
          en: `${reason.nodeCount ?? 'Some'} node(s) do not match the pod's node selector or required node affinity${selectorText ? ` (${selectorText}: ${matching.length} node(s) carry these labels)` : ''}. Fix the selector in the manifest, or label the intended nodes (kubectl label node NAME key=value).`,
          ko: `노드 ${reason.nodeCount ?? '일부'}개가 파드의 nodeSelector 또는 필수 노드 어피니티와 맞지 않습니다${selectorText ? ` (${selectorText}: 이 레이블을 가진 노드 ${matching.length}개)` : ''}. 매니페스트의 셀렉터를 고치거나 의도한 노드에 레이블을 붙이세요 (kubectl label node 이름 key=value).`,
        },
      };
    }
    case 'volume-node-affinity': {
      const zones = [...new Set(context.use.map((entry) => entry.node.labels['topology.kubernetes.io/zone']).filter((zone): zone is string => zone !== undefined))].sort();
      return {
        facts: zones.length ? [{ label: { en: 'node zones', ko: '노드 존' }, value: zones.join(', '), source: 'nodes[*].labels.topology.kubernetes.io/zone' }] : [],
        refs: (scheduling.claims ?? []).map((claim) => context.manifest(`spec.volumes[${claim.index}].persistentVolumeClaim.claimName`, claim.claimName)),
        suggestion: {
          en: `The pod's PersistentVolume can only be attached in a zone or on nodes where the pod cannot run (${reason.nodeCount ?? 'some'} node(s) conflict). Compare the PV's spec.nodeAffinity with the nodes' topology labels${zones.length ? ` (${zones.join(', ')})` : ''}; use a StorageClass with volumeBindingMode: WaitForFirstConsumer so new volumes follow the pod.`,
          ko: `파드의 PersistentVolume은 파드가 실행될 수 없는 존이나 노드에서만 연결됩니다 (충돌 노드 ${reason.nodeCount ?? '일부'}개). PV의 spec.nodeAffinity와 노드 토폴로지 레이블${zones.length ? ` (${zones.join(', ')})` : ''}을 비교하세요. 새 볼륨이 파드를 따라가도록 volumeBindingMode: WaitForFirstConsumer인 StorageClass를 쓰세요.`,
        },
      };
    }
    case 'node-unschedulable': {
      const cordoned = context.use.filter((entry) => entry.node.unschedulable);
      return {
        facts: cordoned.map((entry) => ({ label: { en: 'cordoned node', ko: '코든된 노드' }, value: entry.node.name, source: `node ${entry.node.name} spec.unschedulable` })),
        refs: cordoned.map((entry) => ({ kind: 'node' as const, centerId: pod.centerId, name: entry.node.name })),
        suggestion: {
          en: `${reason.nodeCount ?? 'Some'} node(s) are cordoned${cordoned.length ? ` (${cordoned.map((entry) => entry.node.name).join(', ')})` : ''}. If their maintenance is over, kubectl uncordon them; otherwise add capacity elsewhere.`,
          ko: `노드 ${reason.nodeCount ?? '일부'}개가 코든(스케줄 불가) 상태입니다${cordoned.length ? ` (${cordoned.map((entry) => entry.node.name).join(', ')})` : ''}. 점검이 끝났다면 kubectl uncordon 하고, 아니면 다른 곳에 용량을 추가하세요.`,
        },
      };
    }
    case 'pod-affinity':
    case 'pod-anti-affinity':
    case 'topology-spread': {
      const path = reason.code === 'topology-spread' ? 'spec.topologySpreadConstraints' : 'spec.affinity.podAffinity / podAntiAffinity';
      return {
        facts: [],
        refs: [context.manifest(path, '')],
        suggestion: {
          en:
            reason.code === 'topology-spread'
              ? `${reason.nodeCount ?? 'Some'} node(s) would break the pod's topology spread constraints. Check maxSkew and whenUnsatisfiable: DoNotSchedule in ${path}, and that every node carries the topologyKey label.`
              : `${reason.nodeCount ?? 'Some'} node(s) fail the pod's ${reason.code === 'pod-affinity' ? 'pod affinity' : 'pod anti-affinity'} rules (or existing pods' anti-affinity). Check the label selectors and topologyKey in ${path}; a required anti-affinity with more replicas than nodes can never be met.`,
          ko:
            reason.code === 'topology-spread'
              ? `노드 ${reason.nodeCount ?? '일부'}개가 파드의 토폴로지 분산 제약을 깨뜨립니다. ${path}의 maxSkew와 whenUnsatisfiable: DoNotSchedule, 그리고 모든 노드에 topologyKey 레이블이 있는지 확인하세요.`
              : `노드 ${reason.nodeCount ?? '일부'}개가 파드의 ${reason.code === 'pod-affinity' ? '파드 어피니티' : '파드 안티 어피니티'} 규칙(또는 기존 파드의 안티 어피니티)을 만족하지 않습니다. ${path}의 레이블 셀렉터와 topologyKey를 확인하세요. 레플리카 수가 노드 수보다 많은 필수 안티 어피니티는 충족될 수 없습니다.`,
        },
      };
    }
    case 'node-ports':
      return {
        facts: [],
        refs: [context.manifest('spec.containers[*].ports[*].hostPort', '')],
        suggestion: {
          en: `${reason.nodeCount ?? 'Some'} node(s) already use the hostPort the pod asks for. Drop hostPort (use a Service) or free the port on the nodes.`,
          ko: `노드 ${reason.nodeCount ?? '일부'}개에서 파드가 요청한 hostPort가 이미 사용 중입니다. hostPort를 없애고 Service를 쓰거나 노드의 포트를 비우세요.`,
        },
      };
    // Kubelet-side codes come from kubelet-findings.ts, never from a scheduler message.
    case 'image-pull':
    case 'container-config':
    case 'volume-mount':
    case 'unknown':
      return {
        facts: [],
        refs: [],
        suggestion: {
          en: `The scheduler said: "${reason.text}". OpsDesk has no rule for this reason; read the pod's events for detail.`,
          ko: `스케줄러 메시지: "${reason.text}". OpsDesk에 이 사유에 대한 규칙이 없습니다. 파드 이벤트에서 자세한 내용을 확인하세요.`,
        },
      };
  }
}

function qosAdvice(pod: PodRecord, findings: readonly SchedulerFinding[]): PendingPodDiagnosis['qosAdvice'] {
  const resources = findings.some((finding) => finding.code === 'insufficient-cpu' || finding.code === 'insufficient-memory');
  if (pod.qosClass === 'BestEffort') {
    return {
      en: 'QoS class BestEffort: the pod requests nothing, so the scheduler reserves nothing for it and it is evicted first under node pressure. Set requests (and limits) on every container.',
      ko: 'QoS 클래스 BestEffort: 요청이 없어 스케줄러가 자원을 예약하지 않고, 노드 압박 시 가장 먼저 축출됩니다. 모든 컨테이너에 requests(와 limits)를 지정하세요.',
    };
  }
  if (!resources) return null;
  if (pod.qosClass === 'Guaranteed') {
    return {
      en: 'QoS class Guaranteed: requests equal limits, so the scheduler must find the full limit free on one node. If the workload can burst, requests below limits (Burstable) fit more easily, at the cost of earlier eviction.',
      ko: 'QoS 클래스 Guaranteed: requests가 limits와 같아 한 노드에 limits 전체가 비어 있어야 합니다. 순간 사용량이 큰 워크로드라면 requests를 limits보다 낮게(Burstable) 두면 배치가 쉬워지지만 축출 순위는 앞당겨집니다.',
    };
  }
  return {
    en: 'QoS class Burstable: the scheduler counts only requests, so lowering requests towards measured usage (see the pod memory and CPU charts of earlier replicas) makes room without changing limits.',
    ko: 'QoS 클래스 Burstable: 스케줄러는 requests만 계산하므로 이전 레플리카의 실제 사용량(CPU·메모리 차트)에 맞춰 requests를 낮추면 limits를 바꾸지 않고도 자리를 만들 수 있습니다.',
  };
}

/** A Pending pod the scheduler has not placed, diagnosed; null for pods that are not waiting on the scheduler. */
export function diagnosePendingPod(pod: PodRecord, inputs: PendingPodInputs, index: PendingPodIndex = indexPendingInputs(inputs)): PendingPodDiagnosis | null {
  if (pod.phase !== 'Pending') return null;
  const schedulingEvents = inputs.events
    .filter((event) => event.centerId === pod.centerId && event.namespace === pod.namespace && event.involvedKind === 'Pod' && event.involvedName === pod.name && event.reason === 'FailedScheduling')
    .filter((event) => event.lastSeen >= pod.createdAt)
    .sort((a, b) => b.lastSeen - a.lastSeen);
  const containers = index.containersByPod.get(podKey(pod.centerId, pod.namespace, pod.name)) ?? [];
  if (pod.nodeName !== null && schedulingEvents.length === 0) {
    // Placed: whatever keeps it Pending is the kubelet's, not the scheduler's.
    const findings = kubeletFindings(pod, containers, inputs.events);
    if (findings.length === 0) return null;
    const refs = findings.flatMap((finding) => finding.refs.filter((ref) => ref.kind === 'event'));
    return {
      centerId: pod.centerId,
      namespace: pod.namespace,
      pod: pod.name,
      qosClass: pod.qosClass,
      pendingSince: pod.createdAt,
      totalNodes: null,
      message: findings[0]?.text ?? null,
      findings,
      qosAdvice: pod.qosClass === 'BestEffort' ? qosAdvice(pod, findings) : null,
      refs: [...refs, { kind: 'logs', centerId: pod.centerId, namespace: pod.namespace, pod: pod.name }],
    };
  }
  const message = schedulingEvents[0]?.message ?? (pod.reason === 'Unschedulable' ? pod.message : null);
  const parsed = message ? parseSchedulerMessage(message) : { totalNodes: null, reasons: [], preemption: null };
  const eventRefs: FindingRef[] = schedulingEvents.map((event) => ({ kind: 'event', centerId: event.centerId, uid: event.uid, reason: event.reason, lastSeen: event.lastSeen }));
  const context: FindingContext = {
    pod,
    containers,
    use: index.nodeUseByCenter.get(pod.centerId) ?? [],
    eventRefs,
    manifest: (path, value) => ({ kind: 'manifest', centerId: pod.centerId, namespace: pod.namespace, pod: pod.name, path, value }),
  };
  const findings: SchedulerFinding[] = parsed.reasons.map((reason) => {
    const described = describeFinding(reason, context);
    return { code: reason.code, nodeCount: reason.nodeCount, text: reason.text, subject: reason.subject, ...described, refs: [...described.refs, ...eventRefs.slice(0, 1)] };
  });
  return {
    centerId: pod.centerId,
    namespace: pod.namespace,
    pod: pod.name,
    qosClass: pod.qosClass,
    pendingSince: pod.createdAt,
    totalNodes: parsed.totalNodes,
    message,
    findings,
    qosAdvice: qosAdvice(pod, findings),
    refs: [...eventRefs, { kind: 'logs', centerId: pod.centerId, namespace: pod.namespace, pod: pod.name }],
  };
}

export function indexContainers(containers: readonly ContainerRecord[]): Map<string, ContainerRecord[]> {
  const byPod = new Map<string, ContainerRecord[]>();
  for (const container of containers) {
    const key = podKey(container.centerId, container.namespace, container.podName);
    const list = byPod.get(key);
    if (list) list.push(container);
    else byPod.set(key, [container]);
  }
  return byPod;
}

/** Every Pending pod of the inputs that waits on the scheduler, oldest first. */
export function diagnosePendingPods(inputs: PendingPodInputs): PendingPodDiagnosis[] {
  const index = indexPendingInputs(inputs);
  return inputs.pods
    .filter((pod) => pod.phase === 'Pending')
    .map((pod) => diagnosePendingPod(pod, inputs, index))
    .filter((diagnosis): diagnosis is PendingPodDiagnosis => diagnosis !== null)
    .sort((a, b) => (a.pendingSince ?? 0) - (b.pendingSince ?? 0) || a.pod.localeCompare(b.pod));
}
