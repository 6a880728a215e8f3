import { useCallback, useEffect, useRef } from 'react';
import { create } from 'zustand';
import type { Role, RoleView } from '../../shared/domain/roles.ts';
import { isTypingTarget } from '../components/keyboard-target.ts';
import { useActiveRole, useRoleState, useSelectRole } from '../data/use-roles.ts';
import { useLocale, useT } from '../i18n/locale-store.ts';
import { localized } from '../i18n/translate.ts';
import { useUiStore, type ViewId } from '../state/ui-store.ts';

const viewOfRole: Record<RoleView, ViewId> = { nodes: 'nodes', pods: 'pods', containers: 'containers', services: 'services' };

export function mainViewOf(role: Role): ViewId {
  return viewOfRole[role.mainView];
}

/** The role after `current` in the permitted list, wrapping around. */
export function nextRoleId(roles: readonly Pick<Role, 'id'>[], current: string | undefined): string | undefined {
  if (roles.length === 0) return undefined;
  const index = roles.findIndex((role) => role.id === current);
  return roles[(index + 1) % roles.length]?.id;
}

/**
 * Switches role in place: the view and its selection stay, grouping, columns and panels follow the role.
 * (Moving to the new role's main view would throw away what the user is looking at; `:` jumps there.)
 */
export function useSwitchRole(): (roleId: string) => void {
  const select = useSelectRole();
  return useCallback(
    (roleId: string) => {
      useRoleErrorStore.getState().set(null);
      select(roleId).catch((error: unknown) => useRoleErrorStore.getState().set(error instanceof Error ? error.message : String(error)));
    },
    [select],
  );
}

/** Why the last switch was refused (main answered forbidden or not-found); shown beside the picker. */
const useRoleErrorStore = create<{ message: string | null; set(message: string | null): void }>()((set) => ({
  message: null,
  set: (message) => set({ message }),
}));

/** On the first answer, a role whose main view is not the start view (an SSO default) opens its own. */
function useOpenMainViewOnce(role: Role | null): void {
  const done = useRef(false);
  useEffect(() => {
    if (done.current || !role) return;
    done.current = true;
    const ui = useUiStore.getState();
    if (ui.activeTab === 'nodes' && ui.openedKeys.nodes === null) ui.setActiveTab(mainViewOf(role));
  }, [role]);
}

/** `r` cycles the permitted roles, Alt+1…9 picks one directly. */
function useRoleShortcuts(roles: readonly Role[], activeRoleId: string | undefined, switchRole: (roleId: string) => void): void {
  const latest = useRef({ roles, activeRoleId, switchRole });
  latest.current = { roles, activeRoleId, switchRole };
  useEffect(() => {
    function onKeyDown(event: KeyboardEvent) {
      if (event.defaultPrevented) return;
      const { roles, activeRoleId, switchRole } = latest.current;
      if (event.altKey && !event.ctrlKey && !event.metaKey && /^Digit[1-9]$/.test(event.code)) {
        const role = roles[Number(event.code.slice(5)) - 1];
        if (role) {
          switchRole(role.id);
          event.preventDefault();
        }
        return;
      }
      if (event.key !== 'r' || isTypingTarget(event)) return;
      const next = nextRoleId(roles, activeRoleId);
      if (next && next !== activeRoleId) {
        switchRole(next);
        event.preventDefault();
      }
    }
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, []);
}

function scopeText(role: Role, t: ReturnType<typeof useT>): string | null {
  if (!role.scope.centers && !role.scope.namespaces) return null;
  return t('role.scopeTitle', {
    centers: role.scope.centers?.join(', ') ?? t('role.any'),
    namespaces: role.scope.namespaces?.join(', ') ?? t('role.any'),
  });
}

/** The header's role selector: the permitted roles, why the active one is active, and its scope. */
export function RolePicker() {
  const state = useRoleState();
  const active = useActiveRole();
  const locale = useLocale();
  const t = useT();
  const switchRole = useSwitchRole();
  const roles = state.data?.roles ?? [];
  const error = useRoleErrorStore((store) => store.message);
  useRoleShortcuts(roles, state.data?.activeRoleId, switchRole);
  useOpenMainViewOnce(active);
  if (!state.data || !active) return null;
  const scope = scopeText(active, t);
  return (
    <label className="role-picker" title={`${t('role.switch')}${state.data.reasonText ? ` — ${state.data.reasonText}` : ''}`}>
      <span className="role-picker__label">{t('role.label')}</span>
      <select
        className="role-picker__select"
        value={active.id}
        onChange={(event) => switchRole(event.target.value)}
        data-testid="role-picker"
        data-role={active.id}
        aria-label={t('role.label')}
      >
        {roles.map((role, index) => (
          <option key={role.id} value={role.id}>
            {localized(role.name, locale)}
            {index < 9 ? `  (Alt+${index + 1})` : ''}
          </option>
        ))}
      </select>
      {state.data.reason === 'sso-group' && (
        <span className="role-picker__scope role-picker__scope--sso" title={state.data.reasonText} data-testid="role-sso">
          SSO
        </span>
      )}
      {scope && (
        <span className="role-picker__scope" title={scope} data-testid="role-scope">
          {t('role.scoped')}
        </span>
      )}
      {error && (
        <span className="role-picker__error" role="alert" data-testid="role-error" title={error}>
          {error}
        </span>
      )}
      <span className="visually-hidden" role="status">
        {t('role.switched', { role: localized(active.name, locale) })}
      </span>
    </label>
  );
}
