import type { z } from 'zod';

/**
 * Incidents, timeline, notes and the audit trail (issue #6).
 * Import schemas from shared/domain, never from channels.ts (it imports this file).
 */
export const incidentChannels = {} as const satisfies Record<string, { input: z.ZodType; output: z.ZodType }>;

export const incidentEvents = {} as const satisfies Record<string, { payload: z.ZodType }>;
