// Which role is active: SSO groups choose the default, else the first open role; only permitted
// roles can be selected; the choice survives a restart and yields when it stops being permitted.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { parseCentersConfig } from '../../electron/services/centers/config-file.ts';
import { RoleService, roleSelectionFileName, type RoleSessionSource } from '../../electron/services/roles/role-service.ts';
import type { RoleState } from '../../shared/contract/roles-channels.ts';
import { ApiFailure } from '../../shared/contract/result.ts';
import { makeTempDir } from '../support/temp-dir.ts';

const roleConfig = parseCentersConfig(
  `version: 1
roles:
  - id: payments-owner
    name: Payments owner
    grouping: [namespace, workload, pod, container]
    scope: { namespaces: [payments] }
    groups: [payments-team]
  - id: auditors
    name: Auditors
    grouping: [center, node]
    groups: [audit]
roleGroups:
  service-manager: [managers]
`,
  'centers.yaml',
).config;

function sessions(...list: Array<{ profileId: string; state: string; groups: string[] }>): { source: RoleSessionSource; list: typeof list } {
  return { source: { sessions: () => list }, list };
}

test('not signed in: the first open role, and roles that name groups are not offered', () => {
  const service = new RoleService({ roleConfig: () => roleConfig, sessions: () => sessions().source, dataDir: null });
  const state = service.state();
  assert.deepEqual(state.roles.map((role) => role.id), ['infrastructure', 'application-owner']);
  assert.equal(state.activeRoleId, 'infrastructure');
  assert.equal(state.reason, 'first-permitted');
  assert.match(state.reasonText, /no SSO groups \(not signed in\)/);
  assert.throws(() => service.select('payments-owner'), (error: unknown) => error instanceof ApiFailure && error.code === 'forbidden' && /needs one of the SSO groups payments-team; your groups: none/.test(error.message));
  assert.throws(() => service.select('nope'), (error: unknown) => error instanceof ApiFailure && error.code === 'not-found');
});

test("signed in: the first role one of the user's groups grants is the default, with the group and profile named", () => {
  const { source } = sessions({ profileId: 'corp', state: 'signed-in', groups: ['staff', 'payments-team'] }, { profileId: 'old', state: 'needs-sign-in', groups: ['audit'] });
  const service = new RoleService({ roleConfig: () => roleConfig, sessions: () => source, dataDir: null });
  const state = service.state();
  assert.equal(state.activeRoleId, 'payments-owner');
  assert.equal(state.reason, 'sso-group');
  assert.equal(state.reasonText, 'granted by SSO group "payments-team" (sign-in corp)');
  assert.deepEqual(state.groups, ['payments-team', 'staff'], 'groups of sessions that need sign-in again do not count');
  assert.deepEqual(state.roles.map((role) => role.id), ['infrastructure', 'application-owner', 'payments-owner']);
  assert.deepEqual(service.activeRole().scope, { namespaces: ['payments'] });
});

test('a selection persists across restarts, is announced once, and yields when no longer permitted', () => {
  const dir = makeTempDir('roles');
  try {
    const current = sessions({ profileId: 'corp', state: 'signed-in', groups: ['managers'] });
    const announced: RoleState[] = [];
    const first = new RoleService({ roleConfig: () => roleConfig, sessions: () => current.source, dataDir: dir.path, onDidChange: (state) => announced.push(state) });
    assert.equal(first.state().activeRoleId, 'service-manager', 'roleGroups ties a built-in to a group');
    const selected = first.select('application-owner');
    assert.equal(selected.reason, 'selected');
    assert.equal(announced.length, 1);
    first.refresh();
    assert.equal(announced.length, 1, 'no change, no event');

    const second = new RoleService({ roleConfig: () => roleConfig, sessions: () => current.source, dataDir: dir.path });
    assert.equal(second.state().activeRoleId, 'application-owner');

    // The choice names a role the user loses: the default takes over.
    second.select('service-manager');
    current.list[0]!.groups = [];
    assert.equal(second.state().activeRoleId, 'infrastructure');
    assert.equal(second.state().reason, 'first-permitted');

    writeFileSync(join(dir.path, roleSelectionFileName), '{not json');
    assert.equal(new RoleService({ roleConfig: () => roleConfig, sessions: () => current.source, dataDir: dir.path }).state().activeRoleId, 'infrastructure', 'a damaged choice file only loses the choice');
  } finally {
    dir.remove();
  }
});

test('when every role names groups the user lacks, the answer says why', () => {
  const closed = parseCentersConfig('version: 1\nroleGroups:\n  infrastructure: [a]\n  application-owner: [b]\n  service-manager: [c]\n', 'centers.yaml').config;
  const service = new RoleService({ roleConfig: () => closed, sessions: () => sessions().source, dataDir: null });
  assert.throws(() => service.state(), (error: unknown) => error instanceof ApiFailure && error.code === 'forbidden' && /no role is permitted to you/.test(error.message));
});
