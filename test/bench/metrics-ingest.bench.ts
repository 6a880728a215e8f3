// Metrics ingest from a REAL Prometheus (Debian package) holding data backfilled with
// `promtool tsdb create-blocks-from openmetrics`, measured in one run against two peers:
//  - ingest (parse + validate + convert + write to the cache) vs a JSON.parse-only pass over the same bytes;
//  - reading the cached window vs asking Prometheus query_range for the same series and window.
import { execFileSync, spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { Endpoint } from '../../shared/domain/records.ts';
import { createPrometheusConnector } from '../../electron/connectors/index.ts';
import { CacheService } from '../../electron/services/cache/cache-service.ts';
import { binaries, freePort } from '../support/real-servers.ts';
import { makeTempDir } from '../support/temp-dir.ts';

const seriesCount = Number(process.env.BENCH_SERIES ?? 1000);
const stepSeconds = 60;
const points = 1440; // one day at one minute
const end = Math.floor(Date.now() / 3_600_000) * 3_600_000 - 3 * 3_600_000; // whole hour, clear of the head block
const start = end - (points - 1) * stepSeconds * 1000;
const query = 'bench_value';
const dir = makeTempDir('bench-metrics');
let peakRss = 0;
const sampleRss = () => (peakRss = Math.max(peakRss, process.memoryUsage().rss));
const rssTimer = setInterval(sampleRss, 20);

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

function timed(runs: number, work: () => void): number {
  const seconds: number[] = [];
  for (let run = 0; run < runs; run++) {
    const started = performance.now();
    work();
    seconds.push((performance.now() - started) / 1000);
  }
  return median(seconds);
}

async function timedAsync(runs: number, work: () => Promise<void>): Promise<number> {
  const seconds: number[] = [];
  for (let run = 0; run < runs; run++) {
    const started = performance.now();
    await work();
    seconds.push((performance.now() - started) / 1000);
  }
  return median(seconds);
}

function writeOpenMetrics(file: string): void {
  const lines = ['# HELP bench_value Synthetic gauge for the OpsDesk ingest benchmark.', '# TYPE bench_value gauge'];
  for (let series = 0; series < seriesCount; series++) {
    const labels = `instance="node-${series % 50}:9100",series="${series}"`;
    for (let point = 0; point < points; point++) {
      const seconds = start / 1000 + point * stepSeconds;
      lines.push(`bench_value{${labels}} ${(Math.sin(point / 30 + series) * 100 + series).toFixed(6)} ${seconds}`);
    }
  }
  lines.push('# EOF');
  writeFileSync(file, `${lines.join('\n')}\n`);
}

async function startBackfilledPrometheus(): Promise<{ url: string; stop(): Promise<void> }> {
  const dataDir = join(dir.path, 'data');
  const input = join(dir.path, 'bench.om');
  writeOpenMetrics(input);
  execFileSync('/usr/bin/promtool', ['tsdb', 'create-blocks-from', 'openmetrics', '--quiet', input, dataDir], { stdio: 'pipe' });
  const port = await freePort();
  const child = spawn(binaries.prometheus, [
    `--config.file=${join(dir.path, 'prometheus.yml')}`,
    `--storage.tsdb.path=${dataDir}`,
    '--storage.tsdb.retention.time=30d',
    `--web.listen-address=127.0.0.1:${port}`,
    '--log.level=warn',
  ], { stdio: 'ignore' });
  writeFileSync(join(dir.path, 'prometheus.yml'), 'global: { scrape_interval: 1h }\n');
  const url = `http://127.0.0.1:${port}`;
  for (let attempt = 0; attempt < 200; attempt++) {
    const ready = await fetch(`${url}/-/ready`).then((response) => response.ok, () => false);
    if (ready) break;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return {
    url,
    stop: () =>
      new Promise<void>((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

const prometheus = await startBackfilledPrometheus();
try {
  const endpoint: Endpoint = { id: 'bench-metrics', centerId: 'bench', signal: 'metrics', kind: 'prometheus', url: prometheus.url, timeoutMs: 120_000 };
  const range = { from: start, to: end };
  const live = createPrometheusConnector(endpoint);

  // The same bytes for every peer: one real answer from Prometheus.
  const form = new URLSearchParams({ query, start: String(start / 1000), end: String(end / 1000), step: String(stepSeconds) });
  const answer = Buffer.from(await (await fetch(`${prometheus.url}/api/v1/query_range`, { method: 'POST', body: form })).arrayBuffer());
  // Counted in a function so the bench does not keep this parse alive (peak RSS is the ingest's, not the harness's).
  const samples = ((parsed: { data: { result: Array<{ values: unknown[] }> } }) => parsed.data.result.reduce((sum, series) => sum + series.values.length, 0))(
    JSON.parse(answer.toString('utf8')),
  );
  if (samples !== seriesCount * points) throw new Error(`Prometheus answered ${samples} samples, expected ${seriesCount * points}`);

  const parseSeconds = timed(5, () => void JSON.parse(answer.toString('utf8')));
  const replay = createPrometheusConnector(endpoint, {
    fetch: (async () => new Response(answer, { status: 200, headers: { 'content-type': 'application/json' } })) as typeof fetch,
  });
  let round = 0;
  const ingestSeconds = await timedAsync(5, async () => {
    const cache = new CacheService(join(dir.path, `ingest-${round++}.sqlite`));
    const series = await replay.queryRange(query, range, stepSeconds);
    cache.writeSeries('bench', 'bench_value', series);
    cache.close();
  });
  sampleRss();

  const cache = new CacheService(join(dir.path, 'cache.sqlite'));
  const endToEndSeconds = await timedAsync(1, async () => cache.writeSeries('bench', 'bench_value', await live.queryRange(query, range, stepSeconds)));
  const readSeconds = timed(5, () => {
    const read = cache.readSeries('bench', 'bench_value', range);
    if (read.length !== seriesCount) throw new Error(`cache read ${read.length} series`);
  });
  const prometheusSeconds = await timedAsync(3, async () => void (await live.queryRange(query, range, stepSeconds)));
  cache.close();
  sampleRss();

  const ingestRate = samples / ingestSeconds;
  const parseRate = samples / parseSeconds;
  console.log(`${samples} samples in ${seriesCount} series (${points} points each), answer ${(answer.length / 1e6).toFixed(1)} MB`);
  console.log(`JSON.parse only ${(parseRate / 1e6).toFixed(2)} M samples/s; ingest from the same bytes ${(ingestRate / 1e6).toFixed(2)} M samples/s; end to end from Prometheus ${(samples / endToEndSeconds / 1e6).toFixed(2)} M samples/s`);
  console.log(`read: cache ${(readSeconds * 1000).toFixed(1)} ms, Prometheus query_range ${(prometheusSeconds * 1000).toFixed(1)} ms`);
  console.log(`BENCH metrics-ingest ${Math.round(ingestRate)} samples/s target >= 1000000`);
  console.log(`BENCH metrics-ingest-vs-parse ${(ingestRate / parseRate).toFixed(2)} ratio target >= 0.5`);
  console.log(`BENCH metrics-read-vs-prometheus ${(prometheusSeconds / readSeconds).toFixed(1)} ratio target >= 10`);
  console.log(`BENCH metrics-peak-rss ${Math.round(peakRss / 1024 / 1024)} MiB target <= 1024`);
} finally {
  clearInterval(rssTimer);
  await prometheus.stop();
  dir.remove();
}
