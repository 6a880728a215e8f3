// Scale of the renderer in Debian's Chromium: 10,000 pods across 5 centers in the merged Pods list (first render,
// filter keystroke to the updated frame), the map of those pods (first paint, scrubbing) and a uPlot chart of 166,650 points (uPlot's own headline shape).
// The built renderer is served by the fake console with bench-sized handlers; every figure is measured in the page.
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';
import type { CenterSummary } from '../../shared/contract/channels.ts';
import type { NodeRecord, PodRecord } from '../../shared/domain/records.ts';
import { mulberry32 } from '../../electron/demo/random.ts';
import { ensureRendererBuilt, launchChromium, screenshot } from '../e2e/support/browser.ts';
import { startFakeConsole } from '../e2e/support/fake-console.ts';

const podCount = Number(process.env.SCALE_BENCH_PODS ?? 10_000);
const centerCount = 5;
const frameBudgetMs = 1000 / 60;
const random = mulberry32(20_261_123);
const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
const suffix = (length: number) => Array.from({ length }, () => 'bcdfghjklmnpqrstvwxz2456789'[Math.floor(random() * 27)]).join('');

const centerNames: Array<[string, string, CenterSummary['kind']]> = [
  ['seoul-dc', 'Seoul DC', 'on-prem'],
  ['busan-dc', 'Busan DC', 'on-prem'],
  ['ohio-region', 'Ohio region', 'cloud'],
  ['frankfurt-region', 'Frankfurt region', 'cloud'],
  ['tokyo-region', 'Tokyo region', 'cloud'],
];
const centers: CenterSummary[] = centerNames.slice(0, centerCount).map(([id, name, kind]) => ({ id, name, kind, region: id, labels: {}, demo: false, endpoints: [] }));
const namespaces = ['shop', 'payments', 'search', 'data', 'ingress-nginx', 'monitoring', 'kube-system', 'batch', 'auth', 'notifications', 'media', 'analytics'];
const apps = ['checkout', 'cart', 'frontend', 'recommendations', 'payment-gateway', 'fraud-check', 'search-api', 'indexer', 'reports-db', 'controller', 'prometheus', 'coredns', 'report-cron', 'oauth', 'mailer', 'transcoder', 'clickhouse', 'kafka', 'redis', 'gateway'];
const now = Date.parse('2026-11-23T12:00:00Z');

function buildFleet(): { nodes: NodeRecord[]; pods: PodRecord[] } {
  const nodes: NodeRecord[] = [];
  const pods: PodRecord[] = [];
  for (const center of centers) {
    for (let index = 0; index < 60; index++) {
      nodes.push({
        centerId: center.id, name: `${center.id.split('-')[0]}-w-${String(index).padStart(3, '0')}`, uid: `${center.id}-n${index}`, roles: ['worker'], ready: 'True',
        unschedulable: false, conditions: [{ type: 'Ready', status: 'True' }], capacity: { cpuMillis: 32_000, memoryBytes: 128 * 2 ** 30, pods: 250 },
        allocatable: { cpuMillis: 31_000, memoryBytes: 120 * 2 ** 30, pods: 250 }, labels: {}, internalIp: `10.0.${index}.1`, kubeletVersion: 'v1.31.4', osImage: 'Ubuntu 24.04', createdAt: now - 90 * 86_400_000,
      });
    }
  }
  for (let index = 0; index < podCount; index++) {
    const center = centers[index % centers.length]!;
    const app = pick(apps);
    const namespace = pick(namespaces);
    const roll = random();
    const phase: PodRecord['phase'] = roll < 0.9 ? 'Running' : roll < 0.95 ? 'Pending' : roll < 0.98 ? 'Succeeded' : 'Failed';
    const reason = phase === 'Pending' ? 'Unschedulable' : phase === 'Failed' ? 'OOMKilled' : random() < 0.03 ? 'CrashLoopBackOff' : null;
    const nodeIndex = Math.floor(random() * 60);
    pods.push({
      centerId: center.id, namespace, name: `${app}-${suffix(9)}-${suffix(5)}`, uid: `uid-${index}`,
      nodeName: phase === 'Pending' ? null : `${center.id.split('-')[0]}-w-${String(nodeIndex).padStart(3, '0')}`,
      phase, reason, message: reason === 'Unschedulable' ? '0/60 nodes are available: 60 Insufficient memory.' : null,
      qosClass: pick(['Guaranteed', 'Burstable', 'BestEffort'] as const), ownerKind: 'ReplicaSet', ownerName: `${app}-${suffix(9)}`,
      restarts: reason === 'CrashLoopBackOff' ? 5 + Math.floor(random() * 40) : random() < 0.1 ? 1 : 0, readyContainers: reason ? 0 : 2, totalContainers: 2,
      podIp: `10.244.${index % 250}.${index % 200}`, labels: { app, team: pick(['core', 'growth', 'platform', 'data']), 'app.kubernetes.io/version': `1.${index % 30}.0` },
      createdAt: now - Math.floor(random() * 30 * 86_400_000), startedAt: now - 3_600_000,
    });
  }
  return { nodes, pods };
}

