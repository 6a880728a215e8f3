/**
 * The Alertmanager connector against a real Alertmanager (Debian /usr/bin/prometheus-alertmanager):
 * alerts posted through the v2 API come back through the connector exactly as /api/v2/alerts
 * reports them.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { AlertRecord, Endpoint } from '../../shared/domain/records.ts';
import { createAlertmanagerConnector } from '../../electron/connectors/alertmanager/index.ts';
import { startAlertmanager, type AlertmanagerServer, type PostableAlert } from '../support/real-servers.ts';

let alertmanager: AlertmanagerServer | undefined;

before(async () => {
  alertmanager = await startAlertmanager();
});

after(async () => {
  await alertmanager?.stop();
});

function server(): AlertmanagerServer {
  assert.ok(alertmanager, 'alertmanager started');
  return alertmanager;
}

const endpoint = (): Endpoint => ({ id: 'am-real', centerId: 'lab', signal: 'alerts', kind: 'alertmanager', url: server().url, timeoutMs: 10_000 });

async function pullAlerts(): Promise<AlertRecord[]> {
  const result = await createAlertmanagerConnector(endpoint()).pull({ centerId: 'lab', range: { from: 0, to: Date.now() }, watermark: null });
  assert.equal(result.kind, 'alerts');
  return result.kind === 'alerts' ? result.alerts : [];
}

interface DirectAlert {
  fingerprint: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  startsAt: string;
  endsAt: string;
  updatedAt: string;
  status: { state: string; silencedBy: string[] };
}

async function waitForDirect(predicate: (alerts: DirectAlert[]) => boolean, what: string): Promise<DirectAlert[]> {
  const deadline = Date.now() + 10_000;
  let alerts: DirectAlert[] = [];
  while (Date.now() < deadline) {
    alerts = (await server().alertsDirect()) as DirectAlert[];
    if (predicate(alerts)) return alerts;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  assert.fail(`${what}; last /api/v2/alerts: ${JSON.stringify(alerts)}`);
}

describe('alerts through a real Alertmanager', () => {
  const now = Date.now();
  const diskFull: PostableAlert = {
    labels: { alertname: 'NodeFilesystemAlmostFull', severity: 'critical', instance: 'node-1:9100', mountpoint: '/var' },
    annotations: { summary: 'Disk almost full', description: '/var on node-1 has less than 5% left' },
    startsAt: new Date(now - 10 * 60_000).toISOString(),
    endsAt: new Date(now + 60 * 60_000).toISOString(),
    generatorURL: 'http://prometheus.example:9090/graph?g0.expr=node_filesystem_avail_bytes',
  };
  const watchdog: PostableAlert = {
    labels: { alertname: 'Watchdog', severity: 'none' },
    annotations: { summary: 'Always firing' },
    startsAt: new Date(now - 60_000).toISOString(),
  };

  test('two posted alerts come back with fingerprint, state, times, labels and annotations', async () => {
    await server().postAlerts([diskFull, watchdog]);
    const direct = await waitForDirect((alerts) => alerts.length === 2 && alerts.every((a) => a.status.state === 'active'), 'both alerts active');
    const mine = await pullAlerts();
    assert.equal(mine.length, 2);
    assert.deepEqual(new Set(mine.map((a) => a.fingerprint)), new Set(direct.map((a) => a.fingerprint)));
    for (const alert of mine) {
      const theirs = direct.find((a) => a.fingerprint === alert.fingerprint);
      assert.ok(theirs);
      assert.match(alert.fingerprint, /^[0-9a-f]{16}$/);
      assert.equal(alert.centerId, 'lab');
      assert.equal(alert.state, 'active');
      assert.deepEqual(alert.labels, theirs.labels);
      assert.deepEqual(alert.annotations, theirs.annotations);
      assert.equal(alert.startsAt, Date.parse(theirs.startsAt));
      assert.equal(alert.endsAt, Date.parse(theirs.endsAt));
      assert.equal(alert.updatedAt, Date.parse(theirs.updatedAt));
      assert.equal(alert.alertName, theirs.labels.alertname);
      assert.equal(alert.severity, theirs.labels.severity);
    }
    const disk = mine.find((a) => a.alertName === 'NodeFilesystemAlmostFull');
    assert.deepEqual(disk?.labels, diskFull.labels);
    assert.deepEqual(disk?.annotations, diskFull.annotations);
    assert.equal(disk?.startsAt, Date.parse(diskFull.startsAt!));
    assert.equal(disk?.endsAt, Date.parse(diskFull.endsAt!));
    const dog = mine.find((a) => a.alertName === 'Watchdog');
    assert.equal(dog?.startsAt, Date.parse(watchdog.startsAt!));
    // Posted without endsAt: Alertmanager sets it to updatedAt + resolve_timeout (5m by default).
    assert.ok(dog?.endsAt !== null && dog!.endsAt > now, 'endsAt lies ahead');
  });

  test('a silenced alert turns suppressed, the other stays active', async () => {
    const response = await fetch(`${server().url}/api/v2/silences`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        matchers: [{ name: 'alertname', value: 'Watchdog', isRegex: false }],
        startsAt: new Date(Date.now() - 1_000).toISOString(),
        endsAt: new Date(Date.now() + 3_600_000).toISOString(),
        createdBy: 'opsdesk-test',
        comment: 'integration test',
      }),
    });
    assert.equal(response.status, 200, await response.clone().text());
    const { silenceID } = (await response.json()) as { silenceID: string };
    await waitForDirect((alerts) => alerts.some((a) => a.labels.alertname === 'Watchdog' && a.status.state === 'suppressed'), 'Watchdog suppressed');
    const mine = await pullAlerts();
    assert.deepEqual(
      mine.map((a) => [a.alertName, a.state]).sort(),
      [
        ['NodeFilesystemAlmostFull', 'active'],
        ['Watchdog', 'suppressed'],
      ],
    );
    assert.match(silenceID, /^[0-9a-f-]{36}$/);
  });

  test("health returns Alertmanager's version", async () => {
    const health = await createAlertmanagerConnector(endpoint()).health();
    assert.equal(health.ok, true);
    assert.equal(health.version, server().version);
    assert.equal(health.message, 'cluster disabled');
  });
});
