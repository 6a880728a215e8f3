import type { z } from 'zod';

/**
 * The cross-center map (issue #5): cells per node, pod or container coloured by a metric, scrubbed over the cached window.
 * Import schemas from shared/domain, never from channels.ts (it imports this file).
 */
export const mapChannels = {} as const satisfies Record<string, { input: z.ZodType; output: z.ZodType }>;
