/**
 * The demo world as plain data (no functions), so two generations with the same seed and anchor
 * compare equal. Everything that changes over time is stored as timestamps (epoch ms) and read
 * through the pure views in lifecycle.ts, events.ts and alerts.ts at a chosen "now".
 */

export type Labels = Record<string, string>;

export interface DemoWorld {
  seed: number;
  /** Epoch ms, whole seconds: "now" at the moment the scripted incident is designed around. */
  anchorMs: number;
  centers: WorldCenter[];
  incident: IncidentFacts;
}

export interface WorldCenter {
  id: string;
  name: string;
  kind: 'on-prem' | 'cloud';
  region: string;
  labels: Labels;
  /** Kubernetes server version, e.g. v1.29.7. */
  kubernetesVersion: string;
  createdAt: number;
  namespaces: WorldNamespace[];
  nodes: WorldNode[];
  workloads: WorldWorkload[];
  replicaSets: WorldReplicaSet[];
  pods: WorldPod[];
  events: WorldEvent[];
  alerts: WorldAlert[];
  /** host:port of the kube-state-metrics scrape target. */
  kubeStateMetricsInstance: string;
}

export interface WorldNamespace {
  name: string;
  uid: string;
  createdAt: number;
  labels: Labels;
}

export interface WorldTaint {
  key: string;
  effect: 'NoSchedule' | 'PreferNoSchedule' | 'NoExecute';
  value?: string;
}

export interface NodeMemoryKeypoint {
  atMs: number;
  /** MemAvailable / MemTotal at that instant; linear in between. */
  availableRatio: number;
}

export interface WorldNode {
  name: string;
  uid: string;
  role: 'control-plane' | 'worker';
  internalIp: string;
  podCidr: string;
  zone: string;
  labels: Labels;
  annotations: Labels;
  taints: WorldTaint[];
  cpuCores: number;
  memoryBytes: number;
  podsCapacity: number;
  allocatableCpuMillis: number;
  allocatableMemoryBytes: number;
  ephemeralStorageKi: number;
  kubeletVersion: string;
  osImage: string;
  kernelVersion: string;
  containerRuntimeVersion: string;
  providerId: string | null;
  machineId: string;
  systemUuid: string;
  bootId: string;
  createdAt: number;
  bootedAt: number;
  /** Fraction of CPU time busy on average; the signal adds daily and short waves. */
  cpuBusy: number;
  memoryUsedRatio: number;
  networkBytesPerSecond: number;
  primaryInterface: string;
  /** Scripted MemAvailable ratio (the incident node); null means the ordinary wave. */
  memoryScript: NodeMemoryKeypoint[] | null;
  seriesSeed: number;
}

export type WorkloadKind = 'Deployment' | 'StatefulSet' | 'DaemonSet' | 'Static';

export interface ResourceSpec {
  cpuMillis?: number;
  memoryBytes?: number;
}

export interface ContainerTemplate {
  name: string;
  image: string;
  ports: Array<{ name: string; containerPort: number }>;
  requests: ResourceSpec;
  limits: ResourceSpec;
  /** Typical usage this container shows in metrics. */
  usageCores: number;
  usageMemoryBytes: number;
}

export interface WorldWorkload {
  kind: WorkloadKind;
  namespace: string;
  name: string;
  uid: string;
  createdAt: number;
  labels: Labels;
  selector: Labels;
  /** Desired replicas (Deployment/StatefulSet); DaemonSets run one per eligible node. */
  replicas: number;
  /** spec.replicas over time (an autoscaler changes it), ascending. */
  replicaHistory: ReplicaCountChange[];
  /** Current revision's containers; earlier revisions live on their ReplicaSets. */
  containers: ContainerTemplate[];
  generation: number;
  /** Deployments: the ReplicaSet of the current revision. StatefulSets/DaemonSets: controller-revision hash. */
  currentRevision: string;
  hostNetwork: boolean;
  priorityClassName: string | null;
  serviceAccountName: string;
  volumeClaimTemplates: Array<{ name: string; storage: string; storageClassName: string }>;
  /** Deployment condition times: last time the rollout finished progressing. */
  lastRolloutAt: number;
}

