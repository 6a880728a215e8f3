import type { IncomingMessage, ServerResponse } from 'node:http';
import { alertmanagerAlertsAt } from './alerts.ts';
import { sendJson, sendText, type RequestHandler } from './http-server.ts';
import { openApiDateTime } from './wire-format.ts';
import type { WorldCenter } from './world-types.ts';

/**
 * Alertmanager API v2 (api/v2/openapi.yaml): GET /api/v2/alerts returns gettableAlerts sorted by
 * fingerprint, leaving out alerts whose endsAt has passed, with the active/silenced/inhibited/
 * unprocessed, filter and receiver parameters; /api/v2/status answers the minimal status.
 */

export const alertmanagerVersion = '0.27.0';

type LabelMatcher = (labels: Record<string, string>) => boolean;

/** Alertmanager matchers: name="value", name!="value", name=~"regex", name!~"regex" (quotes optional). */
function parseMatcher(text: string): LabelMatcher {
  const match = /^\s*\{?\s*([a-zA-Z_][a-zA-Z0-9_]*)\s*(=~|!~|!=|=)\s*(?:"((?:[^"\\]|\\.)*)"|([^"]*?))\s*\}?\s*$/.exec(text);
  if (!match) throw new Error(`bad matcher format: ${text}`);
  const [, name, op, quoted, bare] = match as unknown as [string, string, string, string | undefined, string | undefined];
  const value = quoted !== undefined ? quoted.replace(/\\(.)/g, '$1') : (bare ?? '');
  const regex = op === '=~' || op === '!~' ? new RegExp(`^(?:${value})$`) : null;
  return (labels) => {
    const actual = labels[name] ?? '';
    switch (op) {
      case '=':
        return actual === value;
      case '!=':
        return actual !== value;
      case '=~':
        return regex!.test(actual);
      default:
        return !regex!.test(actual);
    }
  };
}

function booleanParam(params: URLSearchParams, name: string): boolean {
  const value = params.get(name);
  if (value === null || value === '') return true;
  if (value === 'true') return true;
  if (value === 'false') return false;
  throw new Error(`${name} in query must be of type boolean: "${value}"`);
}

export interface AlertmanagerApiOptions {
  center: WorldCenter;
  now: () => number;
  startedAt: number;
}

export function createAlertmanagerHandler(options: AlertmanagerApiOptions): RequestHandler {
  const { center } = options;

  function alerts(params: URLSearchParams): unknown[] {
    const now = options.now();
    // Nothing in the demo is silenced or inhibited, so every alert is "active".
    const active = booleanParam(params, 'active');
    booleanParam(params, 'silenced');
    booleanParam(params, 'inhibited');
    booleanParam(params, 'unprocessed');
    const matchers = params.getAll('filter').filter((text) => text !== '').map(parseMatcher);
    const receiver = params.get('receiver');
    const receiverPattern = receiver ? new RegExp(`^(?:${receiver})$`) : null;
    if (!active) return [];
    return alertmanagerAlertsAt(center.alerts, now)
      .filter((entry) => !(entry.endsAt < now))
      .filter((entry) => matchers.every((matcher) => matcher(entry.alert.labels)))
      .filter((entry) => !receiverPattern || receiverPattern.test(entry.alert.receiver))
      .sort((a, b) => (a.fingerprint < b.fingerprint ? -1 : a.fingerprint > b.fingerprint ? 1 : 0))
      .map((entry) => ({
        annotations: entry.alert.annotations,
        endsAt: openApiDateTime(entry.endsAt),
        fingerprint: entry.fingerprint,
        receivers: [{ name: entry.alert.receiver }],
        startsAt: openApiDateTime(entry.startsAt),
        status: { inhibitedBy: [], silencedBy: [], state: 'active' },
        updatedAt: openApiDateTime(entry.updatedAt),
        generatorURL: `http://prometheus-k8s-0:9090/graph?g0.expr=${encodeURIComponent(entry.alert.expr)}&g0.tab=1`,
        labels: entry.alert.labels,
      }));
  }

  function status(): unknown {
    return {
      cluster: { name: '01J1Z8Q4V6X2K9T3M5N7P0R2S4', peers: [{ address: '10.0.0.1:9094', name: '01J1Z8Q4V6X2K9T3M5N7P0R2S4' }], status: 'ready' },
      config: {
        original:
          'global:\n  resolve_timeout: 5m\nroute:\n  receiver: slack-warnings\n  group_by: [alertname, namespace]\n  routes:\n  - receiver: pagerduty-critical\n    matchers: [severity="critical"]\nreceivers:\n- name: slack-warnings\n- name: pagerduty-critical\n',
      },
      uptime: openApiDateTime(options.startedAt),
      versionInfo: {
        branch: 'HEAD',
        buildDate: '20240228-11:51:20',
        buildUser: 'root@22cd11f671e9',
        goVersion: 'go1.21.7',
        revision: '0aa3c2aad14cff039931923ab16b26b7481783b5',
        version: alertmanagerVersion,
      },
    };
  }

  return (request: IncomingMessage, response: ServerResponse, url: URL) => {
    const path = url.pathname;
    if (path === '/-/healthy' || path === '/-/ready') return sendText(response, 200, 'OK');
    if (path !== '/api/v2/alerts' && path !== '/api/v2/status') {
      return sendJson(response, 404, { code: 404, message: `path ${path} was not found` });
    }
    if (request.method !== 'GET') return sendJson(response, 405, { code: 405, message: `method ${request.method} is not allowed, but [GET] are` });
    if (path === '/api/v2/status') return sendJson(response, 200, status());
    try {
      sendJson(response, 200, alerts(url.searchParams));
    } catch (error) {
      // Alertmanager answers bad parameters with a JSON string body.
      sendJson(response, 400, error instanceof Error ? error.message : String(error));
    }
  };
}
