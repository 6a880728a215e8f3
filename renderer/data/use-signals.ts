import { keepPreviousData, useInfiniteQuery, useQuery } from '@tanstack/react-query';
import type { StoredLogLinePayload } from '../../shared/contract/channels.ts';
import type { LogLevel } from '../../shared/domain/logs.ts';
import type { TimeRangeInput } from '../../shared/time/range.ts';
import { useApi } from '../api/api-context.tsx';
import { unwrap } from '../api/unwrap.ts';
import { nextLogsCursor } from '../views/logs/logs-paging.ts';
import { queryKeys, staleTimes } from './query-keys.ts';

export interface LogsSearchParams {
  range: TimeRangeInput;
  text?: string;
  levels?: LogLevel[];
  namespace?: string;
  pod?: string;
  container?: string;
  limit: number;
}

/** Newest first, one page per `limit` lines; older pages come with the `before` cursor. */
export function useLogsSearch(centerIds: readonly string[], params: LogsSearchParams, liveTailMs: number | false) {
  const api = useApi();
  return useInfiniteQuery({
    queryKey: queryKeys.logs.search(centerIds, params),
    queryFn: ({ pageParam }) =>
      unwrap('logs:search', api['logs:search']({ centerIds: [...centerIds], ...params, ...(pageParam ? { before: pageParam } : {}) })),
    initialPageParam: null as { timestampMs: number; rowid: number } | null,
    getNextPageParam: (lastPage: StoredLogLinePayload[]) => nextLogsCursor(lastPage, params.limit),
    staleTime: staleTimes.logs,
    placeholderData: keepPreviousData,
    refetchInterval: liveTailMs,
  });
}

export function useLogsAround(lineId: string | null, count = 20) {
  const api = useApi();
  return useQuery({
    queryKey: queryKeys.logs.around(lineId ?? '', count),
    queryFn: () => unwrap('logs:around', api['logs:around']({ lineId: lineId ?? '', count })),
    enabled: lineId !== null,
    staleTime: staleTimes.logs,
  });
}

export interface TracesSearchParams {
  range: TimeRangeInput;
  service?: string;
  operation?: string;
  minDurationMs?: number;
  errorsOnly?: boolean;
}

export function useTracesSearch(centerIds: readonly string[], params: TracesSearchParams) {
  const api = useApi();
  return useQuery({
    queryKey: queryKeys.traces.search(centerIds, params),
    queryFn: () => unwrap('traces:search', api['traces:search']({ centerIds: [...centerIds], ...params })),
    staleTime: staleTimes.traces,
    placeholderData: keepPreviousData,
  });
}

export function useTraceServices(centerIds: readonly string[]) {
  const api = useApi();
  return useQuery({
    queryKey: queryKeys.traces.services(centerIds),
    queryFn: () => unwrap('traces:services', api['traces:services']({ centerIds: [...centerIds] })),
    staleTime: staleTimes.traces,
  });
}

export function useTrace(traceId: string | null) {
  const api = useApi();
  return useQuery({
    queryKey: queryKeys.traces.get(traceId ?? ''),
    queryFn: () => unwrap('traces:get', api['traces:get']({ traceId: traceId ?? '' })),
    enabled: traceId !== null,
    staleTime: staleTimes.traces,
  });
}
