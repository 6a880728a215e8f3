import { createHash } from 'node:crypto';
import type { CacheDatabase } from '../../electron/services/cache/database.ts';

/** A hash over every row of every table, in a stable order: equal digests mean an unchanged cache. */
export function cacheDigest(db: CacheDatabase, excludeTables: readonly string[] = []): string {
  const hash = createHash('sha256');
  const tables = db
    .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
    .pluck()
    .all() as string[];
  for (const table of tables.filter((name) => !excludeTables.includes(name))) {
    const columns = (db.prepare(`PRAGMA table_info(${table})`).all() as Array<{ name: string }>).map((column) => column.name);
    hash.update(`#${table}\n`);
    for (const row of db.prepare(`SELECT * FROM ${table} ORDER BY ${columns.map((_, index) => index + 1).join(', ')}`).raw().all()) {
      hash.update(JSON.stringify(row, (_key, value: unknown) => (Buffer.isBuffer(value) ? value.toString('base64') : value)));
      hash.update('\n');
    }
  }
  return hash.digest('hex');
}
