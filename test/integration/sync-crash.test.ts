// Crash safety: a child process backfills a day of metrics from the (deterministic) demo Prometheus
// and is killed with SIGKILL at a random moment, 100 times. After every kill the cache must pass
// PRAGMA integrity_check and still hold everything it had committed; after resuming to the end,
// every cached series must equal the source: no gap, no duplicate.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import Database from 'better-sqlite3';
import { panel, panelIds } from '../../shared/catalog/promql.ts';
import { alignRange } from '../../shared/time/range.ts';
import { createPrometheusConnector } from '../../electron/connectors/index.ts';
import { startDemoCenters, type DemoCenters } from '../../electron/demo/index.ts';
import { CacheService } from '../../electron/services/cache/cache-service.ts';
import { makeTempDir } from '../support/temp-dir.ts';

const rounds = Number(process.env.OPSDESK_CRASH_ROUNDS ?? 100);
const stepMs = 30_000;
const anchor = Date.parse('2026-11-23T12:00:00Z');
const range = { from: anchor - 24 * 3_600_000, to: anchor - 1 };
const chunkMs = 10 * 60_000;
const dir = makeTempDir('crash');
const file = join(dir.path, 'cache.sqlite');
let demo: DemoCenters;
let metricsUrl: string;

before(async () => {
  demo = await startDemoCenters({ seed: 11, anchorMs: anchor, now: () => anchor });
  metricsUrl = demo.centers.find((center) => center.id === 'seoul-dc')!.endpoints.find((endpoint) => endpoint.signal === 'metrics')!.url;
});

after(async () => {
  await demo?.close();
  dir.remove();
});

interface ChildRun {
  outcome: 'killed' | 'done' | 'stopped';
  stderr: string;
  /** From "ready" (about to ingest) to exit. */
  ingestMs: number;
  /** From "ready" to the first committed chunk. */
  firstCommitMs: number;
}

/** Runs the child on `cacheFile`; with `killAfterMs`, SIGKILLs it that long after it starts ingesting. */
function runChild(killAfterMs: number | null, cacheFile = file): Promise<ChildRun> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'support', 'crash-sync-child.ts'), cacheFile, metricsUrl, String(range.from), String(range.to), String(chunkMs)], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  let readyAt = Number.NaN;
  let firstCommitAt = Number.NaN;
  child.stderr.on('data', (data: Buffer) => (stderr += data.toString()));
  child.stdout.on('data', (data: Buffer) => {
    stdout += data.toString();
    if (Number.isNaN(readyAt) && stdout.includes('ready')) {
      readyAt = performance.now();
      if (killAfterMs !== null) setTimeout(() => child.kill('SIGKILL'), killAfterMs).unref();
    }
    if (Number.isNaN(firstCommitAt) && stdout.includes('committed')) firstCommitAt = performance.now();
  });
  return new Promise((resolve) => {
    child.on('exit', (_code, signal) =>
      resolve({ outcome: signal === 'SIGKILL' ? 'killed' : stdout.includes('done') ? 'done' : 'stopped', stderr, ingestMs: performance.now() - readyAt, firstCommitMs: firstCommitAt - readyAt }),
    );
  });
}

interface RoundCheck {
  integrity: string;
  doneTo: number;
  /** Samples of every node.memory series up to doneTo, which must be the whole step grid. */
  committedPoints: number[];
  expectedPoints: number;
  increasing: boolean;
}

function inspect(): RoundCheck {
  const raw = new Database(file);
  const integrity = raw.pragma('integrity_check', { simple: true }) as string;
  raw.close();
  const cache = new CacheService(file);
  try {
    const doneTo = cache.readBackfill('crash-metrics')?.doneTo ?? range.from - 1;
    const aligned = alignRange(range, stepMs / 1000);
    const series = doneTo < range.from ? [] : cache.readSeries('crash', 'node.memory', { from: aligned.from, to: doneTo });
    return {
      integrity,
      doneTo,
      committedPoints: series.map((item) => item.timestamps.length),
      expectedPoints: doneTo < range.from ? 0 : Math.floor((doneTo - aligned.from) / stepMs) + 1,
      increasing: series.every((item) => item.timestamps.every((timestamp, index) => index === 0 || timestamp - item.timestamps[index - 1]! === stepMs)),
    };
  } finally {
    cache.close();
  }
}

