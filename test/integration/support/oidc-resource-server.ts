/**
 * A resource server in front of a Prometheus-like `/api/v1/query`: it accepts a request only
 * with a bearer access token that the provider's introspection endpoint (RFC 7662) reports as
 * active and issued to OpsDesk. No token or an inactive one gets 401 with a Bearer challenge.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ResourceRequest {
  path: string;
  bearer: boolean;
  active: boolean | null;
  subject: string | null;
  status: number;
}

export interface ResourceServer {
  url: string;
  requests: ResourceRequest[];
  stop(): Promise<void>;
}

export async function startResourceServer(options: {
  introspectionEndpoint: string;
  clientId: string;
  clientSecret: string;
  /** Only tokens of this client are served. */
  audienceClientId: string;
}): Promise<ResourceServer> {
  const requests: ResourceRequest[] = [];
  const basic = `Basic ${Buffer.from(`${options.clientId}:${options.clientSecret}`).toString('base64')}`;

  const server = createServer((request, response) => {
    void (async () => {
      const url = new URL(request.url ?? '/', 'http://127.0.0.1');
      const record: ResourceRequest = { path: url.pathname, bearer: false, active: null, subject: null, status: 0 };
      requests.push(record);
      const send = (status: number, body: unknown, challenge?: string) => {
        record.status = status;
        response.writeHead(status, { 'content-type': 'application/json', ...(challenge ? { 'www-authenticate': challenge } : {}) });
        response.end(JSON.stringify(body));
      };
      if (request.method !== 'GET' || url.pathname !== '/api/v1/query') return send(404, { status: 'error', errorType: 'not_found', error: 'not found' });
      const match = /^Bearer ([A-Za-z0-9._~+/-]+=*)$/.exec(request.headers.authorization ?? '');
      if (!match?.[1]) return send(401, { status: 'error', errorType: 'unauthorized', error: 'bearer token required' }, 'Bearer realm="prometheus"');
      record.bearer = true;
      const introspection = await fetch(options.introspectionEndpoint, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: basic },
        body: new URLSearchParams({ token: match[1], token_type_hint: 'access_token' }),
      });
      const claims = (await introspection.json()) as { active?: boolean; client_id?: string; sub?: string };
      record.active = claims.active === true && claims.client_id === options.audienceClientId;
      if (!record.active) {
        return send(401, { status: 'error', errorType: 'unauthorized', error: 'invalid or expired token' }, 'Bearer realm="prometheus", error="invalid_token"');
      }
      record.subject = claims.sub ?? null;
      const query = url.searchParams.get('query') ?? '';
      send(200, {
        status: 'success',
        data: {
          resultType: 'vector',
          result: [{ metric: { __name__: query, job: 'opsdesk-sso', instance: '127.0.0.1', subject: claims.sub ?? '' }, value: [Date.now() / 1000, '1'] }],
        },
      });
    })().catch(() => {
      if (!response.headersSent) response.writeHead(502).end();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    async stop() {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}
