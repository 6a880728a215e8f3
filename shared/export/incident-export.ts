import { z } from 'zod';
import { incidentSchema, timelineEntrySchema } from '../domain/incidents.ts';
import { epochMs } from '../domain/records.ts';

/**
 * What every incident export is rendered from: the JSON export is this document as is, Markdown,
 * HTML and PDF are views of it. Versioned: a change that an old reader would misread bumps
 * `formatVersion` and publishes a new schema file (resources/schemas/incident-export.v<N>.schema.json).
 *
 * The timeline keeps every entry, hidden ones included (`hidden: true`): the JSON export is the
 * record. Markdown, HTML and PDF leave hidden entries out and say how many they left out.
 */
export const exportFormatVersion = 1;
export const exportSchemaId = 'https://opsdesk.invalid/schemas/incident-export.v1.schema.json';
export const exportSchemaFileName = 'incident-export.v1.schema.json';

/** One [epoch ms, value] sample; non-finite values (NaN from Prometheus) are left out. */
export const chartPointSchema = z.tuple([epochMs, z.number()]).describe('[time in epoch ms, value in the chart unit]');

export const exportChartSchema = z.object({
  /** Stable id: `<center>/<panel>` */
  id: z.string().min(1).describe('Stable id: center and chart key'),
  title: z.string(),
  /** The catalog panel the samples came from, e.g. node.memory. */
  panel: z.string().describe('The PromQL catalog panel the samples came from, e.g. node.memory'),
  unit: z.enum(['cores', 'bytes', 'bytes/s', 'count', 'ratio']).describe('ratio is 0..1'),
  centerId: z.string(),
  series: z.array(z.object({ label: z.string(), points: z.array(chartPointSchema).describe('Cached samples inside the incident window, oldest first') })),
}).describe('A key metric of the window as the incident page charts it');
export type ExportChart = z.infer<typeof exportChartSchema>;

export const exportLogLineSchema = z.object({
  id: z.string(),
  at: epochMs,
  centerId: z.string(),
  namespace: z.string().nullable(),
  pod: z.string().nullable(),
  level: z.enum(['error', 'warn', 'info', 'debug', 'unknown']),
  traceId: z.string().nullable(),
  /** Masked like every other text in an export. */
  line: z.string(),
  /** The timeline entry whose records these lines are (a log burst). */
  entryId: z.string().nullable().describe('The timeline entry (a log burst) these lines are behind'),
});
export type ExportLogLine = z.infer<typeof exportLogLineSchema>;

export const exportDocumentSchema = z
  .object({
    format: z.literal('opsdesk-incident-export'),
    formatVersion: z.literal(exportFormatVersion).describe('Bumped, with a new schema file, when a change would mislead a reader of this version'),
    generatedAt: epochMs.describe('When the export was made, epoch ms'),
    generator: z.object({ name: z.literal('OpsDesk'), version: z.string() }),
    /** IANA zone the human-readable exports print local times in (UTC is always printed beside). */
    timeZone: z.string().min(1).describe('IANA time zone the Markdown, HTML and PDF exports print local times in'),
    incident: incidentSchema.describe('The incident; imported is set when it came from a signed pack (signer, key, time, trust)'),
    centers: z.array(z.object({ id: z.string(), name: z.string() })).describe('Names of the centers the incident and its entries mention'),
    timeline: z.array(timelineEntrySchema).describe('Every entry, hidden ones included (hidden: true); the human-readable exports leave hidden entries out'),
    charts: z.array(exportChartSchema),
    logs: z.array(exportLogLineSchema).describe('A few error lines behind each error-log burst, oldest first'),
  })
  .strict();
export type ExportDocument = z.infer<typeof exportDocumentSchema>;

/** The entries the human-readable exports show, in the incident page's order: time, then id. */
export function visibleEntries(doc: ExportDocument): ExportDocument['timeline'] {
  return doc.timeline.filter((entry) => !entry.hidden).sort((a, b) => a.at - b.at || a.id.localeCompare(b.id));
}
