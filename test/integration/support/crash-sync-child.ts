// Child of sync-crash.test.ts: backfills one center's metrics into a cache file until done or killed.
// argv: <cache file> <metrics url> <from ms> <to ms> <chunk ms>
import type { Center } from '../../../shared/domain/records.ts';
import { createPrometheusConnector } from '../../../electron/connectors/index.ts';
import { CacheService } from '../../../electron/services/cache/cache-service.ts';
import { SyncService } from '../../../electron/services/sync/sync-service.ts';

const [file, url, from, to, chunkMs] = process.argv.slice(2);
const center: Center = {
  id: 'crash',
  name: 'Crash',
  kind: 'on-prem',
  region: '',
  labels: {},
  demo: false,
  endpoints: [{ id: 'crash-metrics', centerId: 'crash', signal: 'metrics', kind: 'prometheus', url: url!, timeoutMs: 20_000 }],
};
let firstCommitReported = false;
const cache = new CacheService(file!);
cache.upsertCenters([center]);
const sync = new SyncService(cache, [center], {
  windowMs: 3_600_000,
  intervalMs: 3_600_000,
  concurrency: 1,
  now: Date.now,
  connectorFor: (endpoint, signal) => createPrometheusConnector(endpoint, { signal, stepSeconds: 30 }),
  // The parent times its kills from the first committed chunk of the backfill.
  onDidChangeStatus: (statuses) => {
    if (!firstCommitReported && statuses.some((status) => (status.progress ?? 0) > 0)) {
      firstCommitReported = true;
      process.stdout.write('committed\n');
    }
  },
  onError: (_endpoint, error) => console.error(String(error)),
});
process.stdout.write('ready\n');
await sync.backfill(['crash'], { from: Number(from), to: Number(to) }, Number(chunkMs));
const state = cache.readBackfill('crash-metrics');
cache.close();
process.stdout.write(state?.finishedAt ? 'done\n' : 'stopped\n');
