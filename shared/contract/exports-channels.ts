import { z } from 'zod';
import { incidentIdSchema } from '../domain/incidents.ts';
import { epochMs } from '../domain/records.ts';

/**
 * Incident exports (Markdown, HTML, JSON, PDF) and signed incident packs: export, verify, import (issue #6).
 * Import schemas from shared/domain, never from channels.ts (it imports this file).
 */

export const exportFormatSchema = z.enum(['md', 'html', 'json', 'pdf', 'pack']);
export type ExportFormat = z.infer<typeof exportFormatSchema>;

const sha256Hex = z.string().regex(/^[0-9a-f]{64}$/);

export const exportResultSchema = z.object({
  /** Absolute path of the written file, under the data directory's exports/ folder. */
  path: z.string(),
  bytes: z.number().int().nonnegative(),
  sha256: sha256Hex,
  format: exportFormatSchema,
});
export type ExportResult = z.infer<typeof exportResultSchema>;

/** What checking a pack found. `ok` false names the reason and the part ("header", "manifest.json", "cache.sqlite"…). */
export const packVerdictSchema = z.object({
  ok: z.boolean(),
  reason: z.string().nullable(),
  part: z.string().nullable(),
  /** SHA-256 of the whole pack file. */
  packSha256: sha256Hex,
  /** From the manifest; null when the manifest could not be read. */
  signer: z.string().nullable(),
  signedAt: epochMs.nullable(),
  keyId: z.string().nullable(),
  /** The signing key is this desk's own or in <data dir>/trusted-pack-keys.json. Unknown signers are untrusted. */
  trusted: z.boolean(),
  incident: z.object({ id: incidentIdSchema, title: z.string(), window: z.object({ fromMs: epochMs, toMs: epochMs }) }).nullable(),
  parts: z.array(z.object({ name: z.string(), size: z.number().int().nonnegative(), sha256: sha256Hex, ok: z.boolean() })),
});
export type PackVerdict = z.infer<typeof packVerdictSchema>;

const packPath = z.string().min(1).max(4096);

export const exportChannels = {
  /** Writes the export under <data dir>/exports/ (masked like the views; PDF needs Electron or a local Chromium). */
  'incidents:export': {
    input: z
      .object({
        incidentId: incidentIdSchema,
        format: exportFormatSchema,
        /** IANA zone for local times in md/html/pdf (UTC is printed beside); default the desk's. */
        timeZone: z.string().min(1).max(100).optional(),
      })
      .strict(),
    output: exportResultSchema,
  },
  /** Checks a pack's layout, signature and every part's hash without opening anything in it. */
  'packs:verify': {
    input: z.object({ path: packPath }).strict(),
    output: packVerdictSchema,
  },
  /** Verifies, then adds the pack's data to the cache (pinned) and its incident as read-only; refuses with the verdict's reason. */
  'packs:import': {
    input: z.object({ path: packPath }).strict(),
    output: z.object({
      incidentId: incidentIdSchema,
      verdict: packVerdictSchema,
      alreadyImported: z.boolean(),
      /**
       * The timeline rebuilt here against the one signed in the pack (by entry id): it differs when this cache
       * also holds the center's own records for the window. Null when there is no incidents service to ask.
       */
      timeline: z.object({ signed: z.number().int(), shown: z.number().int(), missing: z.number().int(), extra: z.number().int() }).nullable(),
    }),
  },
} as const satisfies Record<string, { input: z.ZodType; output: z.ZodType }>;
