import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { exportSchemaFileName } from '../../../shared/export/incident-export.ts';
import { exportJsonSchema } from '../../../shared/export/export-json-schema.ts';
import { repoRoot } from '../../build.ts';

/** Where the JSON export's schema is published, and the text it must hold. */
export const exportSchemaFile = join(repoRoot, 'resources', 'schemas', exportSchemaFileName);

export function exportSchemaText(): string {
  return `${JSON.stringify(exportJsonSchema(), null, 2)}\n`;
}

// `node --import tsx electron/services/export/write-export-schema.ts` refreshes the published file after a schema change.
if (import.meta.url === `file://${process.argv[1]}`) {
  writeFileSync(exportSchemaFile, exportSchemaText());
  console.log(`wrote ${exportSchemaFile}`);
}
