import { join } from 'node:path';
import { panel, seriesMatchesTarget } from '../shared/catalog/promql.ts';
import { ApiFailure } from '../shared/contract/result.ts';
import type { Center } from '../shared/domain/records.ts';
import { resolveTimeRange } from '../shared/time/range.ts';
import { createConnector } from './connectors/index.ts';
import { startDemoCenters, type DemoCenters, type DemoOptions } from './demo/index.ts';
import { Dispatcher, type ChannelHandlers } from './dispatcher.ts';
import { CacheService } from './services/cache/cache-service.ts';
import { SyncService } from './services/sync/sync-service.ts';

export interface CoreOptions {
  dataDir: string;
  version: string;
  /** Configured centers; with none, the embedded demo centers start. */
  centers?: readonly Center[];
  demo?: DemoOptions;
  syncIntervalMs?: number;
  syncWindowMs?: number;
  now?: () => number;
  log?: (line: string) => void;
}

/** Everything behind the contract, independent of the transport that carries it. */
export interface OpsDeskCore {
  dispatcher: Dispatcher;
  cache: CacheService;
  sync: SyncService;
  centers: readonly Center[];
  dataDir: string;
  close(): Promise<void>;
}

export const cacheFileName = 'cache.sqlite';

export async function startCore(options: CoreOptions): Promise<OpsDeskCore> {
  const now = options.now ?? Date.now;
  const log = options.log ?? ((line: string) => console.error(line));
  const startedAt = now();
  const cache = new CacheService(join(options.dataDir, cacheFileName));
  let demo: DemoCenters | null = null;
  try {
    const configured = options.centers ?? [];
    if (configured.length === 0) demo = await startDemoCenters({ ...options.demo, now });
    const centers = configured.length > 0 ? configured : demo!.centers;
    cache.upsertCenters(centers);

    const dispatcher: Dispatcher = new Dispatcher(createHandlers(), {
      onInternalError: (channel, error) => log(`opsdesk: ${channel} failed: ${error instanceof Error ? error.stack : String(error)}`),
    });
    const sync = new SyncService(cache, centers, {
      windowMs: options.syncWindowMs ?? 3_600_000,
      intervalMs: options.syncIntervalMs ?? 30_000,
      concurrency: 4,
      now,
      connectorFor: createConnector,
      onDidChangeStatus: (statuses) => dispatcher.emit('sync:onDidChangeStatus', statuses),
      onDidWrite: (centerId) => dispatcher.emit('inventory:onDidChange', { centerId }),
      onError: (endpoint, error) => log(`opsdesk: sync ${endpoint.id}: ${error instanceof Error ? error.message : String(error)}`),
    });

    function createHandlers(): ChannelHandlers {
      return {
        'app:info': () => ({ version: options.version, dataDir: options.dataDir, demo: demo !== null, startedAt }),
        'centers:list': () => cache.listCenters(),
        'sync:status': () => sync.statuses(),
        'sync:refresh': ({ centerIds }) => ({ started: sync.refresh(centerIds) }),
        'inventory:nodes': ({ centerIds }) => cache.listNodes({ centerIds }),
        'inventory:pods': (input) => cache.listPods(input),
        'inventory:containers': (input) => cache.listContainers(input),
        'events:list': (input) => cache.listEvents(input),
        'alerts:list': ({ centerIds }) => cache.listAlerts({ centerIds }),
        'series:panel': ({ centerId, panel: panelId, target, range }) => {
          let resolved;
          try {
            resolved = resolveTimeRange(range, now());
          } catch (error) {
            throw new ApiFailure('invalid-input', (error as Error).message);
          }
          const definition = panel(panelId);
          if (definition.target !== target.kind) {
            throw new ApiFailure('invalid-input', `panel ${panelId} shows ${definition.target}s, not ${target.kind}s`);
          }
          const series = cache.readSeries(centerId, panelId, resolved, (labels) => seriesMatchesTarget(labels, target));
          return { panel: panelId, title: definition.title, unit: definition.unit, series };
        },
      };
    }

    sync.start();
    return {
      dispatcher,
      cache,
      sync,
      centers,
      dataDir: options.dataDir,
      async close() {
        await sync.stop();
        await demo?.close();
        cache.close();
      },
    };
  } catch (error) {
    await demo?.close();
    cache.close();
    throw error;
  }
}
