import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { SyncStatus } from '../../shared/contract/channels.ts';
import type { Center, Endpoint } from '../../shared/domain/records.ts';
import { createConnector } from '../../electron/connectors/index.ts';
import { startDemoCenters, type DemoCenters } from '../../electron/demo/index.ts';
import { CacheService } from '../../electron/services/cache/cache-service.ts';
import { SyncService } from '../../electron/services/sync/sync-service.ts';
import { cacheDigest } from '../support/cache-digest.ts';
import { startLocalHttpServer, type LocalHttpServer } from '../support/real-servers.ts';
import { makeTempDir } from '../support/temp-dir.ts';

type Fault = {
  name: string;
  status: number;
  contentType: string;
  body: (good: string) => string;
  code: string;
  message: RegExp;
  /** Instead of answering: hang past the timeout, or drop the connection. */
  behaviour?: 'hang' | 'drop';
};

/** The faulty center's connectors refuse answers above this (the real default is 64 MiB). */
const maxResponseBytes = 4 * 1024 * 1024;

const faults: Fault[] = [
  { name: 'truncated JSON', status: 200, contentType: 'application/json', body: (good) => good.slice(0, Math.floor(good.length / 2)), code: 'malformed', message: /truncated|JSON|unexpected end/i },
  { name: 'wrong types', status: 200, contentType: 'application/json', body: (good) => wrongTypes(good), code: 'malformed', message: /expected|invalid/i },
  { name: 'HTML error page', status: 200, contentType: 'text/html', body: () => '<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1></center><hr><center>nginx</center></body></html>', code: 'malformed', message: /HTML|not JSON/i },
  { name: '503 from a proxy', status: 503, contentType: 'text/html', body: () => '<html><body>Service Unavailable</body></html>', code: 'http-status', message: /503/ },
  { name: '500 with empty body', status: 500, contentType: 'text/plain', body: () => '', code: 'http-status', message: /500/ },
  { name: 'oversized answer', status: 200, contentType: 'application/json', body: (good) => good + ' '.repeat(maxResponseBytes + 1), code: 'too-large', message: /exceeds 4 MiB/ },
  { name: 'slow past its timeout', status: 200, contentType: 'application/json', body: (good) => good, code: 'timeout', message: /no answer within 1000 ms/, behaviour: 'hang' },
  { name: 'center down (connection dropped)', status: 0, contentType: '', body: () => '', code: 'unreachable', message: /closed|reset|hang up|terminated|refused/i, behaviour: 'drop' },
];

/** Turn every JSON string value that looks numeric into a number and every array of records into an object. */
function wrongTypes(good: string): string {
  const parsed = JSON.parse(good) as unknown;
  const mangle = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.length > 0 && typeof value[0] === 'object' ? { items: value.map(mangle) } : value.map(mangle);
    if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, mangle(inner)]));
    if (typeof value === 'string') return 42;
    return value;
  };
  return JSON.stringify(mangle(parsed));
}

let demo: DemoCenters;
let proxy: LocalHttpServer;
let cache: CacheService;
let sync: SyncService;
let faulty: Center;
let healthy: Center;
let statuses: SyncStatus[] = [];
const dir = makeTempDir('faults');
let upstreamByPrefix = new Map<string, string>();

