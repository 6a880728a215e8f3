import type { Connector, HealthResult, PullRequest, PullResult } from '../../../shared/domain/connector.ts';
import type { Endpoint } from '../../../shared/domain/records.ts';
import { probeHealth } from '../health.ts';
import { createJsonHttpClient, type HttpOptions } from '../http.ts';
import { validateAnswer } from '../validation.ts';
import { gettableAlertsSchema, readAlertmanagerError, statusSchema } from './api-schema.ts';
import { convertAlert } from './convert.ts';

export type AlertmanagerConnectorOptions = HttpOptions;

export function createAlertmanagerConnector(endpoint: Endpoint, options: AlertmanagerConnectorOptions = {}): Connector {
  const http = createJsonHttpClient(endpoint, { ...options, remoteError: readAlertmanagerError });

  /** Every alert Alertmanager holds: active, silenced, inhibited and unprocessed (the API defaults). */
  async function pull(request: PullRequest): Promise<PullResult> {
    const answer = await http.requestJson({ method: 'GET', path: '/api/v2/alerts' });
    const alerts = validateAnswer(gettableAlertsSchema, answer.body, answer.fail);
    return { kind: 'alerts', alerts: alerts.map((alert) => convertAlert(request.centerId, alert)) };
  }

  /** Version from /api/v2/status (versionInfo), else liveness from /-/healthy. */
  function health(): Promise<HealthResult> {
    return probeHealth(
      http,
      async () => {
        const answer = await http.requestJson({ method: 'GET', path: '/api/v2/status' });
        const status = validateAnswer(statusSchema, answer.body, answer.fail);
        return { ok: true, latencyMs: answer.latencyMs, version: status.versionInfo.version, message: `cluster ${status.cluster.status}` };
      },
      '/-/healthy',
    );
  }

  return { kind: 'alertmanager', capabilities: ['alerts'], health, pull };
}
