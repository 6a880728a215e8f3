import { z } from 'zod';
import {
  builtInRoleIds,
  groupingLevelSchema,
  localizedTextSchema,
  mainViewForGrouping,
  roleColumnIds,
  roleColumnsSchema,
  rolePanelIdSchema,
  roleSchema,
  roleScopeSchema,
  roleViewSchema,
  type Role,
  type RoleView,
} from '../domain/roles.ts';

export { builtInRoleIds };

/** A plain string names the role in both languages. */
const textConfigSchema = z.union([z.string().min(1), localizedTextSchema]);

/**
 * A custom role in centers.yaml:
 *
 * ```yaml
 * roles:
 *   - id: payments-owner
 *     name: { en: Payments owner, ko: 결제 담당 }
 *     grouping: [namespace, workload, pod, container]
 *     columns: { pods: [name, phase, restarts, age] }
 *     panels: [summary, pod.memory, logs]
 *     scope: { centers: [seoul-dc], namespaces: [payments] }
 *     groups: [payments-team]
 * ```
 */
export const customRoleConfigSchema = z
  .object({
    id: roleSchema.shape.id,
    name: textConfigSchema,
    description: textConfigSchema.optional(),
    mainView: roleViewSchema.optional(),
    grouping: z.array(groupingLevelSchema).min(1).max(5),
    columns: roleColumnsSchema.default({}),
    panels: z.array(rolePanelIdSchema).default([]),
    scope: roleScopeSchema.default({}),
    groups: z.array(z.string().min(1)).default([]),
  })
  .strict();
export type CustomRoleConfig = z.output<typeof customRoleConfigSchema>;

interface RolesConfigPart {
  centers: ReadonlyArray<{ id: string }>;
  roles: readonly CustomRoleConfig[];
}

/** Problems zod cannot see alone: duplicates, clashes with built-ins, unknown columns and centers. */
export function validateCustomRoles(config: RolesConfigPart, context: z.RefinementCtx): void {
  const seen = new Map<string, number>();
  const knownCenters = new Set(config.centers.map((center) => center.id));
  config.roles.forEach((role, index) => {
    const at = (...path: Array<string | number>) => ['roles', index, ...path];
    if ((builtInRoleIds as readonly string[]).includes(role.id)) {
      context.addIssue({ code: 'custom', path: at('id'), message: `"${role.id}" is a built-in role; choose another id (tie built-ins to SSO groups under roleGroups)` });
    }
    const first = seen.get(role.id);
    if (first !== undefined) context.addIssue({ code: 'custom', path: at('id'), message: `duplicate role id "${role.id}" (also roles[${first}])` });
    else seen.set(role.id, index);
    role.grouping.forEach((level, levelIndex) => {
      if (role.grouping.indexOf(level) !== levelIndex) context.addIssue({ code: 'custom', path: at('grouping', levelIndex), message: `grouping level "${level}" appears twice` });
    });
    for (const [view, columns] of Object.entries(role.columns) as Array<[RoleView, string[] | undefined]>) {
      const known: readonly string[] = roleColumnIds[view];
      (columns ?? []).forEach((column, columnIndex) => {
        if (!known.includes(column)) {
          context.addIssue({ code: 'custom', path: at('columns', view, columnIndex), message: `unknown ${view} column "${column}"; one of ${known.join(', ')}` });
        }
      });
    }
    // Without configured centers the demo runs; its center ids are not known here.
    if (knownCenters.size > 0) {
      (role.scope.centers ?? []).forEach((centerId, centerIndex) => {
        if (!knownCenters.has(centerId)) context.addIssue({ code: 'custom', path: at('scope', 'centers', centerIndex), message: `no center "${centerId}" under centers` });
      });
    }
  });
}

function localized(text: string | { en: string; ko: string }): { en: string; ko: string } {
  return typeof text === 'string' ? { en: text, ko: text } : text;
}

/** The Role a validated config entry describes. */
export function roleFromConfig(config: CustomRoleConfig): Role {
  return {
    id: config.id,
    name: localized(config.name),
    ...(config.description ? { description: localized(config.description) } : {}),
    source: 'config',
    mainView: config.mainView ?? mainViewForGrouping(config.grouping),
    grouping: config.grouping,
    columns: config.columns,
    panels: config.panels,
    scope: config.scope,
    groups: config.groups,
  };
}
