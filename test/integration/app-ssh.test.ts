// The whole app with an SSH route: the center's Prometheus is reachable only through a real sshd
// (in its own network namespace when the machine allows); the route's key comes from the vault,
// the unknown host key is trusted once through the contract, and sync fills the cache through the tunnel.
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { EndpointTestResult, HostKeyPrompt } from '../../shared/contract/channels.ts';
import { startCore, type OpsDeskCore } from '../../electron/core.ts';
import { createVault } from '../../electron/services/vault/index.ts';
import { registerTestSecret } from '../support/secret-ledger.ts';
import { makeTempDir } from '../support/temp-dir.ts';
import { startHiddenPrometheus, type HiddenPrometheus } from './support/sshd-hidden-prometheus.ts';
import { generateKeyPair, type SshKeyPair } from './support/sshd-keys.ts';
import { createNetworkNamespace, namespaceUnavailableReason, type NetworkNamespace } from './support/sshd-namespace.ts';
import { startSshd, type SshdServer } from './support/sshd-server.ts';

const dir = makeTempDir('app-ssh');
let namespace: NetworkNamespace | null = null;
let prometheus: HiddenPrometheus;
let sshd: SshdServer;
let hostKey: SshKeyPair;
let clientKey: SshKeyPair;
let core: OpsDeskCore;
const prompts: HostKeyPrompt[] = [];

before(async () => {
  if (!namespaceUnavailableReason() && process.env.OPSDESK_TEST_NO_NETNS !== '1') namespace = createNetworkNamespace();
  prometheus = await startHiddenPrometheus(namespace);
  hostKey = generateKeyPair(dir.path, 'bastion_host_ed25519');
  clientKey = generateKeyPair(dir.path, 'oncall_ed25519');
  sshd = await startSshd({ hostKey, authorizedKeys: [clientKey], ...(namespace ? { namespace, listenAddress: namespace.namespaceAddress, port: 22 } : {}) });
  const configFile = join(dir.path, 'centers.yaml');
  writeFileSync(
    configFile,
    [
      'version: 1',
      'centers:',
      '  - id: behind-bastion',
      '    name: Behind a bastion',
      '    kind: on-prem',
      '    ssh:',
      '      hops:',
      `        - { host: "${sshd.host}", port: ${sshd.port}, user: ${sshd.user}, key: "ssh-key:bastion" }`,
      '    endpoints:',
      '      metrics:',
      '        kind: prometheus',
      `        url: http://${prometheus.host}:${prometheus.port}`,
      '',
    ].join('\n'),
  );
  const vault = await createVault({ loadKeytar: async () => null });
  await vault.set('ssh-key:bastion', registerTestSecret(clientKey.privateKey));
  core = await startCore({
    dataDir: dir.path,
    configFile,
    version: 'test',
    startSync: false,
    syncWindowMs: 120_000,
    vault,
    log: () => undefined,
    connectorOptions: () => ({ stepSeconds: 1 }),
  });
  core.dispatcher.subscribe('tunnels:onDidRequestHostKey', (prompt) => {
    prompts.push(prompt);
    void core.dispatcher.invoke('tunnels:answerHostKey', { requestId: prompt.requestId, trust: true });
  });
});

after(async () => {
  await core?.close();
  await sshd?.stop();
  await prometheus?.stop();
  namespace?.remove();
  dir.remove();
});

test('Test connection reaches the hidden Prometheus through the bastion after the host key is trusted once', async () => {
  const result = await core.dispatcher.invoke('centers:test', { centerId: 'behind-bastion' });
  assert.ok(result.ok, JSON.stringify(result));
  const [metrics] = result.value as EndpointTestResult[];
  assert.equal(metrics!.ok, true, metrics!.message);
  assert.equal(metrics!.via, `ssh ${sshd.user}@${sshd.host}:${sshd.port}`);
  assert.match(metrics!.version ?? '', /^\d+\.\d+/);
  assert.equal(prompts.length, 1, 'the unknown key was asked about once');
  assert.equal(prompts[0]!.host, sshd.host);
  assert.match(prompts[0]!.fingerprint, /^SHA256:/);
  assert.match(readFileSync(join(dir.path, 'known_hosts'), 'utf8'), /ssh-ed25519 /, 'the trusted key was recorded in the data dir');
  assert.ok(sshd.forwardedChannels().some((channel) => channel.port === prometheus.port), 'sshd opened the channel to Prometheus');
});

test('sync pulls metrics through the tunnel into the cache; the route is not asked about again', async () => {
  await core.sync.syncAll();
  const status = core.sync.statuses().find((candidate) => candidate.endpointId === 'behind-bastion-metrics')!;
  assert.equal(status.state, 'ok', status.error?.message);
  const series = core.cache.readSeries('behind-bastion', 'node.memory', { from: 0, to: Date.now() });
  assert.equal(series.length, 1);
  assert.ok(series[0]!.values.every((value) => value > 1024 * 1024));
  assert.equal(prompts.length, 1);
  if (namespace) assert.equal(prometheus.placement, 'network-namespace');
});
