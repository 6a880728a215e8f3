import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { incidentStatusSchema, type Incident, type IncidentStatus } from '../../shared/domain/incidents.ts';
import { cacheFileName } from '../core.ts';
import { CacheService } from '../services/cache/cache-service.ts';
import { IncidentStore } from '../services/incidents/incident-store.ts';
import { printRows, type CliContext } from './context.ts';

export const incidentsUsage = `incidents:
  opsdesk incidents list [--status open,mitigated,resolved,closed] [--json]
                           incidents in the cache, newest first (no center is contacted)`;

export class IncidentsUsageError extends Error {}

function utc(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function parseStatuses(args: readonly string[]): IncidentStatus[] {
  const index = args.indexOf('--status');
  if (index === -1) return [];
  const value = args[index + 1];
  if (!value || value.startsWith('--')) throw new IncidentsUsageError('--status needs a value, e.g. --status open,mitigated');
  return value.split(',').map((status) => {
    const parsed = incidentStatusSchema.safeParse(status.trim());
    if (!parsed.success) throw new IncidentsUsageError(`--status: "${status}" is not one of ${incidentStatusSchema.options.join(', ')}`);
    return parsed.data;
  });
}

function listIncidents(dataDir: string, statuses: readonly IncidentStatus[]): Incident[] {
  const file = join(dataDir, cacheFileName);
  // Listing never creates a cache where there was none.
  if (!existsSync(file)) return [];
  const cache = new CacheService(file);
  try {
    const all = new IncidentStore(cache.db).list();
    return statuses.length > 0 ? all.filter((incident) => statuses.includes(incident.status)) : all;
  } finally {
    cache.close();
  }
}

/** `opsdesk incidents list`: read from the cache only, so it works on an air-gapped desk. */
export function incidentsCommand(args: readonly string[], context: CliContext): number {
  const [verb, ...rest] = args;
  if (verb === 'help' || verb === '--help') {
    console.log(incidentsUsage);
    return 0;
  }
  if (verb !== 'list') {
    console.error(`opsdesk: ${verb === undefined ? 'incidents needs a subcommand' : `unknown incidents subcommand "${verb}"`}\n\n${incidentsUsage}`);
    return 2;
  }
  let statuses: IncidentStatus[];
  try {
    statuses = parseStatuses(rest);
  } catch (error) {
    if (!(error instanceof IncidentsUsageError)) throw error;
    console.error(`opsdesk: ${error.message}\n\n${incidentsUsage}`);
    return 2;
  }
  const incidents = listIncidents(context.dataDir, statuses);
  if (context.json) {
    console.log(JSON.stringify(incidents, null, 2));
    return 0;
  }
  if (incidents.length === 0) {
    console.log(`no incidents in ${join(context.dataDir, cacheFileName)}${statuses.length > 0 ? ` with status ${statuses.join(', ')}` : ''}`);
    return 0;
  }
  printRows([
    ['ID', 'STATUS', 'SEVERITY', 'OPENED (UTC)', 'WINDOW (UTC)', 'CENTERS', 'TITLE'],
    ...incidents.map((incident) => [
      incident.id,
      incident.imported ? `${incident.status} (imported)` : incident.status,
      incident.severity,
      utc(incident.createdAt),
      `${utc(incident.window.fromMs)} .. ${utc(incident.window.toMs)}`,
      incident.centerIds.length > 0 ? incident.centerIds.join(',') : 'all',
      incident.title,
    ]),
  ]);
  return 0;
}
