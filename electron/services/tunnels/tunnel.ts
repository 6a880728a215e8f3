/**
 * openTunnel: a 127.0.0.1 listener whose every connection is forwarded (direct-tcpip) from the
 * last hop of an SSH route to the target. A broken hop (closed, errored, keepalive timeout) moves
 * the tunnel to 'reconnecting' and the route is dialled again with exponential backoff and jitter;
 * connections arriving meanwhile wait for it, and the local port never changes. Refused host keys
 * and refused authentication are final ('failed'): local connections then get an HTTP 502 saying why.
 */
import type { Socket } from 'node:net';
import { HostKeyError } from './host-key-error.ts';
import { HostKeyVerifier } from './host-key-verifier.ts';
import { replyWithHttpError } from './http-error-reply.ts';
import { listenOnLoopback, type LoopbackListener } from './loopback-listener.ts';
import { reconnectDelayMs } from './reconnect-backoff.ts';
import { connectChain, type HopSettings, type SshChain } from './ssh-hop-chain.ts';
import { redactSecrets, SshHopError } from './ssh-hop-error.ts';
import { validateRoute } from './route-validation.ts';
import type { HostKeyPolicy, ReconnectOptions, SshRoute, Tunnel, TunnelOptions, TunnelState } from './types.ts';

export const tunnelDefaults = {
  keepaliveIntervalMs: 15_000,
  keepaliveCountMax: 3,
  readyTimeoutMs: 20_000,
  reconnect: { initialDelayMs: 1_000, maxDelayMs: 30_000 },
  connectionWaitMs: 60_000,
} as const;

export async function openTunnel(route: SshRoute, policy: HostKeyPolicy, options: TunnelOptions = {}): Promise<Tunnel> {
  validateRoute(route);
  const tunnel = new SshTunnel(route, policy, options);
  await tunnel.start();
  return tunnel;
}

/** Retrying cannot fix these: a refused host key, refused authentication, an unusable key. */
function isFinal(error: unknown): boolean {
  return error instanceof HostKeyError || (error instanceof SshHopError && error.fatal);
}

class SshTunnel implements Tunnel {
  localUrl = '';
  localPort = 0;

  private current: TunnelState = 'connecting';
  private reason: string | null = null;
  private readonly listeners = new Set<(state: TunnelState, reason: string | null) => void>();
  private readonly settings: HopSettings;
  private readonly reconnect: ReconnectOptions;
  private readonly connectionWaitMs: number;
  private readonly verifier: HostKeyVerifier;
  private readonly lifetime = new AbortController();
  private readonly log: (message: string) => void;
  private listener: LoopbackListener | null = null;
  private chain: SshChain | null = null;
  private readonly waiting = new Map<Socket, NodeJS.Timeout>();
  private readonly forwarded = new Set<Socket>();
  private failedAttempts = 0;
  private reconnectTimer: NodeJS.Timeout | null = null;

  constructor(
    private readonly route: SshRoute,
    private readonly policy: HostKeyPolicy,
    options: TunnelOptions,
  ) {
    this.settings = {
      keepaliveIntervalMs: options.keepaliveIntervalMs ?? tunnelDefaults.keepaliveIntervalMs,
      keepaliveCountMax: options.keepaliveCountMax ?? tunnelDefaults.keepaliveCountMax,
      readyTimeoutMs: options.readyTimeoutMs ?? tunnelDefaults.readyTimeoutMs,
    };
    this.reconnect = options.reconnect ?? tunnelDefaults.reconnect;
    this.connectionWaitMs = options.connectionWaitMs ?? tunnelDefaults.connectionWaitMs;
    const log = options.log ?? (() => undefined);
    this.log = (message) => log(redactSecrets(message, route.hops));
    this.verifier = new HostKeyVerifier(policy, this.log);
  }

  private get targetLabel(): string {
    return `${this.route.target.host}:${this.route.target.port}`;
  }

  async start(): Promise<void> {
    this.listener = await listenOnLoopback((socket) => this.accept(socket));
    this.localPort = this.listener.port;
    this.localUrl = `http://127.0.0.1:${this.listener.port}`;
    try {
      this.adopt(await connectChain(this.route, this.policy, this.verifier, this.settings, this.lifetime.signal));
    } catch (error) {
      this.current = 'failed';
      this.lifetime.abort();
      this.dropWaiting((socket) => socket.destroy());
      await this.listener.close();
      throw error;
    }
    this.setState('open', null);
    this.flushWaiting();
  }

  state(): TunnelState {
    return this.current;
  }

