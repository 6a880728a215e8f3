import assert from 'node:assert/strict';
import { test } from 'node:test';
import { importGrafanaDatasources } from '../../electron/services/centers/import-grafana.ts';
import { importKubeconfig } from '../../electron/services/centers/import-kubeconfig.ts';
import { ConfigError } from '../../electron/services/centers/yaml-schema.ts';

const caPem = '-----BEGIN CERTIFICATE-----\nMIIBdemo\n-----END CERTIFICATE-----\n';
const b64 = (text: string) => Buffer.from(text).toString('base64');

const kubeconfig = `apiVersion: v1
kind: Config
current-context: seoul-prod
clusters:
- name: seoul
  cluster:
    server: https://10.1.0.1:6443
    certificate-authority-data: ${b64(caPem)}
- name: ohio-eks
  cluster:
    server: https://ABCDEF.gr7.us-east-2.eks.amazonaws.com
    certificate-authority: /etc/kube/ohio-ca.pem
- name: lab
  cluster:
    server: https://lab.local:6443
    insecure-skip-tls-verify: true
users:
- name: seoul-sa
  user:
    token: kube-token-0123456789abcdef
- name: corp-sso
  user:
    auth-provider:
      name: oidc
      config:
        idp-issuer-url: https://sso.bank.example/realms/ops
        client-id: kubernetes
        refresh-token: refresh-abcdef-0123
- name: aws
  user:
    exec:
      apiVersion: client.authentication.k8s.io/v1beta1
      command: aws
      args: [eks, get-token, --cluster-name, ohio]
- name: cert-user
  user:
    client-certificate-data: ${b64('CERT')}
    client-key-data: ${b64('PRIVATE KEY')}
contexts:
- name: seoul-prod
  context: { cluster: seoul, user: seoul-sa, namespace: shop }
- name: seoul-sso
  context: { cluster: seoul, user: corp-sso }
- name: ohio-prod
  context: { cluster: ohio-eks, user: aws }
- name: ohio-cert
  context: { cluster: ohio-eks, user: cert-user }
- name: lab
  context: { cluster: lab, user: seoul-sa }
- name: ghost
  context: { cluster: nowhere }
`;

test('kubeconfig contexts become kubernetes endpoints; secrets go to the keychain plan only', () => {
  const plan = importKubeconfig(kubeconfig, '/home/oncall/.kube/config', () => assert.fail('no file reads expected'));
  assert.deepEqual(plan.centers.map((center) => center.id), ['seoul-prod', 'seoul-sso', 'ohio-cert']);
  const [token, sso, cert] = plan.centers;
  assert.deepEqual(token!.endpoints.kubernetes, { kind: 'kubernetes', url: 'https://10.1.0.1:6443', auth: { type: 'token', secret: 'kubernetes-token:seoul-prod' }, caFile: 'certs/seoul-prod-ca.pem' });
  assert.equal(token!.kind, 'on-prem');
  assert.equal(token!.labels.namespace, 'shop');
  assert.deepEqual(sso!.endpoints.kubernetes!.auth, { type: 'sso', profile: 'corp-sso' });
  assert.deepEqual(plan.signIn['corp-sso'], { issuer: 'https://sso.bank.example/realms/ops', clientId: 'kubernetes', scopes: ['openid', 'profile', 'offline_access'], groupClaim: 'groups' });
  assert.equal(cert!.kind, 'cloud', 'EKS host means a cloud center');
  assert.deepEqual(cert!.endpoints.kubernetes!.auth, { type: 'mtls', certFile: 'certs/ohio-cert-client.pem', keySecret: 'client-key:ohio-cert' });
  assert.equal(cert!.endpoints.kubernetes!.caFile, '/etc/kube/ohio-ca.pem');
  assert.deepEqual(plan.secrets.map((secret) => secret.key).sort(), ['client-key:ohio-cert', 'kubernetes-token:seoul-prod', 'oidc:corp-sso:refresh']);
  assert.deepEqual(plan.files.find((file) => file.path === 'certs/seoul-prod-ca.pem')!.content, caPem);
  assert.doesNotMatch(JSON.stringify(plan.centers), /kube-token-0123456789abcdef|refresh-abcdef-0123|PRIVATE KEY/, 'no secret in the centers');
  const reasons = Object.fromEntries(plan.skipped.map((item) => [item.source, item.reason]));
  assert.match(reasons['context "ohio-prod"']!, /exec plugin "aws".*does not run/);
  assert.match(reasons['context "lab"']!, /insecure-skip-tls-verify/);
  assert.match(reasons['context "ghost"']!, /cluster "nowhere"/);
});

