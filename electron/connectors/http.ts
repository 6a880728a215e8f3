import { STATUS_CODES } from 'node:http';
import type { Endpoint } from '../../shared/domain/records.ts';
import { ConnectorError, errorFactory, type ErrorFactory } from './errors.ts';
import { decodeJsonBody, describeText } from './json-body.ts';

/** Default cap on one answer; a matrix this large is ~2.5 M samples. */
export const defaultMaxResponseBytes = 64 * 1024 * 1024;

export type HeadersProvider = Record<string, string> | (() => Record<string, string> | Promise<Record<string, string>>);

/** Knobs every connector accepts; auth arrives later through `headers`. */
export interface HttpOptions {
  /** Whole-request budget (connect, headers and body); defaults to the endpoint's timeoutMs. */
  timeoutMs?: number;
  maxResponseBytes?: number;
  headers?: HeadersProvider;
  /** For tests and tunnels; defaults to Node's global fetch. */
  fetch?: typeof fetch;
  /** Cancels every request of this connector (the sync service's cancel and shutdown). */
  signal?: AbortSignal;
}

/** Recognises a protocol's own error JSON on a non-2xx answer and returns its text. */
export type RemoteErrorReader = (body: unknown, status: number) => string | null;

export interface HttpRequest {
  method: 'GET' | 'POST';
  /** Path below the endpoint URL, e.g. `/api/v1/query_range`. */
  path: string;
  query?: Record<string, string | undefined>;
  /** POST body, sent as application/x-www-form-urlencoded. */
  form?: Record<string, string>;
}

export interface JsonAnswer {
  status: number;
  body: unknown;
  bytes: number;
  latencyMs: number;
  /** Builds errors that name this request, for the protocol's own validation. */
  fail: ErrorFactory;
}

export interface TextAnswer {
  status: number;
  text: string;
  latencyMs: number;
}

export interface JsonHttpClient {
  readonly endpoint: Endpoint;
  /** Fetches and parses JSON; non-2xx, non-JSON, too large, too slow or unreachable throw ConnectorError. */
  requestJson(request: HttpRequest): Promise<JsonAnswer>;
  /** Fetches a small text answer (e.g. `/-/healthy`); non-2xx throws. */
  requestText(request: HttpRequest): Promise<TextAnswer>;
}

interface RawAnswer {
  status: number;
  statusText: string;
  contentType: string | null;
  bytes: Uint8Array;
  latencyMs: number;
}

export function createJsonHttpClient(endpoint: Endpoint, options: HttpOptions & { remoteError?: RemoteErrorReader } = {}): JsonHttpClient {
  const timeoutMs = options.timeoutMs ?? endpoint.timeoutMs;
  const maxBytes = options.maxResponseBytes ?? defaultMaxResponseBytes;
  const fetchImpl = options.fetch ?? globalThis.fetch;
  const base = endpoint.url.replace(/\/+$/, '');

  async function send(request: HttpRequest, fail: ErrorFactory): Promise<RawAnswer> {
    const url = new URL(base + request.path);
    for (const [key, value] of Object.entries(request.query ?? {})) if (value !== undefined) url.searchParams.set(key, value);
    const headers: Record<string, string> = { accept: 'application/json', 'user-agent': 'OpsDesk', ...(await resolveHeaders(options.headers)) };
    let body: string | undefined;
    if (request.form) {
      headers['content-type'] = 'application/x-www-form-urlencoded';
      body = new URLSearchParams(request.form).toString();
    }
    const controller = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, timeoutMs);
    const started = performance.now();
    const cancel = () => controller.abort();
    if (options.signal?.aborted) cancel();
    options.signal?.addEventListener('abort', cancel, { once: true });
    try {
      let response: Response;
      try {
        response = await fetchImpl(url, { method: request.method, headers, body, signal: controller.signal });
      } catch (error) {
        if (options.signal?.aborted) throw fail('cancelled', 'cancelled', { cause: error });
        if (timedOut) throw fail('timeout', `no answer within ${timeoutMs} ms`, { cause: error });
        throw fail('unreachable', describeNetworkError(error), { cause: error });
      }
      const bytes = await readLimited(response, maxBytes, timeoutMs, () => timedOut, fail);
      return {
        status: response.status,
        statusText: response.statusText || STATUS_CODES[response.status] || '',
        contentType: response.headers.get('content-type'),
        bytes,
        latencyMs: Math.round(performance.now() - started),
      };
    } finally {
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', cancel);
    }
  }

  return {
    endpoint,
    async requestJson(request) {
      const fail = errorFactory(endpoint, requestLabel(request));
      const raw = await send(request, fail);
      const decoded = decodeJsonBody(raw.bytes, raw.contentType);
      if (raw.status < 200 || raw.status > 299) {
        const remote = decoded.ok ? options.remoteError?.(decoded.value, raw.status) ?? null : null;
        throw statusError(raw, remote, fail);
      }
      if (!decoded.ok) throw fail('malformed', decoded.problem, { status: raw.status });
      return { status: raw.status, body: decoded.value, bytes: raw.bytes.byteLength, latencyMs: raw.latencyMs, fail };
    },
    async requestText(request) {
      const fail = errorFactory(endpoint, requestLabel(request));
      const raw = await send(request, fail);
      if (raw.status < 200 || raw.status > 299) throw statusError(raw, null, fail);
      return { status: raw.status, text: new TextDecoder().decode(raw.bytes), latencyMs: raw.latencyMs };
    },
  };
}

