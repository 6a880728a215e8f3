import { z } from 'zod';
import {
  auditEventSchema,
  incidentIdSchema,
  incidentSchema,
  incidentSeveritySchema,
  incidentStatusSchema,
  timelineEntrySchema,
} from '../domain/incidents.ts';
import { epochMs } from '../domain/records.ts';

/**
 * Incidents, timeline, notes and the audit trail (issue #6).
 * Import schemas from shared/domain, never from channels.ts (it imports this file).
 */

const windowSchema = z
  .object({ fromMs: epochMs, toMs: epochMs })
  .strict()
  .refine((range) => range.fromMs < range.toMs, { message: 'the window must end after it starts' });

const centerIdList = z.array(z.string().min(1)).max(100);
const serviceList = z.array(z.string().min(1).max(200)).max(200);
const markdown = z.string().max(20_000);

/** What an incident is created from; an alert is named by its center and fingerprint (the service looks up the rest). */
export const incidentOriginInputSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('manual') }).strict(),
  z.object({ type: z.literal('alert'), centerId: z.string().min(1), fingerprint: z.string().min(1) }).strict(),
  z.object({ type: z.literal('selection'), view: z.string().min(1).max(100), description: z.string().max(500) }).strict(),
]);
export type IncidentOriginInput = z.infer<typeof incidentOriginInputSchema>;

export const incidentWithTimelineSchema = z.object({ incident: incidentSchema, timeline: z.array(timelineEntrySchema) });
export type IncidentWithTimeline = z.infer<typeof incidentWithTimelineSchema>;

export const incidentChannels = {
  /** Every incident, newest first (imported ones included, marked by `imported`). */
  'incidents:list': {
    input: z.object({ status: z.array(incidentStatusSchema).optional() }).strict(),
    output: z.array(incidentSchema),
  },
  /** The incident and its timeline, assembled from the cache (works with every center unreachable). */
  'incidents:get': {
    input: z.object({ id: incidentIdSchema }).strict(),
    output: incidentWithTimelineSchema,
  },
  /**
   * Pins the window's data of `centerIds` in the cache. Without `window`, an alert origin takes
   * [alert start - 30 min, alert end or now + 5 min]; other origins must give one.
   */
  'incidents:create': {
    input: z
      .object({
        title: z.string().min(1).max(200),
        severity: incidentSeveritySchema,
        owner: z.string().max(200).optional(),
        centerIds: centerIdList.default([]),
        services: serviceList.default([]),
        window: windowSchema.optional(),
        origin: incidentOriginInputSchema,
      })
      .strict(),
    output: incidentSchema,
  },
  /** Fields left out stay as they are. The window can only grow (the pin follows it). */
  'incidents:update': {
    input: z
      .object({
        id: incidentIdSchema,
        title: z.string().min(1).max(200).optional(),
        severity: incidentSeveritySchema.optional(),
        status: incidentStatusSchema.optional(),
        owner: z.string().max(200).nullable().optional(),
        centerIds: centerIdList.optional(),
        services: serviceList.optional(),
        window: windowSchema.optional(),
        summary: markdown.optional(),
        impact: markdown.optional(),
        rootCause: markdown.optional(),
        actions: markdown.optional(),
      })
      .strict(),
    output: incidentSchema,
  },
  /** Removes the incident, its notes and marks, and unpins the window it pinned. */
  'incidents:delete': {
    input: z.object({ id: incidentIdSchema }).strict(),
    output: z.object({ deleted: z.boolean() }),
  },
  /** A Markdown note on the timeline, at `at` (default now). Returns its entry. */
  'incidents:addNote': {
    input: z.object({ id: incidentIdSchema, markdown: z.string().min(1).max(20_000), at: epochMs.optional() }).strict(),
    output: timelineEntrySchema,
  },
  /** Star, hide or annotate an entry (null annotation clears it). Returns the entry as it now reads. */
  'incidents:markEntry': {
    input: z
      .object({
        id: incidentIdSchema,
        entryId: z.string().min(1).max(200),
        starred: z.boolean().optional(),
        hidden: z.boolean().optional(),
        annotation: markdown.nullable().optional(),
      })
      .strict(),
    output: timelineEntrySchema,
  },
  /** Sign-ins and console actions, newest first. */
  'audit:list': {
    input: z
      .object({
        fromMs: epochMs.optional(),
        toMs: epochMs.optional(),
        action: z.string().max(100).optional(),
        limit: z.number().int().positive().max(5_000).default(200),
      })
      .strict(),
    output: z.array(auditEventSchema),
  },
} as const satisfies Record<string, { input: z.ZodType; output: z.ZodType }>;

export const incidentEvents = {
  /** An incident was created, changed (fields, notes, marks) or deleted. */
  'incidents:onDidChange': {
    payload: z.object({ id: incidentIdSchema, change: z.enum(['created', 'updated', 'deleted']) }),
  },
} as const satisfies Record<string, { payload: z.ZodType }>;
