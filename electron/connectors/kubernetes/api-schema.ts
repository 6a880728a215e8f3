import { z } from 'zod';
import { isRfc3339 } from '../rfc3339.ts';
import { parseQuantity } from './quantity.ts';

/**
 * The parts of Kubernetes core/v1 Node, Pod and Event (and their List wrappers) that OpsDesk reads,
 * per the API reference (kubernetes.io/docs/reference/kubernetes-api/). Unknown fields are ignored;
 * fields that are read are checked, so a broken answer fails with the exact path.
 */

export const kubeTime = z.string().refine(isRfc3339, { error: (issue) => `expected an RFC 3339 time, got "${String(issue.input)}"` });

export const quantity = z.string().refine((text) => (parseQuantity(text) ?? -1) >= 0, {
  error: (issue) => `"${String(issue.input)}" is not a Kubernetes quantity (e.g. 100m, 2, 128Mi, 1e9)`,
});

/** cpu / memory / pods of a ResourceList; extended resources are not read and not checked. */
const resourceList = z.object({ cpu: quantity.optional(), memory: quantity.optional(), pods: quantity.optional() });

const labels = z.record(z.string(), z.string());

const objectMeta = z.object({
  name: z.string(),
  uid: z.string(),
  creationTimestamp: kubeTime,
  labels: labels.optional(),
});

const namespacedMeta = objectMeta.extend({
  namespace: z.string(),
  ownerReferences: z.array(z.object({ kind: z.string(), name: z.string(), controller: z.boolean().optional() })).optional(),
});

const conditionStatus = z.enum(['True', 'False', 'Unknown']);

const condition = z.object({
  type: z.string(),
  status: conditionStatus,
  reason: z.string().optional(),
  message: z.string().optional(),
});

export const nodeSchema = z.object({
  metadata: objectMeta,
  spec: z
    .object({
      unschedulable: z.boolean().optional(),
      taints: z.array(z.object({ key: z.string(), value: z.string().optional(), effect: z.string() })).optional(),
    })
    .optional(),
  status: z
    .object({
      conditions: z.array(condition).optional(),
      capacity: resourceList.optional(),
      allocatable: resourceList.optional(),
      addresses: z.array(z.object({ type: z.string(), address: z.string() })).optional(),
      nodeInfo: z.object({ kubeletVersion: z.string(), osImage: z.string() }).optional(),
    })
    .optional(),
});
export type KubeNode = z.output<typeof nodeSchema>;

const containerState = z.object({
  running: z.object({ startedAt: kubeTime.nullish() }).optional(),
  waiting: z.object({ reason: z.string().optional(), message: z.string().optional() }).optional(),
  terminated: z
    .object({
      exitCode: z.number().int(),
      reason: z.string().optional(),
      message: z.string().optional(),
      startedAt: kubeTime.nullish(),
      finishedAt: kubeTime.nullish(),
    })
    .optional(),
});
export type KubeContainerState = z.output<typeof containerState>;

const containerSpec = z.object({
  name: z.string(),
  image: z.string().optional(),
  resources: z.object({ requests: resourceList.optional(), limits: resourceList.optional() }).optional(),
});
export type KubeContainerSpec = z.output<typeof containerSpec>;

const containerStatus = z.object({
  name: z.string(),
  image: z.string(),
  ready: z.boolean(),
  restartCount: z.number().int().nonnegative(),
  state: containerState.optional(),
  lastState: containerState.optional(),
});
export type KubeContainerStatus = z.output<typeof containerStatus>;

const nodeSelectorRequirement = z.object({ key: z.string(), operator: z.string(), values: z.array(z.string()).optional() });

export const podSchema = z.object({
  metadata: namespacedMeta,
  spec: z.object({
    nodeName: z.string().optional(),
    containers: z.array(containerSpec),
    volumes: z.array(z.object({ name: z.string(), persistentVolumeClaim: z.object({ claimName: z.string() }).optional() })).optional(),
    tolerations: z
      .array(z.object({ key: z.string().optional(), operator: z.string().optional(), value: z.string().optional(), effect: z.string().optional() }))
      .optional(),
    nodeSelector: z.record(z.string(), z.string()).optional(),
    affinity: z
      .object({
        nodeAffinity: z
          .object({
            requiredDuringSchedulingIgnoredDuringExecution: z
              .object({ nodeSelectorTerms: z.array(z.object({ matchExpressions: z.array(nodeSelectorRequirement).optional(), matchFields: z.array(nodeSelectorRequirement).optional() })) })
              .optional(),
          })
          .optional(),
      })
      .optional(),
    priorityClassName: z.string().optional(),
  }),
  status: z
    .object({
      phase: z.enum(['Pending', 'Running', 'Succeeded', 'Failed', 'Unknown']).optional(),
      reason: z.string().optional(),
      message: z.string().optional(),
      qosClass: z.enum(['Guaranteed', 'Burstable', 'BestEffort']).optional(),
      podIP: z.string().optional(),
      startTime: kubeTime.optional(),
      conditions: z.array(condition).optional(),
      containerStatuses: z.array(containerStatus).optional(),
    })
    .optional(),
});
export type KubePod = z.output<typeof podSchema>;

export const eventSchema = z.object({
  metadata: objectMeta.extend({ namespace: z.string().optional() }),
  involvedObject: z.object({ kind: z.string().optional(), name: z.string().optional(), namespace: z.string().optional() }),
  reason: z.string().optional(),
  message: z.string().optional(),
  type: z.string().optional(),
  count: z.number().int().nonnegative().nullish(),
  firstTimestamp: kubeTime.nullish(),
  lastTimestamp: kubeTime.nullish(),
  /** MicroTime of events written through events.k8s.io/v1 (firstTimestamp/lastTimestamp are null then). */
  eventTime: kubeTime.nullish(),
  series: z.object({ count: z.number().int().nonnegative(), lastObservedTime: kubeTime }).nullish(),
  source: z.object({ component: z.string().optional(), host: z.string().optional() }).optional(),
  reportingComponent: z.string().optional(),
});
export type KubeEvent = z.output<typeof eventSchema>;

export function listSchema<Item extends z.ZodType>(item: Item) {
  return z.object({
    metadata: z.object({ continue: z.string().optional(), resourceVersion: z.string().optional() }).optional(),
    items: z.array(item),
  });
}

export const versionSchema = z.object({ gitVersion: z.string(), major: z.string().optional(), minor: z.string().optional() });

const statusSchema = z.object({
  kind: z.literal('Status'),
  status: z.string().optional(),
  message: z.string().optional(),
  reason: z.string().optional(),
  code: z.number().optional(),
});

/** The API server's `Status` error object, e.g. `Kubernetes API Forbidden: pods is forbidden: …`. */
export function readKubernetesStatus(body: unknown): string | null {
  const parsed = statusSchema.safeParse(body);
  if (!parsed.success || parsed.data.status === 'Success') return null;
  return `Kubernetes API ${parsed.data.reason ?? 'error'}${parsed.data.message ? `: ${parsed.data.message}` : ''}`;
}
