import { maskSecrets } from '../masking/mask.ts';
import type { ExportDocument } from './incident-export.ts';

/** Every string inside `value` masked; structure, numbers and booleans untouched. */
export function maskValue(value: unknown, knownSecrets: readonly string[]): unknown {
  if (typeof value === 'string') return maskSecrets(value, knownSecrets);
  if (Array.isArray(value)) return value.map((item) => maskValue(item, knownSecrets));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, maskValue(item, knownSecrets)]));
  }
  return value;
}

/**
 * Every text of the document masked by the rules the logs and views use (credentials by shape,
 * plus the values the caller knows are secret). Exports are built from the masked document only.
 */
export function maskDocument(doc: ExportDocument, knownSecrets: readonly string[] = []): ExportDocument {
  return maskValue(doc, knownSecrets) as ExportDocument;
}
