import { migration0001Initial } from './0001-initial.ts';
import { migration0002Backfill } from './0002-backfill.ts';
import { migration0003Logs } from './0003-logs.ts';
import { migration0004Traces } from './0004-traces.ts';
import { migration0005Pins } from './0005-pins.ts';
import { migration0006Incidents } from './0006-incidents.ts';
import { migration0008PullCursors } from './0008-pull-cursors.ts';
import { migration0009LogIngest } from './0009-log-ingest.ts';
import type { Migration } from './migration.ts';

export type { Migration } from './migration.ts';

/** Append new migrations here, one file per schema version. */
export const migrations: readonly Migration[] = [migration0001Initial, migration0002Backfill, migration0003Logs, migration0004Traces, migration0005Pins, migration0006Incidents, migration0008PullCursors, migration0009LogIngest];

export function assertMigrationsIncrease(list: readonly Migration[]): void {
  list.forEach((migration, index) => {
    const previous = index === 0 ? 0 : list[index - 1]!.version;
    if (migration.version <= previous) {
      throw new Error(`migration ${migration.name} has version ${migration.version}, not above ${previous}`);
    }
  });
}
