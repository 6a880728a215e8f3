import { z } from 'zod';
import { incidentSchema, timelineEntrySchema } from '../../../shared/domain/incidents.ts';
import type { PackVerdict } from '../../../shared/contract/exports-channels.ts';
import { sha256Hex, type PackIncidentPart } from './pack-builder.ts';
import { decodePack, PackFormatError, type PackPartName } from './pack-container.ts';
import { keyIdOf, verifyBytes } from './pack-keys.ts';
import { packManifestSchema, type PackManifest } from './pack-manifest.ts';

const incidentPartSchema = z
  .object({
    format: z.literal('opsdesk-pack-incident'),
    version: z.literal(1),
    incident: incidentSchema,
    timeline: z.array(timelineEntrySchema),
    notes: z.array(z.object({ id: z.string(), at: z.number().int(), author: z.string(), markdown: z.string() }).strict()),
    centers: z.array(z.object({ id: z.string(), name: z.string() }).strict()),
  })
  .strict();

export interface VerifiedPack {
  verdict: PackVerdict;
  /** Present only when the verdict is ok. */
  parts: Record<PackPartName, Buffer> | null;
  incidentPart: PackIncidentPart | null;
}

function refused(packSha256: string, reason: string, part: string | null, manifest: PackManifest | null): VerifiedPack {
  return {
    verdict: {
      ok: false,
      reason,
      part,
      packSha256,
      signer: manifest?.signer ?? null,
      signedAt: manifest?.signedAt ?? null,
      keyId: manifest?.key.id ?? null,
      trusted: false,
      incident: manifest ? { id: manifest.incident.id, title: manifest.incident.title, window: manifest.incident.window } : null,
      parts: [],
    },
    parts: null,
    incidentPart: null,
  };
}

/**
 * Checks a pack before anything in it is opened: container layout, manifest signature (ed25519,
 * the key named in the manifest), every part's size and SHA-256, then the incident part's shape.
 * A refusal names the part that differs. `isTrusted` decides whether the signing key is known.
 */
export function verifyPack(bytes: Uint8Array, isTrusted: (publicKey: string) => boolean): VerifiedPack {
  const packSha256 = sha256Hex(bytes);
  let parts: Record<PackPartName, Buffer>;
  try {
    parts = decodePack(bytes);
  } catch (error) {
    if (error instanceof PackFormatError) return refused(packSha256, error.message, error.part, null);
    throw error;
  }
  let manifest: PackManifest;
  try {
    const parsed = packManifestSchema.safeParse(JSON.parse(parts['manifest.json'].toString('utf8')));
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      return refused(packSha256, `manifest.json is not a valid pack manifest (${issue.path.join('.') || '(manifest)'}: ${issue.message})`, 'manifest.json', null);
    }
    manifest = parsed.data;
  } catch {
    return refused(packSha256, 'manifest.json is not valid JSON (the pack was altered or damaged)', 'manifest.json', null);
  }
  if (keyIdOf(manifest.key.publicKey) !== manifest.key.id) {
    return refused(packSha256, `manifest.json names key ${manifest.key.id} but carries a different public key`, 'manifest.json', manifest);
  }
  if (parts['manifest.sig'].length !== 64 || !verifyBytes(manifest.key.publicKey, parts['manifest.json'], parts['manifest.sig'])) {
    return refused(packSha256, `the signature does not match manifest.json for key ${manifest.key.id}: the manifest or its signature was altered`, parts['manifest.sig'].length !== 64 ? 'manifest.sig' : 'manifest.json', manifest);
  }
  const checked: PackVerdict['parts'] = [];
  for (const expected of manifest.parts) {
    const actual = parts[expected.name];
    const sha256 = sha256Hex(actual);
    checked.push({ name: expected.name, size: actual.length, sha256, ok: sha256 === expected.sha256 && actual.length === expected.size });
    if (actual.length !== expected.size) {
      return refused(packSha256, `part ${expected.name} is ${actual.length} bytes, the signed manifest says ${expected.size}`, expected.name, manifest);
    }
    if (sha256 !== expected.sha256) {
      return refused(packSha256, `part ${expected.name} differs from the signed manifest (SHA-256 ${sha256.slice(0, 16)}…, expected ${expected.sha256.slice(0, 16)}…)`, expected.name, manifest);
    }
  }
  let incidentPart: PackIncidentPart;
  try {
    const parsed = incidentPartSchema.safeParse(JSON.parse(parts['incident.json'].toString('utf8')));
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      return refused(packSha256, `incident.json is signed but not a valid incident (${issue.path.join('.')}: ${issue.message})`, 'incident.json', manifest);
    }
    incidentPart = parsed.data as PackIncidentPart;
  } catch {
    return refused(packSha256, 'incident.json is signed but not valid JSON', 'incident.json', manifest);
  }
  if (incidentPart.incident.id !== manifest.incident.id) {
    return refused(packSha256, `incident.json holds ${incidentPart.incident.id}, the manifest names ${manifest.incident.id}`, 'incident.json', manifest);
  }
  return {
    verdict: {
      ok: true,
      reason: null,
      part: null,
      packSha256,
      signer: manifest.signer,
      signedAt: manifest.signedAt,
      keyId: manifest.key.id,
      trusted: isTrusted(manifest.key.publicKey),
      incident: { id: manifest.incident.id, title: manifest.incident.title, window: manifest.incident.window },
      parts: checked,
    },
    parts,
    incidentPart,
  };
}
