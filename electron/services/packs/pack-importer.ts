import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { PackVerdict } from '../../../shared/contract/exports-channels.ts';
import type { Incident } from '../../../shared/domain/incidents.ts';
import type { CacheService } from '../cache/cache-service.ts';
import { RetentionService } from '../cache/retention.ts';
import type { ImportedIncidentStore } from './imported-incidents.ts';
import { mergePackDatabase, type MergeReport } from './pack-merge.ts';
import { packDatabaseProblem } from './pack-schema-check.ts';
import type { VerifiedPack } from './pack-verifier.ts';

export class PackRefusedError extends Error {
  constructor(
    readonly verdict: PackVerdict,
    message = `pack refused: ${verdict.reason ?? 'unknown reason'}${verdict.part ? ` (part ${verdict.part})` : ''}`,
  ) {
    super(message);
  }
}

export interface ImportOutcome {
  incidentId: string;
  verdict: PackVerdict;
  alreadyImported: boolean;
  merged: MergeReport | null;
}

/** The pack's own id when it is free here; else one derived from the pack's hash (never overwrites a local incident). */
function importedId(original: string, packSha256: string, taken: (id: string) => boolean): string {
  if (!taken(original)) return original;
  const derived = `inc-${createHash('sha256').update(`${original}:${packSha256}`).digest('hex').slice(0, 20)}`;
  return derived;
}

/**
 * Opens a verified pack: its database is checked (SQLite integrity, exactly the cache schema), its
 * records added to the cache and pinned, and its incident stored read-only with who signed it.
 * Nothing of the pack is opened unless `verified.verdict.ok`.
 */
export function importVerifiedPack(
  verified: VerifiedPack,
  options: { cache: CacheService; store: ImportedIncidentStore; dataDir: string; now: number; localIncidentExists: (id: string) => boolean },
): ImportOutcome {
  const { verdict, parts, incidentPart } = verified;
  if (!verdict.ok || !parts || !incidentPart) throw new PackRefusedError(verdict);
  const existing = options.store.findByPack(verdict.packSha256);
  if (existing) return { incidentId: existing.id, verdict, alreadyImported: true, merged: null };

  const dir = join(options.dataDir, 'imports', 'packs');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${verdict.packSha256}.sqlite`);
  if (existsSync(file)) rmSync(file);
  writeFileSync(file, parts['cache.sqlite']);
  const problem = packDatabaseProblem(file);
  if (problem) {
    rmSync(file, { force: true });
    throw new PackRefusedError({ ...verdict, ok: false, reason: problem, part: 'cache.sqlite' });
  }
  const source = incidentPart.incident;
  const id = importedId(source.id, verdict.packSha256, (candidate) => options.localIncidentExists(candidate) || options.store.get(candidate) !== null);
  const merged = mergePackDatabase(options.cache, file, source.window);
  new RetentionService(options.cache.db).pin(
    { id: `incident:${id}`, centerId: null, fromMs: source.window.fromMs, toMs: source.window.toMs, reason: `imported incident ${id}: ${source.title}` },
    options.now,
  );
  const incident: Incident = {
    ...source,
    id,
    imported: { packSha256: verdict.packSha256, signer: verdict.signer ?? 'unknown', signerKeyId: verdict.keyId ?? 'unknown', signedAt: verdict.signedAt ?? 0, trusted: verdict.trusted },
  };
  options.store.save(incident, incidentPart.timeline, incidentPart.centers);
  return { incidentId: id, verdict, alreadyImported: false, merged };
}
