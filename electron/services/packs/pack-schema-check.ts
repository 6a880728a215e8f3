import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { openCacheDatabase } from '../cache/database.ts';
import { migrations } from '../cache/migrations/index.ts';

interface SchemaObject {
  type: string;
  name: string;
  sql: string | null;
}

function schemaOf(db: Database.Database): SchemaObject[] {
  return db.prepare("SELECT type, name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' ORDER BY type, name").all() as SchemaObject[];
}

/**
 * Reasons a pack's database must not be opened as a cache: not SQLite, damaged, written by a newer
 * OpsDesk, or holding any table, index, trigger or view the cache schema of its version does not
 * have. Null when it is exactly a cache database. Reads the file only (read-only, untrusted schema).
 */
export function packDatabaseProblem(file: string): string | null {
  let db: Database.Database;
  try {
    db = new Database(file, { readonly: true, fileMustExist: true });
  } catch (error) {
    return `cache.sqlite cannot be opened as SQLite: ${error instanceof Error ? error.message : String(error)}`;
  }
  try {
    db.pragma('trusted_schema = OFF');
    const integrity = db.pragma('integrity_check', { simple: true });
    if (integrity !== 'ok') return `cache.sqlite fails SQLite's integrity check: ${String(integrity)}`;
    const version = db.pragma('user_version', { simple: true }) as number;
    const newest = migrations.at(-1)!.version;
    if (version > newest) return `cache.sqlite has cache schema ${version}; this OpsDesk knows up to ${newest} (update OpsDesk to import this pack)`;
    const known = migrations.filter((migration) => migration.version <= version);
    if (known.at(-1)?.version !== version) return `cache.sqlite has cache schema ${version}, which no OpsDesk release wrote`;
    const work = mkdtempSync(join(tmpdir(), 'opsdesk-schema-'));
    try {
      const reference = openCacheDatabase(join(work, 'reference.sqlite'), known);
      const expected = JSON.stringify(schemaOf(reference));
      reference.close();
      if (JSON.stringify(schemaOf(db)) !== expected) return `cache.sqlite does not have the cache schema of version ${version} (extra or changed tables, indexes, triggers or views)`;
    } catch (error) {
      return `cache.sqlite could not be compared with the cache schema: ${error instanceof Error ? error.message : String(error)}`;
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
    return null;
  } catch (error) {
    return `cache.sqlite is not a readable SQLite database: ${error instanceof Error ? error.message : String(error)}`;
  } finally {
    db.close();
  }
}
