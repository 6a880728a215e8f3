import { z } from 'zod';
import { epochMs } from './records.ts';

/**
 * Incidents and their timelines (issue #6). One shape for the service, the views, every exporter and the pack.
 * Times are epoch ms (UTC); the views render them in the desk's time zone with UTC beside it.
 */

export const incidentSeveritySchema = z.enum(['critical', 'high', 'medium', 'low']);
export type IncidentSeverity = z.infer<typeof incidentSeveritySchema>;

export const incidentStatusSchema = z.enum(['open', 'mitigated', 'resolved', 'closed']);
export type IncidentStatus = z.infer<typeof incidentStatusSchema>;

export const incidentIdSchema = z.string().regex(/^inc-[0-9a-z]{6,32}$/, 'an incident id like inc-01hx…');

export const incidentSchema = z.object({
  id: incidentIdSchema,
  title: z.string().min(1).max(200),
  severity: incidentSeveritySchema,
  status: incidentStatusSchema,
  owner: z.string().max(200).nullable(),
  centerIds: z.array(z.string().min(1)).max(100),
  services: z.array(z.string().min(1)).max(200),
  /** The window whose data is pinned in the cache; extendable, never shrunk below what the timeline cites. */
  window: z.object({ fromMs: epochMs, toMs: epochMs }),
  /** What it was created from: by hand, a firing alert (fingerprint), or a selection in a view. */
  origin: z.discriminatedUnion('type', [
    z.object({ type: z.literal('manual') }),
    z.object({ type: z.literal('alert'), centerId: z.string(), fingerprint: z.string(), alertName: z.string() }),
    z.object({ type: z.literal('selection'), view: z.string(), description: z.string().max(500) }),
  ]),
  summary: z.string().max(20_000).default(''),
  impact: z.string().max(20_000).default(''),
  rootCause: z.string().max(20_000).default(''),
  actions: z.string().max(20_000).default(''),
  createdAt: epochMs,
  updatedAt: epochMs,
  /** Set when the incident came from an imported pack: it is read-only. */
  imported: z
    .object({ packSha256: z.string().regex(/^[0-9a-f]{64}$/), signer: z.string(), signerKeyId: z.string(), signedAt: epochMs, trusted: z.boolean() })
    .nullable()
    .default(null),
});
export type Incident = z.infer<typeof incidentSchema>;

export const timelineSourceSchema = z.enum([
  'alert', // firing and resolving
  'kube-event', // OOMKilled, BackOff, FailedScheduling, Killing, Pulled…
  'rollout', // ReplicaSet / Deployment revision changes
  'log-burst', // a change in error-log rate, not every line
  'trace-errors', // a spike in error spans
  'audit', // sign-ins and console actions
  'note', // typed by the engineer (Markdown)
]);
export type TimelineSource = z.infer<typeof timelineSourceSchema>;

/** A link from an entry to the cached records behind it (every number in an entry is traceable to one). */
export const recordRefSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('alert'), centerId: z.string(), fingerprint: z.string() }),
  z.object({ kind: z.literal('kube-event'), centerId: z.string(), uid: z.string() }),
  z.object({ kind: z.literal('log-line'), lineId: z.string() }),
  z.object({ kind: z.literal('logs'), centerId: z.string(), namespace: z.string().nullable(), pod: z.string().nullable(), fromMs: epochMs, toMs: epochMs }),
  z.object({ kind: z.literal('trace'), traceId: z.string() }),
  z.object({ kind: z.literal('pod'), centerId: z.string(), namespace: z.string(), name: z.string() }),
  z.object({ kind: z.literal('node'), centerId: z.string(), name: z.string() }),
  z.object({ kind: z.literal('audit'), auditId: z.string() }),
]);
export type RecordRef = z.infer<typeof recordRefSchema>;

export const timelineEntrySchema = z.object({
  /** Stable across rebuilds: derived from the source record(s), so stars and annotations stick. */
  id: z.string().min(1).max(200),
  at: epochMs,
  /** For spans of time (a burst, an alert that resolved): when it ended. */
  endAt: epochMs.nullable(),
  source: timelineSourceSchema,
  centerId: z.string().nullable(),
  /** The object concerned, e.g. "pod shop/checkout-7d9f…" or "node sel-k8s-w-07". */
  object: z.string().nullable(),
  /** One line, plain text (notes keep their Markdown in `body`). */
  title: z.string(),
  body: z.string().nullable(),
  severity: z.enum(['critical', 'warning', 'info']),
  refs: z.array(recordRefSchema),
  starred: z.boolean(),
  hidden: z.boolean(),
  annotation: z.string().max(20_000).nullable(),
});
export type TimelineEntry = z.infer<typeof timelineEntrySchema>;

export const auditEventSchema = z.object({
  id: z.string(),
  at: epochMs,
  /** Who acted: the signed-in subject/name, or the local OS user when signed out. */
  actor: z.string(),
  action: z.string(), // e.g. "auth:signIn", "centers:save", "incidents:create"
  /** Masked, short, never a secret. */
  detail: z.string(),
  centerId: z.string().nullable(),
});
export type AuditEvent = z.infer<typeof auditEventSchema>;
