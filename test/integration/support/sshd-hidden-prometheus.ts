/**
 * A real Prometheus (scraping a real node_exporter) that the test process cannot reach directly,
 * only an sshd placed next to it can:
 * - 'network-namespace' (preferred): both run inside a network namespace on ITS 127.0.0.1, a
 *   different network stack from the test's; the test can only reach the namespace's veth address,
 *   where only sshd listens. Direct answers for comparison are fetched from inside the namespace
 *   (`ip netns exec ... node -e fetch`), never by the test process itself.
 * - 'loopback-alias' (fallback when namespaces are not permitted): Prometheus on 127.0.0.2, which
 *   the test process could reach, so callers must prove the path from sshd's log instead.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { binaries, freePort, requireBinary, startNodeExporter, type NodeExporterServer } from '../../support/real-servers.ts';
import type { NetworkNamespace } from './sshd-namespace.ts';
import { spawnTracked, stopTracked, type TrackedProcess } from './sshd-processes.ts';

const run = promisify(execFile);

export interface HiddenPrometheus {
  placement: 'network-namespace' | 'loopback-alias';
  /** Address and port as sshd sees them: the tunnel target. */
  host: string;
  port: number;
  /** Instant query answered by Prometheus without any tunnel (from inside the namespace). */
  directQuery(query: string, atMs: number): Promise<unknown>;
  logs(): string;
  stop(): Promise<void>;
}

const nodeExporterArgs = (address: string) => [
  `--web.listen-address=${address}`,
  '--collector.disable-defaults',
  '--collector.cpu',
  '--collector.meminfo',
  '--collector.loadavg',
  '--log.level=warn',
];

const fetchScript =
  'fetch(process.argv[1]).then(async (r) => { process.stdout.write(await r.text()); if (!r.ok) process.exit(2); })' +
  '.catch((e) => { process.stderr.write(String(e && e.cause || e)); process.exit(1); })';

function queryUrl(base: string, query: string, atMs: number): string {
  const url = new URL('/api/v1/query', base);
  url.searchParams.set('query', query);
  url.searchParams.set('time', (atMs / 1000).toFixed(3));
  return url.toString();
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

export async function startHiddenPrometheus(namespace: NetworkNamespace | null): Promise<HiddenPrometheus> {
  requireBinary(binaries.prometheus);
  requireBinary(binaries.nodeExporter);
  const dir = await mkdtemp(join(tmpdir(), 'opsdesk-hidden-prometheus-'));
  const processes: TrackedProcess[] = [];
  let exporter: NodeExporterServer | null = null;
  const stop = async () => {
    await Promise.all(processes.map(stopTracked));
    await exporter?.stop();
    await rm(dir, { recursive: true, force: true });
  };

  try {
    // A port free on the test's own 127.0.0.1 too, so "nothing answers there" is a meaningful check.
    const port = await freePort();
    let host: string;
    let scrapeTarget: string;
    let directQuery: HiddenPrometheus['directQuery'];
    if (namespace) {
      host = '127.0.0.1';
      scrapeTarget = '127.0.0.1:9100';
      const exporterSpec = namespace.wrap(binaries.nodeExporter, nodeExporterArgs(scrapeTarget));
      processes.push(spawnTracked(exporterSpec.command, exporterSpec.args, { cwd: dir }));
      directQuery = async (query, atMs) => {
        const inside = namespace.wrap(process.execPath, ['-e', fetchScript, queryUrl(`http://${host}:${port}`, query, atMs)]);
        const { stdout } = await run(inside.command, inside.args, { encoding: 'utf8', timeout: 10_000 });
        return JSON.parse(stdout) as unknown;
      };
    } else {
      host = '127.0.0.2';
      exporter = await startNodeExporter();
      scrapeTarget = exporter.target;
      directQuery = async (query, atMs) => (await fetch(queryUrl(`http://${host}:${port}`, query, atMs))).json() as Promise<unknown>;
    }
    const config = {
      global: { scrape_interval: '1s', scrape_timeout: '1s', evaluation_interval: '1s' },
      scrape_configs: [{ job_name: 'node', static_configs: [{ targets: [scrapeTarget] }] }],
    };
    await writeFile(join(dir, 'prometheus.yml'), JSON.stringify(config));
    const args = [
      `--config.file=${join(dir, 'prometheus.yml')}`,
      `--storage.tsdb.path=${join(dir, 'data')}`,
      `--web.listen-address=${host}:${port}`,
      '--log.level=warn',
    ];
    const spec = namespace ? namespace.wrap(binaries.prometheus, args) : { command: binaries.prometheus, args };
    const prometheus = spawnTracked(spec.command, spec.args, { cwd: dir });
    processes.push(prometheus);

    const logs = () => processes.map((p) => p.lines.slice(-20).join('\n')).join('\n');
    // Ready once a scrape (up == 1) is at least 1.5 s old: instant queries a second in the past then
    // see a settled sample, whenever they are asked.
    const deadline = Date.now() + 25_000;
    let last: unknown = null;
    for (;;) {
      if (processes.some((p) => p.exitCode() !== null)) throw new Error(`hidden Prometheus or node_exporter exited:\n${logs()}`);
      try {
        last = await directQuery('up', Date.now() - 1_500);
        const result = (last as { data?: { result?: Array<{ value: [number, string] }> } }).data?.result ?? [];
        if (result.length === 1 && result[0]!.value[1] === '1') break;
      } catch (error) {
        last = String(error);
      }
      if (Date.now() > deadline) throw new Error(`hidden Prometheus not ready (${placementOf(namespace)}); last answer ${JSON.stringify(last)}\n${logs()}`);
      await delay(250);
    }
    return { placement: placementOf(namespace), host, port, directQuery, logs, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

function placementOf(namespace: NetworkNamespace | null): HiddenPrometheus['placement'] {
  return namespace ? 'network-namespace' : 'loopback-alias';
}
