import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import { eventNames } from '../../shared/contract/channels.ts';
import { fail, type Result } from '../../shared/contract/result.ts';
import type { Dispatcher } from '../dispatcher.ts';
import { tokensEqual, isAllowedHost, isAllowedOrigin } from './request-guards.ts';
import { serveStatic } from './static-files.ts';

export interface HostOptions {
  dispatcher: Dispatcher;
  /** The built renderer (index.html and assets). */
  rendererDir: string;
  /** 0 (default) picks a free port. */
  port?: number;
}

export interface RunningHost {
  /** Open this in a browser: it carries the token in the fragment, which never reaches the server's logs. */
  url: string;
  origin: string;
  token: string;
  port: number;
  close(): Promise<void>;
}

const maxBodyBytes = 1024 * 1024;
export const tokenHeader = 'x-opsdesk-token';

function sendJson(response: ServerResponse, status: number, body: Result<unknown>): void {
  const text = JSON.stringify(body);
  response.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
  });
  response.end(text);
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > maxBodyBytes) throw new Error(`request body exceeds ${maxBodyBytes} bytes`);
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * The loopback transport: the same dispatcher as Electron IPC, over HTTP and WebSocket on 127.0.0.1.
 * Every API call needs the per-launch token, a Host naming this listener (DNS rebinding) and, when the
 * browser sends one, an Origin that is this host.
 */
export async function startHost(options: HostOptions): Promise<RunningHost> {
  const token = randomBytes(32).toString('base64url');
  let port = 0;
  const server = createServer((request, response) => {
    void handle(request, response).catch(() => {
      if (!response.headersSent) sendJson(response, 500, fail('internal', 'host failed to answer'));
      else response.destroy();
    });
  });

  function guard(request: IncomingMessage, presentedToken: string | null): { status: number; message: string } | null {
    if (!isAllowedHost(request.headers.host, port)) return { status: 421, message: 'request names a foreign Host' };
    if (!isAllowedOrigin(request.headers.origin, port)) return { status: 403, message: 'request comes from a foreign Origin' };
    if (!presentedToken || !tokensEqual(presentedToken, token)) return { status: 401, message: 'missing or wrong OpsDesk token' };
    return null;
  }

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    if (url.pathname.startsWith('/api/')) {
      const headerToken = request.headers[tokenHeader];
      const refusal = guard(request, typeof headerToken === 'string' ? headerToken : null);
      if (refusal) return sendJson(response, refusal.status, fail('forbidden', refusal.message));
      const match = /^\/api\/invoke\/([a-z]+:[a-zA-Z]+)$/.exec(url.pathname);
      if (!match || request.method !== 'POST') return sendJson(response, 404, fail('unknown-channel', `no such API route: ${request.method} ${url.pathname}`));
      let input: unknown;
      try {
        const body = await readBody(request);
        input = body.length === 0 ? {} : JSON.parse(body);
      } catch (error) {
        return sendJson(response, 400, fail('invalid-input', `request body is not valid JSON: ${(error as Error).message}`));
      }
      return sendJson(response, 200, await options.dispatcher.invoke(match[1], input));
    }
    if (!isAllowedHost(request.headers.host, port)) {
      response.writeHead(421).end('foreign Host');
      return;
    }
    await serveStatic(options.rendererDir, url.pathname, request, response);
  }

  const sockets = new WebSocketServer({ noServer: true, maxPayload: 64 * 1024 });
  server.on('upgrade', (request, socket, head) => {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    const refusal = url.pathname === '/api/events' ? guard(request, url.searchParams.get('token')) : { status: 404, message: 'not found' };
    if (refusal) {
      socket.end(`HTTP/1.1 ${refusal.status} Refused\r\nconnection: close\r\ncontent-length: 0\r\n\r\n`);
      return;
    }
    sockets.handleUpgrade(request, socket, head, (client) => attachEvents(client, options.dispatcher));
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  port = (server.address() as AddressInfo).port;
  const origin = `http://127.0.0.1:${port}`;
  return {
    url: `${origin}/#token=${token}`,
    origin,
    token,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        for (const client of sockets.clients) client.terminate();
        sockets.close();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function attachEvents(client: WebSocket, dispatcher: Dispatcher): void {
  const unsubscribers = eventNames.map((event) =>
    dispatcher.subscribe(event, (payload) => {
      if (client.readyState === client.OPEN) client.send(JSON.stringify({ event, payload }));
    }),
  );
  client.on('close', () => unsubscribers.forEach((unsubscribe) => unsubscribe()));
  // The renderer sends nothing over this socket; anything it does send is ignored.
}
