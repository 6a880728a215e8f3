import { createHash } from 'node:crypto';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { PackVerdict } from '../../../shared/contract/exports-channels.ts';
import type { Incident } from '../../../shared/domain/incidents.ts';
import type { CacheService } from '../cache/cache-service.ts';
import { RetentionService } from '../cache/retention.ts';
import { mergePackDatabase, type MergeReport } from './pack-merge.ts';
import { packDatabaseProblem } from './pack-schema-check.ts';
import type { VerifiedPack } from './pack-verifier.ts';

export class PackRefusedError extends Error {
  constructor(
    readonly verdict: PackVerdict,
    message = `pack refused: ${verdict.part ? `${verdict.part}: ` : ''}${verdict.reason ?? 'unknown reason'}`,
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

function incidentTaken(cache: CacheService, id: string): boolean {
  return cache.db.prepare('SELECT 1 FROM incidents WHERE id = ?').get(id) !== undefined;
}

/** The incident a pack (by the SHA-256 of its file) was already imported as, if any. */
export function importedFromPack(cache: CacheService, packSha256: string): string | null {
  const id = cache.db.prepare("SELECT id FROM incidents WHERE json_extract(record_json, '$.imported.packSha256') = ?").pluck().get(packSha256) as string | undefined;
  return id ?? null;
}

/**
 * Opens a verified pack: its database is checked (SQLite integrity, exactly the cache schema), its
 * records added to the cache with the incident (read-only: `imported` set, with who signed it and
 * whether the key is trusted), notes and marks, and its window pinned like any incident's.
 * Nothing of the pack is opened unless the verdict is ok. A pack's incident keeps its id unless
 * that id is taken here; then it gets one derived from the pack's hash.
 */
export function importVerifiedPack(verified: VerifiedPack, options: { cache: CacheService; dataDir: string; now: number }): ImportOutcome {
  const { verdict, parts, incidentPart } = verified;
  if (!verdict.ok || !parts || !incidentPart) throw new PackRefusedError(verdict);
  const existing = importedFromPack(options.cache, verdict.packSha256);
  if (existing) return { incidentId: existing, verdict, alreadyImported: true, merged: null };

  const dir = join(options.dataDir, 'imports');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${verdict.packSha256}.sqlite`);
  rmSync(file, { force: true });
  writeFileSync(file, parts['cache.sqlite']);
  try {
    const problem = packDatabaseProblem(file);
    if (problem) throw new PackRefusedError({ ...verdict, ok: false, reason: problem, part: 'cache.sqlite' });
    const source = incidentPart.incident;
    const id = incidentTaken(options.cache, source.id) ? `inc-${createHash('sha256').update(`${source.id}:${verdict.packSha256}`).digest('hex').slice(0, 20)}` : source.id;
    if (incidentTaken(options.cache, id)) throw new PackRefusedError({ ...verdict, ok: false, reason: `incident ${id} already exists here`, part: 'incident.json' });
    // The pack holds nothing recorded after it was signed: the copy's window ends there, so this desk's own
    // later actions (audited, like this import) do not join a timeline that reached past the signing.
    const window = verdict.signedAt !== null && verdict.signedAt > source.window.fromMs && verdict.signedAt < source.window.toMs ? { fromMs: source.window.fromMs, toMs: verdict.signedAt } : source.window;
    const incident: Incident = {
      ...source,
      id,
      window,
      imported: { packSha256: verdict.packSha256, signer: verdict.signer ?? 'unknown', signerKeyId: verdict.keyId ?? 'unknown', signedAt: verdict.signedAt ?? 0, trusted: verdict.trusted },
    };
    const merged = mergePackDatabase(options.cache, file, { sourceId: source.id, incident, dataWindow: source.window });
    new RetentionService(options.cache.db).pin(
      { id: `incident:${id}:*`, centerId: null, fromMs: window.fromMs, toMs: window.toMs, reason: `imported incident ${id}: ${source.title}` },
      options.now,
    );
    return { incidentId: id, verdict, alreadyImported: false, merged };
  } finally {
    for (const suffix of ['', '-wal', '-shm']) rmSync(`${file}${suffix}`, { force: true });
  }
}
