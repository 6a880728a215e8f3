/**
 * Bad answers from a scripted server on 127.0.0.1: every connector must fail with a ConnectorError
 * whose code the UI can explain and whose message tells the on-call engineer what arrived.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import type { ServerResponse } from 'node:http';
import { after, before, describe, test } from 'node:test';
import type { Connector, PullRequest } from '../../shared/domain/connector.ts';
import type { ConnectorKind, Endpoint, Signal } from '../../shared/domain/records.ts';
import { createAlertmanagerConnector } from '../../electron/connectors/alertmanager/index.ts';
import type { HttpOptions } from '../../electron/connectors/http.ts';
import { createKubernetesConnector } from '../../electron/connectors/kubernetes/index.ts';
import { createPrometheusConnector } from '../../electron/connectors/prometheus/index.ts';
import { freePort, startLocalHttpServer, type LocalHttpServer } from '../support/real-servers.ts';
import { expectFailure } from '../support/connector-assertions.ts';

const fixtures = new URL('../fixtures/', import.meta.url);
const readFixture = (path: string) => readFileSync(new URL(path, fixtures), 'utf8');

const nginx502 =
  '<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx/1.25.3</center>\r\n</body>\r\n</html>\r\n';

const request: PullRequest = { centerId: 'dc1', range: { from: 1_700_000_000_000, to: 1_700_000_060_000 }, watermark: null };

interface Subject {
  kind: ConnectorKind;
  signal: Signal;
  /** A valid answer for every path the connector asks. */
  validBody: string;
  create(endpoint: Endpoint, options?: HttpOptions): Connector;
  /** A path the failing request names in its message. */
  path: RegExp;
}

const subjects: Subject[] = [
  {
    kind: 'prometheus',
    signal: 'metrics',
    validBody: readFixture('prometheus/querying-api.query-range.up.json'),
    create: (endpoint, options) => createPrometheusConnector(endpoint, options),
    path: /\(POST \/api\/v1\/query_range\)/,
  },
  {
    kind: 'kubernetes',
    signal: 'kubernetes',
    validBody: JSON.stringify({ kind: 'List', apiVersion: 'v1', metadata: {}, items: [] }),
    create: (endpoint, options) => createKubernetesConnector(endpoint, options),
    path: /\(GET \/api\/v1\/(nodes|pods|events)\?limit=500\)/,
  },
  {
    kind: 'alertmanager',
    signal: 'alerts',
    validBody: readFixture('alertmanager/openapi-v2.gettable-alerts.json'),
    create: (endpoint, options) => createAlertmanagerConnector(endpoint, options),
    path: /\(GET \/api\/v2\/alerts\)/,
  },
];

let server: LocalHttpServer;
before(async () => {
  server = await startLocalHttpServer();
});
after(() => server.stop());

function endpointFor(subject: Subject, url = server.url, timeoutMs = 5_000): Endpoint {
  return { id: `${subject.kind}-test`, centerId: 'dc1', signal: subject.signal, kind: subject.kind, url, timeoutMs };
}

function answer(status: number, body: string, contentType = 'application/json') {
  return (_request: unknown, response: ServerResponse) => {
    response.writeHead(status, { 'content-type': contentType, 'content-length': String(Buffer.byteLength(body)) });
    response.end(body);
  };
}

