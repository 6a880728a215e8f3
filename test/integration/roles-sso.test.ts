// The default role from SSO group claims: a real OpenID provider (oidc-provider) and a sign-in through
// the contract, driven in Chromium. Before sign-in the first open role is active; once signed in, the
// role a group of the user grants becomes the default and its scope applies at the contract; a role of
// a group the user lacks stays out of reach; signing out returns to the open roles.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { startCore, type OpsDeskCore } from '../../electron/core.ts';
import { createVault } from '../../electron/services/vault/index.ts';
import type { RoleState } from '../../shared/contract/roles-channels.ts';
import { registerTestSecret } from '../support/secret-ledger.ts';
import { makeTempDir } from '../support/temp-dir.ts';
import { launchLoopbackChromium, type LoopbackChromium } from './support/oidc-browser.ts';
import { startOidcProvider, type OidcTestProvider } from './support/oidc-provider.ts';
import { corpSignInLines, systemBrowserSigningInAs } from './support/oidc-sign-in.ts';

const dir = makeTempDir('roles-sso');
let provider: OidcTestProvider;
let chromium: LoopbackChromium;
let core: OpsDeskCore;

before(async () => {
  provider = await startOidcProvider({
    accounts: { alice: { name: 'Alice Example', groups: ['sre', 'oncall-primary'], roles: [] } },
    accessTokenTtlSeconds: 300,
    devicePolling: { intervalSeconds: 1 },
  });
  chromium = await launchLoopbackChromium();
  const configFile = join(dir.path, 'centers.yaml');
  writeFileSync(
    configFile,
    [
      'version: 1',
      ...corpSignInLines(provider),
      'roles:',
      '  - id: primary-oncall',
      '    name: { en: Primary on-call, ko: 1차 온콜 }',
      '    grouping: [center, node, pod]',
      '    scope: { centers: [seoul-dc] }',
      '    groups: [oncall-primary]',
      '  - id: payments-owner',
      '    name: Payments owner',
      '    grouping: [namespace, workload, pod]',
      '    groups: [payments-team]',
      '',
    ].join('\n'),
  );
  const context = await chromium.newContext();
  core = await startCore({
    dataDir: dir.path,
    configFile,
    version: 'test',
    startSync: false,
    log: () => undefined,
    vault: await createVault({ loadKeytar: async () => null }),
    openBrowser: systemBrowserSigningInAs(context, { login: 'alice', password: 'any-password' }),
  });
});

after(async () => {
  await core?.close();
  await chromium?.close();
  await provider?.stop();
  dir.remove();
});

async function roles(): Promise<RoleState> {
  const result = await core.dispatcher.invoke('roles:list', {});
  assert.ok(result.ok, JSON.stringify(result));
  return result.value as RoleState;
}

test('signed out: the first open role, without the group-bound roles', async () => {
  const state = await roles();
  assert.equal(state.activeRoleId, 'infrastructure');
  assert.equal(state.reason, 'first-permitted');
  assert.ok(!state.roles.some((role) => role.id === 'primary-oncall' || role.id === 'payments-owner'));
});

test('signed in: the role granted by a group claim becomes the default, announced, and its scope applies', async () => {
  const changes: RoleState[] = [];
  const unsubscribe = core.dispatcher.subscribe('roles:onDidChange', (state) => changes.push(state));
  const signIn = await core.dispatcher.invoke('auth:signIn', { profileId: 'corp', method: 'browser' });
  unsubscribe();
  assert.ok(signIn.ok, JSON.stringify(signIn));
  const refresh = await core.vault.get('oidc:corp:refresh');
  if (refresh) registerTestSecret(refresh);

  const state = await roles();
  assert.equal(state.activeRoleId, 'primary-oncall');
  assert.equal(state.reason, 'sso-group');
  assert.equal(state.reasonText, 'granted by SSO group "oncall-primary" (sign-in corp)');
  assert.deepEqual(state.grantedBy, { group: 'oncall-primary', profiles: ['corp'] });
  assert.deepEqual(state.groups, ['oncall-primary', 'sre']);
  assert.ok(state.roles.some((role) => role.id === 'primary-oncall') && !state.roles.some((role) => role.id === 'payments-owner'));
  assert.ok(changes.some((change) => change.activeRoleId === 'primary-oncall'), 'roles:onDidChange told the renderer');

  const outside = await core.dispatcher.invoke('inventory:nodes', { centerIds: ['ohio-region'] });
  assert.ok(!outside.ok && outside.error.code === 'forbidden', JSON.stringify(outside));
  const refused = await core.dispatcher.invoke('roles:select', { roleId: 'payments-owner' });
  assert.ok(!refused.ok && refused.error.code === 'forbidden' && /payments-team; your groups: oncall-primary, sre/.test(refused.error.message), JSON.stringify(refused));
});

test('signing out returns to the open roles', async () => {
  const signOut = await core.dispatcher.invoke('auth:signOut', { profileId: 'corp' });
  assert.ok(signOut.ok, JSON.stringify(signOut));
  const state = await roles();
  assert.equal(state.activeRoleId, 'infrastructure');
  assert.equal(state.reason, 'first-permitted');
});