before(async () => {
  demo = await startDemoCenters({ seed: 7 });
  const source = demo.centers.find((center) => center.id === 'seoul-dc')!;
  healthy = demo.centers.find((center) => center.id === 'ohio-region')!;
  proxy = await startLocalHttpServer();
  // One proxy serves every signal of the faulty center; a path prefix names the signal.
  upstreamByPrefix = new Map(source.endpoints.map((endpoint) => [`/${endpoint.signal}`, endpoint.url]));
  passThrough();
  faulty = {
    ...source,
    id: 'faulty-dc',
    name: 'Faulty DC',
    endpoints: source.endpoints.map((endpoint): Endpoint => ({
      ...endpoint,
      id: `faulty-dc-${endpoint.signal}`,
      centerId: 'faulty-dc',
      url: `${proxy.url}/${endpoint.signal}`,
      timeoutMs: 1_000,
    })),
  };
  cache = new CacheService(join(dir.path, 'cache.sqlite'));
  cache.upsertCenters([faulty, healthy]);
  sync = new SyncService(cache, [faulty, healthy], {
    windowMs: 30 * 60_000,
    intervalMs: 60_000,
    concurrency: 4,
    now: Date.now,
    retry: { attempts: 3, baseDelayMs: 20, maxDelayMs: 100 },
    connectorFor: (endpoint, signal) => createConnector(endpoint, { signal, ...(endpoint.centerId === 'faulty-dc' ? { maxResponseBytes } : {}) }),
    onDidChangeStatus: (next) => (statuses = next),
  });
  await sync.syncAll();
  for (const status of statuses) assert.equal(status.state, 'ok', `${status.endpointId}: ${status.error?.message}`);
});

after(async () => {
  await sync.stop();
  cache.close();
  await proxy.stop();
  await demo.close();
  dir.remove();
});

async function forward(path: string, method: string, body: string): Promise<{ status: number; text: string; contentType: string }> {
  const prefix = [...upstreamByPrefix.keys()].find((candidate) => path.startsWith(`${candidate}/`))!;
  const upstream = upstreamByPrefix.get(prefix)!;
  const response = await fetch(upstream + path.slice(prefix.length), {
    method,
    headers: method === 'POST' ? { 'content-type': 'application/x-www-form-urlencoded' } : {},
    body: method === 'POST' ? body : undefined,
  });
  return { status: response.status, text: await response.text(), contentType: response.headers.get('content-type') ?? 'application/json' };
}

function passThrough(): void {
  proxy.respond(async (request, response) => {
    const answer = await forward(request.url ?? '/', request.method ?? 'GET', request.body);
    response.writeHead(answer.status, { 'content-type': answer.contentType }).end(answer.text);
  });
}

function inject(fault: Fault, signal: string): void {
  proxy.respond(async (request, response) => {
    if (!(request.url ?? '').startsWith(`/${signal}/`)) {
      const answer = await forward(request.url ?? '/', request.method ?? 'GET', request.body);
      response.writeHead(answer.status, { 'content-type': answer.contentType }).end(answer.text);
      return;
    }
    if (fault.behaviour === 'drop') {
      request.socket.destroy();
      return;
    }
    if (fault.behaviour === 'hang') {
      await new Promise((resolve) => setTimeout(resolve, 2_500));
      if (!response.destroyed) response.writeHead(200).end('{}');
      return;
    }
    const answer = await forward(request.url ?? '/', request.method ?? 'GET', request.body);
    response.writeHead(fault.status, { 'content-type': fault.contentType }).end(fault.body(answer.text));
  });
}

for (const signal of ['metrics', 'kubernetes', 'alerts'] as const) {
  describe(`${signal} endpoint`, () => {
    for (const fault of faults) {
      test(`${fault.name}: a clear per-endpoint error, the cache unchanged, the other center still syncing`, async () => {
        const endpoint = faulty.endpoints.find((candidate) => candidate.signal === signal)!;
        inject(fault, signal);
        try {
          const before = cacheDigest(cache.db, ['sync_state']);
          await sync.syncEndpoint(endpoint);
          assert.equal(cacheDigest(cache.db, ['sync_state']), before, 'the failed pull wrote nothing');
          await Promise.all(healthy.endpoints.map((other) => sync.syncEndpoint(other)));
        } finally {
          passThrough();
        }
        const failed = statuses.find((status) => status.endpointId === endpoint.id)!;
        assert.equal(failed.state, 'error');
        assert.equal(failed.error?.code, fault.code, failed.error?.message);
        assert.match(failed.error!.message, fault.message);
        assert.ok(failed.error!.message.includes(proxy.url), `the message names the endpoint: ${failed.error!.message}`);
        for (const other of statuses.filter((status) => status.centerId === healthy.id)) {
          assert.equal(other.state, 'ok', `${other.endpointId} kept syncing (${other.error?.message ?? ''})`);
        }
      });
    }
  });
}

