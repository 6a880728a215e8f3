// SSH log endpoints in centers.yaml: kinds ssh-journal (units) and ssh-file (paths), routed through
// the center's SSH hops; every mistake names file, line and field like the rest of the config.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ConfigError, parseCentersConfig } from '../../electron/services/centers/config-file.ts';

const file = '/etc/opsdesk/centers.yaml';

function config(logs: string[], options: { centerSsh?: boolean } = {}): string {
  return [
    'version: 1',
    'centers:',
    '  - id: legacy-dc',
    '    name: Legacy DC',
    '    kind: on-prem',
    ...(options.centerSsh === false
      ? []
      : ['    ssh:', '      hops:', '        - { host: bastion.legacy.example, user: oncall, key: "ssh-key:legacy" }', '        - { host: 10.9.0.7, port: 2222, user: "log reader" }']),
    '    endpoints:',
    '      logs:',
    ...logs.map((line) => `        ${line}`),
    '',
  ].join('\n');
}

function issuesOf(text: string) {
  try {
    parseCentersConfig(text, file);
  } catch (error) {
    assert.ok(error instanceof ConfigError, String(error));
    return error.issues;
  }
  assert.fail('expected a ConfigError');
}

test('ssh-journal and ssh-file become log endpoints on the last hop of the center route', () => {
  const journal = parseCentersConfig(config(['kind: ssh-journal', 'units: [checkout.service, "sshd.service"]']), file).centers[0]!.endpoints[0]!;
  assert.equal(journal.kind, 'ssh-journal');
  assert.equal(journal.signal, 'logs');
  assert.deepEqual(journal.sshLogs, { source: 'journal', units: ['checkout.service', 'sshd.service'] });
  assert.equal(journal.url, 'ssh://log%20reader@10.9.0.7:2222', 'the log host is the last hop');
  assert.equal(journal.ssh?.hops.length, 2);
  const whole = parseCentersConfig(config(['kind: ssh-journal']), file).centers[0]!.endpoints[0]!;
  assert.deepEqual(whole.sshLogs, { source: 'journal', units: [] }, 'no units: the whole journal');
  const files = parseCentersConfig(config(['kind: ssh-file', 'paths: [/var/log/app.log, /var/log/nginx/error.log]', 'timeoutMs: 5000']), file).centers[0]!.endpoints[0]!;
  assert.deepEqual(files.sshLogs, { source: 'file', paths: ['/var/log/app.log', '/var/log/nginx/error.log'] });
  assert.equal(files.timeoutMs, 5000);
  const ownRoute = parseCentersConfig(
    config(['kind: ssh-file', 'paths: [/var/log/app.log]', 'ssh: { hops: [{ host: "::1", user: oncall }] }'], { centerSsh: false }),
    file,
  ).centers[0]!.endpoints[0]!;
  assert.equal(ownRoute.url, 'ssh://oncall@[::1]:22');
});

test('each mistake in an SSH log endpoint names file, line and field', () => {
  const cases: Array<{ logs: string[]; centerSsh?: boolean; field: string; line: number; message: RegExp }> = [
    { logs: ['kind: ssh-file'], field: 'centers[0].endpoints.logs.paths', line: 12, message: /required for kind ssh-file/ },
    { logs: ['kind: ssh-journal', 'url: http://loki:3100'], field: 'centers[0].endpoints.logs.url', line: 13, message: /takes no url/ },
    { logs: ['kind: ssh-journal', 'paths: [/var/log/x.log]'], field: 'centers[0].endpoints.logs.paths', line: 13, message: /ssh-file/ },
    { logs: ['kind: ssh-file', 'paths: [/var/log/x.log]', 'units: [a.service]'], field: 'centers[0].endpoints.logs.units', line: 14, message: /ssh-journal/ },
    { logs: ['kind: ssh-journal', 'units: ["-boot.service"]'], field: 'centers[0].endpoints.logs.units[0]', line: 13, message: /cannot start with "-"/ },
    { logs: ['kind: ssh-journal', 'units: ["a b.service"]'], field: 'centers[0].endpoints.logs.units[0]', line: 13, message: /systemd unit name/ },
    { logs: ['kind: ssh-file', 'paths: [var/log/app.log]'], field: 'centers[0].endpoints.logs.paths[0]', line: 13, message: /absolute path/ },
    { logs: ['kind: ssh-journal', 'auth: { type: token, secret: "x" }'], field: 'centers[0].endpoints.logs.auth', line: 13, message: /SSH route's key/ },
    { logs: ['kind: ssh-journal', 'ssh: none'], field: 'centers[0].endpoints.logs.ssh', line: 13, message: /needs an SSH route/ },
    { logs: ['kind: ssh-journal'], centerSsh: false, field: 'centers[0].endpoints.logs.kind', line: 8, message: /give the center an ssh route/ },
    { logs: ['kind: loki'], field: 'centers[0].endpoints.logs.url', line: 12, message: /required for kind loki/ },
    { logs: ['kind: loki', 'url: http://loki:3100', 'units: [a.service]'], field: 'centers[0].endpoints.logs.units', line: 14, message: /only kind ssh-journal/ },
  ];
  for (const { logs, centerSsh, field, line, message } of cases) {
    const issues = issuesOf(config(logs, centerSsh === undefined ? {} : { centerSsh }));
    const issue = issues.find((candidate) => candidate.field === field);
    assert.ok(issue, `${logs.join('; ')}: expected an issue at ${field}, got ${JSON.stringify(issues.map((i) => [i.field, i.message]))}`);
    assert.equal(issue.file, file);
    assert.equal(issue.line, line, `${field}: ${issue.message}`);
    assert.match(issue.message, message);
  }
});