  onDidChangeState(listener: (state: TunnelState, reason: string | null) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async close(): Promise<void> {
    if (this.current === 'closed') return this.listener?.close();
    this.setState('closed', null);
    this.lifetime.abort();
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    this.reconnectTimer = null;
    this.chain?.close();
    this.chain = null;
    this.dropWaiting((socket) => socket.destroy());
    for (const socket of this.forwarded) socket.destroy();
    await this.listener?.close();
  }

  private setState(state: TunnelState, reason: string | null): void {
    if (this.current === state) return;
    this.current = state;
    this.reason = reason;
    for (const listener of [...this.listeners]) {
      try {
        listener(state, reason);
      } catch (error) {
        this.log(`tunnel state listener threw: ${(error as Error).message}`);
      }
    }
  }

  private accept(socket: Socket): void {
    switch (this.current) {
      case 'open':
        this.forward(socket);
        return;
      case 'connecting':
      case 'reconnecting':
        this.wait(socket);
        return;
      case 'failed':
        replyWithHttpError(socket, 502, `OpsDesk SSH tunnel to ${this.targetLabel} has failed: ${this.reason ?? 'unknown reason'}`);
        return;
      case 'closed':
        socket.destroy();
    }
  }

  private wait(socket: Socket): void {
    const timer = setTimeout(() => {
      this.waiting.delete(socket);
      replyWithHttpError(
        socket,
        503,
        `OpsDesk SSH tunnel to ${this.targetLabel} is still ${this.current} after ${this.connectionWaitMs} ms: ${this.reason ?? 'no reason yet'}`,
      );
    }, this.connectionWaitMs);
    this.waiting.set(socket, timer);
    socket.once('close', () => {
      clearTimeout(timer);
      this.waiting.delete(socket);
    });
  }

  private dropWaiting(handle: (socket: Socket) => void): void {
    const sockets = [...this.waiting.keys()];
    for (const [socket, timer] of this.waiting) clearTimeout(timer);
    this.waiting.clear();
    for (const socket of sockets) handle(socket);
  }

  private flushWaiting(): void {
    this.dropWaiting((socket) => this.accept(socket));
  }

  private forward(socket: Socket): void {
    const chain = this.chain;
    if (!chain) return this.wait(socket);
    this.forwarded.add(socket);
    socket.once('close', () => this.forwarded.delete(socket));
    chain.forwardOut(socket.remoteAddress ?? '127.0.0.1', socket.remotePort ?? 0, this.route.target.host, this.route.target.port).then(
      (channel) => {
        if (socket.destroyed) {
          channel.destroy();
          return;
        }
        channel.on('error', () => socket.destroy());
        socket.on('error', () => channel.destroy());
        socket.once('close', () => channel.destroy());
        channel.once('close', () => socket.end());
        socket.pipe(channel).pipe(socket);
      },
      (error: unknown) => {
        this.forwarded.delete(socket);
        if (socket.destroyed) return;
        if (this.chain !== chain) {
          // The route broke while the channel was being opened: handle it like a new connection.
          this.accept(socket);
          return;
        }
        const detail = redactSecrets(error instanceof Error ? error.message : String(error), this.route.hops);
        replyWithHttpError(socket, 502, `OpsDesk SSH tunnel: the last hop could not connect to ${this.targetLabel}: ${detail}`);
      },
    );
  }

  private adopt(chain: SshChain): void {
    this.chain = chain;
    chain.onBroken((reason) => this.broken(chain, reason));
  }

  private broken(chain: SshChain, reason: string): void {
    if (this.chain !== chain || this.current === 'closed') return;
    this.chain = null;
    for (const socket of this.forwarded) socket.destroy();
    this.log(`SSH route to ${this.targetLabel} broke: ${reason}`);
    this.failedAttempts = 0;
    this.setState('reconnecting', reason);
    this.scheduleReconnect();
  }

  private scheduleReconnect(): void {
    const max = this.reconnect.maxAttempts ?? Number.POSITIVE_INFINITY;
    if (this.failedAttempts >= max) {
      this.fail(`gave up after ${this.failedAttempts} reconnect attempts; last error: ${this.reason ?? 'unknown'}`);
      return;
    }
    const delay = reconnectDelayMs(this.failedAttempts, this.reconnect);
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = null;
      void this.reconnectNow();
    }, delay);
  }

  private async reconnectNow(): Promise<void> {
    if (this.current !== 'reconnecting') return;
    let chain: SshChain;
    try {
      chain = await connectChain(this.route, this.policy, this.verifier, this.settings, this.lifetime.signal);
    } catch (error) {
      if (this.current !== 'reconnecting') return;
      const message = redactSecrets(error instanceof Error ? error.message : String(error), this.route.hops);
      if (isFinal(error)) {
        this.fail(message);
        return;
      }
      this.failedAttempts++;
      this.reason = message;
      this.log(`reconnect attempt ${this.failedAttempts} to ${this.targetLabel} failed: ${message}`);
      this.scheduleReconnect();
      return;
    }
    if (this.current !== 'reconnecting') {
      chain.close();
      return;
    }
    this.failedAttempts = 0;
    this.adopt(chain);
    this.setState('open', null);
    this.flushWaiting();
  }

  private fail(reason: string): void {
    this.setState('failed', reason);
    this.log(`SSH tunnel to ${this.targetLabel} failed: ${reason}`);
    this.dropWaiting((socket) => this.accept(socket));
  }
}
