// The whole app with SSO: a real Prometheus behind a gateway that accepts only the provider's access
// tokens; sign-in through the contract, driven in Chromium; sync through the bearer token; then a
// revoked refresh token asks for a new sign-in while everything cached stays readable.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { SessionInfoPayload, SyncStatus } from '../../shared/contract/channels.ts';
import { startCore, type OpsDeskCore } from '../../electron/core.ts';
import { createVault } from '../../electron/services/vault/index.ts';
import { startNodeExporter, startPrometheus, type NodeExporterServer, type PrometheusServer } from '../support/real-servers.ts';
import { registerTestSecret } from '../support/secret-ledger.ts';
import { makeTempDir } from '../support/temp-dir.ts';
import { launchLoopbackChromium, type LoopbackChromium } from './support/oidc-browser.ts';
import { startOidcProvider, type OidcTestProvider } from './support/oidc-provider.ts';
import { corpSignInLines, systemBrowserSigningInAs } from './support/oidc-sign-in.ts';

const accessTokenTtlSeconds = 6;
const dir = makeTempDir('app-sso');
let provider: OidcTestProvider;
let chromium: LoopbackChromium;
let nodeExporter: NodeExporterServer;
let prometheus: PrometheusServer;
let gateway: Server;
let core: OpsDeskCore;
const gatewayAnswers: number[] = [];

