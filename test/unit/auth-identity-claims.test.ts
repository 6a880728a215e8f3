import assert from 'node:assert/strict';
import { test } from 'node:test';
import { claimValue, identityFromClaims, mergeIdentity, readGroups } from '../../electron/services/auth/identity-claims.ts';

test('groups: arrays of strings kept (deduplicated), a single string accepted, other shapes count as absent', () => {
  assert.deepEqual(readGroups(['sre', 'sre', 42, '', 'oncall']), ['sre', 'oncall']);
  assert.deepEqual(readGroups('admins'), ['admins']);
  assert.deepEqual(readGroups([]), []);
  assert.equal(readGroups(undefined), null);
  assert.equal(readGroups({ sre: true }), null);
});

test('the group claim may be a dotted path (Keycloak realm_access.roles); an exact key wins', () => {
  const claims = { realm_access: { roles: ['viewer', 'admin'] }, 'x.y': ['exact'], x: { y: ['nested'] } };
  assert.deepEqual(identityFromClaims(claims, 'realm_access.roles').groups, ['viewer', 'admin']);
  assert.deepEqual(claimValue(claims, 'x.y'), ['exact']);
  assert.equal(claimValue(claims, 'realm_access.missing'), undefined);
});

test('identity: subject, a display name from name / preferred_username / email, groups', () => {
  assert.deepEqual(identityFromClaims({ sub: 'u1', preferred_username: 'alice', groups: ['sre'] }, 'groups'), { subject: 'u1', name: 'alice', groups: ['sre'] });
  assert.deepEqual(identityFromClaims({ sub: 'u2', email: 'b@example.test' }, 'groups'), { subject: 'u2', name: 'b@example.test', groups: null });
  assert.deepEqual(identityFromClaims(undefined, 'groups'), { subject: null, name: null, groups: null });
});

test('merge: the first source wins, the second fills gaps (ID token, then userinfo)', () => {
  const merged = mergeIdentity({ subject: 'u1', name: null, groups: null }, { subject: 'other', name: 'Alice', groups: ['sre'] });
  assert.deepEqual(merged, { subject: 'u1', name: 'Alice', groups: ['sre'] });
  assert.deepEqual(mergeIdentity({ subject: 'u1', name: 'A', groups: [] }, { subject: null, name: null, groups: ['x'] }).groups, [], 'an empty but present claim is kept');
});
