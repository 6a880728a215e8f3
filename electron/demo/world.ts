import { applyOhioNoise, applySeoulIncident } from './incident.ts';
import { Random } from './random.ts';
import { ohioCatalog, seoulCatalog, type CenterCatalog } from './world-catalog.ts';
import { EventRecorder, recordLifecycleEvents, recordOhioNoise } from './world-events.ts';
import { ohioNodes, seoulNodes } from './world-nodes.ts';
import { generateWorkloads, PodIpAllocator } from './world-pods.ts';
import type { DemoWorld, IncidentFacts, WorldAlert, WorldCenter, WorldNamespace, WorldNode } from './world-types.ts';

/**
 * The demo world: two centers generated from a seed and an anchor time. Pure and deterministic:
 * the same (seed, anchor) gives a deep-equal world; nothing here reads the clock.
 */

export const defaultDemoSeed = 20_240_617;

const day = 86_400_000;

function namespaces(names: string[], random: Random, clusterCreatedAt: number): WorldNamespace[] {
  return names.map((name) => {
    const system = name.startsWith('kube-') || name === 'default';
    return {
      name,
      uid: random.uuid(),
      createdAt: system ? clusterCreatedAt : Math.floor((clusterCreatedAt + random.between(0.5, 3) * day) / 1000) * 1000,
      labels: { 'kubernetes.io/metadata.name': name, ...(system ? {} : { 'opsdesk.io/team': name }) },
    };
  });
}

interface CenterShape {
  id: string;
  name: string;
  kind: 'on-prem' | 'cloud';
  region: string;
  labels: Record<string, string>;
  kubernetesVersion: string;
  createdAt: number;
  nodes: WorldNode[];
  catalog: CenterCatalog;
}

function buildCenter(shape: CenterShape, seed: number, anchorMs: number, script: 'incident' | 'noise'): { center: WorldCenter; facts: IncidentFacts | null } {
  const random = Random.derive(seed, `${shape.id}/center`);
  const ips = new PodIpAllocator(Random.derive(seed, `${shape.id}/ips`), shape.kind === 'cloud');
  for (const node of shape.nodes) ips.reserve(node.internalIp);
  const context = { centerId: shape.id, seed, anchorMs, createdAt: shape.createdAt, nodes: shape.nodes, ips };
  const { workloads, replicaSets, pods } = generateWorkloads(context, shape.catalog);
  const input = { centerId: shape.id, seed, anchorMs, nodes: shape.nodes, workloads, replicaSets, pods, ips };
  let alerts: WorldAlert[] = [];
  let facts: IncidentFacts | null = null;
  if (script === 'incident') {
    const output = applySeoulIncident(input);
    alerts = output.alerts;
    facts = output.facts;
  } else {
    applyOhioNoise(input);
  }
  pods.sort((a, b) => (a.namespace === b.namespace ? (a.name === b.name ? a.createdAt - b.createdAt : a.name < b.name ? -1 : 1) : a.namespace < b.namespace ? -1 : 1));

  const recorder = new EventRecorder();
  const sources = { nodes: shape.nodes, workloads, replicaSets, pods, problemDetector: shape.kind === 'on-prem' };
  recordLifecycleEvents(recorder, sources);
  if (script === 'noise') recordOhioNoise(recorder, sources, anchorMs, Random.derive(seed, `${shape.id}/noise-events`));

  const kubeStateMetrics = pods.find((pod) => pod.namespace === 'monitoring' && pod.name.startsWith('kube-state-metrics-'));
  return {
    center: {
      id: shape.id,
      name: shape.name,
      kind: shape.kind,
      region: shape.region,
      labels: shape.labels,
      kubernetesVersion: shape.kubernetesVersion,
      createdAt: shape.createdAt,
      namespaces: namespaces(shape.catalog.namespaces, random, shape.createdAt),
      nodes: shape.nodes,
      workloads,
      replicaSets,
      pods,
      events: recorder.finish(Random.derive(seed, `${shape.id}/events`)),
      alerts,
      kubeStateMetricsInstance: `${kubeStateMetrics?.podIp ?? '127.0.0.1'}:8080`,
    },
    facts,
  };
}

export function generateWorld(seed: number, anchorMs: number): DemoWorld {
  const anchor = Math.floor(anchorMs / 1000) * 1000;
  const seoulCreatedAt = Math.floor((anchor - 412 * day) / 1000) * 1000;
  const ohioCreatedAt = Math.floor((anchor - 231 * day) / 1000) * 1000;
  const seoul = buildCenter(
    {
      id: 'seoul-dc',
      name: 'Seoul DC',
      kind: 'on-prem',
      region: 'kr-seoul',
      labels: { environment: 'production', provider: 'on-prem', cluster: 'sel-prod-1' },
      kubernetesVersion: 'v1.29.7',
      createdAt: seoulCreatedAt,
      nodes: seoulNodes(seed, anchor, seoulCreatedAt),
      catalog: seoulCatalog('v1.29.7'),
    },
    seed,
    anchor,
    'incident',
  );
  const ohio = buildCenter(
    {
      id: 'ohio-region',
      name: 'Ohio region',
      kind: 'cloud',
      region: 'us-east-2',
      labels: { environment: 'production', provider: 'aws', cluster: 'use2-prod-eks' },
      kubernetesVersion: 'v1.30.3-eks-2f46c53',
      createdAt: ohioCreatedAt,
      nodes: ohioNodes(seed, anchor),
      catalog: ohioCatalog(),
    },
    seed,
    anchor,
    'noise',
  );
  return { seed, anchorMs: anchor, centers: [seoul.center, ohio.center], incident: seoul.facts! };
}