/** What a person types while narrowing the list: each phrase key by key, then erased key by key (the last one stays). */
const phrases = ['checkout', 'seoul pay', 'app=cart', 're:^pay', 'pending', 'oom', 'frank', 'team=growth', 'namespace=data'];
const typing = phrases.flatMap((phrase, index) => {
  const keys = [...phrase].map((char) => (char === ' ' ? 'Space' : char));
  return index === phrases.length - 1 ? keys : [...keys, ...keys.map(() => 'Backspace')];
});

const nameShim = 'globalThis.__name = (target) => target;';

function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

function line(name: string, value: number, unit: string, op: string, target: number | string): void {
  console.log(`BENCH ${name} ${Number.isInteger(value) ? value : value.toFixed(2)} ${unit} target ${op} ${target}`);
}

/** In-page probes: keydown time, DOM-updated time (first mutation after it), next animation frame. */
async function installProbes(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const probe = {
      keys: [] as Array<{ key: string; down: number; dispatched: number; dom: number | null; frame: number | null; painted: number | null; count: string }>,
      listFirstFrame: null as number | null,
      tabKeyAt: null as number | null,
    };
    (window as unknown as { __probe: typeof probe }).__probe = probe;
    document.addEventListener(
      'keydown',
      (event) => {
        const target = event.target as HTMLElement | null;
        if (target?.getAttribute('data-testid') === 'table-filter') {
          const entry = { key: event.key, down: event.timeStamp, dispatched: performance.now(), dom: null as number | null, frame: null as number | null, painted: null as number | null, count: '' };
          probe.keys.push(entry);
          performance.mark(`filter-key-${probe.keys.length}`);
          // React handles the input event at its root (before this document listener) and commits in a microtask
          // queued there; this microtask runs after that commit, the animation frame after it is the updated frame.
          target.addEventListener(
            'input',
            () => {
              queueMicrotask(() => {
                entry.dom = performance.now();
                requestAnimationFrame(() => {
                  entry.frame = performance.now();
                  entry.count = document.querySelector('[data-testid="row-count"]')?.textContent ?? '';
                  performance.mark(`filter-frame-${probe.keys.length}`);
                  performance.measure(`filter-${probe.keys.length}`, `filter-key-${probe.keys.length}`, `filter-frame-${probe.keys.length}`);
                  // A message posted from the frame callback is handled after that frame's style, layout and paint.
                  const channel = new MessageChannel();
                  channel.port1.onmessage = () => {
                    entry.painted = performance.now();
                  };
                  channel.port2.postMessage(null);
                });
              });
            },
            { once: true },
          );
        } else if (event.key === '2') {
          probe.tabKeyAt = event.timeStamp;
        }
      },
      true,
    );
    const waitForRows = () => {
      if (document.querySelector('[data-testid="pods-table"] [data-testid="row"]')) {
        requestAnimationFrame(() => {
          probe.listFirstFrame = performance.now();
        });
        return;
      }
      requestAnimationFrame(waitForRows);
    };
    new MutationObserver((_records, observer) => {
      if (document.querySelector('[data-testid="pods-table"] [data-testid="row"]')) {
        observer.disconnect();
        waitForRows();
      }
    }).observe(document, { subtree: true, childList: true });
  });
}

interface Probe {
  keys: Array<{ key: string; down: number; dispatched: number; dom: number | null; frame: number | null; painted: number | null; count: string }>;
  listFirstFrame: number | null;
  tabKeyAt: number | null;
}

const readProbe = (page: Page) => page.evaluate(() => (window as unknown as { __probe: Probe }).__probe);

