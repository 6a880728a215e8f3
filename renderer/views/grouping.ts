import type { ServiceHealth } from '../../shared/analysis/service-health-schema.ts';
import { filterText, matchesFilter, type FilterQuery } from '../state/filter-query.ts';
import type { GroupingLevel } from '../../shared/domain/roles.ts';
import type { ContainerRecord, NodeRecord, PodRecord } from '../../shared/domain/records.ts';
import { containerKey, nodeKey, podKey } from './row-keys.ts';

/**
 * A role's grouping as a tree: every record of every selected center placed under the levels the role
 * names, outermost first. A level that is itself a record (node, pod, container, service) links to it.
 */

export type EntityKind = 'node' | 'pod' | 'container' | 'service';
export interface EntityRef {
  kind: EntityKind;
  key: string;
}

export type GroupTone = 'ok' | 'warn' | 'error';

export interface GroupNode {
  /** Path of level values from the root, unique in the tree. */
  id: string;
  level: GroupingLevel;
  label: string;
  entity: EntityRef | null;
  tone: GroupTone;
  /** Records of the deepest level below (or this one). */
  leafCount: number;
  children: GroupNode[];
}

export interface GroupInput {
  nodes: readonly NodeRecord[];
  pods: readonly PodRecord[];
  containers: readonly ContainerRecord[];
  services: readonly ServiceHealth[];
  /** The cluster a center's records belong to (a center label, or the center itself). */
  clusterOf(centerId: string): string;
}

interface LevelValue {
  id: string;
  label: string;
  entity?: EntityRef;
}

type Path = Partial<Record<GroupingLevel, LevelValue>>;

/** `Deployment/checkout` for a ReplicaSet `checkout-7d9f8c` whose pods carry that template hash. */
export function workloadOf(pod: PodRecord): string {
  if (!pod.ownerKind || !pod.ownerName) return `Pod/${pod.name}`;
  const hash = pod.labels['pod-template-hash'];
  if (pod.ownerKind === 'ReplicaSet' && hash && pod.ownerName.endsWith(`-${hash}`)) {
    return `Deployment/${pod.ownerName.slice(0, -(hash.length + 1))}`;
  }
  return `${pod.ownerKind}/${pod.ownerName}`;
}

export function serviceKey(service: Pick<ServiceHealth, 'centerId' | 'service'>): string {
  return `${service.centerId}/${service.service}`;
}

/** Services are named after their workloads (OpenTelemetry's k8s.deployment.name), in the same namespace. */
export function serviceOfPod(pod: PodRecord, services: readonly ServiceHealth[]): ServiceHealth | null {
  const workload = workloadOf(pod);
  const name = workload.slice(workload.indexOf('/') + 1);
  return (
    services.find(
      (service) => service.centerId === pod.centerId && service.service === name && (service.namespace === null || service.namespace === pod.namespace),
    ) ?? null
  );
}

function nodeTone(node: NodeRecord): GroupTone {
  if (node.ready !== 'True') return 'error';
  const pressure = node.conditions.some((condition) => condition.type !== 'Ready' && condition.status === 'True');
  return node.unschedulable || pressure ? 'warn' : 'ok';
}

function podToneOf(pod: PodRecord): GroupTone {
  if (pod.phase === 'Failed' || pod.reason === 'CrashLoopBackOff') return 'error';
  if (pod.phase === 'Pending' || (pod.phase === 'Running' && pod.readyContainers < pod.totalContainers)) return 'warn';
  return 'ok';
}

function containerToneOf(container: ContainerRecord): GroupTone {
  if (container.stateReason && /OOMKilled|Error|CrashLoopBackOff|ImagePull|ErrImage/.test(container.stateReason)) return 'error';
  if (container.state !== 'running' || !container.ready) return container.stateReason === 'Completed' ? 'ok' : 'warn';
  return 'ok';
}