test(`${rounds} SIGKILLs during ingest: integrity kept, nothing committed lost, resumed series equal the source`, { timeout: 15 * 60_000 }, async (t) => {
  let previousDoneTo = range.from - 1;
  let killedMidIngest = 0;
  let progressed = 0;
  const nodeCount = demo.world.centers.find((center) => center.id === 'seoul-dc')!.nodes.length;
  // Kill moments are drawn over this machine's own timing: one uninterrupted run into a scratch file measures the
  // start-up to the first committed chunk and the whole backfill; each kill lands uniformly within the start-up plus
  // twice a round's share of the rest, so some rounds die before committing anything and the others at random points
  // all through the backfill, which the rounds together take about two thirds of the way.
  const calibration = await runChild(null, join(dir.path, 'calibration.sqlite'));
  assert.equal(calibration.outcome, 'done', calibration.stderr);
  const killWindowMs = calibration.firstCommitMs + (2 * (calibration.ingestMs - calibration.firstCommitMs)) / rounds;
  for (let round = 1; round <= rounds; round++) {
    const { outcome, stderr } = await runChild(Math.floor(Math.random() * killWindowMs));
    const check = inspect();
    assert.equal(check.integrity, 'ok', `round ${round}: integrity_check`);
    assert.ok(check.doneTo >= previousDoneTo, `round ${round}: committed progress went back from ${previousDoneTo} to ${check.doneTo}`);
    if (check.doneTo >= range.from) {
      assert.equal(check.committedPoints.length, nodeCount, `round ${round}: every node's memory series is there`);
      for (const points of check.committedPoints) assert.equal(points, check.expectedPoints, `round ${round}: committed samples up to the mark are all there`);
      assert.ok(check.increasing, `round ${round}: no gap or duplicate in committed samples`);
    }
    if (check.doneTo > previousDoneTo) progressed++;
    if (outcome === 'killed' && check.doneTo < range.to) killedMidIngest++;
    assert.notEqual(outcome, 'stopped', `round ${round}: the child stopped on its own: ${stderr}`);
    previousDoneTo = check.doneTo;
  }
  t.diagnostic(`uninterrupted ingest ${Math.round(calibration.ingestMs)} ms (first commit ${Math.round(calibration.firstCommitMs)} ms); kills within ${Math.round(killWindowMs)} ms of ready; ${killedMidIngest} mid-ingest, ${progressed} rounds with progress`);
  assert.ok(killedMidIngest >= rounds * 0.9, `${killedMidIngest} of ${rounds} kills landed before the backfill finished`);
  assert.ok(progressed >= rounds * 0.3, `the backfill made progress in ${progressed} rounds`);

  const finish = await runChild(null);
  assert.equal(finish.outcome, 'done', finish.stderr);
  assert.equal(inspect().integrity, 'ok');

  const source = createPrometheusConnector({ id: 'source', centerId: 'crash', signal: 'metrics', kind: 'prometheus', url: metricsUrl, timeoutMs: 60_000 });
  const cache = new CacheService(file);
  try {
    const aligned = alignRange(range, stepMs / 1000);
    const key = (labels: Record<string, string>) => JSON.stringify(Object.entries(labels).sort());
    for (const panelId of panelIds) {
      const expected = await source.queryRange(panel(panelId).query, range, stepMs / 1000);
      const cached = cache.readSeries('crash', panelId, { from: aligned.from, to: aligned.to });
      const byKey = new Map(cached.map((series) => [key(series.labels), series]));
      assert.equal(cached.length, expected.length, `${panelId}: series count`);
      for (const series of expected) {
        const mine = byKey.get(key(series.labels));
        assert.ok(mine, `${panelId}: ${key(series.labels)} cached`);
        assert.deepEqual(mine.timestamps, series.timestamps, `${panelId} ${key(series.labels)}: timestamps`);
        assert.deepEqual(mine.values, series.values, `${panelId} ${key(series.labels)}: values`);
      }
    }
  } finally {
    cache.close();
  }
});
