import { z } from 'zod';
import { incidentIdSchema } from '../../../shared/domain/incidents.ts';
import { epochMs } from '../../../shared/domain/records.ts';

const sha256Hex = z.string().regex(/^[0-9a-f]{64}$/);

/** manifest.json: what the signature covers (its exact bytes). Lists every data part with its size and SHA-256. */
export const packManifestSchema = z
  .object({
    format: z.literal('opsdesk-pack-manifest'),
    version: z.literal(1),
    createdBy: z.object({ name: z.literal('OpsDesk'), version: z.string() }).strict(),
    incident: z.object({ id: incidentIdSchema, title: z.string(), window: z.object({ fromMs: epochMs, toMs: epochMs }).strict(), centerIds: z.array(z.string()) }).strict(),
    parts: z.array(z.object({ name: z.enum(['cache.sqlite', 'incident.json']), size: z.number().int().nonnegative(), sha256: sha256Hex }).strict()).length(2),
    /** Signed-in name, else the OS user. */
    signer: z.string().min(1).max(200),
    signedAt: epochMs,
    key: z.object({ algorithm: z.literal('ed25519'), id: z.string().regex(/^ed25519:[0-9a-f]{16}$/), publicKey: z.string().regex(/^[A-Za-z0-9_-]{43}$/) }).strict(),
  })
  .strict();
export type PackManifest = z.infer<typeof packManifestSchema>;
