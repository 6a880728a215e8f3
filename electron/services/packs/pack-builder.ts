import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { Incident, TimelineEntry } from '../../../shared/domain/incidents.ts';
import { maskValue } from '../../../shared/export/mask-document.ts';
import type { CacheService } from '../cache/cache-service.ts';
import { encodePack } from './pack-container.ts';
import type { SigningKey } from './pack-keys.ts';
import { signBytes } from './pack-keys.ts';
import type { PackManifest } from './pack-manifest.ts';
import { copyWindowSubset, createEmptyCacheFile } from './pack-subset.ts';

/** incident.json: the incident, its whole timeline as signed (stars, hidden marks, annotations), its notes and its centers' names. */
export interface PackIncidentPart {
  format: 'opsdesk-pack-incident';
  version: 1;
  incident: Incident;
  timeline: TimelineEntry[];
  /** The engineer's Markdown notes as written (they are also timeline entries). */
  notes: Array<{ id: string; at: number; author: string; markdown: string }>;
  centers: Array<{ id: string; name: string }>;
}

export interface BuildPackInput {
  cache: CacheService;
  incident: Incident;
  timeline: TimelineEntry[];
  key: SigningKey;
  signer: string;
  now: number;
  version: string;
  knownSecrets: readonly string[];
}

export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

function notesOf(cache: CacheService, incidentId: string): PackIncidentPart['notes'] {
  const exists = cache.db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'incident_notes'").get();
  return exists ? (cache.db.prepare('SELECT id, at, author, markdown FROM incident_notes WHERE incident_id = ? ORDER BY at, id').all(incidentId) as PackIncidentPart['notes']) : [];
}

/** The pinned data subset as one SQLite file's bytes (cache schema, the window's records only, masked). */
export function subsetDatabaseBytes(input: Pick<BuildPackInput, 'cache' | 'incident' | 'timeline' | 'knownSecrets' | 'now'>): Buffer {
  const work = mkdtempSync(join(tmpdir(), 'opsdesk-pack-'));
  try {
    const file = join(work, 'cache.sqlite');
    createEmptyCacheFile(file);
    const centerIds = [...new Set([...input.incident.centerIds, ...input.timeline.flatMap((entry) => (entry.centerId ? [entry.centerId] : []))])];
    copyWindowSubset(input.cache.db, file, { incidentId: input.incident.id, centerIds, fromMs: input.incident.window.fromMs, toMs: input.incident.window.toMs }, input.knownSecrets, {
      id: `incident:${input.incident.id}:*`,
      reason: `incident ${input.incident.id}: ${input.incident.title}`,
      now: input.now,
    });
    const db = new Database(file);
    db.exec('VACUUM');
    db.close();
    return readFileSync(file);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/** One signed pack file's bytes: subset database, incident.json, manifest.json and its ed25519 signature. */
export function buildPack(input: BuildPackInput): Buffer {
  const database = subsetDatabaseBytes(input);
  const names = new Map(input.cache.listCenters().map((center) => [center.id, center.name]));
  const incidentPart: PackIncidentPart = {
    format: 'opsdesk-pack-incident',
    version: 1,
    incident: input.incident,
    timeline: input.timeline,
    notes: notesOf(input.cache, input.incident.id),
    centers: input.incident.centerIds.map((id) => ({ id, name: names.get(id) ?? id })),
  };
  const incidentBytes = Buffer.from(`${JSON.stringify(maskValue(incidentPart, input.knownSecrets), null, 2)}\n`, 'utf8');
  const manifest: PackManifest = {
    format: 'opsdesk-pack-manifest',
    version: 1,
    createdBy: { name: 'OpsDesk', version: input.version },
    incident: { id: input.incident.id, title: input.incident.title, window: { fromMs: input.incident.window.fromMs, toMs: input.incident.window.toMs }, centerIds: input.incident.centerIds },
    parts: [
      { name: 'cache.sqlite', size: database.length, sha256: sha256Hex(database) },
      { name: 'incident.json', size: incidentBytes.length, sha256: sha256Hex(incidentBytes) },
    ],
    signer: input.signer,
    signedAt: input.now,
    key: { algorithm: 'ed25519', id: input.key.id, publicKey: input.key.publicKey },
  };
  const manifestBytes = Buffer.from(`${JSON.stringify(maskValue(manifest, input.knownSecrets), null, 2)}\n`, 'utf8');
  return encodePack({
    'cache.sqlite': database,
    'incident.json': incidentBytes,
    'manifest.json': manifestBytes,
    'manifest.sig': signBytes(input.key, manifestBytes),
  });
}
