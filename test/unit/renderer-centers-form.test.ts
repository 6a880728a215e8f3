import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { centerConfigSchema, type CenterConfig } from '../../shared/config/centers-config.ts';
import {
  activeSecretSlots,
  assignSecretNames,
  buildCenterConfig,
  centerConfigToForm,
  emptyCenterForm,
  endpointSlot,
  errorsUnder,
  fieldForIssuePath,
  hopSlot,
  newHop,
  parseLabels,
  toSaveInput,
  type CenterForm,
} from '../../renderer/state/center-form.ts';

const full: CenterConfig = centerConfigSchema.parse({
  id: 'seoul-dc',
  name: 'Seoul DC',
  kind: 'on-prem',
  region: 'kr-seoul-1',
  labels: { team: 'platform', tier: '1' },
  ssh: { hops: [{ host: 'bastion.seoul.example.com', port: 2222, user: 'ops', key: 'ssh-key:bastion.seoul.example.com' }] },
  endpoints: {
    metrics: { kind: 'prometheus', url: 'https://prom.seoul.example.com', auth: { type: 'token', secret: 'token:seoul-dc-metrics' }, timeoutMs: 20000 },
    kubernetes: {
      kind: 'kubernetes',
      url: 'https://10.0.0.5:6443',
      auth: { type: 'mtls', certFile: '/etc/opsdesk/seoul.crt', keySecret: 'client-key:seoul-dc-kubernetes' },
      caFile: '/etc/opsdesk/seoul-ca.pem',
      ssh: { hops: [{ host: 'jump', port: 22, user: 'ops' }, { host: '10.0.0.5', port: 22, user: 'core' }] },
    },
    alerts: { kind: 'alertmanager', url: 'http://am.seoul.example.com:9093', auth: { type: 'basic', username: 'reader', secret: 'basic:seoul-dc-alerts' }, ssh: 'none' },
  },
});

function validForm(): CenterForm {
  const form = emptyCenterForm();
  form.id = 'lab';
  form.name = 'Lab';
  form.endpoints.metrics = { ...form.endpoints.metrics, enabled: true, url: 'http://127.0.0.1:9090' };
  return form;
}

describe('center form <-> CenterConfig', () => {
  it('round-trips every field: auth kinds, CA, timeout, inherited / none / own SSH routes', () => {
    const form = centerConfigToForm(full);
    assert.equal(form.labels, 'team=platform\ntier=1');
    assert.equal(form.endpoints.metrics.sshMode, 'inherit');
    assert.equal(form.endpoints.alerts.sshMode, 'none');
    assert.equal(form.endpoints.kubernetes.sshMode, 'hops');
    assert.equal(form.endpoints.kubernetes.secret, 'client-key:seoul-dc-kubernetes');
    assert.equal(form.endpoints.logs.enabled, false);
    const built = buildCenterConfig(form, { mode: 'edit', existingIds: ['seoul-dc'] });
    assert.ok(built.ok, JSON.stringify(!built.ok && built.errors));
    assert.deepEqual(built.config, full);
  });

  it('writes only what was filled: no empty auth, CA, timeout or route', () => {
    const built = buildCenterConfig(validForm(), { mode: 'add', existingIds: [] });
    assert.ok(built.ok);
    assert.deepEqual(built.config, {
      id: 'lab',
      name: 'Lab',
      kind: 'on-prem',
      region: '',
      labels: {},
      endpoints: { metrics: { kind: 'prometheus', url: 'http://127.0.0.1:9090' } },
    });
  });

  it('reports the shared schema problems on the form fields', () => {
    const form = validForm();
    form.id = 'Lab Prom';
    form.name = '';
    form.endpoints.metrics.url = 'ftp://example.com';
    form.endpoints.metrics.timeoutMs = '50';
    form.endpoints.alerts = { ...form.endpoints.alerts, enabled: true, url: '' };
    const built = buildCenterConfig(form, { mode: 'add' });
    assert.ok(!built.ok);
    assert.match(built.errors.id ?? '', /lowercase letters/);
    assert.equal(built.errors.name, 'required');
    assert.equal(built.errors['endpoints.metrics.url'], 'must be an http:// or https:// URL');
    assert.match(built.errors['endpoints.metrics.timeoutMs'] ?? '', /100/);
    assert.equal(built.errors['endpoints.alerts.url'], 'required');
    assert.deepEqual(errorsUnder(built.errors, 'endpoints.metrics').sort(), ['endpoints.metrics.timeoutMs', 'endpoints.metrics.url']);
  });

  it('refuses credentials in the URL, as the config file does', () => {
    const form = validForm();
    form.endpoints.metrics.url = 'https://admin:hunter2@prom.example.com';
    const built = buildCenterConfig(form, { mode: 'add' });
    assert.ok(!built.ok);
    assert.match(built.errors['endpoints.metrics.url'] ?? '', /keychain secret/);
  });

  it('adds the file-level rules: kind per signal, known SSO profiles, unique ids, one endpoint at least', () => {
    const form = validForm();
    form.endpoints.metrics.kind = 'alertmanager';
    form.endpoints.metrics.authType = 'sso';
    form.endpoints.metrics.profile = 'corp';
    const built = buildCenterConfig(form, { mode: 'add', existingIds: ['lab'], profiles: ['okta'] });
    assert.ok(!built.ok);
    assert.match(built.errors['endpoints.metrics.kind'] ?? '', /alertmanager cannot serve metrics \(use prometheus\)/);
    assert.match(built.errors['endpoints.metrics.profile'] ?? '', /no sign-in profile "corp"/);
    assert.match(built.errors.id ?? '', /exists already/);

    const none = validForm();
    none.endpoints.metrics.enabled = false;
    const empty = buildCenterConfig(none, { mode: 'add' });
    assert.ok(!empty.ok);
    assert.equal(empty.errors.endpoints, 'enable at least one endpoint');
  });

  it('explains a missing secret, a bad port, malformed labels and an empty own route', () => {
    const form = validForm();
    form.labels = 'team=platform\nnot a label';
    form.endpoints.metrics.authType = 'token';
    form.hops = [newHop({ host: 'bastion', port: 'ssh', user: 'ops' })];
    form.endpoints.metrics.sshMode = 'hops';
    const built = buildCenterConfig(form, { mode: 'add' });
    assert.ok(!built.ok);
    assert.match(built.errors['endpoints.metrics.secret'] ?? '', /type the secret/);
    assert.equal(built.errors['ssh.hops.0.port'], 'a port number, 1–65535');
    assert.equal(built.errors.labels, '"not a label" is not key=value');
    assert.ok(built.errors['endpoints.metrics.ssh'], JSON.stringify(built.errors));
  });

  it('maps schema issue paths to form fields', () => {
    assert.equal(fieldForIssuePath(['endpoints', 'metrics', 'auth', 'keySecret']), 'endpoints.metrics.secret');
    assert.equal(fieldForIssuePath(['endpoints', 'alerts', 'auth', 'username']), 'endpoints.alerts.username');
    assert.equal(fieldForIssuePath(['endpoints', 'alerts', 'auth']), 'endpoints.alerts.authType');
    assert.equal(fieldForIssuePath(['endpoints', 'kubernetes', 'ssh', 'hops', 1, 'user']), 'endpoints.kubernetes.ssh.hops.1.user');
    assert.equal(fieldForIssuePath(['ssh', 'hops', 0, 'host']), 'ssh.hops.0.host');
    assert.equal(fieldForIssuePath(['labels', 'team']), 'labels');
    assert.equal(fieldForIssuePath([]), 'form');
  });

  it('sends a center without the schema defaults, and the schema restores them', () => {
    const built = buildCenterConfig(validForm(), { mode: 'add' });
    assert.ok(built.ok);
    const input = toSaveInput(built.config);
    assert.deepEqual(Object.keys(input), ['id', 'name', 'kind', 'endpoints']);
    assert.deepEqual(centerConfigSchema.parse(input), built.config);
    assert.deepEqual(Object.keys(toSaveInput(full)), ['id', 'name', 'kind', 'region', 'labels', 'ssh', 'endpoints']);
  });

  it('parses labels from lines or commas', () => {
    assert.deepEqual(parseLabels(' team = platform , tier=1\n\nzone=a=b'), { labels: { team: 'platform', tier: '1', zone: 'a=b' }, error: null });
    assert.equal(parseLabels('a=1\na=2').error, 'label "a" appears twice');
  });
});

