import { QueryClient } from '@tanstack/react-query';
import { ApiRequestError } from '../api/unwrap.ts';

/** Retry only what may heal by itself: an unreachable host or a center that failed to answer. */
function shouldRetry(failureCount: number, error: unknown): boolean {
  if (error instanceof ApiRequestError) {
    return (error.code === 'unavailable' || error.code === 'connector-error') && failureCount < 3;
  }
  return failureCount < 1;
}

export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        retry: shouldRetry,
        retryDelay: (attempt) => Math.min(500 * 2 ** attempt, 5_000),
        refetchOnWindowFocus: false,
      },
      mutations: { retry: false },
    },
  });
}
