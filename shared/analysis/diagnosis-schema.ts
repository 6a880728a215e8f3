import { z } from 'zod';
import { localizedTextSchema } from '../domain/roles.ts';

/** Where a finding came from, so a view can link to it. */
export const findingRefSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('event'), centerId: z.string(), uid: z.string(), reason: z.string(), lastSeen: z.number() }),
  z.object({ kind: z.literal('logs'), centerId: z.string(), namespace: z.string(), pod: z.string(), container: z.string().optional() }),
  /** A field of the pod's manifest, as a kubectl-style path (`spec.volumes[1].persistentVolumeClaim.claimName`). */
  z.object({ kind: z.literal('manifest'), centerId: z.string(), namespace: z.string(), pod: z.string(), path: z.string(), value: z.string() }),
  z.object({ kind: z.literal('node'), centerId: z.string(), name: z.string() }),
]);
export type FindingRef = z.infer<typeof findingRefSchema>;

export const schedulerReasonCodeSchema = z.enum([
  'missing-pvc',
  'unbound-pvc',
  'insufficient-cpu',
  'insufficient-memory',
  'insufficient-ephemeral-storage',
  'insufficient-resource',
  'too-many-pods',
  'untolerated-taint',
  'node-affinity',
  'volume-node-affinity',
  'node-unschedulable',
  'pod-affinity',
  'pod-anti-affinity',
  'topology-spread',
  'node-ports',
  'pvc-deleting',
  'image-pull',
  'container-config',
  'volume-mount',
  'unknown',
]);
export type SchedulerReasonCode = z.infer<typeof schedulerReasonCodeSchema>;

/** A number the suggestion rests on, with the record it came from. */
export const diagnosisFactSchema = z.object({
  label: localizedTextSchema,
  value: z.string(),
  /** e.g. `pod data/reports-db-0 containers[0].requests.cpuMillis` or `node sel-k8s-w-03 allocatable.memoryBytes`. */
  source: z.string(),
});
export type DiagnosisFact = z.infer<typeof diagnosisFactSchema>;

export const schedulerFindingSchema = z.object({
  code: schedulerReasonCodeSchema,
  /** How many nodes the scheduler rejected for this reason (`2 Insufficient cpu`), when it said. */
  nodeCount: z.number().int().nonnegative().nullable(),
  /** The fragment of the scheduler's message this finding read. */
  text: z.string(),
  /** e.g. the missing claim's name or the taint. */
  subject: z.string().nullable(),
  suggestion: localizedTextSchema,
  facts: z.array(diagnosisFactSchema),
  refs: z.array(findingRefSchema),
});
export type SchedulerFinding = z.infer<typeof schedulerFindingSchema>;

export const pendingPodDiagnosisSchema = z.object({
  centerId: z.string(),
  namespace: z.string(),
  pod: z.string(),
  qosClass: z.string(),
  pendingSince: z.number().nullable(),
  /** Nodes the scheduler considered (`0/3 nodes are available`), when it said. */
  totalNodes: z.number().int().nonnegative().nullable(),
  /** The newest scheduler message the findings read. */
  message: z.string().nullable(),
  findings: z.array(schedulerFindingSchema),
  qosAdvice: localizedTextSchema.nullable(),
  refs: z.array(findingRefSchema),
});
export type PendingPodDiagnosis = z.infer<typeof pendingPodDiagnosisSchema>;
