import type { mapChannels } from '../../shared/contract/map-channels.ts';
import { ApiFailure } from '../../shared/contract/result.ts';
import { resolveTimeRange } from '../../shared/time/range.ts';
import type { ChannelHandlers } from '../dispatcher.ts';
import { mapPanel, readMapFrames } from '../services/map/map-frames.ts';
import type { CoreServices } from './services.ts';

export function mapHandlers({ cache, now }: CoreServices): Pick<ChannelHandlers, keyof typeof mapChannels> {
  return {
    'map:frames': ({ centerIds, entity, metric, range, steps }) => {
      let resolved;
      try {
        resolved = resolveTimeRange(range, now());
      } catch (error) {
        throw new ApiFailure('invalid-input', (error as Error).message);
      }
      if (!mapPanel(entity, metric)) throw new ApiFailure('invalid-input', `${entity}s have no ${metric} metric on the map`);
      return readMapFrames(cache, { centerIds, entity, metric, range: resolved, steps });
    },
  };
}
