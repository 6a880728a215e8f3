import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { MapEntity, MapMetric } from '../../../shared/contract/map-channels.ts';
import type { TimeRangeInput } from '../../../shared/time/range.ts';
import { useApi } from '../../api/api-context.tsx';
import { unwrap } from '../../api/unwrap.ts';

export const mapFrameSteps = 60;

export function useMapFrames(centerIds: readonly string[], entity: MapEntity, metric: MapMetric, range: TimeRangeInput) {
  const api = useApi();
  return useQuery({
    queryKey: ['map', 'frames', { centerIds, entity, metric, range, steps: mapFrameSteps }] as const,
    queryFn: () => unwrap('map:frames', api['map:frames']({ centerIds: [...centerIds], entity, metric, range, steps: mapFrameSteps })),
    staleTime: 30_000,
    refetchInterval: range.to.startsWith('now') ? 60_000 : false,
    // While another metric loads, keep the cells on screen rather than flashing an empty map.
    placeholderData: keepPreviousData,
  });
}
