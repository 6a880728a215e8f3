import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { alertRecordSchema, type Endpoint } from '../../shared/domain/records.ts';
import { createAlertmanagerConnector } from '../../electron/connectors/alertmanager/index.ts';
import { startLocalHttpServer, type LocalHttpServer } from '../support/real-servers.ts';

const fixture = (name: string) => readFileSync(new URL(`../fixtures/alertmanager/${name}`, import.meta.url), 'utf8');

describe('Alertmanager connector on the documented shapes', () => {
  let server: LocalHttpServer;
  before(async () => {
    server = await startLocalHttpServer((incoming, response) => {
      const body = incoming.url === '/api/v2/alerts' ? fixture('openapi-v2.gettable-alerts.json') : incoming.url === '/api/v2/status' ? fixture('openapi-v2.status.json') : null;
      if (body === null) response.writeHead(404).end();
      else response.writeHead(200, { 'content-type': 'application/json' }).end(body);
    });
  });
  after(() => server.stop());
  const endpoint = (): Endpoint => ({ id: 'am-test', centerId: 'dc1', signal: 'alerts', kind: 'alertmanager', url: server.url, timeoutMs: 5_000 });

  test('gettableAlerts convert field by field', async () => {
    const result = await createAlertmanagerConnector(endpoint()).pull({ centerId: 'eu-1', range: { from: 0, to: 1 }, watermark: null });
    assert.equal(result.kind, 'alerts');
    if (result.kind !== 'alerts') return;
    result.alerts.forEach((alert) => alertRecordSchema.parse(alert));
    assert.deepEqual(result.alerts, [
      {
        centerId: 'eu-1',
        fingerprint: '0f5d2b7bd5e2f5e1',
        alertName: 'NodeFilesystemAlmostFull',
        state: 'active',
        severity: 'critical',
        labels: { alertname: 'NodeFilesystemAlmostFull', instance: 'node-1:9100', mountpoint: '/var', severity: 'critical' },
        annotations: { description: 'Filesystem /var on node-1 has less than 5% space left.', summary: 'Disk almost full' },
        startsAt: Date.UTC(2024, 2, 5, 9, 51, 20, 123),
        endsAt: Date.UTC(2024, 2, 5, 10, 19, 20, 0),
        updatedAt: Date.UTC(2024, 2, 5, 9, 15, 20, 456), // 10:15:20.456+01:00
      },
      {
        centerId: 'eu-1',
        fingerprint: 'a4c8e0e5b6f1d9c2',
        alertName: 'Watchdog',
        state: 'suppressed',
        severity: null,
        labels: { alertname: 'Watchdog' },
        annotations: {},
        startsAt: Date.UTC(2024, 2, 5, 8, 0, 0, 987), // nanoseconds truncated, not rounded
        endsAt: null, // Go's zero time
        updatedAt: Date.UTC(2024, 2, 5, 8, 0, 1, 0),
      },
    ]);
  });

  test('health reads versionInfo from /api/v2/status', async () => {
    const health = await createAlertmanagerConnector(endpoint()).health();
    assert.deepEqual({ ok: health.ok, version: health.version, message: health.message }, { ok: true, version: '0.25.0', message: 'cluster disabled' });
  });
});
