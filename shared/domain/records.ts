import { z } from 'zod';

/** Epoch milliseconds. Every time in the domain is UTC epoch ms; formatting is the view's job. */
export const epochMs = z.number().int().nonnegative();

export const signalSchema = z.enum(['metrics', 'kubernetes', 'alerts', 'logs', 'traces', 'audit']);
export type Signal = z.infer<typeof signalSchema>;

export const connectorKindSchema = z.enum(['prometheus', 'kubernetes', 'alertmanager', 'loki', 'jaeger', 'tempo', 'ssh-journal', 'ssh-file']);
export type ConnectorKind = z.infer<typeof connectorKindSchema>;

/** A name of a secret in the OS keychain; the secret itself never appears in config, cache or renderer. */
export const secretRefSchema = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9:._/-]{0,199}$/, 'a keychain entry name: letters, digits and : . _ / -');

export const endpointAuthSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('none') }).strict(),
  /** Bearer access token of an SSO sign-in profile. */
  z.object({ type: z.literal('sso'), profile: z.string().min(1) }).strict(),
  z.object({ type: z.literal('token'), secret: secretRefSchema }).strict(),
  z.object({ type: z.literal('basic'), username: z.string().min(1), secret: secretRefSchema }).strict(),
  /** Client certificate (PEM file) with its private key in the keychain. */
  z.object({ type: z.literal('mtls'), certFile: z.string().min(1), keySecret: secretRefSchema }).strict(),
]);
export type EndpointAuth = z.infer<typeof endpointAuthSchema>;

export const sshHopSchema = z
  .object({
    host: z.string().min(1),
    port: z.number().int().min(1).max(65535).default(22),
    user: z.string().min(1),
    /** Private key in the keychain; without it the SSH agent is used. */
    key: secretRefSchema.optional(),
  })
  .strict();
export const sshRouteSchema = z.object({ hops: z.array(sshHopSchema).min(1).max(8) }).strict();
export type SshRouteConfig = z.infer<typeof sshRouteSchema>;

/** What an SSH log endpoint (kind ssh-journal / ssh-file) reads on the last hop of its route. */
export const sshLogSourceSchema = z.discriminatedUnion('source', [
  /** No units: the whole journal. */
  z.object({ source: z.literal('journal'), units: z.array(z.string().min(1)) }).strict(),
  z.object({ source: z.literal('file'), paths: z.array(z.string().min(1)).min(1) }).strict(),
]);
export type SshLogSourceConfig = z.infer<typeof sshLogSourceSchema>;

export const endpointSchema = z.object({
  id: z.string().min(1),
  centerId: z.string().min(1),
  signal: signalSchema,
  kind: connectorKindSchema,
  url: z.string().url(),
  timeoutMs: z.number().int().positive().default(15_000),
  /** Absent means no authentication. */
  auth: endpointAuthSchema.optional(),
  /** PEM bundle of a private CA that signs the endpoint's certificate. */
  caFile: z.string().optional(),
  ssh: sshRouteSchema.optional(),
  /** Kinds ssh-journal / ssh-file only (their url is the ssh:// address of the log host, for display). */
  sshLogs: sshLogSourceSchema.optional(),
});
export type Endpoint = z.infer<typeof endpointSchema>;

export const centerSchema = z.object({
  id: z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'center id: lowercase letters, digits and dashes'),
  name: z.string().min(1),
  kind: z.enum(['on-prem', 'cloud']),
  region: z.string(),
  labels: z.record(z.string(), z.string()),
  demo: z.boolean(),
  endpoints: z.array(endpointSchema),
});
export type Center = z.infer<typeof centerSchema>;

export const resourceAmountsSchema = z.object({
  cpuMillis: z.number().nonnegative(),
  memoryBytes: z.number().nonnegative(),
  pods: z.number().int().nonnegative().optional(),
});
export type ResourceAmounts = z.infer<typeof resourceAmountsSchema>;

export const nodeConditionSchema = z.object({
  type: z.string(),
  status: z.enum(['True', 'False', 'Unknown']),
  reason: z.string().optional(),
  message: z.string().optional(),
});

/** A node taint (spec.taints[]). */
export const nodeTaintSchema = z.object({ key: z.string(), value: z.string().optional(), effect: z.string() });
export type NodeTaint = z.infer<typeof nodeTaintSchema>;

export const nodeRecordSchema = z.object({
  centerId: z.string(),
  name: z.string(),
  uid: z.string(),
  roles: z.array(z.string()),
  ready: z.enum(['True', 'False', 'Unknown']),
  unschedulable: z.boolean(),
  conditions: z.array(nodeConditionSchema),
  capacity: resourceAmountsSchema,
  allocatable: resourceAmountsSchema,
  labels: z.record(z.string(), z.string()),
  internalIp: z.string().nullable(),
  kubeletVersion: z.string(),
  osImage: z.string(),
  createdAt: epochMs,
  /** spec.taints; absent when the node has none. */
  taints: z.array(nodeTaintSchema).optional(),
});
export type NodeRecord = z.infer<typeof nodeRecordSchema>;

