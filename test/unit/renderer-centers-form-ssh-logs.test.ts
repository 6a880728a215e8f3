import assert from 'node:assert/strict';
import { test } from 'node:test';
import { centerConfigSchema, type CenterConfig } from '../../shared/config/centers-config.ts';
import { activeSecretSlots, buildCenterConfig, centerConfigToForm } from '../../renderer/state/center-form.ts';

const legacy: CenterConfig = centerConfigSchema.parse({
  id: 'legacy-dc',
  name: 'Legacy DC',
  kind: 'on-prem',
  ssh: { hops: [{ host: 'bastion.legacy.example', user: 'ops', key: 'ssh-key:legacy' }] },
  endpoints: {
    metrics: { kind: 'prometheus', url: 'http://10.9.0.5:9090' },
    logs: { kind: 'ssh-journal', units: ['checkout.service', 'nginx.service'], timeoutMs: 5000 },
  },
});

test('an SSH journal endpoint survives the Centers form unchanged: units in, units out, no url or auth', () => {
  const form = centerConfigToForm(legacy);
  assert.equal(form.endpoints.logs.sources, 'checkout.service\nnginx.service');
  assert.equal(form.endpoints.logs.url, '');
  const built = buildCenterConfig(form, { mode: 'edit' });
  assert.ok(built.ok, JSON.stringify(!built.ok && built.errors));
  assert.deepEqual(built.config, legacy);
  assert.deepEqual(activeSecretSlots(form).map((slot) => slot.field), ['ssh.hops.0.key'], 'no endpoint secret is asked for');
});

test('switching logs to ssh-file takes paths; bad paths, a leftover token and a missing route are explained per field', () => {
  const form = centerConfigToForm(legacy);
  form.endpoints.logs = { ...form.endpoints.logs, kind: 'ssh-file', sources: '/var/log/app.log, /var/log/nginx/error.log', authType: 'token', secret: '' };
  const built = buildCenterConfig(form, { mode: 'edit' });
  assert.ok(built.ok, JSON.stringify(!built.ok && built.errors));
  assert.deepEqual(built.config.endpoints.logs, { kind: 'ssh-file', paths: ['/var/log/app.log', '/var/log/nginx/error.log'], timeoutMs: 5000 });

  form.endpoints.logs.sources = 'var/log/app.log';
  const relative = buildCenterConfig(form, { mode: 'edit' });
  assert.ok(!relative.ok);
  assert.match(relative.errors['endpoints.logs.sources'] ?? '', /absolute path/);

  form.endpoints.logs.sources = '';
  const empty = buildCenterConfig(form, { mode: 'edit' });
  assert.ok(!empty.ok);
  assert.match(empty.errors['endpoints.logs.sources'] ?? '', /required for kind ssh-file/);

  const unrouted = centerConfigToForm(legacy);
  unrouted.hops = [];
  const noRoute = buildCenterConfig(unrouted, { mode: 'edit' });
  assert.ok(!noRoute.ok);
  assert.match(noRoute.errors['endpoints.logs.ssh'] ?? '', /reads logs over SSH/);
});
