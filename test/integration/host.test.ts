import assert from 'node:assert/strict';
import { request } from 'node:http';
import { networkInterfaces } from 'node:os';
import { connect } from 'node:net';
import { after, before, test } from 'node:test';
import WebSocket from 'ws';
import { tokenHeader } from '../../electron/host/server.ts';
import { startConsole, type RunningConsole } from '../support/console.ts';

let consoleUnderTest: RunningConsole;
before(async () => {
  consoleUnderTest = await startConsole();
});
after(() => consoleUnderTest.close());

interface RawResponse {
  status: number;
  body: string;
  headers: Record<string, string | string[] | undefined>;
}

function call(path: string, options: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<RawResponse> {
  const url = new URL(path, consoleUnderTest.origin);
  return new Promise((resolve, reject) => {
    const outgoing = request(url, { method: options.method ?? 'POST', headers: options.headers }, (response) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (body += chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body, headers: response.headers }));
    });
    outgoing.on('error', reject);
    outgoing.end(options.method === 'GET' ? undefined : (options.body ?? '{}'));
  });
}

const json = { 'content-type': 'application/json' };

test('a request with the token and no Origin (CLI) or our Origin (browser) is answered', async () => {
  const plain = await call('/api/invoke/app:info', { headers: { ...json, [tokenHeader]: consoleUnderTest.token } });
  assert.equal(plain.status, 200);
  assert.deepEqual(Object.keys(JSON.parse(plain.body).value).sort(), ['dataDir', 'demo', 'startedAt', 'version']);
  const browser = await call('/api/invoke/centers:list', {
    headers: { ...json, [tokenHeader]: consoleUnderTest.token, origin: consoleUnderTest.origin },
  });
  assert.equal(browser.status, 200);
  assert.deepEqual(JSON.parse(browser.body).value.map((center: { id: string }) => center.id).sort(), ['ohio-region', 'seoul-dc']);
});

test('no token, a wrong token, a foreign Origin or a foreign Host are refused', async () => {
  const missing = await call('/api/invoke/centers:list', { headers: json });
  assert.equal(missing.status, 401);
  assert.deepEqual(JSON.parse(missing.body), { ok: false, error: { code: 'forbidden', message: 'missing or wrong OpsDesk token' } });

  const wrong = await call('/api/invoke/centers:list', { headers: { ...json, [tokenHeader]: `${consoleUnderTest.token.slice(0, -1)}x` } });
  assert.equal(wrong.status, 401);

  const foreignOrigin = await call('/api/invoke/centers:list', {
    headers: { ...json, [tokenHeader]: consoleUnderTest.token, origin: 'https://evil.example' },
  });
  assert.equal(foreignOrigin.status, 403);
  assert.match(JSON.parse(foreignOrigin.body).error.message, /foreign Origin/);

  const rebound = await call('/api/invoke/centers:list', {
    headers: { ...json, [tokenHeader]: consoleUnderTest.token, host: `evil.example:${new URL(consoleUnderTest.origin).port}` },
  });
  assert.equal(rebound.status, 421);
});

test('bad bodies and unknown routes get specific errors', async () => {
  const headers = { ...json, [tokenHeader]: consoleUnderTest.token };
  const notJson = await call('/api/invoke/centers:list', { headers, body: '{"truncated' });
  assert.equal(notJson.status, 400);
  assert.match(JSON.parse(notJson.body).error.message, /not valid JSON/);
  const unknown = await call('/api/invoke/files:delete', { headers });
  assert.equal(JSON.parse(unknown.body).error.code, 'unknown-channel');
  const invalid = await call('/api/invoke/inventory:pods', { headers, body: '{"centerIds":"all"}' });
  assert.equal(JSON.parse(invalid.body).error.code, 'invalid-input');
});

test('the event socket needs the token and a local Origin, then streams events', async () => {
  const base = consoleUnderTest.origin.replace('http', 'ws');
  const refused = (url: string, origin?: string) =>
    new Promise<number>((resolve) => {
      const socket = new WebSocket(url, origin ? { origin } : {});
      socket.on('unexpected-response', (_request, response) => resolve(response.statusCode ?? 0));
      socket.on('open', () => resolve(101));
      socket.on('error', () => undefined);
    });
  assert.equal(await refused(`${base}/api/events`), 401);
  assert.equal(await refused(`${base}/api/events?token=${consoleUnderTest.token}`, 'https://evil.example'), 403);

  const socket = new WebSocket(`${base}/api/events?token=${consoleUnderTest.token}`, { origin: consoleUnderTest.origin });
  const message = new Promise<{ event: string; payload: unknown }>((resolve) => socket.once('message', (data) => resolve(JSON.parse(String(data)))));
  await new Promise((resolve) => socket.once('open', resolve));
  consoleUnderTest.core.sync.refresh();
  const first = await message;
  assert.ok(['sync:onDidChangeStatus', 'inventory:onDidChange'].includes(first.event));
  socket.close();
});

test('the host listens on 127.0.0.1 only', async () => {
  const port = Number(new URL(consoleUnderTest.origin).port);
  const page = await call('/', { method: 'GET' });
  assert.ok([200, 503].includes(page.status), `static page answered ${page.status}`);
  assert.match(String(page.headers['content-security-policy']), /default-src 'self'/);
  const otherAddresses = Object.values(networkInterfaces())
    .flat()
    .filter((address) => address && !address.internal && address.family === 'IPv4')
    .map((address) => address!.address);
  for (const address of [...otherAddresses, '127.0.0.2']) {
    const outcome = await new Promise<string>((resolve) => {
      const socket = connect({ host: address, port }, () => {
        socket.destroy();
        resolve('connected');
      });
      socket.on('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? 'error'));
    });
    assert.equal(outcome, 'ECONNREFUSED', `reachable on ${address}`);
  }
});
