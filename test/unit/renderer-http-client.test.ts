import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { WebSocket, WebSocketServer } from 'ws';
import { channelNames } from '../../shared/contract/channels.ts';
import { createHttpApi, type EventConnectionState, type WebSocketLike } from '../../renderer/api/http-client.ts';

const token = 'test-token-123';

interface SeenRequest {
  method: string | undefined;
  url: string | undefined;
  contentType: string | undefined;
  token: string | undefined;
  body: unknown;
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

function wsFactory(url: string): WebSocketLike {
  return new WebSocket(url) as unknown as WebSocketLike;
}

function waitFor(predicate: () => boolean, timeoutMs = 5_000): Promise<void> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const tick = () => {
      if (predicate()) return resolve();
      if (Date.now() - started > timeoutMs) return reject(new Error('timed out waiting'));
      setTimeout(tick, 10);
    };
    tick();
  });
}

describe('renderer http client', () => {
  let server: Server;
  let wss: WebSocketServer;
  let origin: string;
  const seen: SeenRequest[] = [];
  const sockets = new Set<WebSocket>();
  const socketTokens: (string | null)[] = [];

  before(async () => {
    server = createServer(async (request, response) => {
      const body = await readBody(request);
      let parsed: unknown = null;
      try {
        parsed = JSON.parse(body);
      } catch {
        parsed = body;
      }
      seen.push({
        method: request.method,
        url: request.url,
        contentType: request.headers['content-type'],
        token: request.headers['x-opsdesk-token'] as string | undefined,
        body: parsed,
      });
      const channel = decodeURIComponent(request.url?.replace('/api/invoke/', '') ?? '');
      if (request.headers['x-opsdesk-token'] !== token) {
        response.writeHead(401, { 'content-type': 'application/json' });
        response.end(JSON.stringify({ ok: false, error: { code: 'forbidden', message: 'bad token' } }));
        return;
      }
      switch (channel) {
        case 'app:info':
          response.writeHead(200, { 'content-type': 'application/json' });
          response.end(JSON.stringify({ ok: true, value: { version: '1.2.3', dataDir: '/tmp/x', demo: true, startedAt: 1 } }));
          return;
        case 'inventory:nodes':
          response.writeHead(400, { 'content-type': 'application/json' });
          response.end(JSON.stringify({ ok: false, error: { code: 'invalid-input', message: 'centerIds: expected array' } }));
          return;
        case 'centers:list':
          response.writeHead(502, { 'content-type': 'text/html' });
          response.end('<html>bad gateway</html>');
          return;
        case 'sync:status':
          response.writeHead(200, { 'content-type': 'application/json' });
          response.end(JSON.stringify({ hello: 'world' }));
          return;
        default:
          response.writeHead(404, { 'content-type': 'application/json' });
          response.end(JSON.stringify({ ok: false, error: { code: 'unknown-channel', message: channel } }));
      }
    });
    wss = new WebSocketServer({ server, path: '/api/events' });
    wss.on('connection', (socket, request) => {
      socketTokens.push(new URL(request.url ?? '/', 'http://x').searchParams.get('token'));
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  after(async () => {
    for (const socket of sockets) socket.terminate();
    await new Promise<void>((resolve) => wss.close(() => resolve()));
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it('has one function per channel plus subscribe', () => {
    const api = createHttpApi(origin, token) as unknown as Record<string, unknown>;
    for (const channel of channelNames) assert.equal(typeof api[channel], 'function', channel);
    assert.equal(typeof api.subscribe, 'function');
  });

  it('posts JSON with the token header and returns the value', async () => {
    const api = createHttpApi(origin, token);
    seen.length = 0;
    const result = await api['app:info']({});
    assert.deepEqual(result, { ok: true, value: { version: '1.2.3', dataDir: '/tmp/x', demo: true, startedAt: 1 } });
    const request = seen[0];
    assert.ok(request);
    assert.equal(request.method, 'POST');
    assert.equal(request.url, '/api/invoke/app:info');
    assert.equal(request.contentType, 'application/json');
    assert.equal(request.token, token);
    assert.deepEqual(request.body, {});
  });

  it('sends the input as the body and passes error Results through', async () => {
    const api = createHttpApi(origin, token);
    seen.length = 0;
    const result = await api['inventory:nodes']({ centerIds: ['seoul-dc'] });
    assert.deepEqual(result, { ok: false, error: { code: 'invalid-input', message: 'centerIds: expected array' } });
    assert.deepEqual(seen[0]?.body, { centerIds: ['seoul-dc'] });
  });

  it('passes a forbidden Result through when the token is wrong', async () => {
    const result = await createHttpApi(origin, 'wrong')['app:info']({});
    assert.equal(result.ok, false);
    assert.equal(!result.ok && result.error.code, 'forbidden');
  });

  it('turns a non-JSON answer into unavailable', async () => {
    const result = await createHttpApi(origin, token)['centers:list']({});
    assert.equal(result.ok, false);
    assert.equal(!result.ok && result.error.code, 'unavailable');
    assert.match(!result.ok ? result.error.message : '', /502/);
  });

  it('turns JSON that is not a Result into unavailable', async () => {
    const result = await createHttpApi(origin, token)['sync:status']({});
    assert.equal(!result.ok && result.error.code, 'unavailable');
  });

  it('turns a network failure into unavailable', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const result = await createHttpApi(`http://127.0.0.1:${port}`, token)['app:info']({});
    assert.equal(result.ok, false);
    assert.equal(!result.ok && result.error.code, 'unavailable');
  });

  it('delivers events by name, reconnects after a drop, and stops on unsubscribe', async () => {
    const states: EventConnectionState[] = [];
    const api = createHttpApi(origin, token, {
      webSocket: wsFactory,
      initialReconnectDelayMs: 20,
      maxReconnectDelayMs: 100,
      onEventConnectionChange: (state) => states.push(state),
    });
    const received: unknown[] = [];
    const other: unknown[] = [];
    socketTokens.length = 0;
    const unsubscribe = api.subscribe('sync:onDidChangeStatus', (payload) => received.push(payload));
    const unsubscribeOther = api.subscribe('inventory:onDidChange', (payload) => other.push(payload));
    await waitFor(() => sockets.size === 1 && states.includes('open'));
    assert.deepEqual(socketTokens, [token], 'one shared socket carrying the token');

    const status = [
      {
        centerId: 'seoul-dc',
        endpointId: 'seoul-dc-prom',
        signal: 'metrics',
        state: 'ok',
        lastAttemptAt: 1,
        lastSuccessAt: 1,
        progress: null,
        error: null,
      },
    ];
    for (const socket of sockets) {
      socket.send('not json');
      socket.send(JSON.stringify({ event: 'no:such-event', payload: 1 }));
      socket.send(JSON.stringify({ event: 'sync:onDidChangeStatus', payload: status }));
      socket.send(JSON.stringify({ event: 'inventory:onDidChange', payload: { centerId: 'ohio-region' } }));
    }
    await waitFor(() => received.length === 1 && other.length === 1);
    assert.deepEqual(received[0], status);
    assert.deepEqual(other[0], { centerId: 'ohio-region' });

    // The server drops the socket; the client comes back and keeps delivering.
    for (const socket of sockets) socket.terminate();
    await waitFor(() => states.filter((state) => state === 'open').length === 2 && sockets.size === 1);
    for (const socket of sockets) socket.send(JSON.stringify({ event: 'sync:onDidChangeStatus', payload: [] }));
    await waitFor(() => received.length === 2);

    unsubscribe();
    assert.equal(sockets.size, 1, 'still open while a listener remains');
    unsubscribeOther();
    await waitFor(() => sockets.size === 0);
  });

  it('keeps retrying while the host is down', async () => {
    const attempts: string[] = [];
    const api = createHttpApi('http://127.0.0.1:1', token, {
      webSocket: (url) => {
        attempts.push(url);
        return wsFactory(url);
      },
      initialReconnectDelayMs: 10,
      maxReconnectDelayMs: 20,
    });
    const unsubscribe = api.subscribe('sync:onDidChangeStatus', () => {});
    await waitFor(() => attempts.length >= 3);
    unsubscribe();
    const count = attempts.length;
    await new Promise((resolve) => setTimeout(resolve, 80));
    assert.equal(attempts.length, count, 'no attempts after the last unsubscribe');
    assert.equal(attempts[0], `ws://127.0.0.1:1/api/events?token=${token}`);
  });
});
