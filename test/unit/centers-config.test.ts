import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { ConfigError, loadCentersConfig, parseCentersConfig, removeCenterFromConfig, upsertCenterInConfig } from '../../electron/services/centers/config-file.ts';
import { makeTempDir } from '../support/temp-dir.ts';

const dir = makeTempDir('config');
after(() => dir.remove());
const file = '/etc/opsdesk/centers.yaml';

const good = `# OpsDesk centers
version: 1
signIn:
  corp:
    issuer: https://sso.bank.example/realms/ops
    clientId: opsdesk-desktop
centers:
  - id: seoul-dc
    name: Seoul DC
    kind: on-prem
    region: kr-seoul
    labels: { tier: prod }
    ssh:
      hops:
        - { host: bastion.seoul.example, user: oncall, key: "ssh-key:seoul-bastion" }
    endpoints:
      metrics:
        kind: prometheus
        url: http://prometheus.monitoring.svc:9090
        auth: { type: sso, profile: corp }
      alerts:
        kind: alertmanager
        url: http://alertmanager.monitoring.svc:9093
        ssh: none
  - id: ohio-region
    name: Ohio region
    kind: cloud
    endpoints:
      kubernetes:
        kind: kubernetes
        url: https://10.20.0.1:6443
        caFile: /etc/opsdesk/ca/ohio.pem
        auth: { type: token, secret: "k8s-token:ohio" }
`;

function issuesOf(text: string) {
  try {
    parseCentersConfig(text, file);
  } catch (error) {
    assert.ok(error instanceof ConfigError, String(error));
    return error.issues;
  }
  assert.fail('expected a ConfigError');
}

test('a valid file becomes centers with endpoint ids, inherited SSH routes and defaults', () => {
  const { config, centers } = parseCentersConfig(good, file);
  assert.equal(config.signIn.corp!.groupClaim, 'groups');
  assert.deepEqual(config.signIn.corp!.scopes, ['openid', 'profile', 'offline_access']);
  assert.deepEqual(centers.map((center) => center.id), ['seoul-dc', 'ohio-region']);
  const [seoul, ohio] = centers;
  assert.deepEqual(seoul!.endpoints.map((endpoint) => endpoint.id), ['seoul-dc-metrics', 'seoul-dc-alerts']);
  assert.deepEqual(seoul!.endpoints[0]!.ssh, { hops: [{ host: 'bastion.seoul.example', port: 22, user: 'oncall', key: 'ssh-key:seoul-bastion' }] });
  assert.equal(seoul!.endpoints[1]!.ssh, undefined, 'ssh: none opts out of the center route');
  assert.deepEqual(seoul!.endpoints[0]!.auth, { type: 'sso', profile: 'corp' });
  assert.equal(ohio!.region, '');
  assert.equal(ohio!.endpoints[0]!.caFile, '/etc/opsdesk/ca/ohio.pem');
  assert.equal(ohio!.endpoints[0]!.timeoutMs, 15_000);
});

test('broken YAML names the line and column', () => {
  const issues = issuesOf('version: 1\ncenters:\n  - id: a\n    name: [unclosed\n');
  assert.equal(issues.length >= 1, true);
  assert.equal(issues[0]!.file, file);
  assert.ok(issues[0]!.line >= 4, `line ${issues[0]!.line}`);
  assert.match(issues[0]!.message, /^YAML: /);
  const duplicate = issuesOf('version: 1\nversion: 1\n');
  assert.equal(duplicate[0]!.line, 2);
  assert.match(duplicate[0]!.message, /unique|duplicate/i);
});

test('an unknown field is reported at its own line with its path', () => {
  const text = good.replace('        url: http://prometheus.monitoring.svc:9090\n', '        url: http://prometheus.monitoring.svc:9090\n        scrapeEvery: 30s\n');
  const [issue, ...rest] = issuesOf(text);
  assert.deepEqual(rest, []);
  assert.equal(issue!.field, 'centers[0].endpoints.metrics.scrapeEvery');
  assert.equal(issue!.line, 20);
  assert.equal(issue!.column, 9);
  assert.match(issue!.message, /unknown field "scrapeEvery"/);
});

