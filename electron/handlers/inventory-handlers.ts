import { panel, seriesMatchesTarget } from '../../shared/catalog/promql.ts';
import { ApiFailure } from '../../shared/contract/result.ts';
import { resolveTimeRange } from '../../shared/time/range.ts';
import type { ChannelHandlers } from '../dispatcher.ts';
import type { CoreServices } from './services.ts';

type InventoryChannels = 'inventory:nodes' | 'inventory:pods' | 'inventory:containers' | 'events:list' | 'alerts:list' | 'series:panel';

/** Everything views read: straight from the cache, never from a center. */
export function inventoryHandlers({ cache, now }: CoreServices): Pick<ChannelHandlers, InventoryChannels> {
  return {
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
