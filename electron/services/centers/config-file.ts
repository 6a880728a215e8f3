import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { parseDocument } from 'yaml';
import { centersConfigSchema, centersFromConfig, type CenterConfig, type CentersConfig, type SignInProfileConfig } from '../../../shared/config/centers-config.ts';
import type { Center } from '../../../shared/domain/records.ts';
import { parseYamlWithSchema } from './yaml-schema.ts';

export { ConfigError, type ConfigIssue } from './yaml-schema.ts';

export interface LoadedConfig {
  config: CentersConfig;
  centers: Center[];
}

export function parseCentersConfig(text: string, file: string): LoadedConfig {
  const config = parseYamlWithSchema(text, file, centersConfigSchema, { emptyValue: { version: 1 } });
  return { config, centers: centersFromConfig(config) };
}

/** A missing file is an empty configuration (the demo centers start). */
export function loadCentersConfig(file: string): LoadedConfig {
  if (!existsSync(file)) return { config: centersConfigSchema.parse({ version: 1 }), centers: [] };
  return parseCentersConfig(readFileSync(file, 'utf8'), file);
}

/** Rewrite the file through a temporary sibling, so a crash never leaves half a config. */
function writeAtomically(file: string, text: string): void {
  const temporary = `${file}.${process.pid}.tmp`;
  writeFileSync(temporary, text, { mode: 0o600 });
  renameSync(temporary, file);
}

/**
 * Add or replace a center, keeping the rest of the file (comments included); the result is
 * validated before it is written, so a bad edit never reaches disk.
 */
export function upsertCenterInConfig(file: string, center: CenterConfig): LoadedConfig {
  const text = existsSync(file) ? readFileSync(file, 'utf8') : 'version: 1\ncenters: []\n';
  const doc = parseDocument(text);
  if (!doc.has('centers')) doc.set('centers', doc.createNode([]));
  const centers = (doc.toJS() as { centers?: Array<{ id?: string }> }).centers ?? [];
  const index = centers.findIndex((existing) => existing.id === center.id);
  const plain = JSON.parse(JSON.stringify(center)) as unknown;
  if (index >= 0) doc.setIn(['centers', index], doc.createNode(plain));
  else doc.addIn(['centers'], doc.createNode(plain));
  const next = doc.toString();
  const loaded = parseCentersConfig(next, file);
  writeAtomically(file, next);
  return loaded;
}

/** Add or replace a sign-in profile under `signIn`, validated before writing. */
export function upsertSignInProfileInConfig(file: string, profileId: string, profile: SignInProfileConfig): LoadedConfig {
  const text = existsSync(file) ? readFileSync(file, 'utf8') : 'version: 1\ncenters: []\n';
  const doc = parseDocument(text);
  doc.setIn(['signIn', profileId], doc.createNode(JSON.parse(JSON.stringify(profile)) as unknown));
  const next = doc.toString();
  const loaded = parseCentersConfig(next, file);
  writeAtomically(file, next);
  return loaded;
}

export function removeCenterFromConfig(file: string, centerId: string): boolean {
  if (!existsSync(file)) return false;
  const doc = parseDocument(readFileSync(file, 'utf8'));
  const centers = (doc.toJS() as { centers?: Array<{ id?: string }> }).centers ?? [];
  const index = centers.findIndex((existing) => existing.id === centerId);
  if (index < 0) return false;
  doc.deleteIn(['centers', index]);
  const next = doc.toString();
  parseCentersConfig(next, file);
  writeAtomically(file, next);
  return true;
}
