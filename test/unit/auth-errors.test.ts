import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ClientError, ResponseBodyError } from 'openid-client';
import { classifyProviderError, redactTokens } from '../../electron/services/auth/errors.ts';

function oauthError(status: number, error: string, description?: string): ResponseBodyError {
  return new ResponseBodyError('server responded with an error in the response body', {
    cause: { error, ...(description ? { error_description: description } : {}) },
    response: new Response(null, { status }),
  });
}

test('an OAuth error answer means the credential was refused (invalid_grant)', () => {
  assert.deepEqual(classifyProviderError(oauthError(400, 'invalid_grant', 'grant request is invalid')), {
    kind: 'rejected',
    error: 'invalid_grant',
    detail: 'invalid_grant: grant request is invalid',
    status: 400,
  });
});

test('5xx and server_error / temporarily_unavailable are provider trouble, not a refusal', () => {
  assert.equal(classifyProviderError(oauthError(503, 'temporarily_unavailable')).kind, 'provider-error');
  assert.equal(classifyProviderError(oauthError(400, 'server_error')).kind, 'provider-error');
  assert.equal(classifyProviderError(oauthError(500, 'invalid_grant')).kind, 'provider-error');
});

test('no answer at all is "unreachable", described like the connectors do', () => {
  const refused = new TypeError('fetch failed', { cause: Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' }) });
  const failure = classifyProviderError(refused);
  assert.equal(failure.kind, 'unreachable');
  assert.match(failure.detail, /connection refused/);
  const timeout = Object.assign(new ClientError('operation timed out'), { code: 'OAUTH_TIMEOUT' });
  assert.equal(classifyProviderError(timeout).kind, 'unreachable');
});

test('token-shaped text is redacted from anything remote before it reaches a message', () => {
  const jwt = 'eyJhbGciOiJSUzI1NiIsImtpZCI6ImFiYyJ9.eyJzdWIiOiJhbGljZSIsImlzcyI6Imh0dHA6Ly9pZHAifQ.c2lnbmF0dXJlc2lnbmF0dXJlc2lnbmF0dXJlc2ln';
  const opaque = 'Qm9yZWRPZlRoaXNUb2tlbkFscmVhZHlZZXNJQW1RdWl0ZUxvbmc';
  const text = redactTokens(`refresh token ${opaque} rejected; id_token ${jwt}; see http://127.0.0.1:8080/token`);
  assert.ok(!text.includes(opaque) && !text.includes('eyJzdWIiOiJhbGljZSIsImlzcyI6Imh0dHA6Ly9pZHAifQ'));
  assert.match(text, /http:\/\/127\.0\.0\.1:8080\/token/, 'ordinary URLs survive');
  const classified = classifyProviderError(oauthError(400, 'invalid_grant', `token ${opaque} unknown`));
  assert.ok(!classified.detail.includes(opaque));
});
