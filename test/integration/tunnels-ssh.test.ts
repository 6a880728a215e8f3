/**
 * SSH routes (electron/services/tunnels) against real OpenSSH servers (/usr/sbin/sshd) started as
 * the current user on random ports, with keys made by the real ssh-keygen. OpenSSH's own tools are
 * the referee: fingerprints come from `ssh-keygen -lf`, recorded known_hosts lines must be found by
 * `ssh-keygen -F`, and sshd's DEBUG log shows which channels the client really asked it to open.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { connect } from 'node:net';
import { dirname } from 'node:path';
import { after, before, describe, test, type TestContext } from 'node:test';
import type { Endpoint } from '../../shared/domain/records.ts';
import { createPrometheusConnector } from '../../electron/connectors/prometheus/index.ts';
import { HostKeyError, openTunnel, SshHopError, type HostKeyPolicy, type SshHop, type Tunnel, type TunnelState, type UnknownHostKeyInfo } from '../../electron/services/tunnels/index.ts';
import { startLocalHttpServer, type LocalHttpServer } from '../support/real-servers.ts';
import { makeTempDir } from '../support/temp-dir.ts';
import { startSshAgent } from './support/sshd-agent.ts';
import { startHiddenPrometheus } from './support/sshd-hidden-prometheus.ts';
import { generateKeyPair, runSshKeygen, type SshKeyPair } from './support/sshd-keys.ts';
import { createNetworkNamespace, namespaceUnavailableReason, type NetworkNamespace } from './support/sshd-namespace.ts';
import { startSshd, type SshdServer } from './support/sshd-server.ts';

let temp: { path: string; remove(): void } | undefined;
let clientKey: SshKeyPair;
let keys: Record<'a' | 'b' | 'c' | 'd' | 'e', SshKeyPair>;
let target: LocalHttpServer | undefined;
let fileCounter = 0;

before(async () => {
  temp = makeTempDir('tunnels');
  clientKey = generateKeyPair(temp.path, 'client_ed25519');
  keys = {
    a: generateKeyPair(temp.path, 'host_a_ed25519'),
    b: generateKeyPair(temp.path, 'host_b_ed25519'),
    c: generateKeyPair(temp.path, 'host_c_ecdsa', 'ecdsa'),
    d: generateKeyPair(temp.path, 'host_d_ed25519'),
    e: generateKeyPair(temp.path, 'host_e_ecdsa', 'ecdsa'),
  };
  target = await startLocalHttpServer((request, response) => {
    response.writeHead(200, { 'content-type': 'text/plain' }).end(`hello from the target: ${request.method} ${request.url}`);
  });
});

/** Every tunnel a test opened, closed at the end even if the test failed before its own cleanup. */
const opened = new Set<Tunnel>();

function open(...args: Parameters<typeof openTunnel>): Promise<Tunnel> {
  return openTunnel(...args).then((tunnel) => {
    opened.add(tunnel);
    return tunnel;
  });
}

after(async () => {
  await Promise.all([...opened].map((tunnel) => tunnel.close()));
  await target?.stop();
  temp?.remove();
});

/** Registers cleanups that run after the test, pass or fail, last registered first. */
function cleanups(t: TestContext): (cleanup: () => unknown) => void {
  const stack: Array<() => unknown> = [];
  t.after(async () => {
    for (const cleanup of stack.reverse()) await cleanup();
  });
  return (cleanup) => stack.push(cleanup);
}

/** Starts an sshd whose own stop() (kill + temp dir removal) runs after the test, even if the variable is reassigned. */
async function sshdFor(defer: (cleanup: () => unknown) => void, options: Parameters<typeof startSshd>[0]): Promise<SshdServer> {
  const server = await startSshd(options);
  defer(() => server.stop());
  return server;
}

function freshKnownHostsPath(): string {
  return `${temp!.path}/known_hosts_${++fileCounter}/known_hosts`;
}

function hopTo(server: SshdServer): SshHop {
  return { host: server.host, port: server.port, user: server.user, privateKey: clientKey.privateKey };
}

interface RecordingPolicy extends HostKeyPolicy {
  asked: UnknownHostKeyInfo[];
}