/** Forwards to Prometheus only with a bearer token the provider's introspection calls active. */
async function startGateway(): Promise<string> {
  gateway = createServer((request, response) => {
    void (async () => {
      const token = /^Bearer (\S+)$/.exec(request.headers.authorization ?? '')?.[1];
      const claims = token ? await provider.introspect(token) : { active: false };
      if (claims.active !== true) {
        gatewayAnswers.push(401);
        response.writeHead(401, { 'content-type': 'application/json', 'www-authenticate': 'Bearer error="invalid_token"' });
        response.end('{"status":"error","errorType":"unauthorized","error":"invalid or missing token"}');
        return;
      }
      const chunks: Buffer[] = [];
      for await (const chunk of request) chunks.push(chunk as Buffer);
      const upstream = await fetch(new URL(request.url ?? '/', prometheus.url), {
        method: request.method,
        headers: { 'content-type': request.headers['content-type'] ?? 'application/x-www-form-urlencoded' },
        ...(request.method === 'POST' ? { body: Buffer.concat(chunks) } : {}),
      });
      gatewayAnswers.push(upstream.status);
      response.writeHead(upstream.status, { 'content-type': upstream.headers.get('content-type') ?? 'application/json' });
      response.end(Buffer.from(await upstream.arrayBuffer()));
    })().catch((error: unknown) => response.writeHead(502).end(String(error)));
  });
  await new Promise<void>((resolve) => gateway.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(gateway.address() as AddressInfo).port}`;
}

before(async () => {
  provider = await startOidcProvider({
    accounts: { alice: { name: 'Alice Example', groups: ['sre', 'oncall-primary'], roles: [] } },
    accessTokenTtlSeconds,
    devicePolling: { intervalSeconds: 1 },
  });
  chromium = await launchLoopbackChromium();
  nodeExporter = await startNodeExporter();
  prometheus = await startPrometheus({ scrapeTargets: [nodeExporter.target], scrapeIntervalSeconds: 1 });
  await prometheus.waitForScrapes(8, 30_000);
  const gatewayUrl = await startGateway();
  const configFile = join(dir.path, 'centers.yaml');
  writeFileSync(
    configFile,
    [
      'version: 1',
      ...corpSignInLines(provider),
      'centers:',
      '  - id: lab',
      '    name: Lab',
      '    kind: on-prem',
      '    endpoints:',
      '      metrics:',
      '        kind: prometheus',
      `        url: ${gatewayUrl}`,
      '        auth: { type: sso, profile: corp }',
      '',
    ].join('\n'),
  );
  const context = await chromium.newContext();
  core = await startCore({
    dataDir: dir.path,
    configFile,
    version: 'test',
    startSync: false,
    syncWindowMs: 60_000,
    log: (line) => process.env.DEBUG_APP_SSO && console.error(line),
    // The memory vault is the real fallback a desk without a keychain gets.
    vault: await createVault({ loadKeytar: async () => null }),
    connectorOptions: () => ({ stepSeconds: 1 }),
    // Like a system browser: opening returns at once, the user walks the provider's pages meanwhile.
    openBrowser: systemBrowserSigningInAs(context, { login: 'alice', password: 'any-password' }),
  });
});

after(async () => {
  await core?.close();
  await chromium?.close();
  await new Promise((resolve) => (gateway ? gateway.close(resolve) : resolve(undefined)));
  await Promise.all([prometheus?.stop(), nodeExporter?.stop()]);
  await provider?.stop();
  dir.remove();
});

function metricsStatus(): SyncStatus {
  return core.sync.statuses().find((status) => status.endpointId === 'lab-metrics')!;
}

async function rememberTokens(): Promise<void> {
  const refresh = await core.vault.get('oidc:corp:refresh');
  if (refresh) registerTestSecret(refresh);
  if (core.auth().session('corp').state === 'signed-in') registerTestSecret(await core.auth().accessToken('corp'));
}

test('before sign-in the SSO endpoint is not tried: the center asks for a sign-in', async () => {
  await core.sync.syncAll();
  assert.equal(metricsStatus().state, 'error');
  assert.equal(metricsStatus().error?.code, 'needs-sign-in', metricsStatus().error?.message);
  assert.deepEqual(gatewayAnswers, [], 'no request went out without a token');
});

test('signing in through the contract (browser + PKCE, driven in Chromium) lets the sync reach the protected Prometheus', async () => {
  const sessions: SessionInfoPayload[] = [];
  const unsubscribe = core.dispatcher.subscribe('auth:onDidChangeSession', (session) => sessions.push(session));
  const result = await core.dispatcher.invoke('auth:signIn', { profileId: 'corp', method: 'browser' });
  unsubscribe();
  assert.ok(result.ok, JSON.stringify(result));
  const session = result.value as SessionInfoPayload;
  assert.equal(session.state, 'signed-in');
  assert.equal(session.issuer, provider.issuer);
  assert.deepEqual(session.groups, ['sre', 'oncall-primary']);
  assert.ok(sessions.some((event) => event.state === 'signed-in'));
  await rememberTokens();

  await core.sync.syncAll();
  assert.equal(metricsStatus().state, 'ok', metricsStatus().error?.message);
  assert.ok(gatewayAnswers.includes(200));
  const series = await core.dispatcher.invoke('series:panel', { centerId: 'lab', panel: 'node.memory', target: { kind: 'node', name: 'lab-node', address: '127.0.0.1' }, range: { from: 'now-5m', to: 'now' } });
  assert.ok(series.ok && (series.value as { series: Array<{ values: number[] }> }).series[0]!.values.length > 0, 'memory samples cached through the bearer token');
});

test('a revoked refresh token asks for a new sign-in while the cache stays fully readable', async () => {
  const refresh = await core.vault.get('oidc:corp:refresh');
  assert.ok(refresh);
  registerTestSecret(refresh);
  assert.equal(await provider.revoke(refresh, 'refresh_token'), 200);
  // Let the access token run into its refresh window, so the next pull must refresh.
  await new Promise((resolve) => setTimeout(resolve, accessTokenTtlSeconds * 1000));
  await core.sync.syncAll();
  assert.equal(metricsStatus().state, 'error');
  assert.equal(metricsStatus().error?.code, 'needs-sign-in', metricsStatus().error?.message);
  const sessions = await core.dispatcher.invoke('auth:sessions', {});
  assert.ok(sessions.ok);
  const [session] = sessions.value as SessionInfoPayload[];
  assert.equal(session!.state, 'needs-sign-in');
  assert.match(session!.reason ?? '', /refresh-rejected/);
  assert.equal(await core.vault.get('oidc:corp:refresh'), null, 'the dead refresh token is gone from the keychain');

  const centers = await core.dispatcher.invoke('centers:list', {});
  assert.ok(centers.ok && (centers.value as unknown[]).length === 1);
  const series = await core.dispatcher.invoke('series:panel', { centerId: 'lab', panel: 'node.cpu', target: { kind: 'node', name: 'lab-node', address: '127.0.0.1' }, range: { from: 'now-10m', to: 'now' } });
  assert.ok(series.ok, JSON.stringify(series));
  assert.ok((series.value as { series: Array<{ values: number[] }> }).series[0]!.values.length > 0, 'cached samples still answer offline from the sign-in');
});
