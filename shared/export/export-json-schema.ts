import { z } from 'zod';
import { exportDocumentSchema, exportFormatVersion, exportSchemaId } from './incident-export.ts';

/**
 * The published JSON Schema of the JSON export (resources/schemas/incident-export.v1.schema.json),
 * generated from the zod schema the exporter validates with, so the two cannot drift (a test compares them).
 */
export function exportJsonSchema(): Record<string, unknown> {
  const generated = z.toJSONSchema(exportDocumentSchema, { target: 'draft-2020-12', io: 'output' }) as Record<string, unknown>;
  const { $schema, ...rest } = generated;
  return {
    $schema,
    $id: exportSchemaId,
    title: `OpsDesk incident export, format version ${exportFormatVersion}`,
    description:
      'An incident, its whole timeline (hidden entries included, flagged hidden), the key metric series of its window and error log samples, as exported by OpsDesk. Times are epoch milliseconds (UTC). Every text is masked (credentials by shape and known secret values). A reader must check formatVersion; a new major shape gets a new schema file.',
    ...rest,
  };
}