async function benchList(page: Page, url: string): Promise<void> {
  await page.goto(url);
  // Cold: navigation → the app fetched 10,000 pods (the tab strip counts them) → Pods view's first frame with rows.
  await page.waitForSelector('[data-testid="tab-pods"]');
  await page.keyboard.press('2');
  await page.waitForFunction(() => (window as unknown as { __probe: Probe }).__probe.listFirstFrame !== null, undefined, { timeout: 60_000 });
  const cold = await readProbe(page);
  const rowsInDom = await page.locator('[data-testid="pods-table"] [data-testid="row"]').count();
  const countText = await page.textContent('[data-testid="row-count"]');
  if (!countText?.includes(String(podCount))) throw new Error(`the list shows "${countText}", not ${podCount} pods`);
  line('scale-ui-list-cold-first-render', cold.listFirstFrame!, 'ms', '<', 3000);
  console.log(`  (navigation → first frame of ${podCount} merged pods from ${centers.length} centers; ${rowsInDom} rows in the DOM)`);

  // Warm: data cached by react-query; switching to the Pods view mounts the list (prepare + sort + first window).
  const warm: number[] = [];
  for (let round = 0; round < 7; round++) {
    await page.keyboard.press('1');
    await page.waitForSelector('[data-testid="nodes-table"] [data-testid="row"]');
    const armed = page.evaluate(
      () =>
        new Promise<number>((resolve) => {
          const check = () => {
            if (document.querySelector('[data-testid="pods-table"] [data-testid="row"]')) requestAnimationFrame(() => resolve(performance.now()));
            else requestAnimationFrame(check);
          };
          requestAnimationFrame(check);
        }),
    );
    await page.keyboard.press('2');
    const frameAt = await armed;
    const { tabKeyAt } = await readProbe(page);
    warm.push(frameAt - tabKeyAt!);
  }
  line('scale-ui-list-warm-first-render-p50', percentile(warm, 50), 'ms', '<', 100);
  console.log(`  (key 2 → first frame of the Pods view over cached data, ${warm.length} rounds: ${warm.map((value) => value.toFixed(1)).join(', ')})`);

  // Filter keystrokes.
  await page.keyboard.press('/');
  await page.waitForFunction(() => document.activeElement?.getAttribute('data-testid') === 'table-filter');
  for (const key of typing) {
    const before = (await readProbe(page)).keys.length;
    await page.keyboard.press(key);
    await page.waitForFunction((count) => {
      const keys = (window as unknown as { __probe: Probe }).__probe.keys;
      return keys.length > count && keys[keys.length - 1]!.painted !== null;
    }, before);
    await page.waitForTimeout(20);
  }
  const { keys } = await readProbe(page);
  const toDom = keys.map((entry) => entry.dom! - entry.down);
  const toFrame = keys.map((entry) => entry.frame! - entry.down);
  const toPainted = keys.map((entry) => entry.painted! - entry.down);
  const inputDelay = keys.map((entry) => entry.dispatched - entry.down);
  const finalCount = keys.at(-1)!.count;
  line('scale-ui-filter-keystroke-to-frame-p50', percentile(toFrame, 50), 'ms', '<', 16);
  line('scale-ui-filter-keystroke-to-frame-p95', percentile(toFrame, 95), 'ms', '<', 16);
  line('scale-ui-filter-keystroke-to-dom-p50', percentile(toDom, 50), 'ms', '<', 16);
  line('scale-ui-filter-keystroke-to-dom-p95', percentile(toDom, 95), 'ms', '<', 16);
  line('scale-ui-filter-keystroke-to-painted-p50', percentile(toPainted, 50), 'ms', '<', 16);
  line('scale-ui-filter-keystroke-to-painted-p95', percentile(toPainted, 95), 'ms', '<', 16);
  line('scale-ui-filter-frame-budget-ratio-p95', percentile(toFrame, 95) / frameBudgetMs, 'x', '<', 1);
  console.log(`  (input delay before our keydown listener ran: p50 ${percentile(inputDelay, 50).toFixed(1)} ms, p95 ${percentile(inputDelay, 95).toFixed(1)} ms; painted = after the frame's style/layout/paint)`);
  console.log(`  (${keys.length} keystrokes over ${podCount} rows; keydown → DOM updated → next requestAnimationFrame; last filter "namespace=data" shows "${finalCount}")`);

  // Peer: the same filter without virtualization, as plain DOM (no React): every matching row's <tr> rebuilt per keystroke.
  const peer = await page.evaluate(
    ({ strokes }) => {
      const source = (window as unknown as { __benchPods?: string[][] }).__benchPods ?? [];
      const table = document.createElement('table');
      table.className = 'data-table';
      const body = document.createElement('tbody');
      table.append(body);
      const host = document.querySelector('.table-scroll') ?? document.body;
      host.append(table);
      const times: number[] = [];
      let filter = '';
      for (const key of strokes) {
        filter = key === 'Backspace' ? filter.slice(0, -1) : filter + (key === 'Space' ? ' ' : key);
        const start = performance.now();
        const term = filter.toLowerCase();
        const html: string[] = [];
        for (const cells of source) {
          if (term && !cells.join('\n').toLowerCase().includes(term)) continue;
          html.push(`<tr class="row">${cells.map((cell) => `<td>${cell}</td>`).join('')}</tr>`);
        }
        body.innerHTML = html.join('');
        void table.offsetHeight; // style and layout of the new rows, as a paint would need
        times.push(performance.now() - start);
      }
      table.remove();
      return times;
    },
    { strokes: typing.slice(0, 30) },
  );
  if (peer.length > 0 && peer.some((value) => value > 0)) {
    line('scale-ui-peer-unvirtualized-filter-p50', percentile(peer, 50), 'ms', '<', 16);
    console.log('  (peer: the same rows and filter without virtualization, plain DOM without React: every matching <tr> rebuilt and laid out per keystroke)');
  }
}

