import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { assertMigrationsIncrease, migrations as registry, type Migration } from './migrations/index.ts';

export type CacheDatabase = Database.Database;

export class NewerDatabaseError extends Error {
  constructor(readonly file: string, readonly found: number, readonly supported: number) {
    super(
      `${file} was written by a newer OpsDesk (schema ${found}, this build knows up to ${supported}); ` +
        'refusing to open it so nothing is lost. Update OpsDesk or point OPSDESK_DATA_DIR elsewhere.',
    );
    this.name = 'NewerDatabaseError';
  }
}

/** Open (creating if needed) the cache and bring its schema to the newest version in one transaction. */
export function openCacheDatabase(file: string, migrations: readonly Migration[] = registry): CacheDatabase {
  assertMigrationsIncrease(migrations);
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  const db = new Database(file);
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('busy_timeout = 5000');
    db.pragma('foreign_keys = ON');
    migrate(db, file, migrations);
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}

function migrate(db: CacheDatabase, file: string, migrations: readonly Migration[]): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  const newest = migrations.at(-1)?.version ?? 0;
  if (current > newest) throw new NewerDatabaseError(file, current, newest);
  const pending = migrations.filter((migration) => migration.version > current);
  if (pending.length === 0) return;
  db.transaction(() => {
    for (const migration of pending) {
      db.exec(migration.up);
      db.pragma(`user_version = ${migration.version}`);
    }
  }).immediate();
}