test('a 503 that clears is retried with backoff and ends ok; a malformed answer is not retried', async () => {
  const metrics = faulty.endpoints.find((endpoint) => endpoint.signal === 'metrics')!;
  let failuresLeft = 2;
  proxy.respond(async (request, response) => {
    if ((request.url ?? '').startsWith('/metrics/') && failuresLeft > 0) {
      failuresLeft--;
      response.writeHead(503, { 'content-type': 'text/plain' }).end('overloaded');
      return;
    }
    const answer = await forward(request.url ?? '/', request.method ?? 'GET', request.body);
    response.writeHead(answer.status, { 'content-type': answer.contentType }).end(answer.text);
  });
  const seen: string[] = [];
  const unsubscribe = (next: SyncStatus[]) => seen.push(next.find((status) => status.endpointId === metrics.id)?.error?.code ?? '');
  const before = proxy.requests.length;
  try {
    const original = statuses;
    void original;
    const watcher = setInterval(() => unsubscribe(statuses), 5);
    await sync.syncEndpoint(metrics);
    clearInterval(watcher);
  } finally {
    passThrough();
  }
  assert.equal(failuresLeft, 0, 'both 503s were met');
  assert.equal(statuses.find((status) => status.endpointId === metrics.id)!.state, 'ok');
  assert.ok(seen.includes('retrying'), 'the status said it was retrying');

  const requestsBefore = proxy.requests.length;
  inject(faults[0]!, 'metrics');
  try {
    await sync.syncEndpoint(metrics);
  } finally {
    passThrough();
  }
  const firstQueryOnly = proxy.requests.slice(requestsBefore).filter((request) => request.url.startsWith('/metrics/api/v1/query_range'));
  assert.equal(firstQueryOnly.length, 1, 'a truncated answer is not asked again');
  assert.ok(proxy.requests.length > before);
});

test('while a center hangs, the console still answers from the cache', async () => {
  const metrics = faulty.endpoints.find((endpoint) => endpoint.signal === 'metrics')!;
  inject(faults.find((fault) => fault.behaviour === 'hang')!, 'metrics');
  try {
    let pullSettled = false;
    const pull = sync.syncEndpoint(metrics).finally(() => (pullSettled = true));
    await new Promise((resolve) => setTimeout(resolve, 50));
    const nodes = cache.listNodes({ centerIds: [] });
    assert.ok(nodes.length > 0, 'cached nodes are readable');
    assert.equal(pullSettled, false, 'the read was answered while the pull was still waiting on the center');
    await pull;
  } finally {
    passThrough();
  }
});

test('cancelling a pull aborts it without marking the center failed or writing anything', async () => {
  const kubernetes = faulty.endpoints.find((endpoint) => endpoint.signal === 'kubernetes')!;
  proxy.respond(() => new Promise(() => undefined)); // never answers
  const digest = cacheDigest(cache.db, ['sync_state']);
  try {
    const pull = sync.syncEndpoint(kubernetes);
    await new Promise((resolve) => setTimeout(resolve, 100));
    assert.equal(sync.cancel([faulty.id]), 1);
    await pull;
  } finally {
    passThrough();
  }
  const status = statuses.find((candidate) => candidate.endpointId === kubernetes.id)!;
  assert.equal(status.state, 'ok');
  assert.equal(cacheDigest(cache.db, ['sync_state']), digest);
});

test('after the faults, the faulty center recovers on its next pull', async () => {
  await sync.syncAll();
  for (const status of statuses) assert.equal(status.state, 'ok', `${status.endpointId}: ${status.error?.message}`);
});
