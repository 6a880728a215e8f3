import { ApiFailure } from '../../shared/contract/result.ts';
import { resolveTimeRange, type TimeRangeInput } from '../../shared/time/range.ts';
import { analyzeTraceTiming } from '../connectors/otlp/critical-path.ts';
import type { ChannelHandlers } from '../dispatcher.ts';
import type { CoreServices } from './services.ts';

type SignalChannels = 'logs:search' | 'logs:around' | 'traces:search' | 'traces:services' | 'traces:get' | 'sync:backfill';

/** Logs and traces, read from the cache only; a backfill asks the sync service to pull more. */
export function signalsHandlers({ cache, sync, now }: CoreServices): Pick<ChannelHandlers, SignalChannels> {
  const range = (input: TimeRangeInput) => {
    try {
      return resolveTimeRange(input, now());
    } catch (error) {
      throw new ApiFailure('invalid-input', (error as Error).message);
    }
  };
  return {
    'logs:search': ({ range: window, ...filters }) => {
      const { from, to } = range(window);
      return cache.logs.search({ ...filters, fromMs: from, toMs: to });
    },
    'logs:around': ({ lineId, count }) => cache.logs.around(lineId, count),
    'traces:search': ({ range: window, ...filters }) => {
      const { from, to } = range(window);
      return cache.spans.search({ ...filters, fromMs: from, toMs: to });
    },
    'traces:services': ({ centerIds }) => cache.spans.services(centerIds),
    'traces:get': ({ traceId }) => {
      const spans = cache.spans.trace(traceId);
      if (spans.length === 0) throw new ApiFailure('not-found', `trace ${traceId} is not in the cache`);
      const { rootSpanId, pathSpanIds, criticalMs, selfMs } = analyzeTraceTiming(spans);
      return { spans, timing: { rootSpanId, pathSpanIds, criticalMs, selfMs } };
    },
    'sync:backfill': ({ centerIds, range: window, chunkMinutes }) => {
      const { from, to } = range(window);
      const endpoints = sync.metricsEndpoints(centerIds).length;
      void sync.backfill(centerIds, { from, to }, chunkMinutes * 60_000).catch(() => undefined);
      return { endpoints };
    },
  };
}