/** The map of the same 10,000 pods: first paint after 9, then scrubbing frame by frame with the arrow keys. */
async function benchMap(page: Page): Promise<void> {
  const opened = page.evaluate(
    () =>
      new Promise<number>((resolve) => {
        const check = () => {
          if (document.querySelector('[data-testid="map-canvas"][data-frame]')) requestAnimationFrame(() => resolve(performance.now()));
          else requestAnimationFrame(check);
        };
        requestAnimationFrame(check);
      }),
  );
  // Leave the Pods filter (focus in a text field keeps view shortcuts off).
  await page.keyboard.press('Escape');
  const pressedAt = await page.evaluate(() => performance.now());
  await page.keyboard.press('9');
  const paintedAt = await opened;
  const cells = Number(await page.evaluate(() => [...document.querySelectorAll('[data-testid^="map-count-"]')].reduce((sum, element) => sum + Number(element.textContent), 0)));
  if (cells !== podCount) throw new Error(`the map counts ${cells} cells, not ${podCount}`);
  line('scale-ui-map-first-paint', paintedAt - pressedAt, 'ms', '<', 1000);
  console.log(`  (key 9 → first painted map of ${cells} pod cells × 60 frames, incl. map:frames over HTTP, grouping and layout)`);

  await page.focus('[data-testid="map-scrubber"]');
  const scrub: number[] = [];
  for (let step = 0; step < 40; step++) {
    // Armed in the page before the key is sent, so the keydown and the repaint cannot be missed.
    await page.evaluate(() => {
      const canvas = document.querySelector('[data-testid="map-canvas"]')!;
      const state = { down: 0, result: null as number | null };
      (window as unknown as { __scrub: typeof state }).__scrub = state;
      document.addEventListener('keydown', (event) => (state.down = event.timeStamp), { once: true, capture: true });
      const observer = new MutationObserver(() => {
        observer.disconnect();
        requestAnimationFrame(() => {
          const channel = new MessageChannel();
          channel.port1.onmessage = () => (state.result = performance.now() - state.down);
          channel.port2.postMessage(null);
        });
      });
      observer.observe(canvas, { attributes: true, attributeFilter: ['data-frame'] });
    });
    await page.keyboard.press('ArrowLeft');
    const handle = await page.waitForFunction(() => (window as unknown as { __scrub: { result: number | null } }).__scrub.result, undefined, { timeout: 10_000 });
    scrub.push((await handle.jsonValue()) as number);
    await page.waitForTimeout(20);
  }
  line('scale-ui-map-scrub-to-painted-p50', percentile(scrub, 50), 'ms', '<', 16);
  line('scale-ui-map-scrub-to-painted-p95', percentile(scrub, 95), 'ms', '<', 33);
  console.log(`  (${scrub.length} scrubber steps, keydown → repainted ${podCount}-cell canvas → frame painted)`);
}

