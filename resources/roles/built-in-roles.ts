import type { Role } from '../../shared/domain/roles.ts';

/**
 * The three roles every desk has. None names SSO groups, so each is open to everyone (the demo too);
 * `roleGroups:` in centers.yaml can tie them to groups, and custom roles come from `roles:`.
 */
export const builtInRoles: readonly Role[] = [
  {
    id: 'infrastructure',
    name: { en: 'Infrastructure / SRE', ko: '인프라 / SRE' },
    description: { en: 'Servers first: center, cluster, node, then the pods on it.', ko: '서버 중심: 센터, 클러스터, 노드, 그리고 노드의 파드.' },
    source: 'built-in',
    mainView: 'nodes',
    grouping: ['center', 'cluster', 'node', 'pod'],
    columns: {
      nodes: ['name', 'center', 'ready', 'cpu', 'memory', 'roles', 'kubelet', 'age'],
      pods: ['name', 'namespace', 'center', 'node', 'phase', 'restarts', 'ready', 'age'],
      containers: ['name', 'pod', 'namespace', 'center', 'state', 'restarts', 'requests', 'limits'],
    },
    panels: ['summary', 'node.cpu', 'node.memory', 'node.network', 'node.disk', 'events', 'pending-analysis'],
    scope: {},
    groups: [],
  },
  {
    id: 'application-owner',
    name: { en: 'Application owner', ko: '애플리케이션 담당자' },
    description: { en: 'Workloads first: namespace, workload, pod, container.', ko: '워크로드 중심: 네임스페이스, 워크로드, 파드, 컨테이너.' },
    source: 'built-in',
    mainView: 'pods',
    grouping: ['namespace', 'workload', 'pod', 'container'],
    columns: {
      pods: ['namespace', 'name', 'center', 'phase', 'ready', 'restarts', 'reason', 'qos', 'age'],
      containers: ['namespace', 'pod', 'name', 'center', 'state', 'last', 'restarts', 'image', 'requests', 'limits'],
      nodes: ['name', 'center', 'ready', 'cpu', 'memory'],
    },
    panels: ['summary', 'pod.cpu', 'pod.memory', 'pod.restarts', 'container.memory', 'logs', 'events', 'pending-analysis'],
    scope: {},
    groups: [],
  },
  {
    id: 'service-manager',
    name: { en: 'Service manager', ko: '서비스 관리자' },
    description: { en: 'Services first: availability, error rate and latency per service.', ko: '서비스 중심: 서비스별 가용성, 오류율, 지연 시간.' },
    source: 'built-in',
    mainView: 'services',
    grouping: ['service', 'center', 'pod'],
    columns: {
      services: ['name', 'center', 'namespace', 'availability', 'errorRate', 'latencyP95', 'requests'],
      pods: ['name', 'namespace', 'center', 'phase', 'ready', 'restarts'],
    },
    panels: ['service-health', 'summary', 'events', 'logs'],
    scope: {},
    groups: [],
  },
];