function serviceTone(service: ServiceHealth): GroupTone {
  if (service.errorRate !== null && service.errorRate >= 0.05) return 'error';
  return (service.errorRate !== null && service.errorRate >= 0.01) || service.activeAlerts > 0 ? 'warn' : 'ok';
}

const toneRank: Record<GroupTone, number> = { ok: 0, warn: 1, error: 2 };

interface Placed {
  kind: EntityKind;
  path: Path;
  tone: GroupTone;
}

function centerPath(centerId: string, clusterOf: (centerId: string) => string): Path {
  return { center: { id: centerId, label: centerId }, cluster: { id: clusterOf(centerId), label: clusterOf(centerId) } };
}

function podPath(pod: PodRecord, input: GroupInput, services: readonly ServiceHealth[]): Path {
  const workload = workloadOf(pod);
  const service = serviceOfPod(pod, services);
  const path: Path = {
    ...centerPath(pod.centerId, input.clusterOf),
    node: pod.nodeName
      ? { id: pod.nodeName, label: pod.nodeName, entity: { kind: 'node', key: `${pod.centerId}/${pod.nodeName}` } }
      : { id: '(not scheduled)', label: '(not scheduled)' },
    namespace: { id: pod.namespace, label: pod.namespace },
    workload: { id: workload, label: workload },
    pod: { id: pod.name, label: pod.name, entity: { kind: 'pod', key: podKey(pod) } },
  };
  if (service) path.service = { id: service.service, label: service.service, entity: { kind: 'service', key: service.service } };
  return path;
}

function placements(levels: readonly GroupingLevel[], input: GroupInput): Placed[] {
  const placed: Placed[] = [];
  const wants = (kind: EntityKind) => levels.includes(kind);
  const podPaths = new Map<string, Path>();
  const services = wants('service') ? input.services : [];
  if (wants('pod') || wants('container') || !wants('node')) {
    for (const pod of input.pods) {
      const path = podPath(pod, input, services);
      podPaths.set(podKey(pod), path);
      placed.push({ kind: 'pod', path, tone: podToneOf(pod) });
    }
  }
  if (wants('node')) {
    for (const node of input.nodes) {
      placed.push({
        kind: 'node',
        path: { ...centerPath(node.centerId, input.clusterOf), node: { id: node.name, label: node.name, entity: { kind: 'node', key: nodeKey(node) } } },
        tone: nodeTone(node),
      });
    }
  }
  if (wants('container')) {
    for (const container of input.containers) {
      const parent = podPaths.get(`${container.centerId}/${container.namespace}/${container.podName}`);
      if (!parent) continue;
      placed.push({
        kind: 'container',
        path: { ...parent, container: { id: container.name, label: container.name, entity: { kind: 'container', key: containerKey(container) } } },
        tone: containerToneOf(container),
      });
    }
  }
  if (wants('service')) {
    for (const service of input.services) {
      placed.push({
        kind: 'service',
        path: {
          ...centerPath(service.centerId, input.clusterOf),
          namespace: service.namespace ? { id: service.namespace, label: service.namespace } : undefined,
          service: { id: service.service, label: service.service, entity: { kind: 'service', key: service.service } },
        },
        tone: serviceTone(service),
      });
    }
  }
  return placed;
}

function deepestEntityLevel(levels: readonly GroupingLevel[]): number {
  let deepest = -1;
  levels.forEach((level, index) => {
    if (level === 'node' || level === 'pod' || level === 'container' || level === 'service') deepest = index;
  });
  return deepest < 0 ? levels.length - 1 : deepest;
}

function sortTree(nodes: GroupNode[]): GroupNode[] {
  nodes.sort((a, b) => a.label.localeCompare(b.label, 'en', { numeric: true }));
  for (const node of nodes) sortTree(node.children);
  return nodes;
}

