import { appendFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Tests name the secret values they use here; after the whole suite, test/final/secret-scan.test.ts
 * proves none of them reached a cache file, a log, the config, an export or a renderer payload.
 */
export function registerTestSecret<T extends string>(value: T): T {
  const dir = process.env.OPSDESK_SECRET_SCAN_DIR;
  if (dir) {
    mkdirSync(dir, { recursive: true });
    appendFileSync(join(dir, `ledger-${process.pid}.txt`), `${Buffer.from(value).toString('base64')}\n`);
  }
  return value;
}
