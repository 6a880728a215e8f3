import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { callbackPage, callbackPageHeaders, type CallbackOutcome } from './callback-page.ts';

/** The one redirect the listener accepted; answer it once with the outcome page. */
export interface LoopbackCallback {
  /** The full redirect URL, e.g. `http://127.0.0.1:53121/callback?code=…&state=…`. */
  url: URL;
  respond(outcome: CallbackOutcome): Promise<void>;
}

/** RFC 8252 §7.3 loopback redirect: 127.0.0.1, a port the OS picks, one callback, then closed. */
export interface LoopbackListener {
  port: number;
  redirectUri: string;
  /** Resolves with the first callback; rejects with LoopbackTimeoutError or LoopbackClosedError. */
  callback: Promise<LoopbackCallback>;
  /** Stops listening and ends every connection; idempotent. Resolves once the port is released. */
  close(): Promise<void>;
}

export class LoopbackTimeoutError extends Error {
  readonly timeoutMs: number;
  constructor(timeoutMs: number) {
    super(`no redirect from the browser within ${describeDuration(timeoutMs)}`);
    this.name = 'LoopbackTimeoutError';
    this.timeoutMs = timeoutMs;
  }
}

export class LoopbackClosedError extends Error {
  constructor() {
    super('the loopback listener was closed before the browser returned');
    this.name = 'LoopbackClosedError';
  }
}

export interface LoopbackListenerOptions {
  timeoutMs: number;
  /** Default `/callback`. */
  callbackPath?: string;
}

export async function startLoopbackListener(options: LoopbackListenerOptions): Promise<LoopbackListener> {
  const callbackPath = options.callbackPath ?? '/callback';
  const server = createServer();
  let settled = false;
  let pending: { response: ServerResponse; responded: boolean } | null = null;
  let resolveCallback!: (callback: LoopbackCallback) => void;
  let rejectCallback!: (error: Error) => void;
  const callback = new Promise<LoopbackCallback>((resolve, reject) => {
    resolveCallback = resolve;
    rejectCallback = reject;
  });
  // The caller may stop waiting (e.g. the browser could not be opened); no unhandled rejection then.
  callback.catch(() => undefined);

  const closed = new Promise<void>((resolve) => server.once('close', () => resolve()));
  server.on('clientError', (_error, socket) => socket.destroy());

  server.listen(0, '127.0.0.1');
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve);
    server.once('error', reject);
  });
  const port = (server.address() as AddressInfo).port;
  const redirectUri = `http://127.0.0.1:${port}${callbackPath}`;

  const shutDown = () => {
    if (server.listening) server.close();
    server.closeAllConnections();
  };

  const timer = setTimeout(() => {
    if (settled) return;
    settled = true;
    rejectCallback(new LoopbackTimeoutError(options.timeoutMs));
    shutDown();
  }, options.timeoutMs);
  timer.unref?.();

  server.on('request', (request: IncomingMessage, response: ServerResponse) => {
    const url = new URL(request.url ?? '/', `http://127.0.0.1:${port}`);
    if (settled || request.method !== 'GET' || url.pathname !== callbackPath) {
      response.writeHead(404, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store', connection: 'close' });
      response.end('Not found');
      return;
    }
    settled = true;
    clearTimeout(timer);
    // One callback only: stop accepting connections now; this one stays open for the answer.
    server.close();
    const slot = { response, responded: false };
    pending = slot;
    resolveCallback({
      url,
      respond: (outcome) => answer(slot, outcome),
    });
  });

  function answer(slot: { response: ServerResponse; responded: boolean }, outcome: CallbackOutcome): Promise<void> {
    if (slot.responded || slot.response.destroyed) return Promise.resolve();
    slot.responded = true;
    const body = callbackPage(outcome);
    return new Promise<void>((resolve) => {
      slot.response.writeHead(200, { ...callbackPageHeaders, 'content-length': String(Buffer.byteLength(body)) });
      slot.response.end(body, () => {
        shutDown();
        resolve();
      });
      slot.response.once('close', () => resolve());
    });
  }

  return {
    port,
    redirectUri,
    callback,
    async close() {
      clearTimeout(timer);
      if (!settled) {
        settled = true;
        rejectCallback(new LoopbackClosedError());
      }
      if (pending && !pending.responded) await answer(pending, { ok: false, detail: 'OpsDesk stopped waiting for this sign-in.' });
      shutDown();
      await closed;
    },
  };
}

function describeDuration(ms: number): string {
  if (ms >= 60_000 && ms % 60_000 === 0) return `${ms / 60_000} minute${ms === 60_000 ? '' : 's'}`;
  if (ms >= 1000 && ms % 1000 === 0) return `${ms / 1000} s`;
  return `${ms} ms`;
}
