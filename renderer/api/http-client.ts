import {
  channelNames,
  isEventName,
  type ChannelName,
  type EventName,
  type EventPayload,
  type OpsDeskApi,
} from '../../shared/contract/channels.ts';
import type { ApiError, Result } from '../../shared/contract/result.ts';

/** The minimal WebSocket surface the client needs (the browser's, or `ws` in node tests). */
export interface WebSocketLike {
  onopen: ((event: unknown) => void) | null;
  onmessage: ((event: { data: unknown }) => void) | null;
  onclose: ((event: unknown) => void) | null;
  onerror: ((event: unknown) => void) | null;
  close(): void;
}
export type WebSocketFactory = (url: string) => WebSocketLike;

export type EventConnectionState = 'connecting' | 'open' | 'closed';

export interface HttpApiOptions {
  fetch?: typeof fetch;
  webSocket?: WebSocketFactory;
  /** First reconnect delay; doubles per failed attempt up to `maxReconnectDelayMs`. */
  initialReconnectDelayMs?: number;
  maxReconnectDelayMs?: number;
  /** Told when the event socket opens or drops, e.g. to refetch what may have been missed. */
  onEventConnectionChange?: (state: EventConnectionState) => void;
}

export const tokenHeader = 'x-opsdesk-token';

function unavailable(message: string): Result<never> {
  return { ok: false, error: { code: 'unavailable', message } };
}

function isApiError(value: unknown): value is ApiError {
  if (typeof value !== 'object' || value === null) return false;
  const error = value as Record<string, unknown>;
  return typeof error.code === 'string' && typeof error.message === 'string';
}

/** Accepts only the two Result shapes; anything else is a broken transport, not data. */
function asResult(body: unknown): Result<unknown> | null {
  if (typeof body !== 'object' || body === null) return null;
  const record = body as Record<string, unknown>;
  if (record.ok === true && 'value' in record) return { ok: true, value: record.value };
  if (record.ok === false && isApiError(record.error)) return { ok: false, error: record.error };
  return null;
}

function describe(error: unknown): string {
  if (error instanceof Error) {
    const cause = (error as Error & { cause?: unknown }).cause;
    return cause instanceof Error ? `${error.message}: ${cause.message}` : error.message;
  }
  return String(error);
}

function eventsUrl(origin: string, token: string): string {
  const url = new URL('/api/events', origin);
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  url.searchParams.set('token', token);
  return url.toString();
}

function defaultWebSocket(url: string): WebSocketLike {
  const Constructor = (globalThis as { WebSocket?: new (url: string) => WebSocketLike }).WebSocket;
  if (!Constructor) throw new Error('WebSocket is not available in this environment');
  return new Constructor(url);
}

type AnyListener = (payload: unknown) => void;

/** One lazily opened event socket shared by every subscriber, reconnecting with backoff. */
class EventStream {
  private readonly listeners = new Map<EventName, Set<AnyListener>>();
  private socket: WebSocketLike | null = null;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private attempt = 0;

  constructor(
    private readonly url: string,
    private readonly options: Required<Pick<HttpApiOptions, 'initialReconnectDelayMs' | 'maxReconnectDelayMs'>> &
      Pick<HttpApiOptions, 'webSocket' | 'onEventConnectionChange'>,
  ) {}

  subscribe(event: EventName, listener: AnyListener): () => void {
    let set = this.listeners.get(event);
    if (!set) {
      set = new Set();
      this.listeners.set(event, set);
    }
    set.add(listener);
    if (!this.socket && !this.timer) this.connect();
    return () => {
      set.delete(listener);
      if (set.size === 0) this.listeners.delete(event);
      if (this.listeners.size === 0) this.stop();
    };
  }

  private connect(): void {
    this.timer = null;
    this.options.onEventConnectionChange?.('connecting');
    let socket: WebSocketLike;
    try {
      socket = (this.options.webSocket ?? defaultWebSocket)(this.url);
    } catch {
      this.scheduleReconnect();
      return;
    }
    this.socket = socket;
    socket.onopen = () => {
      this.attempt = 0;
      this.options.onEventConnectionChange?.('open');
    };
    socket.onmessage = (message) => this.dispatch(message.data);
    socket.onerror = () => {
      // A close event always follows; reconnecting happens there.
    };
    socket.onclose = () => {
      if (this.socket !== socket) return;
      this.socket = null;
      this.options.onEventConnectionChange?.('closed');
      if (this.listeners.size > 0) this.scheduleReconnect();
    };
  }

  private scheduleReconnect(): void {
    const base = Math.min(this.options.maxReconnectDelayMs, this.options.initialReconnectDelayMs * 2 ** this.attempt);
    this.attempt += 1;
    // Up to 20% jitter so many windows do not reconnect in lockstep.
    const delay = Math.round(base * (0.8 + Math.random() * 0.2));
    this.timer = setTimeout(() => this.connect(), delay);
  }

  private dispatch(data: unknown): void {
    if (typeof data !== 'string') return;
    let message: unknown;
    try {
      message = JSON.parse(data);
    } catch {
      return;
    }
    if (typeof message !== 'object' || message === null) return;
    const { event, payload } = message as { event?: unknown; payload?: unknown };
    if (!isEventName(event)) return;
    for (const listener of [...(this.listeners.get(event) ?? [])]) {
      try {
        listener(payload);
      } catch (error) {
        console.error(`listener for ${event} failed`, error);
      }
    }
  }

  private stop(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.attempt = 0;
    const socket = this.socket;
    this.socket = null;
    if (socket) {
      socket.onclose = null;
      socket.onmessage = null;
      socket.close();
      this.options.onEventConnectionChange?.('closed');
    }
  }
}

/**
 * The contract over the loopback host: `POST <origin>/api/invoke/<channel>` for requests,
 * one WebSocket at `/api/events` for event streams. Never throws; failures come back as Results.
 */
export function createHttpApi(origin: string, token: string, options: HttpApiOptions = {}): OpsDeskApi {
  const doFetch = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
  const stream = new EventStream(eventsUrl(origin, token), {
    initialReconnectDelayMs: options.initialReconnectDelayMs ?? 500,
    maxReconnectDelayMs: options.maxReconnectDelayMs ?? 15_000,
    webSocket: options.webSocket,
    onEventConnectionChange: options.onEventConnectionChange,
  });

  async function invoke(channel: ChannelName, input: unknown): Promise<Result<unknown>> {
    let response: Response;
    try {
      response = await doFetch(new URL(`/api/invoke/${channel}`, origin).toString(), {
        method: 'POST',
        headers: { 'content-type': 'application/json', [tokenHeader]: token },
        body: JSON.stringify(input ?? {}),
        cache: 'no-store',
      });
    } catch (error) {
      return unavailable(`cannot reach the OpsDesk host: ${describe(error)}`);
    }
    let body: unknown;
    try {
      body = JSON.parse(await response.text());
    } catch {
      return unavailable(`the OpsDesk host answered ${channel} with HTTP ${response.status} and no JSON`);
    }
    return asResult(body) ?? unavailable(`the OpsDesk host answered ${channel} with HTTP ${response.status} and no Result`);
  }

  const api: Record<string, unknown> = {
    subscribe<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void {
      return stream.subscribe(event, listener as AnyListener);
    },
  };
  for (const channel of channelNames) api[channel] = (input: unknown) => invoke(channel, input);
  return api as OpsDeskApi;
}
