import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { builtInRoles } from '../../../resources/roles/built-in-roles.ts';
import type { CentersConfig } from '../../../shared/config/centers-config.ts';
import { roleFromConfig } from '../../../shared/config/roles-config.ts';
import type { RoleState } from '../../../shared/contract/roles-channels.ts';
import { ApiFailure } from '../../../shared/contract/result.ts';
import { roleGrantedByGroup, rolePermitted, type BuiltInRoleId, type Role } from '../../../shared/domain/roles.ts';

/** What the role service needs to know about sign-in: each signed-in session's groups. */
export interface RoleSessionSource {
  sessions(): ReadonlyArray<{ profileId: string; state: string; groups: readonly string[] }>;
}

export interface RoleServiceOptions {
  roleConfig: () => Pick<CentersConfig, 'roles' | 'roleGroups'>;
  sessions: () => RoleSessionSource;
  /** Where the user's last explicit choice is remembered across launches; null keeps it in memory. */
  dataDir: string | null;
  onDidChange?: (state: RoleState) => void;
}

export const roleSelectionFileName = 'role-selection.json';

/** Every role the desk knows: built-ins (with their configured groups) first, then custom roles. */
export function allRoles(config: Pick<CentersConfig, 'roles' | 'roleGroups'>): Role[] {
  const builtIns = builtInRoles.map((role) => {
    const groups = config.roleGroups[role.id as BuiltInRoleId];
    return groups ? { ...role, groups: [...groups] } : role;
  });
  return [...builtIns, ...config.roles.map(roleFromConfig)];
}

interface GroupSource {
  group: string;
  profileId: string;
}

/**
 * Which role is active and which the user may take. The default is the first role one of the user's
 * SSO groups grants, else the first permitted role; an explicit choice wins while it stays permitted.
 */
export class RoleService {
  private chosenRoleId: string | null = null;
  private lastKey = '';

  constructor(private readonly options: RoleServiceOptions) {
    this.chosenRoleId = this.readChoice();
    this.lastKey = this.stateKey();
  }

  /** The state as text for change detection; a state that cannot be had (no permitted role) is its message. */
  private stateKey(): string {
    try {
      return JSON.stringify(this.state());
    } catch (error) {
      return `error: ${error instanceof Error ? error.message : String(error)}`;
    }
  }

  state(): RoleState {
    const roles = allRoles(this.options.roleConfig());
    const groupSources = this.groupSources();
    const groups = [...new Set(groupSources.map((source) => source.group))].sort();
    const permitted = roles.filter((role) => rolePermitted(role, groups));
    const chosen = permitted.find((role) => role.id === this.chosenRoleId);
    if (chosen) return { roles: permitted, activeRoleId: chosen.id, reason: 'selected', reasonText: `selected by you`, grantedBy: null, groups };
    for (const role of permitted) {
      const group = roleGrantedByGroup(role, groups);
      if (group !== null) {
        const profiles = [...new Set(groupSources.filter((source) => source.group === group).map((source) => source.profileId))];
        return {
          roles: permitted,
          activeRoleId: role.id,
          reason: 'sso-group',
          reasonText: `granted by SSO group "${group}" (sign-in ${profiles.join(', ')})`,
          grantedBy: { group, profiles },
          groups,
        };
      }
    }
    const first = permitted[0];
    if (!first) throw new ApiFailure('forbidden', 'no role is permitted to you: every role names SSO groups you are not in; sign in or ask for a role in centers.yaml');
    const why = groups.length === 0 ? 'no SSO groups (not signed in)' : `none of your SSO groups (${groups.join(', ')}) grants a role`;
    return { roles: permitted, activeRoleId: first.id, reason: 'first-permitted', reasonText: `first role open to you; ${why}`, grantedBy: null, groups };
  }

  activeRole(): Role {
    const state = this.state();
    const role = state.roles.find((candidate) => candidate.id === state.activeRoleId);
    if (!role) throw new ApiFailure('internal', 'the active role vanished');
    return role;
  }

  select(roleId: string): RoleState {
    const roles = allRoles(this.options.roleConfig());
    const role = roles.find((candidate) => candidate.id === roleId);
    if (!role) throw new ApiFailure('not-found', `no role "${roleId}"; roles: ${roles.map((candidate) => candidate.id).join(', ')}`);
    const groups = this.groupSources().map((source) => source.group);
    if (!rolePermitted(role, groups)) {
      throw new ApiFailure('forbidden', `role "${roleId}" needs one of the SSO groups ${role.groups.join(', ')}; your groups: ${groups.length ? [...new Set(groups)].sort().join(', ') : 'none (not signed in)'}`);
    }
    this.chosenRoleId = roleId;
    this.writeChoice(roleId);
    return this.refresh();
  }

  /** Re-evaluate after sign-in or config changes; tells listeners only when something changed. */
  refresh(): RoleState {
    const state = this.state();
    const key = JSON.stringify(state);
    if (key !== this.lastKey) {
      this.lastKey = key;
      this.options.onDidChange?.(state);
    }
    return state;
  }

  private groupSources(): GroupSource[] {
    return this.options
      .sessions()
      .sessions()
      .filter((session) => session.state === 'signed-in')
      .flatMap((session) => session.groups.map((group) => ({ group, profileId: session.profileId })));
  }

  private readChoice(): string | null {
    if (!this.options.dataDir) return null;
    const file = join(this.options.dataDir, roleSelectionFileName);
    if (!existsSync(file)) return null;
    try {
      const parsed = JSON.parse(readFileSync(file, 'utf8')) as { roleId?: unknown };
      return typeof parsed.roleId === 'string' ? parsed.roleId : null;
    } catch {
      // A damaged choice file only loses the choice; the default role applies.
      return null;
    }
  }

  private writeChoice(roleId: string): void {
    if (!this.options.dataDir) return;
    const file = join(this.options.dataDir, roleSelectionFileName);
    const temporary = `${file}.${process.pid}.tmp`;
    writeFileSync(temporary, `${JSON.stringify({ roleId })}\n`, { mode: 0o600 });
    renameSync(temporary, file);
  }
}
