import { z } from 'zod';
import { timeRangeInputSchema } from '../time/range.ts';

/**
 * The cross-center map (issue #5): cells per node, pod or container coloured by a metric, scrubbed over the cached window.
 * Import schemas from shared/domain, never from channels.ts (it imports this file).
 */
export const mapEntitySchema = z.enum(['node', 'pod', 'container']);
export type MapEntity = z.infer<typeof mapEntitySchema>;

export const mapMetricSchema = z.enum(['cpu', 'memory', 'network', 'restarts']);
export type MapMetric = z.infer<typeof mapMetricSchema>;

/** Which metrics each entity has a catalog query for. */
export const mapMetricsByEntity: Record<MapEntity, readonly MapMetric[]> = {
  node: ['cpu', 'memory', 'network'],
  pod: ['cpu', 'memory', 'network', 'restarts'],
  container: ['cpu', 'memory', 'restarts'],
};

export const mapCellSchema = z.object({
  /** The same identity the inventory tables use (`center/name`, `center/ns/pod`, `center/ns/pod/container`). */
  key: z.string(),
  centerId: z.string(),
  name: z.string(),
  namespace: z.string().nullable(),
  /** The pod of a container. */
  pod: z.string().nullable(),
  /** The node it runs on (the node itself for nodes); null while unscheduled. */
  node: z.string().nullable(),
  /** Phase, readiness or container state, for the tooltip. */
  status: z.string(),
  /** One value per frame timestamp; null where the cache holds no sample. */
  values: z.array(z.number().nullable()),
});
export type MapCell = z.infer<typeof mapCellSchema>;

export const mapFramesSchema = z.object({
  entity: mapEntitySchema,
  metric: mapMetricSchema,
  /** `ratio` for node memory (used / capacity), otherwise the catalog panel's unit. */
  unit: z.string(),
  /** Epoch ms of each frame, ascending. */
  timestamps: z.array(z.number()),
  cells: z.array(mapCellSchema),
});
export type MapFrames = z.infer<typeof mapFramesSchema>;

export const mapChannels = {
  /** Per-frame values of one metric for every node, pod or container of the selected centers, read from the cache. */
  'map:frames': {
    input: z
      .object({
        centerIds: z.array(z.string().min(1)).max(500).default([]),
        entity: mapEntitySchema,
        metric: mapMetricSchema,
        range: timeRangeInputSchema,
        steps: z.number().int().min(2).max(240).default(60),
      })
      .strict(),
    output: mapFramesSchema,
  },
} as const satisfies Record<string, { input: z.ZodType; output: z.ZodType }>;