function statusError(raw: RawAnswer, remote: string | null, fail: ErrorFactory) {
  const statusLine = `HTTP ${raw.status}${raw.statusText ? ` ${raw.statusText}` : ''}`;
  if (raw.status === 401 || raw.status === 403) {
    return fail('unauthorized', `${statusLine}${remote ? `: ${remote}` : bodyHint(raw)}`, { status: raw.status });
  }
  if (remote) return fail('remote-error', `${remote} (${statusLine})`, { status: raw.status });
  return fail('http-status', `${statusLine}${bodyHint(raw)}`, { status: raw.status });
}

function bodyHint(raw: RawAnswer): string {
  const text = new TextDecoder().decode(raw.bytes);
  return text.trim() === '' ? '' : ` (${describeText(text, raw.contentType)})`;
}

/** `GET /api/v1/pods?limit=500`, long query strings shortened. */
export function requestLabel(request: HttpRequest): string {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(request.query ?? {})) if (value !== undefined) query.set(key, value);
  const search = query.toString();
  const label = `${request.method} ${request.path}${search ? `?${search}` : ''}`;
  return label.length > 120 ? `${label.slice(0, 119)}…` : label;
}

async function resolveHeaders(provider: HeadersProvider | undefined): Promise<Record<string, string>> {
  if (!provider) return {};
  return typeof provider === 'function' ? await provider() : provider;
}

/** Reads the body as a stream and stops (cancelling the download) as soon as it passes the limit. */
async function readLimited(
  response: Response,
  maxBytes: number,
  timeoutMs: number,
  timedOut: () => boolean,
  fail: ErrorFactory,
): Promise<Uint8Array> {
  const limit = formatBytes(maxBytes);
  const declared = Number(response.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > maxBytes) {
    await response.body?.cancel().catch(() => undefined);
    throw fail('too-large', `answer exceeds ${limit} limit (Content-Length ${declared} bytes)`, { status: response.status });
  }
  if (!response.body) return new Uint8Array(0);
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      total += value.byteLength;
      if (total > maxBytes) {
        await reader.cancel().catch(() => undefined);
        throw fail('too-large', `answer exceeds ${limit} limit (stopped reading after ${total} bytes)`, { status: response.status });
      }
      chunks.push(value);
    }
  } catch (error) {
    if (error instanceof ConnectorError) throw error;
    if (timedOut()) throw fail('timeout', `answer not complete within ${timeoutMs} ms (${total} bytes received)`, { cause: error });
    throw fail('unreachable', `connection broke after ${total} bytes of the answer (${describeNetworkError(error)})`, { cause: error });
  }
  const bytes = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
}

export function formatBytes(bytes: number): string {
  const mib = 1024 * 1024;
  if (bytes >= mib && bytes % mib === 0) return `${bytes / mib} MiB`;
  if (bytes >= 1024 && bytes % 1024 === 0) return `${bytes / 1024} KiB`;
  return `${bytes} bytes`;
}

const networkCodes: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ECONNRESET: 'connection reset by the server',
  EPIPE: 'connection closed by the server',
  ENOTFOUND: 'host name not found',
  EAI_AGAIN: 'host name lookup failed (temporary)',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  ETIMEDOUT: 'connection timed out',
  UND_ERR_CONNECT_TIMEOUT: 'connection timed out',
  UND_ERR_SOCKET: 'connection closed by the server',
  UND_ERR_HEADERS_OVERFLOW: 'answer headers too large',
  CERT_HAS_EXPIRED: 'TLS certificate has expired',
  DEPTH_ZERO_SELF_SIGNED_CERT: 'TLS certificate is self-signed',
  SELF_SIGNED_CERT_IN_CHAIN: 'TLS certificate chain is self-signed',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'TLS certificate cannot be verified',
  ERR_TLS_CERT_ALTNAME_INVALID: 'TLS certificate does not match the host name',
};

/** Node's fetch wraps the socket error in `cause`; name it the way an engineer would. */
export function describeNetworkError(error: unknown): string {
  let current: unknown = error;
  for (let depth = 0; depth < 4 && current; depth++) {
    const candidate = current as { code?: unknown; message?: unknown; cause?: unknown; errors?: unknown };
    const code = typeof candidate.code === 'string' ? candidate.code : undefined;
    if (code && networkCodes[code]) {
      const detail = typeof candidate.message === 'string' && candidate.message ? ` (${candidate.message})` : '';
      return `${networkCodes[code]}${detail}`;
    }
    current = candidate.cause ?? (Array.isArray(candidate.errors) ? candidate.errors[0] : undefined);
  }
  const message = error instanceof Error ? error.message : String(error);
  const cause = (error as { cause?: unknown } | null)?.cause;
  return cause instanceof Error ? `${message}: ${cause.message}` : message;
}