test('a broken kubeconfig names file, line and field', () => {
  const badServer = kubeconfig.replace('server: https://10.1.0.1:6443', 'server: 10.1.0.1:6443');
  assert.throws(() => importKubeconfig(badServer, '/home/oncall/.kube/config', () => ''), (error: unknown) => {
    assert.ok(error instanceof ConfigError);
    assert.equal(error.issues[0]!.field, 'clusters[0].cluster.server');
    assert.equal(error.issues[0]!.line, 7);
    assert.match(error.message, /^config:7:\d+: clusters\[0\]\.cluster\.server: /);
    return true;
  });
  assert.throws(() => importKubeconfig('clusters:\n- name: x\n  cluster: [\n', 'kubeconfig', () => ''), /kubeconfig:\d+:\d+: YAML/);
});

const grafana = `apiVersion: 1
datasources:
  - name: Prometheus Seoul
    type: prometheus
    access: proxy
    url: https://prometheus.seoul.example
    basicAuth: true
    basicAuthUser: grafana
    secureJsonData:
      basicAuthPassword: s3cret-basic-pass
      tlsCACert: |
        -----BEGIN CERTIFICATE-----
        MIIBdemo
        -----END CERTIFICATE-----
  - name: Alertmanager
    type: alertmanager
    url: http://alertmanager.seoul.example:9093
    jsonData:
      implementation: prometheus
      httpHeaderName1: Authorization
    secureJsonData:
      httpHeaderValue1: Bearer am-bearer-token
  - name: Loki
    type: loki
    url: http://loki.seoul.example:3100
  - name: Tempo
    type: tempo
    url: http://tempo.seoul.example:3200
  - name: Postgres
    type: postgres
    url: http://db.example:5432
`;

test('Grafana data sources become one center with its endpoints; credentials go to the keychain plan', () => {
  const plan = importGrafanaDatasources(grafana, '/etc/grafana/provisioning/datasources/seoul.yaml', { id: 'seoul-dc', name: 'Seoul DC', kind: 'on-prem' });
  assert.equal(plan.centers.length, 1);
  const endpoints = plan.centers[0]!.endpoints;
  assert.deepEqual(endpoints.metrics, {
    kind: 'prometheus',
    url: 'https://prometheus.seoul.example',
    auth: { type: 'basic', username: 'grafana', secret: 'basic:seoul-dc-prometheus-seoul' },
    caFile: 'certs/seoul-dc-prometheus-seoul-ca.pem',
  });
  assert.deepEqual(endpoints.alerts, { kind: 'alertmanager', url: 'http://alertmanager.seoul.example:9093', auth: { type: 'token', secret: 'token:seoul-dc-alertmanager' } });
  assert.deepEqual(plan.secrets, [
    { key: 'basic:seoul-dc-prometheus-seoul', value: 's3cret-basic-pass' },
    { key: 'token:seoul-dc-alertmanager', value: 'am-bearer-token' },
  ]);
  assert.doesNotMatch(JSON.stringify(plan.centers), /s3cret-basic-pass|am-bearer-token/);
  assert.deepEqual(endpoints.logs, { kind: 'loki', url: 'http://loki.seoul.example:3100' });
  assert.deepEqual(endpoints.traces, { kind: 'tempo', url: 'http://tempo.seoul.example:3200' });
  assert.deepEqual(plan.skipped.map((item) => item.source), ['data source "Postgres" (postgres)']);
  assert.match(plan.skipped[0]!.reason, /type postgres is not a source OpsDesk reads/);
});

test('broken Grafana provisioning names file, line and field', () => {
  assert.throws(
    () => importGrafanaDatasources(grafana.replace('url: http://alertmanager.seoul.example:9093', 'url: alertmanager:9093'), 'seoul.yaml', { id: 'x', name: 'X', kind: 'cloud' }),
    (error: unknown) => {
      assert.ok(error instanceof ConfigError);
      assert.equal(error.issues[0]!.field, 'datasources[1].url');
      assert.equal(error.issues[0]!.line, 17);
      return true;
    },
  );
  assert.throws(() => importGrafanaDatasources('apiVersion: 2\n', 'seoul.yaml', { id: 'x', name: 'X', kind: 'cloud' }), /seoul\.yaml:1:\d+: apiVersion/);
});
