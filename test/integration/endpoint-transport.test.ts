import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { TLSSocket } from 'node:tls';
import { after, before, test } from 'node:test';
import type { Endpoint } from '../../shared/domain/records.ts';
import { createPrometheusConnector } from '../../electron/connectors/index.ts';
import { endpointHttpOptions, type SecretReader } from '../../electron/services/centers/endpoint-transport.ts';
import { registerTestSecret } from '../support/secret-ledger.ts';
import { makeTempDir } from '../support/temp-dir.ts';
import { makeTestPki, type TestPki } from '../support/test-pki.ts';

const dir = makeTempDir('tls');
let pki: TestPki;
let server: Server;
let url: string;
const seen: Array<{ clientCn: string | null; authorization: string | null }> = [];
const stored = new Map<string, string>();
const secrets: SecretReader = { get: async (key) => stored.get(key) ?? null };

before(async () => {
  pki = makeTestPki(dir.path);
  stored.set('client-key:lab', registerTestSecret(pki.clientKey));
  stored.set('token:lab', registerTestSecret('lab-bearer-7f3a9c'));
  server = createServer({ key: pki.serverKey, cert: pki.serverCert, ca: pki.ca, requestCert: true, rejectUnauthorized: false }, (request, response) => {
    const socket = request.socket as TLSSocket;
    const peer = socket.getPeerCertificate();
    const clientCn = socket.authorized && peer?.subject ? String(peer.subject.CN) : null;
    seen.push({ clientCn, authorization: request.headers.authorization ?? null });
    if (request.url?.startsWith('/mtls/') && !clientCn) {
      response.writeHead(401, { 'content-type': 'application/json' }).end('{"status":"error","errorType":"unauthorized","error":"client certificate required"}');
      return;
    }
    response.writeHead(200, { 'content-type': 'application/json' });
    response.end(JSON.stringify({ status: 'success', data: { resultType: 'vector', result: [{ metric: { job: 'lab' }, value: [1700000000, '1'] }] } }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

after(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
  dir.remove();
});

const endpoint = (path: string, extra: Partial<Endpoint>): Endpoint => ({ id: 'lab-metrics', centerId: 'lab', signal: 'metrics', kind: 'prometheus', url: `${url}${path}`, timeoutMs: 5_000, ...extra });

async function queryThrough(target: Endpoint) {
  const connector = createPrometheusConnector(target, await endpointHttpOptions(target, { secrets, dataDir: dir.path }));
  return connector.query('up', 1_700_000_000_000);
}

test('a private CA bundle verifies the endpoint; without it the certificate is refused', async () => {
  const result = await queryThrough(endpoint('', { caFile: pki.caFile }));
  assert.deepEqual(result[0]!.labels, { job: 'lab' });
  await assert.rejects(queryThrough(endpoint('', {})), (error: Error) => {
    assert.match(error.message + String((error as { cause?: unknown }).cause ?? ''), /certificate|self.signed|unable to verify/i);
    return true;
  });
});

test('mTLS presents the client certificate with its key from the keychain', async () => {
  seen.length = 0;
  const result = await queryThrough(endpoint('/mtls', { caFile: pki.caFile, auth: { type: 'mtls', certFile: pki.clientCertFile, keySecret: 'client-key:lab' } }));
  assert.equal(result.length, 1);
  assert.equal(seen.at(-1)!.clientCn, 'oncall-desk');
  await assert.rejects(queryThrough(endpoint('/mtls', { caFile: pki.caFile })), /401|unauthorized/i);
  await assert.rejects(
    endpointHttpOptions(endpoint('/mtls', { caFile: pki.caFile, auth: { type: 'mtls', certFile: pki.clientCertFile, keySecret: 'client-key:missing' } }), { secrets, dataDir: dir.path }),
    /keychain entry "client-key:missing" is missing/,
  );
});

test('token and basic auth read their secret from the keychain on every request', async () => {
  seen.length = 0;
  await queryThrough(endpoint('', { caFile: pki.caFile, auth: { type: 'token', secret: 'token:lab' } }));
  assert.equal(seen.at(-1)!.authorization, 'Bearer lab-bearer-7f3a9c');
  stored.set('token:lab', registerTestSecret('rotated-token-2'));
  await queryThrough(endpoint('', { caFile: pki.caFile, auth: { type: 'token', secret: 'token:lab' } }));
  assert.equal(seen.at(-1)!.authorization, 'Bearer rotated-token-2');
  await queryThrough(endpoint('', { caFile: pki.caFile, auth: { type: 'basic', username: 'grafana', secret: 'token:lab' } }));
  assert.equal(seen.at(-1)!.authorization, `Basic ${Buffer.from('grafana:rotated-token-2').toString('base64')}`);
  await assert.rejects(queryThrough(endpoint('', { caFile: pki.caFile, auth: { type: 'token', secret: 'token:absent' } })), /keychain entry "token:absent" is missing/);
});
