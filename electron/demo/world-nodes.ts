import { hashString, Random } from './random.ts';
import type { WorldNode } from './world-types.ts';

const day = 86_400_000;
const gib = 2 ** 30;

export interface NodePlan {
  name: string;
  role: 'control-plane' | 'worker';
  pool: string;
  zone: string;
  internalIp: string;
  podCidr: string;
  cpuCores: number;
  memoryGiB: number;
  instanceType: string | null;
  createdAt: number;
}

interface NodeFlavor {
  kubeletVersion: string;
  osImage: string;
  kernelVersion: string;
  containerRuntimeVersion: string;
  regionLabel: string;
  primaryInterface: string;
  podsCapacity: number;
  aws: { nodegroups: Record<string, string>; accountZones: boolean } | null;
}

/** kubelet's reserved memory and eviction threshold, subtracted from capacity for allocatable. */
function allocatableMemory(memoryBytes: number, role: string): number {
  const reserved = role === 'control-plane' ? 1 * gib : 1.5 * gib;
  return Math.floor((memoryBytes - reserved - 100 * 2 ** 20) / 1024) * 1024;
}

function buildNode(plan: NodePlan, flavor: NodeFlavor, seed: number, anchorMs: number): WorldNode {
  const random = Random.derive(seed, `node/${plan.name}`);
  // MemTotal as the kernel reports it is a little under the DIMM size; a whole number of KiB.
  const memoryBytes = Math.floor((plan.memoryGiB * gib * random.between(0.975, 0.985)) / 1024) * 1024;
  const labels: Record<string, string> = {
    'beta.kubernetes.io/arch': 'amd64',
    'beta.kubernetes.io/os': 'linux',
    'kubernetes.io/arch': 'amd64',
    'kubernetes.io/hostname': plan.name,
    'kubernetes.io/os': 'linux',
    'topology.kubernetes.io/region': flavor.regionLabel,
    'topology.kubernetes.io/zone': plan.zone,
  };
  const annotations: Record<string, string> = {
    'node.alpha.kubernetes.io/ttl': '0',
    'volumes.kubernetes.io/controller-managed-attach-detach': 'true',
  };
  if (plan.role === 'control-plane') {
    labels['node-role.kubernetes.io/control-plane'] = '';
    labels['node.kubernetes.io/exclude-from-external-load-balancers'] = '';
    annotations['kubeadm.alpha.kubernetes.io/cri-socket'] = 'unix:///var/run/containerd/containerd.sock';
  } else {
    labels['opsdesk.io/pool'] = plan.pool;
  }
  if (plan.instanceType) {
    labels['node.kubernetes.io/instance-type'] = plan.instanceType;
    labels['beta.kubernetes.io/instance-type'] = plan.instanceType;
  }
  let providerId: string | null = null;
  if (flavor.aws) {
    const nodegroup = flavor.aws.nodegroups[plan.pool] ?? plan.pool;
    labels['eks.amazonaws.com/nodegroup'] = nodegroup;
    labels['eks.amazonaws.com/capacityType'] = 'ON_DEMAND';
    labels['eks.amazonaws.com/nodegroup-image'] = 'ami-0b1e5c3a0f54e2d7c';
    labels['k8s.io/cloud-provider-aws'] = 'b7f4d2c81a6e3f90d5c2a7e4b1f8d3c6';
    providerId = `aws:///${plan.zone}/i-0${random.hex(16)}`;
    annotations['alpha.kubernetes.io/provided-node-ip'] = plan.internalIp;
  } else {
    annotations['projectcalico.org/IPv4Address'] = `${plan.internalIp}/24`;
    annotations['projectcalico.org/IPv4IPIPTunnelAddr'] = plan.podCidr.replace(/\.0\/24$/, '.1');
  }
  const cpuReservedMillis = plan.role === 'control-plane' ? 100 : flavor.aws ? 90 : 200;
  return {
    name: plan.name,
    uid: random.uuid(),
    role: plan.role,
    internalIp: plan.internalIp,
    podCidr: plan.podCidr,
    zone: plan.zone,
    labels,
    annotations,
    taints: plan.role === 'control-plane' ? [{ key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' }] : [],
    cpuCores: plan.cpuCores,
    memoryBytes,
    podsCapacity: flavor.podsCapacity,
    allocatableCpuMillis: plan.cpuCores * 1000 - cpuReservedMillis,
    allocatableMemoryBytes: allocatableMemory(memoryBytes, plan.role),
    ephemeralStorageKi: flavor.aws ? 83873772 : 204794888,
    kubeletVersion: flavor.kubeletVersion,
    osImage: flavor.osImage,
    kernelVersion: flavor.kernelVersion,
    containerRuntimeVersion: flavor.containerRuntimeVersion,
    providerId,
    machineId: random.hex(32),
    systemUuid: flavor.aws ? `ec2${random.hex(5)}-${random.hex(4)}-${random.hex(4)}-${random.hex(4)}-${random.hex(12)}` : random.uuid().toUpperCase(),
    bootId: random.uuid(),
    createdAt: plan.createdAt,
    // On-prem nodes were last rebooted for kernel patches; cloud nodes boot when they are created.
    bootedAt: flavor.aws ? plan.createdAt - 45_000 : Math.max(plan.createdAt, anchorMs - random.int(9, 40) * day - random.int(0, 86_399) * 1000),
    cpuBusy: plan.role === 'control-plane' ? random.between(0.08, 0.16) : random.between(0.14, 0.46),
    memoryUsedRatio: plan.role === 'control-plane' ? random.between(0.38, 0.5) : random.between(0.42, 0.68),
    networkBytesPerSecond: Math.round(random.between(1.5e6, 9e6)),
    primaryInterface: flavor.primaryInterface,
    memoryScript: null,
    seriesSeed: hashString(plan.name, seed),
  };
}

export function seoulNodes(seed: number, anchorMs: number, clusterCreatedAt: number): WorldNode[] {
  const random = Random.derive(seed, 'seoul-dc/nodes');
  const flavor: NodeFlavor = {
    kubeletVersion: 'v1.29.7',
    osImage: 'Ubuntu 22.04.4 LTS',
    kernelVersion: '5.15.0-116-generic',
    containerRuntimeVersion: 'containerd://1.7.19',
    regionLabel: 'kr-seoul',
    primaryInterface: 'ens192',
    podsCapacity: 110,
    aws: null,
  };
  const plans: NodePlan[] = [];
  const zones = ['kr-seoul-dc1-a', 'kr-seoul-dc1-b', 'kr-seoul-dc1-c'];
  for (let index = 1; index <= 3; index++) {
    plans.push({
      name: `sel-k8s-cp-0${index}`,
      role: 'control-plane',
      pool: 'control-plane',
      zone: zones[index - 1]!,
      internalIp: `10.40.1.${10 + index}`,
      podCidr: `10.233.${63 + index}.0/24`,
      cpuCores: 8,
      memoryGiB: 32,
      instanceType: null,
      createdAt: clusterCreatedAt + index * 600_000,
    });
  }
  for (let index = 1; index <= 21; index++) {
    const data = index >= 17;
    // The last rack of workers joined the cluster later than the first.
    const joinedLate = index >= 13;
    plans.push({
      name: `sel-k8s-w-${String(index).padStart(2, '0')}`,
      role: 'worker',
      pool: data ? 'data' : 'general',
      zone: zones[(index - 1) % 3]!,
      internalIp: `10.40.2.${20 + index}`,
      podCidr: `10.233.${66 + index}.0/24`,
      cpuCores: data ? 32 : 16,
      memoryGiB: data ? 128 : 64,
      instanceType: null,
      createdAt: joinedLate ? anchorMs - 163 * day + index * 900_000 : clusterCreatedAt + 86_400_000 + index * 900_000 + random.int(0, 600) * 1000,
    });
  }
  return plans.map((plan) => buildNode(plan, flavor, seed, anchorMs));
}

export function ohioNodes(seed: number, anchorMs: number): WorldNode[] {
  const random = Random.derive(seed, 'ohio-region/nodes');
  const flavor: NodeFlavor = {
    kubeletVersion: 'v1.30.2-eks-1552ad0',
    osImage: 'Amazon Linux 2023.5.20240819',
    kernelVersion: '6.1.102-111.182.amzn2023.x86_64',
    containerRuntimeVersion: 'containerd://1.7.20',
    regionLabel: 'us-east-2',
    primaryInterface: 'ens5',
    podsCapacity: 58,
    aws: { nodegroups: { general: 'general-m6i-2xl', data: 'data-r6i-2xl' }, accountZones: true },
  };
  const zones = ['us-east-2a', 'us-east-2b', 'us-east-2c'];
  const subnetThirdOctet = [0, 32, 64];
  const used = new Set<string>();
  const plans: NodePlan[] = [];
  for (let index = 0; index < 16; index++) {
    const data = index >= 12;
    const zoneIndex = index % 3;
    let ip: string;
    do {
      ip = `10.20.${subnetThirdOctet[zoneIndex]! + random.int(0, 31)}.${random.int(4, 250)}`;
    } while (used.has(ip));
    used.add(ip);
    // Managed node groups replace nodes on every AMI update; most are days old.
    const ageDays = data ? random.between(20, 34) : random.between(2, 13);
    plans.push({
      name: `ip-${ip.replaceAll('.', '-')}.us-east-2.compute.internal`,
      role: 'worker',
      pool: data ? 'data' : 'general',
      zone: zones[zoneIndex]!,
      internalIp: ip,
      podCidr: `${ip.split('.').slice(0, 3).join('.')}.0/24`,
      cpuCores: 8,
      memoryGiB: data ? 64 : 32,
      instanceType: data ? 'r6i.2xlarge' : 'm6i.2xlarge',
      createdAt: Math.floor((anchorMs - ageDays * day) / 1000) * 1000,
    });
  }
  return plans.map((plan) => buildNode(plan, flavor, seed, anchorMs));
}
