import { z } from 'zod';
import { isRfc3339 } from '../rfc3339.ts';

/**
 * Alertmanager API v2 shapes, from api/v2/openapi.yaml (prometheus/alertmanager):
 * gettableAlert = {labels, annotations, receivers[{name}], fingerprint, startsAt, updatedAt, endsAt,
 * status{state: unprocessed|active|suppressed, silencedBy[], inhibitedBy[]}, generatorURL?}.
 */

const dateTime = z.string().refine(isRfc3339, { error: (issue) => `expected an RFC 3339 date-time, got "${String(issue.input)}"` });
const labelSet = z.record(z.string(), z.string());

export const gettableAlertSchema = z.object({
  labels: labelSet,
  annotations: labelSet,
  receivers: z.array(z.object({ name: z.string() })),
  fingerprint: z.string().min(1),
  startsAt: dateTime,
  updatedAt: dateTime,
  endsAt: dateTime,
  generatorURL: z.string().optional(),
  status: z.object({
    state: z.enum(['unprocessed', 'active', 'suppressed']),
    silencedBy: z.array(z.string()),
    inhibitedBy: z.array(z.string()),
  }),
});
export type GettableAlert = z.output<typeof gettableAlertSchema>;

export const gettableAlertsSchema = z.array(gettableAlertSchema);

export const statusSchema = z.object({
  versionInfo: z.object({ version: z.string() }),
  cluster: z.object({ status: z.string() }),
  uptime: dateTime,
});

/** Alertmanager answers 400/500 with a JSON string (openapi `schema: type: string`). */
export function readAlertmanagerError(body: unknown): string | null {
  return typeof body === 'string' && body.trim() !== '' ? `Alertmanager error: ${body.trim()}` : null;
}