async function benchChart(page: Page): Promise<void> {
  const require = createRequire(import.meta.url);
  await page.goto('about:blank');
  await page.setContent('<!doctype html><html><body style="margin:0;background:#0a0d12"><div id="chart"></div></body></html>');
  await page.addStyleTag({ path: require.resolve('uplot/dist/uPlot.min.css') });
  await page.addScriptTag({ path: require.resolve('uplot/dist/uPlot.iife.min.js') });
  await page.evaluate(nameShim);
  const times = await page.evaluate(async () => {
    type UPlotCtor = new (options: object, data: unknown[], target: HTMLElement) => { destroy(): void };
    const UPlot = (window as unknown as { uPlot: UPlotCtor }).uPlot;
    // uPlot's bench shape: 3 series × 55,550 points = 166,650 points (one point per minute, ~38.5 days).
    const length = 55_550;
    const xs = new Float64Array(length);
    const ys = [new Float64Array(length), new Float64Array(length), new Float64Array(length)];
    const start = 1_763_856_000;
    for (let index = 0; index < length; index++) {
      xs[index] = start + index * 60;
      ys[0]![index] = 40 + 30 * Math.sin(index / 300) + ((index * 7919) % 13);
      ys[1]![index] = 55 + 20 * Math.cos(index / 500) + ((index * 104_729) % 7);
      ys[2]![index] = 20 + 10 * Math.sin(index / 90);
    }
    const data = [Array.from(xs), ...ys.map((column) => Array.from(column))];
    const target = document.getElementById('chart')!;
    const results: number[] = [];
    for (let run = 0; run < 6; run++) {
      const begin = performance.now();
      const chart = new UPlot(
        {
          width: 1600,
          height: 600,
          scales: { x: { time: true } },
          series: [{}, { stroke: '#5aa9ff', width: 1 }, { stroke: '#3fcf8e', width: 1 }, { stroke: '#f5b041', width: 1 }],
        },
        data,
        target,
      );
      // uPlot commits in a microtask; the frame after it shows the drawn chart.
      await new Promise<void>((resolve) => requestAnimationFrame(() => resolve()));
      results.push(performance.now() - begin);
      if (run < 5) chart.destroy();
    }
    return results;
  });
  const first = times[0]!;
  const steady = percentile(times.slice(1), 50);
  line('scale-ui-chart-166650-points-first', first, 'ms', '<', 100);
  line('scale-ui-chart-166650-points-p50', steady, 'ms', '<', 100);
  line('scale-ui-chart-vs-uplot-headline', steady / 25, 'x', '<', 4);
  console.log(`  (uPlot ${times.length} renders of 3 × 55,550 points at 1600×600, construct → next frame: ${times.map((value) => value.toFixed(1)).join(', ')} ms)`);
}

async function main(): Promise<void> {
  await ensureRendererBuilt();
  const fleet = buildFleet();
  const fake = await startFakeConsole({
    now,
    handlers: {
      'centers:list': () => centers,
      'inventory:nodes': ({ centerIds }) => fleet.nodes.filter((node) => centerIds.length === 0 || centerIds.includes(node.centerId)),
      'inventory:pods': ({ centerIds }) => fleet.pods.filter((pod) => centerIds.length === 0 || centerIds.includes(pod.centerId)),
      'inventory:containers': () => [],
      'sync:status': () => [],
      'map:frames': ({ entity, metric, steps }) => {
        const timestamps = Array.from({ length: steps }, (_, index) => now - 3_600_000 + Math.round((3_600_000 * index) / (steps - 1)));
        const cells = fleet.pods.map((pod, index) => ({
          key: `${pod.centerId}/${pod.namespace}/${pod.name}`, centerId: pod.centerId, name: pod.name, namespace: pod.namespace, pod: pod.name, node: pod.nodeName,
          status: pod.phase, values: timestamps.map((_, frame) => (pod.phase === 'Pending' ? null : (200 + 400 * Math.abs(Math.sin(index * 0.37 + frame / 9))) * 2 ** 20)),
        }));
        return { entity, metric, unit: 'bytes', timestamps, cells };
      },
    },
  });
  const browser = await launchChromium();
  try {
    const page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
    page.on('crash', () => console.error('the page crashed'));
    page.on('pageerror', (error) => console.error(`page error: ${error.message}`));
    // tsx keeps function names with a __name helper that exists only in Node; the page gets a no-op one.
    await page.addInitScript({ content: nameShim });
    await installProbes(page);
    // The peer list gets the same rows as plain cells.
    await page.addInitScript((rows) => {
      (window as unknown as { __benchPods: string[][] }).__benchPods = rows;
    }, fleet.pods.map((pod) => [pod.namespace, pod.name, pod.centerId, pod.nodeName ?? '', pod.phase, pod.qosClass, String(pod.restarts), `${pod.readyContainers}/${pod.totalContainers}`, pod.reason ?? '']));
    try {
      if (process.env.SCALE_BENCH_ONLY === 'map') {
        await page.goto(fake.url);
        await page.waitForSelector('[data-testid="tab-map"]');
      } else await benchList(page, fake.url);
      await benchMap(page);
    } catch (error) {
      console.error(error);
      await screenshot(page, 'scale-ui-failure.png').catch(() => undefined);
      throw error;
    }
    await benchChart(page);
  } finally {
    await browser.close();
    await fake.close();
  }
}

await main();