function policy(knownHostsFile: string, answer: boolean, pinned?: Record<string, string[]>): RecordingPolicy {
  const asked: UnknownHostKeyInfo[] = [];
  return {
    knownHostsFile,
    ...(pinned ? { pinned } : {}),
    asked,
    onUnknownHostKey: async (info) => {
      asked.push(info);
      return answer;
    },
  };
}

const fast = { keepaliveIntervalMs: 500, keepaliveCountMax: 2, readyTimeoutMs: 5_000, reconnect: { initialDelayMs: 100, maxDelayMs: 400 } };

/** GET on a fresh connection (no pooling, so a reconnect cannot hand us a dead socket). */
function httpGet(url: string, timeoutMs = 10_000): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const request = httpRequest(url, { agent: false, timeout: timeoutMs }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
      response.on('error', reject);
    });
    request.on('timeout', () => request.destroy(new Error(`no answer from ${url} within ${timeoutMs} ms`)));
    request.on('error', reject);
    request.end();
  });
}

/** Whether a TCP connection to host:port is accepted (false on refusal or timeout). */
function canConnect(host: string, port: number, timeoutMs = 1_500): Promise<{ connected: boolean; error?: string }> {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    const timer = setTimeout(() => {
      socket.destroy();
      resolve({ connected: false, error: 'timeout' });
    }, timeoutMs);
    socket.once('connect', () => {
      clearTimeout(timer);
      socket.destroy();
      resolve({ connected: true });
    });
    socket.once('error', (error: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      resolve({ connected: false, error: error.code ?? error.message });
    });
  });
}

function watchStates(tunnel: Tunnel) {
  const seen: Array<{ state: TunnelState; reason: string | null }> = [];
  const waiters: Array<{ state: TunnelState; resolve: (reason: string | null) => void }> = [];
  tunnel.onDidChangeState((state, reason) => {
    seen.push({ state, reason });
    for (const waiter of [...waiters]) {
      if (waiter.state !== state) continue;
      waiters.splice(waiters.indexOf(waiter), 1);
      waiter.resolve(reason);
    }
  });
  return {
    seen,
    states: () => seen.map((entry) => entry.state),
    until(state: TunnelState, timeoutMs: number): Promise<string | null> {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`tunnel did not reach '${state}' within ${timeoutMs} ms; states so far ${JSON.stringify(seen)}`)), timeoutMs);
        waiters.push({
          state,
          resolve: (reason) => {
            clearTimeout(timer);
            resolve(reason);
          },
        });
      });
    },
  };
}

/** The error openTunnel rejects with; a tunnel that opens instead is closed and the test fails. */
async function refusal(opening: Promise<Tunnel>): Promise<unknown> {
  const outcome = await opening.then(
    (tunnel) => ({ tunnel }),
    (error: unknown) => ({ error }),
  );
  if ('tunnel' in outcome) {
    await outcome.tunnel.close();
    assert.fail('the tunnel opened, but it should have been refused');
  }
  return outcome.error;
}

function assertHostKeyError(error: unknown, kind: HostKeyError['kind']): HostKeyError {
  assert.ok(error instanceof HostKeyError, `expected a HostKeyError, got ${String(error)}`);
  assert.equal(error.kind, kind, error.message);
  return error;
}

/** `ssh-keygen -F name -f file`: OpenSSH's own lookup of a known_hosts file; true if it finds the host. */
function opensshFinds(file: string, host: string, port: number): boolean {
  const name = port === 22 ? host : `[${host}]:${port}`;
  try {
    return runSshKeygen(['-F', name, '-f', file]).includes('found: line');
  } catch {
    return false;
  }
}

