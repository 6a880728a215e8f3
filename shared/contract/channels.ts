import { z } from 'zod';
import { panelIds, type PanelId } from '../catalog/promql.ts';
import {
  alertRecordSchema,
  connectorKindSchema,
  containerRecordSchema,
  kubeEventRecordSchema,
  nodeRecordSchema,
  podRecordSchema,
  signalSchema,
} from '../domain/records.ts';
import { timeRangeInputSchema } from '../time/range.ts';
import type { Result } from './result.ts';

const empty = z.object({}).strict();
/** An empty list means every center. */
const centerIds = z.array(z.string().min(1)).max(500).default([]);

export const centerSummarySchema = z.object({
  id: z.string(),
  name: z.string(),
  kind: z.enum(['on-prem', 'cloud']),
  region: z.string(),
  labels: z.record(z.string(), z.string()),
  demo: z.boolean(),
  endpoints: z.array(z.object({ id: z.string(), signal: signalSchema, kind: connectorKindSchema, url: z.string() })),
});
export type CenterSummary = z.infer<typeof centerSummarySchema>;

export const syncStateSchema = z.enum(['idle', 'syncing', 'ok', 'error']);
export const syncStatusSchema = z.object({
  centerId: z.string(),
  endpointId: z.string(),
  signal: signalSchema,
  state: syncStateSchema,
  lastAttemptAt: z.number().nullable(),
  lastSuccessAt: z.number().nullable(),
  /** 0..1 while syncing, otherwise null. */
  progress: z.number().min(0).max(1).nullable(),
  error: z.object({ code: z.string(), message: z.string() }).nullable(),
});
export type SyncStatus = z.infer<typeof syncStatusSchema>;

export const panelTargetSchema = z.object({
  kind: z.enum(['node', 'pod', 'container']),
  name: z.string().min(1),
  namespace: z.string().optional(),
  pod: z.string().optional(),
  address: z.string().nullable().optional(),
});

export const panelSeriesSchema = z.object({
  panel: z.enum(panelIds as [PanelId, ...PanelId[]]),
  title: z.string(),
  unit: z.string(),
  series: z.array(
    z.object({ labels: z.record(z.string(), z.string()), timestamps: z.array(z.number()), values: z.array(z.number()) }),
  ),
});
export type PanelSeries = z.infer<typeof panelSeriesSchema>;

/** Every request/response channel, namespaced `domain:verb`. */
export const channels = {
  'app:info': {
    input: empty,
    output: z.object({ version: z.string(), dataDir: z.string(), demo: z.boolean(), startedAt: z.number() }),
  },
  'centers:list': { input: empty, output: z.array(centerSummarySchema) },
  'sync:status': { input: empty, output: z.array(syncStatusSchema) },
  'sync:refresh': {
    input: z.object({ centerIds }).strict(),
    output: z.object({ started: z.number().int() }),
  },
  'inventory:nodes': { input: z.object({ centerIds }).strict(), output: z.array(nodeRecordSchema) },
  'inventory:pods': {
    input: z.object({ centerIds, nodeName: z.string().optional(), namespace: z.string().optional() }).strict(),
    output: z.array(podRecordSchema),
  },
  'inventory:containers': {
    input: z
      .object({ centerIds, namespace: z.string().optional(), podName: z.string().optional() })
      .strict(),
    output: z.array(containerRecordSchema),
  },
  'events:list': {
    input: z
      .object({
        centerIds,
        namespace: z.string().optional(),
        involvedName: z.string().optional(),
        limit: z.number().int().positive().max(10_000).default(500),
      })
      .strict(),
    output: z.array(kubeEventRecordSchema),
  },
  'alerts:list': { input: z.object({ centerIds }).strict(), output: z.array(alertRecordSchema) },
  'series:panel': {
    input: z
      .object({
        centerId: z.string().min(1),
        panel: z.enum(panelIds as [PanelId, ...PanelId[]]),
        target: panelTargetSchema,
        range: timeRangeInputSchema,
      })
      .strict(),
    output: panelSeriesSchema,
  },
} as const satisfies Record<string, { input: z.ZodType; output: z.ZodType }>;

/** Event streams pushed from main to the renderer. */
export const events = {
  'sync:onDidChangeStatus': { payload: z.array(syncStatusSchema) },
  'inventory:onDidChange': { payload: z.object({ centerId: z.string() }) },
} as const satisfies Record<string, { payload: z.ZodType }>;

export type ChannelName = keyof typeof channels;
export type EventName = keyof typeof events;
/** What a caller passes (defaults not yet applied). */
export type ChannelInput<K extends ChannelName> = z.input<(typeof channels)[K]['input']>;
/** What a handler receives (after parsing). */
export type ChannelParsedInput<K extends ChannelName> = z.output<(typeof channels)[K]['input']>;
export type ChannelOutput<K extends ChannelName> = z.output<(typeof channels)[K]['output']>;
export type EventPayload<E extends EventName> = z.output<(typeof events)[E]['payload']>;

export const channelNames = Object.keys(channels) as ChannelName[];
export const eventNames = Object.keys(events) as EventName[];

export function isChannelName(value: unknown): value is ChannelName {
  return typeof value === 'string' && Object.hasOwn(channels, value);
}

export function isEventName(value: unknown): value is EventName {
  return typeof value === 'string' && Object.hasOwn(events, value);
}

/** The API the renderer sees, whichever transport carries it. */
export type OpsDeskApi = {
  [K in ChannelName]: (input: ChannelInput<K>) => Promise<Result<ChannelOutput<K>>>;
} & {
  subscribe<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void;
};
