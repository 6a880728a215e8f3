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
export const chartPointSchema = z.tuple([epochMs, z.number()]);

export const exportChartSchema = z.object({
  /** Stable id: `<center>/<panel>` */
  id: z.string().min(1),
  title: z.string(),
  /** The catalog panel the samples came from, e.g. node.memory. */
  panel: z.string(),
  unit: z.enum(['cores', 'bytes', 'bytes/s', 'count', 'ratio']),
  centerId: z.string(),
  series: z.array(z.object({ label: z.string(), points: z.array(chartPointSchema) })),
});
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
  entryId: z.string().nullable(),
});
export type ExportLogLine = z.infer<typeof exportLogLineSchema>;

export const exportDocumentSchema = z
  .object({
    format: z.literal('opsdesk-incident-export'),
    formatVersion: z.literal(exportFormatVersion),
    generatedAt: epochMs,
    generator: z.object({ name: z.literal('OpsDesk'), version: z.string() }),
    /** IANA zone the human-readable exports print local times in (UTC is always printed beside). */
    timeZone: z.string().min(1),
    incident: incidentSchema,
    centers: z.array(z.object({ id: z.string(), name: z.string() })),
    timeline: z.array(timelineEntrySchema),
    charts: z.array(exportChartSchema),
    logs: z.array(exportLogLineSchema),
  })
  .strict();
export type ExportDocument = z.infer<typeof exportDocumentSchema>;

/** The entries the human-readable exports show, in the incident page's order: time, then id. */
export function visibleEntries(doc: ExportDocument): ExportDocument['timeline'] {
  return doc.timeline.filter((entry) => !entry.hidden).sort((a, b) => a.at - b.at || a.id.localeCompare(b.id));
}
