import assert from 'node:assert/strict';
import { test } from 'node:test';
import { maskSecrets } from '../../shared/masking/mask.ts';
import { SecretMasker } from '../../electron/services/log/secret-masker.ts';

test('credentials are masked by shape', () => {
  const cases: Array<[string, string]> = [
    ['GET /api with Authorization: Bearer eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiIxIn0.sig', 'GET /api with Authorization: Bearer ***'],
    ['Authorization: Basic Z3JhZmFuYTpzM2NyZXQ=', 'Authorization: Basic ***'],
    ['POST /token grant_type=refresh_token&refresh_token=8xLOxBtZp8&client_id=opsdesk', 'POST /token grant_type=refresh_token&refresh_token=***&client_id=opsdesk'],
    ['{"access_token":"abc.def.ghi","expires_in":300,"refreshToken":"r-123"}', '{"access_token":"***","expires_in":300,"refreshToken":"***"}'],
    ['password: hunter2 and token=s3cr3t', 'password: *** and token=***'],
    ['dial https://admin:hunter2@10.0.0.1:6443/api failed', 'dial https://***@10.0.0.1:6443/api failed'],
    ['-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA\n-----END OPENSSH PRIVATE KEY-----', '-----BEGIN OPENSSH PRIVATE KEY-----***-----END OPENSSH PRIVATE KEY-----'],
  ];
  for (const [input, expected] of cases) assert.equal(maskSecrets(input), expected, input);
  assert.equal(maskSecrets('sync seoul-dc-metrics: HTTP 503 after 1200 ms'), 'sync seoul-dc-metrics: HTTP 503 after 1200 ms', 'ordinary lines pass unchanged');
});

test('known secret values are masked wherever they appear, longest first', () => {
  const masker = new SecretMasker();
  masker.remember('kube-token-0123456789');
  masker.remember('kube-token-0123456789-extended');
  masker.remember('abc');
  assert.equal(masker.mask('token kube-token-0123456789-extended then kube-token-0123456789 then abc'), 'token *** then *** then abc');
  const pem = '-----BEGIN EC PRIVATE KEY-----\nMHcCAQEEIBkG4wZbXQvNn9T8c2q1aPp0y3kT0h6bY7a1o3xwZ8hXoAoGCCqGSM49\n-----END EC PRIVATE KEY-----';
  masker.remember(pem);
  assert.equal(masker.mask('key line: MHcCAQEEIBkG4wZbXQvNn9T8c2q1aPp0y3kT0h6bY7a1o3xwZ8hXoAoGCCqGSM49 leaked'), 'key line: *** leaked');
});