export interface ReplicaCountChange {
  atMs: number;
  replicas: number;
}

export interface WorldReplicaSet {
  namespace: string;
  name: string;
  uid: string;
  deployment: string;
  deploymentUid: string;
  podTemplateHash: string;
  revision: number;
  createdAt: number;
  /** spec.replicas over time, ascending; the first entry is at creation. */
  replicaHistory: ReplicaCountChange[];
  containers: ContainerTemplate[];
  labels: Labels;
  nodeSelector: Labels | null;
}

export interface ContainerRun {
  /** containerd id of this instance of the container (64 hex digits). */
  containerId: string;
  startedAt: number;
  finishedAt: number | null;
  /** Why it ended: OOMKilled, Error, Completed. */
  exitReason: string | null;
  exitCode: number | null;
  /** Working set grows linearly from this to `leakToBytes` at finishedAt (a leaking run). */
  leakFromBytes: number | null;
  leakToBytes: number | null;
  /** Process id the kernel names when it OOM-kills this run. */
  pid: number;
}

export interface WorldContainer {
  template: ContainerTemplate;
  imageId: string;
  /** Instances of the container in start order; a gap between two is a restart back-off. */
  runs: ContainerRun[];
  /** The image had to be pulled for the first run (Pulling/Pulled events with a duration). */
  pulledImageMs: number | null;
  seriesSeed: number;
}

export interface PendingInfo {
  reason: string;
  message: string;
}

export interface WorldPod {
  namespace: string;
  name: string;
  uid: string;
  generateName: string | null;
  labels: Labels;
  annotations: Labels;
  ownerKind: 'ReplicaSet' | 'StatefulSet' | 'DaemonSet' | 'Node';
  ownerName: string;
  ownerUid: string;
  ownerApiVersion: string;
  nodeName: string | null;
  nodeSelector: Labels | null;
  hostNetwork: boolean;
  hostIp: string | null;
  podIp: string | null;
  createdAt: number;
  scheduledAt: number | null;
  /** Graceful deletion began (metadata.deletionTimestamp is this plus the grace period). */
  deletingAt: number | null;
  /** Gone from the API. */
  removedAt: number | null;
  pending: PendingInfo | null;
  restartPolicy: 'Always' | 'OnFailure' | 'Never';
  terminationGracePeriodSeconds: number;
  priorityClassName: string | null;
  priority: number;
  serviceAccountName: string;
  claimNames: string[];
  containers: WorldContainer[];
  qosClass: 'Guaranteed' | 'Burstable' | 'BestEffort';
  /** Received bytes per second on the pod's network namespace (0 for host network). */
  networkBytesPerSecond: number;
  seriesSeed: number;
}

export interface InvolvedObject {
  kind: string;
  namespace: string;
  name: string;
  uid: string;
  apiVersion: string;
  fieldPath?: string;
}

export interface WorldEvent {
  namespace: string;
  /** Names are `<involved name>.<hex of first occurrence in ns>` like the recorder makes them. */
  name: string;
  uid: string;
  involved: InvolvedObject;
  reason: string;
  message: string;
  type: 'Normal' | 'Warning';
  source: { component: string; host?: string };
  /** Every time the recorder saw it, ascending; the API shows count/first/last up to "now". */
  occurrences: number[];
}

export interface WorldAlert {
  labels: Labels;
  annotations: Labels;
  /** The rule's expression, for generatorURL. */
  expr: string;
  receiver: string;
  pendingAt: number;
  firingAt: number;
  resolvedAt: number | null;
}

export interface IncidentFacts {
  centerId: string;
  namespace: string;
  deployment: string;
  rolloutAt: number;
  oldReplicaSet: string;
  newReplicaSet: string;
  leakingPods: string[];
  leakingContainer: string;
  memoryLimitBytes: number;
  node: string;
  firstOomKillAt: number;
  pendingPod: { namespace: string; name: string; message: string };
  nodeMemoryAlert: { pendingAt: number; firingAt: number; resolvedAt: number };
  crashLoopAlertFiringAt: number;
}
