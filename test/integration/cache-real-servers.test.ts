import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { panel, seriesMatchesTarget, type PanelId } from '../../shared/catalog/promql.ts';
import type { SyncStatus } from '../../shared/contract/channels.ts';
import type { Center } from '../../shared/domain/records.ts';
import { createConnector, createPrometheusConnector } from '../../electron/connectors/index.ts';
import { CacheService } from '../../electron/services/cache/cache-service.ts';
import { SyncService } from '../../electron/services/sync/sync-service.ts';
import {
  startAlertmanager,
  startNodeExporter,
  startPrometheus,
  type AlertmanagerServer,
  type NodeExporterServer,
  type PrometheusServer,
} from '../support/real-servers.ts';
import { makeTempDir } from '../support/temp-dir.ts';

const stepSeconds = 1;
const dir = makeTempDir('real');
let nodeExporter: NodeExporterServer;
let prometheus: PrometheusServer;
let alertmanager: AlertmanagerServer;
let cache: CacheService;
let sync: SyncService;
let statuses: SyncStatus[] = [];
let center: Center;

before(async () => {
  nodeExporter = await startNodeExporter();
  prometheus = await startPrometheus({ scrapeTargets: [nodeExporter.target], scrapeIntervalSeconds: 1 });
  alertmanager = await startAlertmanager();
  center = {
    id: 'lab',
    name: 'Lab',
    kind: 'on-prem',
    region: 'local',
    labels: {},
    demo: false,
    endpoints: [
      { id: 'lab-metrics', centerId: 'lab', signal: 'metrics', kind: 'prometheus', url: prometheus.url, timeoutMs: 10_000 },
      { id: 'lab-alerts', centerId: 'lab', signal: 'alerts', kind: 'alertmanager', url: alertmanager.url, timeoutMs: 10_000 },
    ],
  };
  cache = new CacheService(join(dir.path, 'cache.sqlite'));
  cache.upsertCenters([center]);
  sync = new SyncService(cache, [center], {
    windowMs: 60_000,
    intervalMs: 60_000,
    concurrency: 2,
    now: Date.now,
    connectorFor: (endpoint) => (endpoint.kind === 'prometheus' ? createPrometheusConnector(endpoint, { stepSeconds }) : createConnector(endpoint)),
    onDidChangeStatus: (next) => (statuses = next),
  });
  // rate(...[5m]) needs two samples; a dozen scrapes give every panel a run of points.
  await prometheus.waitForScrapes(12, 30_000);
});

after(async () => {
  await sync?.stop();
  cache?.close();
  await Promise.all([prometheus?.stop(), nodeExporter?.stop(), alertmanager?.stop()]);
  dir.remove();
});

async function queryRangeDirect(query: string, fromMs: number, toMs: number): Promise<Array<{ metric: Record<string, string>; values: Array<[number, string]> }>> {
  const url = new URL('/api/v1/query_range', prometheus.url);
  url.searchParams.set('query', query);
  url.searchParams.set('start', String(fromMs / 1000));
  url.searchParams.set('end', String(toMs / 1000));
  url.searchParams.set('step', `${stepSeconds}s`);
  const body = (await (await fetch(url)).json()) as { status: string; data: { result: Array<{ metric: Record<string, string>; values: Array<[number, string]> }> } };
  assert.equal(body.status, 'success');
  return body.data.result;
}

test("node metrics scraped from a real node_exporter land in the cache equal to Prometheus's own answer", async () => {
  const syncedAt = Date.now();
  await sync.syncEndpoint(center.endpoints.find((endpoint) => endpoint.signal === 'metrics')!);
  const metrics = statuses.find((status) => status.endpointId === 'lab-metrics')!;
  assert.equal(metrics.state, 'ok', metrics.error?.message);
  // Points newer than this may still change as scrapes arrive after the pull.
  const settled = syncedAt - 3_000;
  for (const panelId of ['node.cpu', 'node.memory', 'node.network', 'node.disk'] satisfies PanelId[]) {
    const cached = cache.readSeries('lab', panelId, { from: 0, to: settled });
    assert.equal(cached.length, 1, `${panelId}: one series for the one node_exporter`);
    const [series] = cached;
    assert.equal(series!.labels.instance, nodeExporter.target);
    assert.ok(seriesMatchesTarget(series!.labels, { kind: 'node', name: 'lab-node', address: '127.0.0.1' }));
    assert.ok(series!.timestamps.length >= 5, `${panelId}: ${series!.timestamps.length} cached points`);
    const [direct] = await queryRangeDirect(panel(panelId).query, series!.timestamps[0]!, series!.timestamps.at(-1)!);
    assert.ok(direct, `${panelId}: Prometheus answered`);
    assert.deepEqual(
      series!.timestamps.map((timestamp, index) => [timestamp, series!.values[index]]),
      direct.values.map(([seconds, value]) => [Math.round(seconds * 1000), Number(value)]),
      `${panelId}: cached points equal the server's`,
    );
  }
  assert.ok(cache.readSeries('lab', 'node.memory', { from: 0, to: settled })[0]!.values.every((value) => value > 1024 * 1024), 'memory in bytes');
});

test('alerts posted to a real Alertmanager land in the cache as the server reports them', async () => {
  const startsAt = new Date(Date.now() - 120_000).toISOString();
  await alertmanager.postAlerts([
    { labels: { alertname: 'NodeMemoryHigh', severity: 'warning', instance: nodeExporter.target }, annotations: { summary: 'memory above 90%' }, startsAt },
    { labels: { alertname: 'KubePodCrashLooping', severity: 'critical', namespace: 'shop', pod: 'checkout-1' }, annotations: { description: 'restarting' } },
  ]);
  await sync.syncEndpoint(center.endpoints.find((endpoint) => endpoint.signal === 'alerts')!);
  const alerts = statuses.find((status) => status.endpointId === 'lab-alerts')!;
  assert.equal(alerts.state, 'ok', alerts.error?.message);
  const direct = (await alertmanager.alertsDirect()) as Array<{ fingerprint: string; startsAt: string; endsAt: string; labels: Record<string, string>; annotations: Record<string, string>; status: { state: string } }>;
  const cached = cache.listAlerts({ centerIds: ['lab'] });
  assert.equal(cached.length, 2);
  assert.deepEqual(
    cached.map((alert) => ({ fingerprint: alert.fingerprint, startsAt: alert.startsAt, endsAt: alert.endsAt, labels: alert.labels, annotations: alert.annotations, state: alert.state, alertName: alert.alertName })).sort((a, b) => a.fingerprint.localeCompare(b.fingerprint)),
    direct
      .map((alert) => ({ fingerprint: alert.fingerprint, startsAt: Date.parse(alert.startsAt), endsAt: Date.parse(alert.endsAt), labels: alert.labels, annotations: alert.annotations, state: alert.status.state, alertName: alert.labels.alertname }))
      .sort((a, b) => a.fingerprint.localeCompare(b.fingerprint)),
  );
  assert.equal(cached.find((alert) => alert.alertName === 'NodeMemoryHigh')!.startsAt, Date.parse(startsAt));
});
