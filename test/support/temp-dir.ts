import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';

/** Files OpsDesk itself writes, which the end-of-suite secret scan reads. */
export const scannedOutput = /\.(sqlite|sqlite-wal|sqlite-shm|log|log\.1|ya?ml|json|jsonl|md|html|pdf|opsdesk-pack)$/;

/**
 * A fresh directory removed when `remove()` runs. Under `npm test` (OPSDESK_SECRET_SCAN_DIR set) what
 * OpsDesk wrote there is kept for the secret scan first.
 */
export function makeTempDir(prefix: string): { path: string; remove(): void } {
  const path = mkdtempSync(join(tmpdir(), `opsdesk-${prefix}-`));
  return {
    path,
    remove: () => {
      const scanDir = process.env.OPSDESK_SECRET_SCAN_DIR;
      if (scanDir) {
        try {
          cpSync(path, join(scanDir, 'kept', basename(path)), {
            recursive: true,
            // Keys the tests made, and `planted-*` folders: inputs a test planted on purpose (say, a center's log line
            // carrying a token), not what OpsDesk wrote.
            filter: (source) => !/\.(pem|key)$|known_hosts|authorized_keys|id_(ed25519|rsa|ecdsa)|[\\/]planted-[^\\/]*$/.test(source),
          });
        } catch {
          // Sockets and other special files cannot be copied; the scan reads what could be.
        }
      }
      rmSync(path, { recursive: true, force: true });
    },
  };
}
