/**
 * Real Prometheus, Alertmanager and node_exporter (the Debian binaries) on 127.0.0.1, each on a
 * random free port in its own temp directory. Every start returns `stop()`, which kills the
 * process, waits for it to exit and removes the directory; tests call it from `after()` so it
 * also runs when a test fails. A process-exit hook kills anything a crashed test run left behind.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer as createHttpServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';

export const binaries = {
  prometheus: '/usr/bin/prometheus',
  alertmanager: '/usr/bin/prometheus-alertmanager',
  nodeExporter: '/usr/bin/prometheus-node-exporter',
} as const;

const packages: Record<string, string> = {
  [binaries.prometheus]: 'prometheus',
  [binaries.alertmanager]: 'prometheus-alertmanager',
  [binaries.nodeExporter]: 'prometheus-node-exporter',
};

export interface RunningServer {
  /** `http://127.0.0.1:PORT` */
  url: string;
  port: number;
  /** The temp directory holding config and data. */
  dir: string;
  /** The server's own version, from `<binary> --version`. */
  version: string;
  /** Recent stdout/stderr lines, for failure messages. */
  logs(): string;
  /** Kill, wait for exit, remove the temp directory. Safe to call twice. */
  stop(): Promise<void>;
}

const live = new Set<ChildProcess>();
let exitHookInstalled = false;

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.once('exit', () => {
    for (const child of live) child.kill('SIGKILL');
  });
}

/** A free TCP port on 127.0.0.1 (listen on port 0, read it, close). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => (port ? resolve(port) : reject(new Error('could not read a free port'))));
    });
  });
}

export function requireBinary(path: string): void {
  try {
    accessSync(path, constants.X_OK);
  } catch {
    throw new Error(`${path} is missing or not executable; install the Debian package "${packages[path] ?? path}" (apt-get install ${packages[path] ?? '…'})`);
  }
}

/** `prometheus, version 2.42.0+ds (branch: …)` -> `2.42.0+ds`. */
export function binaryVersion(path: string): string {
  requireBinary(path);
  const result = spawnSync(path, ['--version'], { encoding: 'utf8', timeout: 10_000 });
  const text = `${result.stdout ?? ''}${result.stderr ?? ''}`;
  const match = /version (\S+)/.exec(text);
  if (!match) throw new Error(`${path} --version printed no version: ${text.slice(0, 200)}`);
  return match[1]!;
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

async function httpOk(url: string): Promise<boolean> {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(1_000) });
    await response.arrayBuffer();
    return response.ok;
  } catch {
    return false;
  }
}

interface ProcessSpec {
  name: string;
  binary: string;
  args: (port: number, dir: string) => string[];
  prepare?: (dir: string, port: number) => Promise<void>;
  readyPath: string;
  readyTimeoutMs?: number;
}