export function buildGroupTree(levels: readonly GroupingLevel[], input: GroupInput): GroupNode[] {
  const roots: GroupNode[] = [];
  const index = new Map<string, GroupNode>();
  const deepest = deepestEntityLevel(levels);
  for (const item of placements(levels, input)) {
    // A record is placed down to its own level; levels below it are not its to fill.
    const own = levels.indexOf(item.kind);
    const depth = own >= 0 ? own : deepest;
    const values: LevelValue[] = [];
    let complete = true;
    for (let level = 0; level <= depth; level += 1) {
      const value = item.path[levels[level]!];
      if (!value) {
        complete = false;
        break;
      }
      values.push(value);
    }
    if (!complete) continue;
    let siblings = roots;
    let id = '';
    values.forEach((value, level) => {
      id = `${id}\u0001${value.id}`;
      let node = index.get(id);
      if (!node) {
        node = { id, level: levels[level]!, label: value.label, entity: value.entity ?? null, tone: 'ok', leafCount: 0, children: [] };
        index.set(id, node);
        siblings.push(node);
      }
      if (toneRank[item.tone] > toneRank[node.tone]) node.tone = item.tone;
      if (depth === deepest) node.leafCount += 1;
      siblings = node.children;
    });
  }
  return sortTree(roots);
}

/** The rows a tree shows with some groups collapsed, in display order, with their depth. */
export function visibleRows(roots: readonly GroupNode[], collapsed: ReadonlySet<string>): { node: GroupNode; depth: number }[] {
  const rows: { node: GroupNode; depth: number }[] = [];
  const walk = (nodes: readonly GroupNode[], depth: number) => {
    for (const node of nodes) {
      rows.push({ node, depth });
      if (!collapsed.has(node.id)) walk(node.children, depth + 1);
    }
  };
  walk(roots, 0);
  return rows;
}

/**
 * The selection after a role switch: kept when the new grouping shows that kind of record, otherwise
 * the closest record it does show (a container's pod, a pod's node), otherwise none.
 */
export function carrySelection(selection: EntityRef | null, levels: readonly GroupingLevel[], pods: readonly PodRecord[]): EntityRef | null {
  if (!selection) return null;
  if (levels.includes(selection.kind)) return selection;
  if (selection.kind === 'container') {
    const podPart = selection.key.split('/').slice(0, 3).join('/');
    return carrySelection({ kind: 'pod', key: podPart }, levels, pods);
  }
  if (selection.kind === 'pod') {
    const pod = pods.find((candidate) => podKey(candidate) === selection.key);
    if (pod?.nodeName && levels.includes('node')) return { kind: 'node', key: `${pod.centerId}/${pod.nodeName}` };
  }
  return null;
}

/** Every group id whose subtree holds the entity, so it can be expanded into view. */
export function ancestorsOf(roots: readonly GroupNode[], entity: EntityRef): string[] {
  const trail: string[] = [];
  const walk = (nodes: readonly GroupNode[]): boolean => {
    for (const node of nodes) {
      if (node.entity?.kind === entity.kind && node.entity.key === entity.key) return true;
      trail.push(node.id);
      if (walk(node.children)) return true;
      trail.pop();
    }
    return false;
  };
  return walk(roots) ? trail : [];
}

/**
 * The tree narrowed to groups that match the filter or hold a match; a matching group keeps all it
 * holds. Each group is matched on its own and its ancestors' labels, with the levels as fields
 * (so `namespace=shop` or `node=sel-w-01` work).
 */
export function filterTree(
  roots: readonly GroupNode[],
  query: FilterQuery,
  extraText: (node: GroupNode) => string = () => '',
): GroupNode[] {
  if (query.terms.length === 0) return [...roots];
  const walk = (nodes: readonly GroupNode[], fields: Record<string, string>, labels: string[]): GroupNode[] =>
    nodes.flatMap((node) => {
      const ownFields = { ...fields, [node.level]: node.label };
      const ownLabels = [...labels, node.label];
      const row = { text: filterText([...ownLabels, extraText(node)]), fields: ownFields };
      if (matchesFilter(row, query)) return [node];
      const children = walk(node.children, ownFields, ownLabels);
      return children.length ? [{ ...node, children }] : [];
    });
  return walk(roots, {}, []);
}
