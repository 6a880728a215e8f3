import type { z } from 'zod';

/**
 * Roles, scoped access, map, summaries and pending-pod analysis (issue #5).
 * Import schemas from shared/domain or shared/config, never from channels.ts (it imports this file).
 */
export const roleChannels = {} as const satisfies Record<string, { input: z.ZodType; output: z.ZodType }>;

export const roleEvents = {} as const satisfies Record<string, { payload: z.ZodType }>;
