import type { HealthResult } from '../../shared/domain/connector.ts';
import { ConnectorError } from './errors.ts';
import type { JsonHttpClient } from './http.ts';
import { looksLikeHtml } from './json-body.ts';

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

/**
 * Health in two steps: `versionProbe` (the versioned API), then, when the server answered but not
 * with that API, the plain liveness path. A liveness answer that is an HTML page (a login page of an
 * SSO proxy answers 200 to everything) does not count: the version probe's error is reported.
 */
export async function probeHealth(http: JsonHttpClient, versionProbe: () => Promise<HealthResult>, livenessPath: string): Promise<HealthResult> {
  const startedAt = performance.now();
  try {
    return await versionProbe();
  } catch (error) {
    if (!shouldFallBack(error)) return unhealthy(error, startedAt);
    try {
      const answer = await http.requestText({ method: 'GET', path: livenessPath });
      if (looksLikeHtml(answer.text, null)) return unhealthy(error, startedAt);
      return { ok: true, latencyMs: answer.latencyMs, message: answer.text.trim() };
    } catch {
      return unhealthy(error, startedAt);
    }
  }
}