/** Spawns, waits for readyPath to answer 2xx; retries on a new port if another process took it. */
async function startProcess(spec: ProcessSpec): Promise<RunningServer> {
  requireBinary(spec.binary);
  installExitHook();
  const version = binaryVersion(spec.binary);
  let lastError: Error | null = null;
  for (let attempt = 0; attempt < 3; attempt++) {
    const port = await freePort();
    const dir = await mkdtemp(join(tmpdir(), `opsdesk-${spec.name}-`));
    await spec.prepare?.(dir, port);
    const child = spawn(spec.binary, spec.args(port, dir), { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
    live.add(child);
    const lines: string[] = [];
    const collect = (chunk: Buffer) => {
      lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
      if (lines.length > 200) lines.splice(0, lines.length - 200);
    };
    child.stdout?.on('data', collect);
    child.stderr?.on('data', collect);
    let exitCode: number | string | null = null;
    const exited = new Promise<void>((resolve) => {
      child.once('exit', (code, signal) => {
        exitCode = code ?? signal;
        live.delete(child);
        resolve();
      });
      child.once('error', (error) => {
        lines.push(String(error));
        exitCode = 'spawn-error';
        live.delete(child);
        resolve();
      });
    });
    let stopped = false;
    const stop = async () => {
      if (stopped) return;
      stopped = true;
      if (exitCode === null) {
        child.kill('SIGTERM');
        const killed = await Promise.race([exited.then(() => true), delay(5_000).then(() => false)]);
        if (!killed) {
          child.kill('SIGKILL');
          await exited;
        }
      }
      await rm(dir, { recursive: true, force: true });
    };
    const url = `http://127.0.0.1:${port}`;
    const server: RunningServer = { url, port, dir, version, logs: () => lines.slice(-30).join('\n'), stop };
    const deadline = Date.now() + (spec.readyTimeoutMs ?? 20_000);
    while (exitCode === null && Date.now() < deadline) {
      if (await httpOk(url + spec.readyPath)) return server;
      await delay(100);
    }
    await stop();
    const why = exitCode === null ? `not ready at ${url}${spec.readyPath} within ${spec.readyTimeoutMs ?? 20_000} ms` : `exited (${exitCode}) before it was ready`;
    lastError = new Error(`${spec.name} (${spec.binary}) ${why}; last output:\n${server.logs()}`);
    if (!/address already in use/i.test(server.logs())) break;
  }
  throw lastError ?? new Error(`${spec.name} did not start`);
}

export interface NodeExporterServer extends RunningServer {
  /** `127.0.0.1:PORT`, as a Prometheus scrape target and `instance` label. */
  target: string;
}

/**
 * node_exporter with the collectors the catalog's node panels read (cpu, meminfo, netdev, filesystem) plus a few cheap
 * ones. The root filesystem is reported whatever its type (containers often run on overlay, which the default excludes).
 */
export async function startNodeExporter(): Promise<NodeExporterServer> {
  const server = await startProcess({
    name: 'node-exporter',
    binary: binaries.nodeExporter,
    args: (port) => [
      `--web.listen-address=127.0.0.1:${port}`,
      '--collector.disable-defaults',
      '--collector.cpu',
      '--collector.meminfo',
      '--collector.netdev',
      '--collector.filesystem',
      '--collector.filesystem.fs-types-exclude=^(autofs|binfmt_misc|bpf|cgroup2?|configfs|debugfs|devpts|devtmpfs|fusectl|hugetlbfs|mqueue|nsfs|proc|procfs|pstore|rpc_pipefs|securityfs|selinuxfs|squashfs|sysfs|tracefs|tmpfs)$',
      '--collector.loadavg',
      '--collector.uname',
      '--log.level=warn',
    ],
    readyPath: '/metrics',
  });
  return { ...server, target: `127.0.0.1:${server.port}` };
}

export interface PrometheusServer extends RunningServer {
  scrapeIntervalSeconds: number;
  /** Instant query straight to the server (no connector), for tests to compare against. */
  queryDirect(query: string, atMs?: number): Promise<unknown>;
  /** Waits until every target has at least `count` scrapes stored (`count_over_time(up[10m])`). */
  waitForScrapes(count: number, timeoutMs?: number): Promise<void>;
}

export interface PrometheusOptions {
  /** `host:port` targets scraped under job "node". */
  scrapeTargets: readonly string[];
  scrapeIntervalSeconds?: number;
}

export async function startPrometheus(options: PrometheusOptions): Promise<PrometheusServer> {
  const interval = options.scrapeIntervalSeconds ?? 1;
  const config = {
    global: { scrape_interval: `${interval}s`, scrape_timeout: `${interval}s`, evaluation_interval: `${interval}s` },
    scrape_configs: [{ job_name: 'node', static_configs: [{ targets: [...options.scrapeTargets] }] }],
  };
  const server = await startProcess({
    name: 'prometheus',
    binary: binaries.prometheus,
    prepare: (dir) => writeFile(join(dir, 'prometheus.yml'), stringify(config)),
    args: (port, dir) => [
      `--config.file=${join(dir, 'prometheus.yml')}`,
      `--storage.tsdb.path=${join(dir, 'data')}`,
      `--web.listen-address=127.0.0.1:${port}`,
      '--log.level=warn',
    ],
    readyPath: '/-/ready',
  });

  async function queryDirect(query: string, atMs?: number): Promise<unknown> {
    const url = new URL('/api/v1/query', server.url);
    url.searchParams.set('query', query);
    if (atMs !== undefined) url.searchParams.set('time', String(atMs / 1000));
    const response = await fetch(url);
    return response.json();
  }

  async function waitForScrapes(count: number, timeoutMs = 20_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    let last: unknown = null;
    while (Date.now() < deadline) {
      last = await queryDirect('count_over_time(up[10m])');
      const result = (last as { data?: { result?: Array<{ value: [number, string] }> } }).data?.result ?? [];
      if (result.length >= options.scrapeTargets.length && result.every((item) => Number(item.value[1]) >= count)) return;
      await delay(250);
    }
    throw new Error(`prometheus at ${server.url}: fewer than ${count} scrapes per target after ${timeoutMs} ms; last answer ${JSON.stringify(last)}\n${server.logs()}`);
  }

  try {
    await waitForScrapes(1);
  } catch (error) {
    await server.stop();
    throw error;
  }
  return { ...server, scrapeIntervalSeconds: interval, queryDirect, waitForScrapes };
}

export interface PostableAlert {
  labels: Record<string, string>;
  annotations?: Record<string, string>;
  startsAt?: string;
  endsAt?: string;
  generatorURL?: string;
}

export interface AlertmanagerServer extends RunningServer {
  /** POST /api/v2/alerts straight to the server. */
  postAlerts(alerts: readonly PostableAlert[]): Promise<void>;
  /** GET /api/v2/alerts straight to the server (no connector). */
  alertsDirect(): Promise<unknown[]>;
}

export async function startAlertmanager(): Promise<AlertmanagerServer> {
  const config = { route: { receiver: 'blackhole', group_wait: '1h', repeat_interval: '24h' }, receivers: [{ name: 'blackhole' }] };
  const server = await startProcess({
    name: 'alertmanager',
    binary: binaries.alertmanager,
    prepare: (dir) => writeFile(join(dir, 'alertmanager.yml'), stringify(config)),
    args: (port, dir) => [
      `--config.file=${join(dir, 'alertmanager.yml')}`,
      `--storage.path=${join(dir, 'data')}`,
      `--web.listen-address=127.0.0.1:${port}`,
      // Empty disables the gossip cluster (and its fixed 9094 port).
      '--cluster.listen-address=',
      '--log.level=warn',
    ],
    readyPath: '/-/ready',
  });

  async function postAlerts(alerts: readonly PostableAlert[]): Promise<void> {
    const response = await fetch(new URL('/api/v2/alerts', server.url), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(alerts),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`POST /api/v2/alerts: HTTP ${response.status} ${text}`);
  }

  async function alertsDirect(): Promise<unknown[]> {
    const response = await fetch(new URL('/api/v2/alerts', server.url));
    return (await response.json()) as unknown[];
  }

  return { ...server, postAlerts, alertsDirect };
}

export interface LocalHttpServer {
  url: string;
  port: number;
  /** Requests seen so far: method, path with query, and the raw body. */
  requests: Array<{ method: string; url: string; body: string }>;
  /** Replaces the handler for the following requests. */
  respond(handler: LocalHandler): void;
  stop(): Promise<void>;
}

export type LocalHandler = (request: IncomingMessage & { body: string }, response: ServerResponse) => void | Promise<void>;

/**
 * A scripted node:http server on 127.0.0.1 for answers a real server will not give (broken JSON,
 * HTML error pages, slow or huge answers). stop() closes it and any connection still open.
 */
export async function startLocalHttpServer(initial?: LocalHandler): Promise<LocalHttpServer> {
  let handler: LocalHandler =
    initial ??
    ((_request, response) => {
      response.writeHead(404).end();
    });
  const requests: LocalHttpServer['requests'] = [];
  const server = createHttpServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      requests.push({ method: request.method ?? '', url: request.url ?? '', body });
      Promise.resolve(handler(Object.assign(request, { body }), response)).catch((error: unknown) => {
        if (!response.headersSent) response.writeHead(599);
        response.end(String(error));
      });
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    requests,
    respond(next) {
      handler = next;
    },
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
