import type { z } from 'zod';

/**
 * Incident exports (Markdown, HTML, JSON, PDF) and signed incident packs: export, verify, import (issue #6).
 * Import schemas from shared/domain, never from channels.ts (it imports this file).
 */
export const exportChannels = {} as const satisfies Record<string, { input: z.ZodType; output: z.ZodType }>;