export const podPhaseSchema = z.enum(['Pending', 'Running', 'Succeeded', 'Failed', 'Unknown']);
export const qosClassSchema = z.enum(['Guaranteed', 'Burstable', 'BestEffort']);

/** A pod toleration (spec.tolerations[]). */
export const podTolerationSchema = z.object({
  key: z.string().optional(),
  operator: z.string().optional(),
  value: z.string().optional(),
  effect: z.string().optional(),
});
export type PodToleration = z.infer<typeof podTolerationSchema>;

/**
 * What the scheduler reads from a pod's spec, kept for pods not yet placed on a node (the
 * pending-pod analysis needs it; a running pod's placement already happened). Empty parts are omitted.
 */
export const podSchedulingSchema = z.object({
  /** spec.volumes[index] that name a PersistentVolumeClaim. */
  claims: z.array(z.object({ index: z.number().int().nonnegative(), volume: z.string(), claimName: z.string() })).optional(),
  tolerations: z.array(podTolerationSchema).optional(),
  nodeSelector: z.record(z.string(), z.string()).optional(),
  /** spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution terms, each as `key Op (values)` joined by ` and `. */
  requiredNodeAffinity: z.array(z.string()).optional(),
  priorityClassName: z.string().optional(),
});
export type PodScheduling = z.infer<typeof podSchedulingSchema>;

export const podRecordSchema = z.object({
  centerId: z.string(),
  namespace: z.string(),
  name: z.string(),
  uid: z.string(),
  nodeName: z.string().nullable(),
  phase: podPhaseSchema,
  /** Pod-level status reason/message, or the scheduling condition's message while Pending. */
  reason: z.string().nullable(),
  message: z.string().nullable(),
  qosClass: qosClassSchema,
  ownerKind: z.string().nullable(),
  ownerName: z.string().nullable(),
  restarts: z.number().int().nonnegative(),
  readyContainers: z.number().int().nonnegative(),
  totalContainers: z.number().int().nonnegative(),
  podIp: z.string().nullable(),
  labels: z.record(z.string(), z.string()),
  createdAt: epochMs,
  startedAt: epochMs.nullable(),
  /** Only for pods not yet scheduled (see podSchedulingSchema). */
  scheduling: podSchedulingSchema.optional(),
});
export type PodRecord = z.infer<typeof podRecordSchema>;

export const containerStateSchema = z.enum(['running', 'waiting', 'terminated', 'unknown']);

export const containerRecordSchema = z.object({
  centerId: z.string(),
  namespace: z.string(),
  podName: z.string(),
  name: z.string(),
  image: z.string(),
  ready: z.boolean(),
  restartCount: z.number().int().nonnegative(),
  state: containerStateSchema,
  /** e.g. CrashLoopBackOff while waiting, Completed/OOMKilled while terminated. */
  stateReason: z.string().nullable(),
  startedAt: epochMs.nullable(),
  lastTerminationReason: z.string().nullable(),
  lastTerminatedAt: epochMs.nullable(),
  requests: resourceAmountsSchema,
  limits: resourceAmountsSchema,
});
export type ContainerRecord = z.infer<typeof containerRecordSchema>;

export const kubeEventRecordSchema = z.object({
  centerId: z.string(),
  uid: z.string(),
  namespace: z.string(),
  involvedKind: z.string(),
  involvedName: z.string(),
  reason: z.string(),
  message: z.string(),
  type: z.string(),
  count: z.number().int().nonnegative(),
  firstSeen: epochMs,
  lastSeen: epochMs,
  source: z.string(),
});
export type KubeEventRecord = z.infer<typeof kubeEventRecordSchema>;

export const alertRecordSchema = z.object({
  centerId: z.string(),
  fingerprint: z.string(),
  alertName: z.string(),
  /** Alertmanager v2 status.state. */
  state: z.enum(['active', 'suppressed', 'unprocessed']),
  severity: z.string().nullable(),
  labels: z.record(z.string(), z.string()),
  annotations: z.record(z.string(), z.string()),
  startsAt: epochMs,
  /** Alertmanager's endsAt; in the past means resolved. */
  endsAt: epochMs.nullable(),
  updatedAt: epochMs,
});
export type AlertRecord = z.infer<typeof alertRecordSchema>;

/** A metric series as a connector returns it: labels plus parallel arrays, timestamps in epoch ms. */
export interface SeriesSamples {
  labels: Record<string, string>;
  timestamps: number[];
  values: number[];
}

export interface InventorySnapshot {
  nodes: NodeRecord[];
  pods: PodRecord[];
  containers: ContainerRecord[];
  events: KubeEventRecord[];
}
