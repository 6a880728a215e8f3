import { useQuery } from '@tanstack/react-query';
import type { PanelId } from '../../shared/catalog/promql.ts';
import type { TimeRangeInput } from '../../shared/time/range.ts';
import { useApi } from '../api/api-context.tsx';
import { unwrap } from '../api/unwrap.ts';
import { queryKeys, staleTimes, type PanelTargetKey } from './query-keys.ts';

export function usePanelSeries(centerId: string, panel: PanelId, target: PanelTargetKey, range: TimeRangeInput) {
  const api = useApi();
  return useQuery({
    queryKey: queryKeys.series.panel(centerId, panel, target, range),
    queryFn: () => unwrap('series:panel', api['series:panel']({ centerId, panel, target, range })),
    staleTime: staleTimes.series,
    // A relative range ("now-1h") moves with the clock; refresh it while visible.
    refetchInterval: range.to.startsWith('now') ? 60_000 : false,
    // While a new time range loads, keep showing the same target's previous range, never another target's.
    placeholderData: (previous, previousQuery) =>
      previousQuery && sameTarget(previousQuery.queryKey, centerId, panel, target) ? previous : undefined,
  });
}

function sameTarget(key: readonly unknown[], centerId: string, panel: PanelId, target: PanelTargetKey): boolean {
  const params = key[2] as { centerId?: string; panel?: string; target?: PanelTargetKey } | undefined;
  return (
    params?.centerId === centerId &&
    params.panel === panel &&
    JSON.stringify(params.target) === JSON.stringify(target)
  );
}
