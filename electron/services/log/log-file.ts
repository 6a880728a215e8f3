import { appendFileSync, mkdirSync, renameSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import type { SecretMasker } from './secret-masker.ts';

const maxBytes = 5 * 1024 * 1024;

/**
 * OpsDesk's log: one masked line per entry, `<ISO time> <message>`, in `<data dir>/logs/opsdesk.log`;
 * past 5 MiB the file moves to opsdesk.log.1 (one generation kept).
 */
export function createLogFile(file: string, masker: SecretMasker, echo?: (line: string) => void): (message: string) => void {
  mkdirSync(dirname(file), { recursive: true });
  return (message: string) => {
    const line = masker.mask(message);
    echo?.(line);
    try {
      if ((statSync(file, { throwIfNoEntry: false })?.size ?? 0) > maxBytes) renameSync(file, `${file}.1`);
      appendFileSync(file, `${new Date().toISOString()} ${line.replace(/\n/g, '\n    ')}\n`, { mode: 0o600 });
    } catch {
      // A full or read-only disk must not take the console down; the echo still shows the line.
    }
  };
}
