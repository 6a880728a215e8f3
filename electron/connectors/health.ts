import type { HealthResult } from '../../shared/domain/connector.ts';
import { ConnectorError } from './errors.ts';

/** A failed health check as a result, never a throw: the UI shows the message as is. */
export function unhealthy(error: unknown, startedAt: number): HealthResult {
  return {
    ok: false,
    latencyMs: Math.round(performance.now() - startedAt),
    message: error instanceof Error ? error.message : String(error),
  };
}

/**
 * Whether a failed version probe should fall back to the plain liveness path (`/-/healthy`):
 * the server answered, but not with the versioned API (older release, a compatible server, a proxy
 * that only forwards part of the API). Not for unreachable, timeout or unauthorized.
 */
export function shouldFallBack(error: unknown): boolean {
  return error instanceof ConnectorError && (error.code === 'http-status' || error.code === 'malformed' || error.code === 'remote-error');
}