test('a secret written into the file is refused with where it belongs', () => {
  const text = good.replace('auth: { type: token, secret: "k8s-token:ohio" }', 'auth: { type: token, secret: "k8s-token:ohio", token: "eyJhbGciOi" }');
  const [issue] = issuesOf(text);
  assert.equal(issue!.field, 'centers[1].endpoints.kubernetes.auth.token');
  assert.match(issue!.message, /keychain/);
  assert.doesNotMatch(new ConfigError([issue!]).message, /eyJhbGciOi/, 'the secret itself is not echoed');
});

test('bad URLs, wrong kinds, unknown profiles and duplicate ids each name file, line and field', () => {
  const badUrl = issuesOf(good.replace('url: http://alertmanager.monitoring.svc:9093', 'url: alertmanager:9093'));
  assert.equal(badUrl[0]!.field, 'centers[0].endpoints.alerts.url');
  assert.equal(badUrl[0]!.line, 23);
  const userInUrl = issuesOf(good.replace('https://10.20.0.1:6443', 'https://admin:hunter2@10.20.0.1:6443'));
  assert.match(userInUrl[0]!.message, /must not carry a user or password/);
  const wrongKind = issuesOf(good.replace('kind: alertmanager', 'kind: prometheus'));
  assert.equal(wrongKind[0]!.field, 'centers[0].endpoints.alerts.kind');
  assert.match(wrongKind[0]!.message, /prometheus cannot serve alerts \(use alertmanager\)/);
  const unknownProfile = issuesOf(good.replace('profile: corp', 'profile: corpp'));
  assert.equal(unknownProfile[0]!.field, 'centers[0].endpoints.metrics.auth.profile');
  assert.match(unknownProfile[0]!.message, /no sign-in profile "corpp"/);
  const duplicate = issuesOf(good.replace('id: ohio-region', 'id: seoul-dc'));
  assert.equal(duplicate[0]!.field, 'centers[1].id');
  assert.equal(duplicate[0]!.line, 25);
  const badId = issuesOf(good.replace('id: ohio-region', 'id: Ohio Region'));
  assert.equal(badId[0]!.field, 'centers[1].id');
  const missingName = issuesOf('version: 1\ncenters:\n  - id: x\n    kind: cloud\n');
  assert.equal(missingName[0]!.field, 'centers[0].name');
  assert.equal(missingName[0]!.line, 3, 'a missing field points at its object');
  const wrongVersion = issuesOf('version: 2\n');
  assert.equal(wrongVersion[0]!.field, 'version');
  const message = new ConfigError(badUrl).message;
  assert.match(message, /^centers\.yaml:23:\d+: centers\[0\]\.endpoints\.alerts\.url: /);
});

test('a missing file is an empty config; edits keep comments and never write an invalid file', () => {
  const path = join(dir.path, 'centers.yaml');
  assert.deepEqual(loadCentersConfig(path).centers, []);
  writeFileSync(path, good);
  upsertCenterInConfig(path, { id: 'busan-dc', name: 'Busan DC', kind: 'on-prem', region: 'kr-busan', labels: {}, endpoints: { metrics: { kind: 'prometheus', url: 'http://10.3.0.5:9090' } } });
  const after = readFileSync(path, 'utf8');
  assert.match(after, /^# OpsDesk centers/);
  assert.deepEqual(loadCentersConfig(path).centers.map((center) => center.id), ['seoul-dc', 'ohio-region', 'busan-dc']);
  assert.throws(
    () => upsertCenterInConfig(path, { id: 'bad', name: 'Bad', kind: 'cloud', region: '', labels: {}, endpoints: { metrics: { kind: 'prometheus', url: 'ftp://x' } } }),
    ConfigError,
  );
  assert.equal(readFileSync(path, 'utf8'), after, 'the invalid edit was not written');
  assert.equal(removeCenterFromConfig(path, 'ohio-region'), true);
  assert.equal(removeCenterFromConfig(path, 'nowhere'), false);
  assert.deepEqual(loadCentersConfig(path).centers.map((center) => center.id), ['seoul-dc', 'busan-dc']);
});