describe('write-only secrets in the form', () => {
  it('names typed secrets token:/basic:/client-key:<center>-<signal> and ssh-key:<host>, only where typed', () => {
    const form = validForm();
    form.endpoints.metrics.authType = 'token';
    form.endpoints.alerts = { ...form.endpoints.alerts, enabled: true, url: 'http://am:9093', authType: 'basic', username: 'reader', secret: 'existing-entry' };
    form.endpoints.kubernetes = { ...form.endpoints.kubernetes, enabled: true, url: 'https://k8s:6443', authType: 'mtls', certFile: '/c.pem' };
    const hop = newHop({ host: 'bastion.example.com', user: 'ops' });
    form.hops = [hop];
    const pending = new Set([endpointSlot('metrics'), endpointSlot('kubernetes'), hopSlot(hop), endpointSlot('logs')]);
    const { form: named, writes } = assignSecretNames(form, pending);
    assert.deepEqual(
      writes.map((write) => write.key),
      ['ssh-key:bastion.example.com', 'token:lab-metrics', 'client-key:lab-kubernetes'],
    );
    assert.equal(named.endpoints.metrics.secret, 'token:lab-metrics');
    assert.equal(named.endpoints.alerts.secret, 'existing-entry', 'a named entry without a typed value is only referenced');
    assert.equal(named.hops[0]?.key, 'ssh-key:bastion.example.com');
    assert.equal(form.endpoints.metrics.secret, '', 'the input form is not mutated');
    const built = buildCenterConfig(named, { mode: 'add' });
    assert.ok(built.ok, JSON.stringify(!built.ok && built.errors));
    assert.deepEqual(built.config.endpoints.kubernetes?.auth, { type: 'mtls', certFile: '/c.pem', keySecret: 'client-key:lab-kubernetes' });
  });

  it('keeps a typed value under a name the user chose', () => {
    const form = validForm();
    form.endpoints.metrics.authType = 'token';
    form.endpoints.metrics.secret = 'team/prom-reader';
    const { writes } = assignSecretNames(form, new Set([endpointSlot('metrics')]));
    assert.deepEqual(writes.map((write) => write.key), ['team/prom-reader']);
  });

  it('skips secrets of disabled endpoints and auth types without one', () => {
    const form = validForm();
    form.endpoints.metrics.authType = 'sso';
    form.endpoints.alerts.authType = 'token';
    assert.deepEqual(activeSecretSlots(form), []);
    assert.deepEqual(assignSecretNames(form, new Set([endpointSlot('metrics'), endpointSlot('alerts')])).writes, []);
  });
});
