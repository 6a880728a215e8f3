import { z } from 'zod';

/** One service's health over a window, from cached server spans (and error log lines where known). */
export const serviceHealthSchema = z.object({
  centerId: z.string(),
  service: z.string(),
  /** From the spans' resource attribute k8s.namespace.name; null when no span said. */
  namespace: z.string().nullable(),
  /** Server (or root) spans in the time range. */
  requests: z.number().int().nonnegative(),
  errors: z.number().int().nonnegative(),
  /** errors / requests; null without requests. */
  errorRate: z.number().min(0).max(1).nullable(),
  /** 1 - errorRate; null without requests. */
  availability: z.number().min(0).max(1).nullable(),
  latencyP50Ms: z.number().nonnegative().nullable(),
  latencyP95Ms: z.number().nonnegative().nullable(),
  latencyP99Ms: z.number().nonnegative().nullable(),
  /** Cached log lines at level error or above in the service's namespace and window; null without a namespace. */
  errorLogLines: z.number().int().nonnegative().nullable(),
  /** Active alerts naming the service or its namespace. */
  activeAlerts: z.number().int().nonnegative(),
  fromMs: z.number(),
  toMs: z.number(),
});
export type ServiceHealth = z.infer<typeof serviceHealthSchema>;
