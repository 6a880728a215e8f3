import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { incidentSchema, timelineEntrySchema, type Incident, type TimelineEntry } from '../../../shared/domain/incidents.ts';

const storedSchema = z.object({ incident: incidentSchema, timeline: z.array(timelineEntrySchema), centers: z.array(z.object({ id: z.string(), name: z.string() })) });
export type ImportedIncident = z.infer<typeof storedSchema>;

/**
 * Incidents imported from packs, read-only: `<data dir>/imports/incidents/<id>.json`, the verified
 * incident.json of the pack with `imported` set. Their timeline is the signer's, frozen; their data
 * is in the cache, pinned.
 */
export class ImportedIncidentStore {
  readonly dir: string;

  constructor(dataDir: string) {
    this.dir = join(dataDir, 'imports', 'incidents');
  }

  private file(id: string): string {
    if (!/^inc-[0-9a-z]{6,32}$/.test(id)) throw new RangeError(`not an incident id: ${JSON.stringify(id)}`);
    return join(this.dir, `${id}.json`);
  }

  get(id: string): ImportedIncident | null {
    const file = this.file(id);
    if (!existsSync(file)) return null;
    const parsed = storedSchema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
    if (!parsed.success) throw new Error(`${file}: not an imported incident (${parsed.error.issues[0]?.message ?? 'invalid'})`);
    return parsed.data;
  }

  list(): Incident[] {
    if (!existsSync(this.dir)) return [];
    return readdirSync(this.dir)
      .filter((name) => /^inc-[0-9a-z]{6,32}\.json$/.test(name))
      .flatMap((name) => {
        const stored = this.get(name.slice(0, -'.json'.length));
        return stored ? [stored.incident] : [];
      })
      .sort((a, b) => b.createdAt - a.createdAt);
  }

  findByPack(packSha256: string): Incident | null {
    return this.list().find((incident) => incident.imported?.packSha256 === packSha256) ?? null;
  }

  save(incident: Incident, timeline: TimelineEntry[], centers: Array<{ id: string; name: string }>): void {
    mkdirSync(this.dir, { recursive: true });
    const file = this.file(incident.id);
    const temporary = `${file}.tmp-${process.pid}`;
    writeFileSync(temporary, `${JSON.stringify({ incident, timeline, centers }, null, 2)}\n`);
    renameSync(temporary, file);
  }

  delete(id: string): boolean {
    const file = this.file(id);
    if (!existsSync(file)) return false;
    rmSync(file);
    return true;
  }
}
