import { readFile } from 'node:fs/promises';
import { connect as connectTcp, isIP, type Socket } from 'node:net';
import { isAbsolute, join } from 'node:path';
import { connect as connectTls } from 'node:tls';
import { Agent, fetch as undiciFetch, type buildConnector } from 'undici';
import type { Endpoint } from '../../../shared/domain/records.ts';
import type { HttpOptions } from '../../connectors/http.ts';

export interface SecretReader {
  get(key: string): Promise<string | null>;
}

export interface AccessTokenSource {
  /** A valid access token of the sign-in profile; throws when the user must sign in again. */
  accessToken(profileId: string): Promise<string>;
}

/** Opens (or reuses) the SSH tunnel of an endpoint; resolves to the local port forwarding to `target`. */
export type TunnelProvider = (endpoint: Endpoint, target: { host: string; port: number }) => Promise<number>;

export interface EndpointTransportDeps {
  secrets: SecretReader;
  auth?: AccessTokenSource;
  tunnels?: TunnelProvider;
  /** Relative CA and certificate paths (from imports) resolve against this directory. */
  dataDir: string;
}

export class EndpointCredentialError extends Error {
  readonly code = 'unauthorized';
  constructor(endpoint: Endpoint, what: string) {
    super(`${endpoint.signal} endpoint ${endpoint.url}: ${what}`);
    this.name = 'EndpointCredentialError';
  }
}

async function requiredSecret(deps: EndpointTransportDeps, endpoint: Endpoint, key: string): Promise<string> {
  const value = await deps.secrets.get(key);
  if (value === null) throw new EndpointCredentialError(endpoint, `keychain entry "${key}" is missing; store it with: opsdesk centers set-secret ${key}`);
  return value;
}

/** Authorization headers per request, so rotated tokens and refreshed access tokens are always current. */
export function endpointHeaders(endpoint: Endpoint, deps: EndpointTransportDeps): HttpOptions['headers'] {
  const auth = endpoint.auth;
  if (!auth || auth.type === 'none' || auth.type === 'mtls') return undefined;
  return async () => {
    switch (auth.type) {
      case 'sso': {
        if (!deps.auth) throw new EndpointCredentialError(endpoint, `needs SSO profile "${auth.profile}", but sign-in is not configured`);
        return { authorization: `Bearer ${await deps.auth.accessToken(auth.profile)}` };
      }
      case 'token':
        return { authorization: `Bearer ${await requiredSecret(deps, endpoint, auth.secret)}` };
      case 'basic': {
        const password = await requiredSecret(deps, endpoint, auth.secret);
        return { authorization: `Basic ${Buffer.from(`${auth.username}:${password}`).toString('base64')}` };
      }
    }
  };
}

function defaultPort(url: URL): number {
  return Number(url.port) || (url.protocol === 'https:' ? 443 : 80);
}

/**
 * A fetch for endpoints that need more than Node's default: a private CA, a client certificate, or
 * an SSH tunnel. Requests keep the endpoint's own URL (Host header, TLS server name and certificate
 * check stay those of the real host); only the TCP connection is made through the tunnel.
 */
export async function endpointFetch(endpoint: Endpoint, deps: EndpointTransportDeps): Promise<typeof fetch | undefined> {
  const needsTls = endpoint.caFile !== undefined || endpoint.auth?.type === 'mtls';
  const needsTunnel = endpoint.ssh !== undefined;
  if (!needsTls && !needsTunnel) return undefined;
  if (needsTunnel && !deps.tunnels) throw new EndpointCredentialError(endpoint, 'has an SSH route, but tunnels are not available');

  const resolvePath = (path: string) => (isAbsolute(path) ? path : join(deps.dataDir, path));
  const ca = endpoint.caFile ? await readFile(resolvePath(endpoint.caFile), 'utf8') : undefined;
  const cert = endpoint.auth?.type === 'mtls' ? await readFile(resolvePath(endpoint.auth.certFile), 'utf8') : undefined;
  const key = endpoint.auth?.type === 'mtls' ? await requiredSecret(deps, endpoint, endpoint.auth.keySecret) : undefined;
  const url = new URL(endpoint.url);
  const target = { host: url.hostname.replace(/^\[|\]$/g, ''), port: defaultPort(url) };

  const connect: buildConnector.connector = (options, callback) => {
    const open = async (): Promise<Socket> => {
      if (!needsTunnel) return connectTcp({ host: options.hostname, port: Number(options.port) || target.port });
      return connectTcp({ host: '127.0.0.1', port: await deps.tunnels!(endpoint, target) });
    };
    void open().then(
      (socket) => {
        if (options.protocol !== 'https:') {
          socket.once('connect', () => callback(null, socket));
          socket.once('error', (error) => callback(error, null));
          return;
        }
        const hostname = options.hostname.replace(/^\[|\]$/g, '');
        const secure = connectTls({
          socket,
          host: hostname,
          servername: isIP(hostname) ? undefined : (options.servername ?? hostname),
          ca,
          cert,
          key,
          ALPNProtocols: ['http/1.1'],
        });
        secure.once('secureConnect', () => callback(null, secure));
        secure.once('error', (error) => callback(error, null));
      },
      (error: Error) => callback(error, null),
    );
  };
  const dispatcher = new Agent({ connect });
  return ((input: string | URL | Request, init?: RequestInit) =>
    undiciFetch(input as string, { ...(init as object), dispatcher } as Parameters<typeof undiciFetch>[1])) as unknown as typeof fetch;
}

/** HttpOptions for a connector of this endpoint: auth headers and, where needed, the special fetch. */
export async function endpointHttpOptions(endpoint: Endpoint, deps: EndpointTransportDeps): Promise<HttpOptions> {
  const headers = endpointHeaders(endpoint, deps);
  const fetchImpl = await endpointFetch(endpoint, deps);
  return { ...(headers ? { headers } : {}), ...(fetchImpl ? { fetch: fetchImpl } : {}) };
}