for (const subject of subjects) {
  describe(`${subject.kind}: transport and format failures`, () => {
    const prefix = new RegExp(`^${subject.signal} endpoint http://127\\.0\\.0\\.1:\\d+ \\(`);

    test('the valid answer passes (control)', async () => {
      server.respond(answer(200, subject.validBody));
      const result = await subject.create(endpointFor(subject)).pull(request);
      assert.ok(result.kind === 'series' || result.kind === 'inventory' || result.kind === 'alerts');
    });

    test('truncated JSON names the byte where it stopped', async () => {
      const cut = subject.validBody.slice(0, Math.floor(subject.validBody.length / 2));
      server.respond(answer(200, cut));
      const error = await expectFailure(subject.create(endpointFor(subject)).pull(request), 'malformed', prefix, subject.path, new RegExp(`: truncated JSON at byte ${Buffer.byteLength(cut)}$`));
      assert.equal(error.endpointId, `${subject.kind}-test`);
    });

    test('JSON with a syntax error names the byte and shows the text around it', async () => {
      server.respond(answer(200, '{"status": "success", "data": {"resultType": "matrix", "result": [}}'));
      await expectFailure(subject.create(endpointFor(subject)).pull(request), 'malformed', /: invalid JSON at byte 66 \(near ".*\[}}"\)$/);
    });

    test('an HTML error page with status 200 is "not JSON", with the start of the page', async () => {
      server.respond(answer(200, nginx502, 'text/html'));
      await expectFailure(
        subject.create(endpointFor(subject)).pull(request),
        'malformed',
        prefix,
        /: answer is not JSON \(HTML page starting "<html><head><title>502 Bad Gateway<\/title><\/head><body><cent…"\)$/,
      );
    });

    test('an HTML error page with status 502 is an HTTP status error', async () => {
      server.respond(answer(502, nginx502, 'text/html'));
      const error = await expectFailure(subject.create(endpointFor(subject)).pull(request), 'http-status', /: HTTP 502 Bad Gateway \(HTML page starting "<html><head><title>502 Bad Gateway/);
      assert.equal(error.status, 502);
    });

    test('500 with a plain-text body', async () => {
      server.respond(answer(500, 'upstream exploded\n', 'text/plain; charset=utf-8'));
      const error = await expectFailure(subject.create(endpointFor(subject)).pull(request), 'http-status', /: HTTP 500 Internal Server Error \(text\/plain text starting "upstream exploded"\)$/);
      assert.equal(error.status, 500);
    });

    test('503 with an empty body', async () => {
      server.respond(answer(503, ''));
      const error = await expectFailure(subject.create(endpointFor(subject)).pull(request), 'http-status', /: HTTP 503 Service Unavailable$/);
      assert.equal(error.status, 503);
    });

    test('401 and 403 are unauthorized', async () => {
      server.respond(answer(401, 'Unauthorized', 'text/plain'));
      assert.equal((await expectFailure(subject.create(endpointFor(subject)).pull(request), 'unauthorized', /: HTTP 401 Unauthorized/)).status, 401);
      server.respond(answer(403, ''));
      assert.equal((await expectFailure(subject.create(endpointFor(subject)).pull(request), 'unauthorized', /: HTTP 403 Forbidden$/)).status, 403);
    });

    test('an answer over the size limit (declared Content-Length) is refused before reading', async () => {
      server.respond(answer(200, subject.validBody + ' '.repeat(4096)));
      await expectFailure(subject.create(endpointFor(subject), { maxResponseBytes: 1024 }).pull(request), 'too-large', /: answer exceeds 1 KiB limit \(Content-Length \d+ bytes\)$/);
    });

    test('a streamed answer over the limit is cut off: the client stops reading', async () => {
      let written = 0;
      let closedEarly = false;
      const total = 64 * 1024 * 1024;
      server.respond(async (_request, response) => {
        response.writeHead(200, { 'content-type': 'application/json' }); // chunked, no length
        response.on('close', () => {
          closedEarly = written < total;
        });
        const chunk = Buffer.alloc(64 * 1024, 0x20);
        response.write('[');
        while (written < total && !response.destroyed) {
          written += chunk.byteLength;
          if (!response.write(chunk)) await drainOrClose(response);
        }
        response.end(']');
      });
      await expectFailure(subject.create(endpointFor(subject), { maxResponseBytes: 256 * 1024 }).pull(request), 'too-large', /: answer exceeds 256 KiB limit \(stopped reading after \d+ bytes\)$/);
      await waitFor(() => closedEarly, 'the server saw the connection close before it wrote everything');
      assert.ok(written < 16 * 1024 * 1024, `server wrote ${written} bytes before the client hung up`);
    });

    test('no answer within the timeout', async () => {
      server.respond(async (_request, response) => {
        await delay(1_500);
        if (!response.destroyed) answer(200, subject.validBody)(null, response);
      });
      const started = performance.now();
      await expectFailure(subject.create(endpointFor(subject, server.url, 300)).pull(request), 'timeout', prefix, /: no answer within 300 ms$/);
      assert.ok(performance.now() - started < 1_200, 'gave up at the timeout, not when the server answered');
    });

    test('an answer that trickles past the timeout', async () => {
      server.respond(async (_request, response) => {
        response.writeHead(200, { 'content-type': 'application/json' });
        for (const character of subject.validBody) {
          if (response.destroyed) return;
          response.write(character);
          await delay(50);
        }
        response.end();
      });
      await expectFailure(subject.create(endpointFor(subject, server.url, 300)).pull(request), 'timeout', /: answer not complete within 300 ms \(\d+ bytes received\)$/);
    });

    test('connection refused', async () => {
      const port = await freePort();
      const error = await expectFailure(
        subject.create(endpointFor(subject, `http://127.0.0.1:${port}`)).pull(request),
        'unreachable',
        new RegExp(`^${subject.signal} endpoint http://127\\.0\\.0\\.1:${port} \\(`),
        /: connection refused \(connect ECONNREFUSED 127\.0\.0\.1:\d+\)$/,
      );
      assert.equal(error.status, undefined);
    });

    test('health reports a failure as a result with the message, not a throw', async () => {
      const port = await freePort();
      const health = await subject.create(endpointFor(subject, `http://127.0.0.1:${port}`)).health();
      assert.equal(health.ok, false);
      assert.match(health.message ?? '', /connection refused/);
    });
  });
}

describe('prometheus: protocol failures', () => {
  const subject = subjects[0]!;
  const connector = () => createPrometheusConnector(endpointFor(subject));
  const range = { from: 1_435_781_430_000, to: 1_435_781_460_000 };

  test('values as JSON numbers instead of strings', async () => {
    server.respond(
      answer(200, JSON.stringify({ status: 'success', data: { resultType: 'matrix', result: [{ metric: { job: 'a' }, values: [[1435781430, '1'], [1435781445, 1]] }] } })),
    );
    await expectFailure(connector().queryRange('up', range, 15), 'malformed', /: data\.result\[0\]\.values\[1\]\[1\]: expected a number string, got number 1$/);
  });

  test('a value string that is not a number', async () => {
    server.respond(answer(200, JSON.stringify({ status: 'success', data: { resultType: 'matrix', result: [{ metric: {}, values: [[1435781430, 'twelve']] }] } })));
    await expectFailure(connector().queryRange('up', range, 15), 'malformed', /: data\.result\[0\]\.values\[0\]\[1\]: expected a number string, got "twelve"$/);
  });

  test('a timestamp as a string', async () => {
    server.respond(answer(200, JSON.stringify({ status: 'success', data: { resultType: 'matrix', result: [{ metric: {}, values: [['1435781430', '1']] }] } })));
    await expectFailure(connector().queryRange('up', range, 15), 'malformed', /: data\.result\[0\]\.values\[0\]\[0\]: expected a unix timestamp in seconds, got "1435781430"$/);
  });

  test('a sample that is not a pair', async () => {
    server.respond(answer(200, JSON.stringify({ status: 'success', data: { resultType: 'matrix', result: [{ metric: {}, values: [[1435781430, '1', 'x']] }] } })));
    await expectFailure(connector().queryRange('up', range, 15), 'malformed', /: data\.result\[0\]\.values\[0\]: expected \[unix seconds, "value"\], got an array of 3$/);
  });

  test('missing data', async () => {
    server.respond(answer(200, JSON.stringify({ status: 'success' })));
    await expectFailure(connector().queryRange('up', range, 15), 'malformed', /\(POST \/api\/v1\/query_range\): data: missing \(expected object\)$/);
  });

  test('a label value that is not a string', async () => {
    server.respond(answer(200, JSON.stringify({ status: 'success', data: { resultType: 'matrix', result: [{ metric: { instance: 9100 }, values: [] }] } })));
    await expectFailure(connector().queryRange('up', range, 15), 'malformed', /: data\.result\[0\]\.metric\.instance: expected string, got number 9100$/);
  });

  test('a vector where query_range must answer a matrix', async () => {
    server.respond(answer(200, readFixture('prometheus/querying-api.query.up.json')));
    await expectFailure(connector().queryRange('up', range, 15), 'malformed', /: data\.resultType: expected "matrix", got "vector" \(and 2 more problems\)$/);
  });

  test('Prometheus error JSON on 400 (captured from Prometheus 2.42)', async () => {
    server.respond(answer(400, readFixture('prometheus/prometheus-2.42.query-range.exceeded-resolution.json')));
    const error = await expectFailure(
      connector().queryRange('up', range, 15),
      'remote-error',
      /\(POST \/api\/v1\/query_range\): Prometheus error \(bad_data\): exceeded maximum resolution of 11,000 points per timeseries\. Try decreasing the query resolution \(\?step=XX\) \(HTTP 400 Bad Request\)$/,
    );
    assert.equal(error.status, 400);
  });

  test('Prometheus error JSON on 422 and 503', async () => {
    server.respond(answer(422, JSON.stringify({ status: 'error', errorType: 'execution', error: 'many-to-many matching not allowed: matching labels must be unique on one side' })));
    await expectFailure(connector().queryRange('up', range, 15), 'remote-error', /: Prometheus error \(execution\): many-to-many matching not allowed: matching labels must be unique on one side \(HTTP 422 Unprocessable Entity\)$/);
    server.respond(answer(503, JSON.stringify({ status: 'error', errorType: 'timeout', error: 'query timed out in expression evaluation' })));
    await expectFailure(connector().queryRange('up', range, 15), 'remote-error', /: Prometheus error \(timeout\): query timed out in expression evaluation \(HTTP 503 Service Unavailable\)$/);
  });

  test('status "error" on a 200 is still a remote error', async () => {
    server.respond(answer(200, JSON.stringify({ status: 'error', errorType: 'internal', error: 'storage closed' })));
    await expectFailure(connector().queryRange('up', range, 15), 'remote-error', /: Prometheus error \(internal\): storage closed$/);
  });

  test('the instant query validates the same way', async () => {
    server.respond(answer(200, JSON.stringify({ status: 'success', data: { resultType: 'vector', result: [{ metric: {}, value: [1435781451.781, 0.5] }] } })));
    await expectFailure(connector().query('up', 1_435_781_451_781), 'malformed', /\(POST \/api\/v1\/query\): data\.result\[0\]\.value\[1\]: expected a number string, got number 0\.5$/);
    server.respond(answer(200, JSON.stringify({ status: 'success', data: { resultType: 'string', result: [1, 'x'] } })));
    await expectFailure(connector().query('up', 1_435_781_451_781), 'malformed', /: data\.resultType: expected "vector" or "scalar" or "matrix", got "string"$/);
  });

  test('health falls back to /-/healthy when buildinfo is not there', async () => {
    server.respond((incoming, response) => {
      if (incoming.url === '/-/healthy') answer(200, 'Prometheus is Healthy.\n', 'text/plain')(null, response);
      else answer(404, '404 page not found\n', 'text/plain')(null, response);
    });
    const health = await connector().health();
    assert.equal(health.ok, true);
    assert.equal(health.version, undefined);
    assert.equal(health.message, 'Prometheus is Healthy.');
  });

  test('health does not take a login page for a healthy Prometheus', async () => {
    server.respond(answer(200, '<!DOCTYPE html><html><head><title>Sign in - Example SSO</title></head></html>', 'text/html'));
    const health = await connector().health();
    assert.equal(health.ok, false);
    assert.match(health.message ?? '', /\(GET \/api\/v1\/status\/buildinfo\): answer is not JSON \(HTML page starting "<!DOCTYPE html><html><head><title>Sign in - Example SSO/);
  });

  test('health does not fall back past an authorization failure', async () => {
    server.respond(answer(401, ''));
    server.requests.length = 0;
    const health = await connector().health();
    assert.equal(health.ok, false);
    assert.match(health.message ?? '', /\(GET \/api\/v1\/status\/buildinfo\): HTTP 401 Unauthorized$/);
    assert.equal(server.requests.length, 1);
  });
});

describe('kubernetes: protocol failures', () => {
  const subject = subjects[1]!;
  const connector = () => createKubernetesConnector(endpointFor(subject));
  const pod = JSON.parse(readFixture('kubernetes/debug-running-pod.pod.json')) as { spec: { containers: Array<{ resources: { limits: Record<string, string> } }> } };

  function serve(pods: unknown) {
    server.respond((incoming, response) => {
      const path = new URL(incoming.url ?? '/', 'http://x').pathname;
      if (path === '/api/v1/pods') answer(200, JSON.stringify(pods))(null, response);
      else answer(200, JSON.stringify({ kind: 'List', metadata: {}, items: [] }))(null, response);
    });
  }

  test('a Status object on 403 is unauthorized with the API server message', async () => {
    const status = {
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: 'pods is forbidden: User "system:serviceaccount:ops:opsdesk" cannot list resource "pods" in API group "" at the cluster scope',
      reason: 'Forbidden',
      details: { kind: 'pods' },
      code: 403,
    };
    server.respond(answer(403, JSON.stringify(status)));
    await expectFailure(connector().pull(request), 'unauthorized', /: HTTP 403 Forbidden: Kubernetes API Forbidden: pods is forbidden: User "system:serviceaccount:ops:opsdesk" cannot list resource "pods"/);
  });

  test('a Status object on 500 is a remote error', async () => {
    server.respond(answer(500, JSON.stringify({ kind: 'Status', apiVersion: 'v1', status: 'Failure', message: 'etcdserver: request timed out', reason: 'InternalError', code: 500 })));
    await expectFailure(connector().pull(request), 'remote-error', /: Kubernetes API InternalError: etcdserver: request timed out \(HTTP 500 Internal Server Error\)$/);
  });

  test('a quantity that is not one', async () => {
    const broken = structuredClone(pod);
    broken.spec.containers[0]!.resources.limits.memory = '12XB';
    serve({ kind: 'PodList', metadata: {}, items: [pod, broken] });
    await expectFailure(connector().pull(request), 'malformed', /\(GET \/api\/v1\/pods\?limit=500\): items\[1\]\.spec\.containers\[0\]\.resources\.limits\.memory: "12XB" is not a Kubernetes quantity/);
  });

  test('a time that is not RFC 3339', async () => {
    const broken = structuredClone(pod) as unknown as { metadata: { creationTimestamp: string } };
    broken.metadata.creationTimestamp = '17/02/2022 21:51';
    serve({ kind: 'PodList', metadata: {}, items: [broken] });
    await expectFailure(connector().pull(request), 'malformed', /: items\[0\]\.metadata\.creationTimestamp: expected an RFC 3339 time, got "17\/02\/2022 21:51"$/);
  });

  test('restartCount as a string', async () => {
    const broken = structuredClone(pod) as unknown as { status: { containerStatuses: Array<{ restartCount: unknown }> } };
    broken.status.containerStatuses[0]!.restartCount = '3';
    serve({ kind: 'PodList', metadata: {}, items: [broken] });
    await expectFailure(connector().pull(request), 'malformed', /: items\[0\]\.status\.containerStatuses\[0\]\.restartCount: expected number, got "3"$/);
  });

  test('a list without items', async () => {
    serve({ kind: 'PodList', metadata: {} });
    await expectFailure(connector().pull(request), 'malformed', /\(GET \/api\/v1\/pods\?limit=500\): items: missing \(expected array\)$/);
  });

  test('a continue token that repeats', async () => {
    server.respond(answer(200, JSON.stringify({ kind: 'List', metadata: { continue: 'same' }, items: [] })));
    await expectFailure(connector().pull(request), 'malformed', /metadata\.continue repeats a token already followed/);
  });
});

describe('alertmanager: protocol failures', () => {
  const subject = subjects[2]!;
  const connector = () => createAlertmanagerConnector(endpointFor(subject));
  const alerts = JSON.parse(readFixture('alertmanager/openapi-v2.gettable-alerts.json')) as Array<Record<string, unknown>>;

  test('a state outside the documented enum', async () => {
    const broken = structuredClone(alerts);
    (broken[1]!.status as { state: string }).state = 'firing';
    server.respond(answer(200, JSON.stringify(broken)));
    await expectFailure(connector().pull(request), 'malformed', /\(GET \/api\/v2\/alerts\): \[1\]\.status\.state: expected "unprocessed" or "active" or "suppressed", got "firing"$/);
  });

  test('a missing fingerprint', async () => {
    const broken = structuredClone(alerts);
    delete broken[0]!.fingerprint;
    server.respond(answer(200, JSON.stringify(broken)));
    await expectFailure(connector().pull(request), 'malformed', /: \[0\]\.fingerprint: missing \(expected string\)$/);
  });

  test('the v1 API envelope where v2 answers an array', async () => {
    server.respond(answer(200, JSON.stringify({ status: 'success', data: alerts })));
    await expectFailure(connector().pull(request), 'malformed', /\(GET \/api\/v2\/alerts\): answer: expected array, got an object$/);
  });

  test('a bad date-time', async () => {
    const broken = structuredClone(alerts);
    broken[0]!.startsAt = 'yesterday';
    server.respond(answer(200, JSON.stringify(broken)));
    await expectFailure(connector().pull(request), 'malformed', /: \[0\]\.startsAt: expected an RFC 3339 date-time, got "yesterday"$/);
  });

  test("Alertmanager's JSON string error on 400", async () => {
    server.respond(answer(400, JSON.stringify('bad matcher format: alertname=~')));
    await expectFailure(connector().pull(request), 'remote-error', /: Alertmanager error: bad matcher format: alertname=~ \(HTTP 400 Bad Request\)$/);
  });
});

function drainOrClose(response: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      response.off('drain', done).off('close', done);
      resolve();
    };
    response.on('drain', done).on('close', done);
  });
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

async function waitFor(condition: () => boolean, what: string, timeoutMs = 3_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) assert.fail(`timed out waiting: ${what}`);
    await delay(20);
  }
}
