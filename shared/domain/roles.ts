import { z } from 'zod';
import { panelIds, type PanelId } from '../catalog/promql.ts';

/**
 * A role decides how the console groups what it shows (a server owner by node, an application owner by
 * namespace and workload, a manager by service), which columns and panels come first, and which centers
 * and namespaces its holder may read at all. The scope is enforced in the main process, not only hidden.
 */

/** One grouping level; a role's `grouping` lists them outermost first. */
export const groupingLevelSchema = z.enum(['center', 'cluster', 'node', 'namespace', 'workload', 'pod', 'container', 'service']);
export type GroupingLevel = z.infer<typeof groupingLevelSchema>;

/** The list views a role can open first. */
export const roleViewSchema = z.enum(['nodes', 'pods', 'containers', 'services']);
export type RoleView = z.infer<typeof roleViewSchema>;

/** Column ids each list view knows; a custom role naming another id is a config error. */
export const roleColumnIds = {
  nodes: ['name', 'center', 'roles', 'ready', 'cpu', 'memory', 'kubelet', 'age'],
  pods: ['namespace', 'name', 'center', 'node', 'phase', 'qos', 'restarts', 'ready', 'age', 'reason'],
  containers: ['namespace', 'pod', 'name', 'center', 'state', 'last', 'restarts', 'image', 'requests', 'limits'],
  services: ['name', 'center', 'namespace', 'availability', 'errorRate', 'latencyP95', 'requests', 'errors'],
} as const satisfies Record<RoleView, readonly string[]>;

/** Panels a role can put first: the PromQL catalog's charts plus the derived panels. */
export const derivedPanelIds = ['summary', 'events', 'logs', 'pending-analysis', 'service-health'] as const;
export type DerivedPanelId = (typeof derivedPanelIds)[number];
export type RolePanelId = PanelId | DerivedPanelId;
export const rolePanelIds: readonly RolePanelId[] = [...panelIds, ...derivedPanelIds];
export const rolePanelIdSchema = z.string().refine((value): value is RolePanelId => (rolePanelIds as readonly string[]).includes(value), {
  message: `unknown panel; one of ${[...panelIds, ...derivedPanelIds].join(', ')}`,
});

export const localizedTextSchema = z.object({ ko: z.string().min(1), en: z.string().min(1) }).strict();
export type LocalizedText = z.infer<typeof localizedTextSchema>;

/** Absent lists mean no restriction; an empty list is refused in config (it would show nothing). */
export const roleScopeSchema = z
  .object({
    centers: z.array(z.string().min(1)).min(1).optional(),
    namespaces: z.array(z.string().min(1)).min(1).optional(),
  })
  .strict();
export type RoleScope = z.infer<typeof roleScopeSchema>;

export const roleColumnsSchema = z
  .object({
    nodes: z.array(z.string()).optional(),
    pods: z.array(z.string()).optional(),
    containers: z.array(z.string()).optional(),
    services: z.array(z.string()).optional(),
  })
  .strict();
export type RoleColumns = z.infer<typeof roleColumnsSchema>;

export const roleSchema = z.object({
  id: z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'role id: lowercase letters, digits and dashes'),
  name: localizedTextSchema,
  description: localizedTextSchema.optional(),
  source: z.enum(['built-in', 'config']),
  /** The view the role opens on. */
  mainView: roleViewSchema,
  grouping: z.array(groupingLevelSchema).min(1).max(5),
  /** Default visible columns per view, in order; a view not named keeps its own defaults. */
  columns: roleColumnsSchema,
  /** Panels shown first in detail panes, in order. */
  panels: z.array(rolePanelIdSchema),
  scope: roleScopeSchema,
  /** SSO group claims that grant this role; empty means everyone (signed in or not, the demo too). */
  groups: z.array(z.string().min(1)),
});
export type Role = z.infer<typeof roleSchema>;

/** Ids of the roles every desk has (defined in resources/roles); config may tie them to SSO groups. */
export const builtInRoleIds = ['infrastructure', 'application-owner', 'service-manager'] as const;
export type BuiltInRoleId = (typeof builtInRoleIds)[number];

/** The view a grouping opens on when a custom role does not name one. */
export function mainViewForGrouping(grouping: readonly GroupingLevel[]): RoleView {
  const first = grouping[0];
  if (first === 'service') return 'services';
  if (first === 'center' || first === 'cluster' || first === 'node') return grouping.includes('node') ? 'nodes' : 'pods';
  if (first === 'container') return 'containers';
  return 'pods';
}

/** Why a role is the active one. */
export const roleSelectionReasonSchema = z.enum(['selected', 'sso-group', 'first-permitted']);
export type RoleSelectionReason = z.infer<typeof roleSelectionReasonSchema>;

export function isUnrestricted(scope: RoleScope): boolean {
  return scope.centers === undefined && scope.namespaces === undefined;
}

export function centerInScope(scope: RoleScope, centerId: string): boolean {
  return scope.centers === undefined || scope.centers.includes(centerId);
}

export function namespaceInScope(scope: RoleScope, namespace: string): boolean {
  return scope.namespaces === undefined || scope.namespaces.includes(namespace);
}

/** A role with no groups is open to everyone; otherwise one of the user's groups must grant it. */
export function rolePermitted(role: Pick<Role, 'groups'>, userGroups: readonly string[]): boolean {
  return role.groups.length === 0 || role.groups.some((group) => userGroups.includes(group));
}

/** A role granted by one of the user's groups (not merely open to all); the SSO default. */
export function roleGrantedByGroup(role: Pick<Role, 'groups'>, userGroups: readonly string[]): string | null {
  return role.groups.find((group) => userGroups.includes(group)) ?? null;
}
