// Series cache write/read rates, measured against JSON.parse of the same samples as a Prometheus
// query_range answer (the practical ingest limit named in ARCHITECTURE.md), in the same run.
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { CacheService } from '../../electron/services/cache/cache-service.ts';
import { makeTempDir } from '../support/temp-dir.ts';

const seriesCount = 2_000;
const pointsPerSeries = 720; // 6 h at 30 s
const step = 30_000;
const start = Date.parse('2026-11-23T00:00:00Z');

const series = Array.from({ length: seriesCount }, (_, index) => {
  const timestamps = Array.from({ length: pointsPerSeries }, (_, point) => start + point * step);
  return { labels: { namespace: `ns-${index % 20}`, pod: `pod-${index}` }, timestamps, values: timestamps.map((t, point) => Math.sin(point / 10 + index) * 1e6 + t / 1e9) };
});
const samples = seriesCount * pointsPerSeries;
const answer = JSON.stringify({
  status: 'success',
  data: { resultType: 'matrix', result: series.map((item) => ({ metric: item.labels, values: item.timestamps.map((t, i) => [t / 1000, String(item.values[i])]) })) },
});

const dir = makeTempDir('bench');
const cache = new CacheService(join(dir.path, 'cache.sqlite'));
try {
  let started = performance.now();
  JSON.parse(answer);
  const parseSeconds = (performance.now() - started) / 1000;

  started = performance.now();
  cache.writeSeries('bench', 'pod.cpu', series);
  const writeSeconds = (performance.now() - started) / 1000;

  started = performance.now();
  const read = cache.readSeries('bench', 'pod.cpu', { from: start, to: start + pointsPerSeries * step });
  const readSeconds = (performance.now() - started) / 1000;
  const readSamples = read.reduce((sum, item) => sum + item.timestamps.length, 0);
  if (readSamples !== samples) throw new Error(`read ${readSamples} samples, wrote ${samples}`);

  const parseRate = samples / parseSeconds;
  const writeRate = samples / writeSeconds;
  const readRate = samples / readSeconds;
  console.log(`${samples} samples in ${seriesCount} series; answer ${(answer.length / 1e6).toFixed(1)} MB`);
  console.log(`BENCH cache-series-write ${Math.round(writeRate)} samples/s target >= 1000000`);
  console.log(`BENCH cache-series-write-vs-parse ${(writeRate / parseRate).toFixed(2)} ratio target >= 0.5`);
  console.log(`BENCH cache-series-read ${Math.round(readRate)} samples/s target >= 2000000`);
} finally {
  cache.close();
  dir.remove();
}
