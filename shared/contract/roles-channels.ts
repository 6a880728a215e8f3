import { z } from 'zod';
import { pendingPodDiagnosisSchema } from '../analysis/diagnosis-schema.ts';
import { serviceHealthSchema } from '../analysis/service-health-schema.ts';
import { roleSchema, roleSelectionReasonSchema } from '../domain/roles.ts';
import { timeRangeInputSchema } from '../time/range.ts';

/**
 * Roles, scoped access, service health and pending-pod analysis (issue #5).
 * Import schemas from shared/domain or shared/config, never from channels.ts (it imports this file).
 * Summaries need no channel: shared/summaries builds them from the records the renderer already has.
 */

/** The roles this user may take, the active one, and why it is active. */
export const roleStateSchema = z.object({
  /** Only the roles permitted to the user (open ones and those their SSO groups grant), built-ins first. */
  roles: z.array(roleSchema),
  activeRoleId: z.string(),
  reason: roleSelectionReasonSchema,
  /** e.g. `granted by SSO group "ops-sre" (sign-in corp)`, in English; views localize from `reason` and `grantedBy`. */
  reasonText: z.string(),
  /** With reason `sso-group`: the group that granted the active role and the sign-in profiles that carry it. */
  grantedBy: z.object({ group: z.string(), profiles: z.array(z.string()) }).nullable().optional(),
  /** The groups of every signed-in session, merged. */
  groups: z.array(z.string()),
});
export type RoleState = z.infer<typeof roleStateSchema>;

const centerIds = z.array(z.string().min(1)).max(500).default([]);

export const roleChannels = {
  'roles:list': { input: z.object({}).strict(), output: roleStateSchema },
  /** Refused with `forbidden` when the role is not permitted to this user, `not-found` when unknown. */
  'roles:select': { input: z.object({ roleId: z.string().min(1) }).strict(), output: roleStateSchema },
  /** Per service availability, error rate and latency from cached spans, logs and alerts, within the role's scope. */
  'roles:serviceHealth': {
    input: z.object({ centerIds, range: timeRangeInputSchema }).strict(),
    output: z.array(serviceHealthSchema),
  },
  /** Every Pending pod in scope with the scheduler's reasons mapped to suggestions. */
  'analysis:pending': {
    input: z.object({ centerIds, namespace: z.string().optional() }).strict(),
    output: z.array(pendingPodDiagnosisSchema),
  },
} as const satisfies Record<string, { input: z.ZodType; output: z.ZodType }>;

export const roleEvents = {
  /** The active role or the permitted roles changed (selection, sign-in, config reload). */
  'roles:onDidChange': { payload: roleStateSchema },
} as const satisfies Record<string, { payload: z.ZodType }>;