describe('SSH tunnels through real sshd', { timeout: 60_000 }, () => {
  test('the Prometheus connector reaches a Prometheus that only the SSH server can reach', { timeout: 45_000 }, async (t) => {
    const defer = cleanups(t);
    const unavailable = namespaceUnavailableReason();
    let namespace: NetworkNamespace | null = null;
    if (unavailable === null) {
      namespace = createNetworkNamespace();
      defer(() => namespace!.remove());
    } else {
      t.diagnostic(`network namespaces unavailable (${unavailable}); falling back to Prometheus on 127.0.0.2 and proving the path from sshd's log`);
    }
    // Registered after the namespace, so processes die before the namespace is deleted.
    const prometheus = await startHiddenPrometheus(namespace);
    defer(() => prometheus.stop());
    const sshd = await sshdFor(defer, {
      hostKey: keys.a,
      authorizedKeys: [clientKey],
      ...(namespace ? { namespace, listenAddress: namespace.namespaceAddress, port: 22 } : {}),
    });
    t.diagnostic(`placement ${prometheus.placement}: Prometheus at ${prometheus.host}:${prometheus.port}, sshd at ${sshd.host}:${sshd.port}`);

    if (namespace) {
      // The test process has no direct path: not on its own loopback, not on the namespace's veth address.
      assert.equal((await canConnect('127.0.0.1', prometheus.port)).connected, false, 'Prometheus must not be reachable on the test host loopback');
      assert.equal((await canConnect(namespace.namespaceAddress, prometheus.port)).connected, false, 'Prometheus must not be reachable on the namespace address');
      assert.equal((await canConnect(namespace.namespaceAddress, 22)).connected, true, 'the SSH port is the one way in');
    }

    // Pinned: the namespace's host key is trusted by its fingerprint, nobody is asked.
    const knownHostsFile = freshKnownHostsPath();
    const pins = { [`${sshd.host}:${sshd.port}`]: [keys.a.fingerprint] };
    const hostPolicy = policy(knownHostsFile, false, pins);
    const tunnel = await open({ hops: [hopTo(sshd)], target: { host: prometheus.host, port: prometheus.port } }, hostPolicy, fast);
    defer(() => tunnel.close());
    assert.deepEqual(hostPolicy.asked, []);

    const endpoint: Endpoint = { id: 'prom-behind-bastion', centerId: 'lab', signal: 'metrics', kind: 'prometheus', url: tunnel.localUrl, timeoutMs: 10_000 };
    assert.notEqual(new URL(endpoint.url).port, String(prometheus.port));
    const channelsBefore = sshd.forwardedChannels().length;
    const at = Date.now() - 1_000;
    const viaTunnel = await createPrometheusConnector(endpoint).query('up', at);
    const direct = (await prometheus.directQuery('up', at)) as { status: string; data: { resultType: string; result: Array<{ metric: Record<string, string>; value: [number, string] }> } };

    assert.equal(direct.status, 'success');
    assert.equal(direct.data.resultType, 'vector');
    assert.equal(direct.data.result.length, 1, JSON.stringify(direct));
    assert.deepEqual(
      viaTunnel,
      direct.data.result.map((item) => ({ labels: item.metric, timestamps: [Math.round(item.value[0] * 1000)], values: [Number(item.value[1])] })),
    );
    assert.equal(viaTunnel[0]?.values[0], 1, 'node_exporter is up');

    // sshd opened the channel(s) to Prometheus on the client's request: the request went through it.
    const channels = sshd.forwardedChannels().slice(channelsBefore);
    assert.ok(channels.length >= 1, `sshd logged no forwarded channel:\n${sshd.log().slice(-2_000)}`);
    for (const channel of channels) assert.deepEqual({ target: channel.target, port: channel.port }, { target: prometheus.host, port: prometheus.port });
  });

  test('an unknown host key is refused until trusted, then recorded and trusted without asking', async (t) => {
    const defer = cleanups(t);
    const sshd = await sshdFor(defer, { hostKey: keys.a, authorizedKeys: [clientKey] });
    const knownHostsFile = freshKnownHostsPath();
    const route = { hops: [hopTo(sshd)], target: { host: '127.0.0.1', port: target!.port } };
    const expectedInfo = { host: sshd.host, port: sshd.port, keyType: 'ssh-ed25519', fingerprint: keys.a.fingerprint };

    const refusing = policy(knownHostsFile, false);
    const refused = assertHostKeyError(await refusal(open(route, refusing, fast)), 'unknown-refused');
    assert.deepEqual(refusing.asked, [expectedInfo]);
    assert.equal(refused.presentedFingerprint, keys.a.fingerprint);
    assert.equal(refused.host, sshd.host);
    assert.equal(refused.port, sshd.port);
    assert.equal(existsSync(knownHostsFile), false, 'nothing recorded');
    assert.doesNotMatch(sshd.log(), /Accepted publickey/, 'no login happened on a refused host');

    const trusting = policy(knownHostsFile, true);
    const tunnel = await open(route, trusting, fast);
    defer(() => tunnel.close());
    assert.deepEqual(trusting.asked, [expectedInfo]);
    const recorded = readFileSync(knownHostsFile, 'utf8');
    assert.equal(recorded.trim().split('\n').length, 1, recorded);
    assert.match(recorded, /^\|1\|[^ ]+ ssh-ed25519 [A-Za-z0-9+/=]+\n$/, 'one hashed line');
    assert.ok(opensshFinds(knownHostsFile, sshd.host, sshd.port), 'ssh-keygen -F finds the recorded host');
    assert.ok(recorded.includes(keys.a.publicLine.split(' ')[1]!), 'the recorded key is the host key');
    assert.deepEqual(await httpGet(`${tunnel.localUrl}/hello`), { status: 200, body: 'hello from the target: GET /hello' });
    await tunnel.close();

    const third = policy(knownHostsFile, false);
    const again = await open(route, third, fast);
    defer(() => again.close());
    assert.deepEqual(third.asked, [], 'a recorded key is not asked about again');
    assert.equal((await httpGet(`${again.localUrl}/again`)).status, 200);
    assert.equal(readFileSync(knownHostsFile, 'utf8'), recorded, 'nothing more recorded');
  });

  test('a changed host key is always refused without asking; so is a key that does not match a pin, or a revoked one', async (t) => {
    const defer = cleanups(t);
    let sshd = await sshdFor(defer, { hostKey: keys.a, authorizedKeys: [clientKey] });
    const port = sshd.port;
    const route = { hops: [hopTo(sshd)], target: { host: '127.0.0.1', port: target!.port } };
    // Recorded the way OpenSSH writes a non-22 port (plain form, independent of our writer).
    const knownHostsFile = freshKnownHostsPath();
    const first = policy(knownHostsFile, true);
    await (await open(route, first, fast)).close();
    assert.equal(first.asked.length, 1);
    const recorded = readFileSync(knownHostsFile, 'utf8');

    // Same address and port, new identity.
    await sshd.stop();
    sshd = await sshdFor(defer, { hostKey: keys.b, authorizedKeys: [clientKey], port });

    const wouldTrust = policy(knownHostsFile, true);
    const changed = assertHostKeyError(await refusal(open(route, wouldTrust, fast)), 'changed');
    assert.deepEqual(wouldTrust.asked, [], 'a changed key is never put to the user');
    assert.equal(changed.expectedFingerprint, keys.a.fingerprint);
    assert.equal(changed.presentedFingerprint, keys.b.fingerprint);
    assert.match(changed.message, /REMOTE HOST IDENTIFICATION HAS CHANGED/);
    assert.ok(changed.message.includes(keys.b.fingerprint) && changed.message.includes(knownHostsFile), changed.message);
    assert.equal(readFileSync(knownHostsFile, 'utf8'), recorded, 'known_hosts untouched');
    assert.doesNotMatch(sshd.log(), /Accepted publickey/, 'no login on the impostor');

    // A plain OpenSSH-style line for the old key gives the same refusal.
    const plainFile = freshKnownHostsPath();
    mkdirSync(dirname(plainFile), { recursive: true });
    writeFileSync(plainFile, `# written like ssh does\n[127.0.0.1]:${port} ${keys.a.publicLine}\n`);
    assertHostKeyError(await refusal(open(route, policy(plainFile, true), fast)), 'changed');

    // Pins: a mismatch is a change (not asked even with an empty known_hosts); the right pin passes.
    const pinFile = freshKnownHostsPath();
    const wrongPin = policy(pinFile, true, { [`127.0.0.1:${port}`]: [keys.a.fingerprint] });
    const pinned = assertHostKeyError(await refusal(open(route, wrongPin, fast)), 'changed');
    assert.deepEqual(wrongPin.asked, []);
    assert.equal(pinned.presentedFingerprint, keys.b.fingerprint);
    assert.match(pinned.message, /REMOTE HOST IDENTIFICATION HAS CHANGED.*pinned/s);
    assert.equal(existsSync(pinFile), false);
    const rightPin = policy(pinFile, false, { [`127.0.0.1:${port}`]: [keys.b.fingerprint] });
    const tunnel = await open(route, rightPin, fast);
    defer(() => tunnel.close());
    assert.deepEqual(rightPin.asked, []);
    assert.equal((await httpGet(tunnel.localUrl)).status, 200);

    // @revoked: refused even though the user would accept it.
    const revokedFile = freshKnownHostsPath();
    mkdirSync(dirname(revokedFile), { recursive: true });
    writeFileSync(revokedFile, `@revoked * ${keys.b.publicLine}\n`);
    const revokedPolicy = policy(revokedFile, true);
    assertHostKeyError(await refusal(open(route, revokedPolicy, fast)), 'revoked');
    assert.deepEqual(revokedPolicy.asked, []);
  });

  test('a two-hop chain (jump1 -> jump2 -> target) verifies each hop key', async (t) => {
    const defer = cleanups(t);
    const jump1 = await sshdFor(defer, { hostKey: keys.a, authorizedKeys: [clientKey] });
    let jump2 = await sshdFor(defer, { hostKey: keys.c, authorizedKeys: [clientKey] });
    const knownHostsFile = freshKnownHostsPath();
    const route = { hops: [hopTo(jump1), hopTo(jump2)], target: { host: '127.0.0.1', port: target!.port } };

    const trusting = policy(knownHostsFile, true);
    const tunnel = await open(route, trusting, fast);
    defer(() => tunnel.close());
    assert.deepEqual(trusting.asked, [
      { host: jump1.host, port: jump1.port, keyType: 'ssh-ed25519', fingerprint: keys.a.fingerprint },
      { host: jump2.host, port: jump2.port, keyType: 'ecdsa-sha2-nistp256', fingerprint: keys.c.fingerprint },
    ]);
    assert.ok(opensshFinds(knownHostsFile, jump1.host, jump1.port) && opensshFinds(knownHostsFile, jump2.host, jump2.port));

    const answer = await httpGet(`${tunnel.localUrl}/two-hops`);
    assert.deepEqual(answer, { status: 200, body: 'hello from the target: GET /two-hops' });
    // jump1 only carried SSH connections to jump2 (one per attempt: the unknown jump2 key made the
    // first attempt stop before login); jump2 opened the channel to the target.
    assert.deepEqual([...new Set(jump1.forwardedChannels().map((c) => c.port))], [jump2.port]);
    assert.deepEqual(jump2.forwardedChannels().map((c) => c.port), [target!.port]);
    assert.match(jump1.log(), /Accepted publickey/);
    assert.match(jump2.log(), /Accepted publickey/);
    await tunnel.close();

    // The second hop's key is checked too: a new key of the same type on jump2 is refused as changed.
    const port2 = jump2.port;
    await jump2.stop();
    jump2 = await sshdFor(defer, { hostKey: keys.e, authorizedKeys: [clientKey], port: port2 });
    const second = policy(knownHostsFile, true);
    const error = assertHostKeyError(await refusal(open(route, second, fast)), 'changed');
    assert.equal(error.port, port2);
    assert.deepEqual(second.asked, []);
  });

  test('a broken tunnel is detected and re-established on the same local port', async (t) => {
    const defer = cleanups(t);
    let sshd = await sshdFor(defer, { hostKey: keys.a, authorizedKeys: [clientKey] });
    const port = sshd.port;
    const knownHostsFile = freshKnownHostsPath();
    const route = { hops: [hopTo(sshd)], target: { host: '127.0.0.1', port: target!.port } };
    const tunnel = await open(route, policy(knownHostsFile, true), fast);
    defer(() => tunnel.close());
    const states = watchStates(tunnel);
    const localUrl = tunnel.localUrl;
    assert.equal((await httpGet(`${localUrl}/before`)).status, 200);

    // 1. The bastion dies (listener and session): the connection closes.
    const reconnecting = states.until('reconnecting', 5_000);
    await sshd.crash();
    const reason = await reconnecting;
    assert.equal(tunnel.state(), 'reconnecting');
    assert.ok(reason && reason.includes(`127.0.0.1:${port}`), `reason names the hop: ${reason}`);
    // A request made now waits for the reconnect instead of failing.
    const waiting = httpGet(`${localUrl}/during`, 15_000);
    let settled = false;
    void waiting.then(() => (settled = true), () => (settled = true));
    await new Promise((resolve) => setTimeout(resolve, 600));
    assert.equal(settled, false, 'the request waits while the bastion is down');
    const reopened = states.until('open', 10_000);
    sshd = await sshdFor(defer, { hostKey: keys.a, authorizedKeys: [clientKey], port });
    await reopened;
    assert.deepEqual(await waiting, { status: 200, body: 'hello from the target: GET /during' });
    assert.equal(tunnel.localUrl, localUrl);
    assert.deepEqual((await httpGet(`${localUrl}/after`)).status, 200);

    // 2. The session hangs (SIGSTOP, a black hole): only the keepalive can notice.
    const hung = states.until('reconnecting', 5_000);
    const startedAt = Date.now();
    sshd.signalSessions('SIGSTOP');
    const hangReason = await hung;
    assert.match(hangReason ?? '', /Keepalive timeout/i);
    assert.ok(Date.now() - startedAt >= fast.keepaliveIntervalMs, 'detected by keepalive, not by a closed socket');
    await states.until('open', 10_000);
    assert.equal((await httpGet(`${localUrl}/after-hang`)).status, 200);
    assert.deepEqual(states.states(), ['reconnecting', 'open', 'reconnecting', 'open']);

    // 3. The bastion comes back with another key: refused for good, requests fail fast and say why.
    const failed = states.until('failed', 10_000);
    await sshd.stop();
    sshd = await sshdFor(defer, { hostKey: keys.b, authorizedKeys: [clientKey], port });
    const failReason = await failed;
    assert.match(failReason ?? '', /REMOTE HOST IDENTIFICATION HAS CHANGED/);
    const started = Date.now();
    const refusedAnswer = await httpGet(`${localUrl}/after-failure`);
    assert.equal(refusedAnswer.status, 502);
    assert.match(refusedAnswer.body, /has failed: .*REMOTE HOST IDENTIFICATION HAS CHANGED/);
    assert.ok(Date.now() - started < 1_000, 'fails fast');
  });

  test('the local listener binds 127.0.0.1 only, on a random port', async (t) => {
    const defer = cleanups(t);
    const sshd = await sshdFor(defer, { hostKey: keys.a, authorizedKeys: [clientKey] });
    const knownHostsFile = freshKnownHostsPath();
    const route = { hops: [hopTo(sshd)], target: { host: '127.0.0.1', port: target!.port } };
    const one = await open(route, policy(knownHostsFile, true), fast);
    defer(() => one.close());
    const two = await open(route, policy(knownHostsFile, true), fast);
    defer(() => two.close());
    assert.match(one.localUrl, /^http:\/\/127\.0\.0\.1:\d+$/);
    assert.equal(one.localUrl, `http://127.0.0.1:${one.localPort}`);
    assert.notEqual(one.localPort, two.localPort);

    // The kernel's socket table: one listening socket on that port, local address 127.0.0.1.
    const hexPort = one.localPort.toString(16).toUpperCase().padStart(4, '0');
    const listening = (file: string) =>
      readFileSync(file, 'utf8')
        .split('\n')
        .slice(1)
        .map((line) => line.trim().split(/\s+/))
        .filter((fields) => fields[1]?.endsWith(`:${hexPort}`) && fields[3] === '0A')
        .map((fields) => fields[1]);
    assert.deepEqual(listening('/proc/net/tcp'), [`0100007F:${hexPort}`]);
    assert.deepEqual(existsSync('/proc/net/tcp6') ? listening('/proc/net/tcp6') : [], []);

    // Other loopback addresses reach nothing (0.0.0.0 would accept on 127.0.0.2 too).
    assert.equal((await canConnect('127.0.0.2', one.localPort)).connected, false);
    assert.equal((await canConnect('::1', one.localPort)).connected, false);
    assert.equal((await canConnect('127.0.0.1', one.localPort)).connected, true);

    await one.close();
    assert.equal(one.state(), 'closed');
    assert.equal((await canConnect('127.0.0.1', one.localPort)).connected, false, 'closed tunnel releases its port');
  });

  test('failures name the hop and never contain the private key or passphrase', async (t) => {
    const defer = cleanups(t);
    const secretPassphrase = 'correct horse battery staple';
    const encrypted = generateKeyPair(temp!.path, 'client_encrypted', 'ed25519', secretPassphrase);
    const stranger = generateKeyPair(temp!.path, 'client_stranger');
    const sshd = await sshdFor(defer, { hostKey: keys.a, authorizedKeys: [clientKey, encrypted] });
    const knownHostsFile = freshKnownHostsPath();
    const target_ = { host: '127.0.0.1', port: target!.port };
    const secretLines = (key: string) => key.split('\n').filter((line) => line.length >= 16 && !line.startsWith('-----'));

    const attempts: Array<{ hop: SshHop; secrets: string[]; pattern: RegExp }> = [
      // Not authorized on the server: authentication refused, final.
      { hop: { ...hopTo(sshd), privateKey: stranger.privateKey }, secrets: secretLines(stranger.privateKey), pattern: /authentication refused/ },
      // Encrypted key, wrong passphrase.
      { hop: { ...hopTo(sshd), privateKey: encrypted.privateKey, passphrase: 'wrong passphrase!' }, secrets: [...secretLines(encrypted.privateKey), 'wrong passphrase!'], pattern: /cannot use the configured key/ },
    ];
    const logged: string[] = [];
    const options = { ...fast, log: (message: string) => logged.push(message) };
    for (const attempt of attempts) {
      const error = await refusal(open({ hops: [attempt.hop], target: target_ }, policy(knownHostsFile, true), options));
      assert.ok(error instanceof SshHopError, `expected SshHopError, got ${String(error)}`);
      assert.match(error.message, attempt.pattern);
      assert.ok(error.message.includes(`SSH hop 1 of 1 (${sshd.user}@127.0.0.1:${sshd.port})`), error.message);
      assert.equal(error.fatal, true);
      const everything = `${error.message}\n${error.stack ?? ''}\n${JSON.stringify(error)}`;
      for (const secret of attempt.secrets) assert.ok(!everything.includes(secret), `error leaks a secret: ${error.message}`);
    }
    assert.ok(logged.length > 0, 'the first connection logged recording the host key');
    for (const secret of [...secretLines(stranger.privateKey), ...secretLines(encrypted.privateKey), secretPassphrase, 'wrong passphrase!']) {
      assert.ok(!logged.join('\n').includes(secret), 'logs leak a secret');
    }

    // The right passphrase works (so the failures above were about the secrets, not the setup).
    const ok = await open({ hops: [{ ...hopTo(sshd), privateKey: encrypted.privateKey, passphrase: secretPassphrase }], target: target_ }, policy(knownHostsFile, true), fast);
    defer(() => ok.close());
    assert.equal((await httpGet(ok.localUrl)).status, 200);
  });

  test('a hop can authenticate with a key held by an SSH agent', async (t) => {
    const defer = cleanups(t);
    const agentKey = generateKeyPair(temp!.path, 'client_in_agent');
    const agent = await startSshAgent([agentKey]);
    defer(() => agent.stop());
    const sshd = await sshdFor(defer, { hostKey: keys.a, authorizedKeys: [agentKey] });
    const tunnel = await open(
      { hops: [{ host: sshd.host, port: sshd.port, user: sshd.user, agent: agent.socket }], target: { host: '127.0.0.1', port: target!.port } },
      policy(freshKnownHostsPath(), true),
      fast,
    );
    defer(() => tunnel.close());
    assert.equal((await httpGet(`${tunnel.localUrl}/agent`)).body, 'hello from the target: GET /agent');
    assert.match(sshd.log(), new RegExp(`Accepted publickey for ${sshd.user} .*${agentKey.fingerprint.replace(/[+/]/g, '\\$&')}`));
  });
});
