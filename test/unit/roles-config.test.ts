// Custom roles in centers.yaml: the format, and every mistake named by file, line, column and field.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ConfigError, parseCentersConfig } from '../../electron/services/centers/config-file.ts';
import { roleFromConfig } from '../../shared/config/roles-config.ts';

const file = '/etc/opsdesk/centers.yaml';

function problems(text: string): string[] {
  try {
    parseCentersConfig(text, file);
  } catch (error) {
    assert.ok(error instanceof ConfigError, String(error));
    return error.issues.map((issue) => `${issue.line}:${issue.column} ${issue.field}: ${issue.message}`);
  }
  assert.fail('the config loaded');
}

test('a custom role with grouping, columns, panels, scope and groups becomes a Role', () => {
  const { config } = parseCentersConfig(
    `version: 1
roles:
  - id: payments-owner
    name: { en: Payments owner, ko: 결제 담당 }
    grouping: [namespace, workload, pod, container]
    columns:
      pods: [name, phase, restarts, age]
    panels: [summary, pod.memory, logs]
    scope: { centers: [seoul-dc], namespaces: [payments, payments-batch] }
    groups: [payments-team]
  - id: night-shift
    name: Night shift
    grouping: [center, node]
roleGroups:
  infrastructure: [ops-sre]
`,
    file,
  );
  assert.deepEqual(roleFromConfig(config.roles[0]!), {
    id: 'payments-owner',
    name: { en: 'Payments owner', ko: '결제 담당' },
    source: 'config',
    mainView: 'pods',
    grouping: ['namespace', 'workload', 'pod', 'container'],
    columns: { pods: ['name', 'phase', 'restarts', 'age'] },
    panels: ['summary', 'pod.memory', 'logs'],
    scope: { centers: ['seoul-dc'], namespaces: ['payments', 'payments-batch'] },
    groups: ['payments-team'],
  });
  const night = roleFromConfig(config.roles[1]!);
  assert.deepEqual(night.name, { en: 'Night shift', ko: 'Night shift' });
  assert.equal(night.mainView, 'nodes');
  assert.deepEqual(night.scope, {});
  assert.deepEqual(config.roleGroups, { infrastructure: ['ops-sre'] });
});

test('unknown columns, panels and levels, duplicates and built-in ids are named with line and field', () => {
  const found = problems(`version: 1
roles:
  - id: app
    name: App
    grouping: [namespace, pods]
    columns:
      pods: [name, colour]
    panels: [summary, pod.disk]
  - id: app
    name: Again
    grouping: [namespace, namespace]
  - id: infrastructure
    name: Mine
    grouping: [node]
`);
  assert.deepEqual(found, [
    '5:27 roles[0].grouping[1]: Invalid option: expected one of "center"|"cluster"|"node"|"namespace"|"workload"|"pod"|"container"|"service"',
    '8:23 roles[0].panels[1]: unknown panel; one of node.cpu, node.memory, node.network, node.disk, pod.cpu, pod.memory, pod.network, pod.restarts, container.cpu, container.memory, container.restarts, summary, events, logs, pending-analysis, service-health',
  ]);
  // Cross-field checks run once the shapes are right.
  const second = problems(`version: 1
roles:
  - id: app
    name: App
    grouping: [namespace, pod]
    columns:
      pods: [name, colour]
  - id: app
    name: Again
    grouping: [namespace, namespace]
  - id: infrastructure
    name: Mine
    grouping: [node]
`);
  assert.deepEqual(second, [
    '7:20 roles[0].columns.pods[1]: unknown pods column "colour"; one of namespace, name, center, node, phase, qos, restarts, ready, age, reason',
    '8:9 roles[1].id: duplicate role id "app" (also roles[0])',
    '10:27 roles[1].grouping[1]: grouping level "namespace" appears twice',
    '11:9 roles[2].id: "infrastructure" is a built-in role; choose another id (tie built-ins to SSO groups under roleGroups)',
  ]);
});

test('scope: empty lists, unknown centers and unknown fields are refused', () => {
  const found = problems(`version: 1
centers:
  - id: seoul-dc
    name: Seoul DC
    kind: on-prem
roles:
  - id: shop
    name: Shop
    grouping: [namespace, pod]
    scope: { centers: [ohio-region], namespaces: [shop] }
  - id: nobody
    name: Nobody
    grouping: [pod]
    scope: { namespaces: [] }
    owner: me
roleGroups:
  auditor: [x]
`);
  assert.deepEqual(found, [
    '14:26 roles[1].scope.namespaces: Too small: expected array to have >=1 items',
    '15:5 roles[1].owner: unknown field "owner"',
    '17:3 roleGroups.auditor: unknown field "auditor"',
    '10:24 roles[0].scope.centers[0]: no center "ohio-region" under centers',
  ]);
  const centers = problems(`version: 1
centers:
  - id: seoul-dc
    name: Seoul DC
    kind: on-prem
roles:
  - id: shop
    name: Shop
    grouping: [namespace, pod]
    scope: { centers: [ohio-region], namespaces: [shop] }
`);
  assert.deepEqual(centers, ['10:24 roles[0].scope.centers[0]: no center "ohio-region" under centers']);
});
