import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, test } from 'node:test';
import Database from 'better-sqlite3';
import { NewerDatabaseError, openCacheDatabase } from '../../electron/services/cache/database.ts';
import { assertMigrationsIncrease, migrations } from '../../electron/services/cache/migrations/index.ts';
import { makeTempDir } from '../support/temp-dir.ts';

const dir = makeTempDir('migrations');
after(() => dir.remove());

test('a new cache is migrated to the newest version, in WAL mode', () => {
  const db = openCacheDatabase(join(dir.path, 'fresh.sqlite'));
  assert.equal(db.pragma('user_version', { simple: true }), migrations.at(-1)!.version);
  assert.equal(db.pragma('journal_mode', { simple: true }), 'wal');
  const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").pluck().all();
  for (const table of ['alerts', 'centers', 'containers', 'endpoints', 'kube_events', 'nodes', 'pods', 'series', 'series_block', 'sync_state']) {
    assert.ok(tables.includes(table), `missing table ${table}`);
  }
  db.close();
});

test('reopening applies nothing twice', () => {
  const file = join(dir.path, 'twice.sqlite');
  openCacheDatabase(file).close();
  const db = openCacheDatabase(file);
  assert.equal(db.pragma('user_version', { simple: true }), migrations.at(-1)!.version);
  db.close();
});

test('a database written by a newer OpsDesk is refused and left untouched', () => {
  const file = join(dir.path, 'newer.sqlite');
  const raw = new Database(file);
  raw.exec('CREATE TABLE future (x INTEGER)');
  raw.pragma('user_version = 9999');
  raw.close();
  assert.throws(() => openCacheDatabase(file), (error: unknown) => {
    assert.ok(error instanceof NewerDatabaseError);
    assert.match(error.message, /schema 9999/);
    return true;
  });
  const again = new Database(file);
  assert.equal(again.pragma('user_version', { simple: true }), 9999);
  assert.deepEqual(again.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").pluck().all(), ['future']);
  again.close();
});

test('a failing migration rolls back whole: no half-applied schema', () => {
  const file = join(dir.path, 'broken.sqlite');
  const broken = [...migrations, { version: 99, name: 'broken', up: 'CREATE TABLE half (x); THIS IS NOT SQL' }];
  assert.throws(() => openCacheDatabase(file, broken), /syntax error/);
  const db = new Database(file);
  assert.equal(db.pragma('user_version', { simple: true }), 0);
  assert.equal(db.prepare("SELECT count(*) FROM sqlite_master WHERE type = 'table'").pluck().get(), 0);
  db.close();
});

test('the registry must increase', () => {
  assert.doesNotThrow(() => assertMigrationsIncrease(migrations));
  assert.throws(() => assertMigrationsIncrease([{ version: 2, name: 'a', up: '' }, { version: 2, name: 'b', up: '' }]), /not above 2/);
});
