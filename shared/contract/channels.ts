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
import { centerConfigSchema } from '../config/centers-config.ts';
import { logLevelSchema, logLineRecordSchema, traceIdSchema } from '../domain/logs.ts';
import { secretRefSchema } from '../domain/records.ts';
import { spanRecordSchema, traceSummarySchema } from '../domain/traces.ts';
import { timeRangeInputSchema } from '../time/range.ts';
import type { Result } from './result.ts';
import { roleChannels, roleEvents } from './roles-channels.ts';
import { incidentChannels, incidentEvents } from './incidents-channels.ts';
import { exportChannels } from './exports-channels.ts';
import { mapChannels } from './map-channels.ts';

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
  /** What runs while syncing: a scheduled pull or a chosen window's backfill (whose progress is shown as a bar). */
  activity: z.enum(['pull', 'backfill']).nullable().optional(),
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

export const endpointTestResultSchema = z.object({
  endpointId: z.string(),
  signal: signalSchema,
  url: z.string(),
  ok: z.boolean(),
  latencyMs: z.number(),
  version: z.string().optional(),
  message: z.string().optional(),
  /** How the endpoint was reached: directly or through the named SSH hops. */
  via: z.string(),
});
export type EndpointTestResult = z.infer<typeof endpointTestResultSchema>;

export const sessionInfoSchema = z.object({
  profileId: z.string(),
  issuer: z.string(),
  state: z.enum(['signed-out', 'signed-in', 'needs-sign-in']),
  subject: z.string().nullable(),
  name: z.string().nullable(),
  groups: z.array(z.string()),
  accessTokenExpiresAt: z.number().nullable(),
  reason: z.string().nullable(),
});
export type SessionInfoPayload = z.infer<typeof sessionInfoSchema>;

export const vaultStatusSchema = z.object({ backend: z.enum(['keychain', 'memory']), reason: z.string().nullable() });

export const hostKeyPromptSchema = z.object({
  requestId: z.string(),
  host: z.string(),
  port: z.number(),
  keyType: z.string(),
  fingerprint: z.string(),
});
export type HostKeyPrompt = z.infer<typeof hostKeyPromptSchema>;

export const configProblemSchema = z.object({ file: z.string(), line: z.number(), column: z.number(), field: z.string(), message: z.string() });

export const storedLogLineSchema = logLineRecordSchema.extend({ rowid: z.number().int() });
export type StoredLogLinePayload = z.infer<typeof storedLogLineSchema>;

export const traceTimingSchema = z.object({
  rootSpanId: z.string().nullable(),
  /** Spans on the critical path, in the order they first appear on it. */
  pathSpanIds: z.array(z.string()),
  /** Per span: time on the critical path, and duration minus its children's union. */
  criticalMs: z.record(z.string(), z.number()),
  selfMs: z.record(z.string(), z.number()),
});

/** Every request/response channel, namespaced `domain:verb`. */
export const channels = {
  'app:info': {
    input: empty,
    output: z.object({ version: z.string(), dataDir: z.string(), demo: z.boolean(), startedAt: z.number() }),
  },
  'centers:list': { input: empty, output: z.array(centerSummarySchema) },
  /** The config file behind the registry, and its problems if it did not load. */
  'centers:config': {
    input: empty,
    output: z.object({ file: z.string(), centers: z.array(centerConfigSchema), problems: z.array(configProblemSchema) }),
  },
  'centers:save': {
    input: z.object({ center: centerConfigSchema }).strict(),
    output: z.object({ saved: z.literal(true) }),
  },
  /** Re-read the config file after it was fixed in an editor. */
  'centers:reload': { input: empty, output: z.object({ problems: z.number().int() }) },
  'centers:remove': { input: z.object({ centerId: z.string().min(1) }).strict(), output: z.object({ removed: z.boolean() }) },
  'centers:test': { input: z.object({ centerId: z.string().min(1) }).strict(), output: z.array(endpointTestResultSchema) },
  /** Write-only: a secret goes into the keychain and never comes back across the boundary. */
  'secrets:set': {
    input: z.object({ key: secretRefSchema, value: z.string().min(1).max(64 * 1024) }).strict(),
    output: z.object({ stored: z.literal(true), backend: z.enum(['keychain', 'memory']) }),
  },
  'secrets:status': { input: empty, output: vaultStatusSchema },
  'auth:sessions': { input: empty, output: z.array(sessionInfoSchema) },
  'auth:signIn': {
    input: z.object({ profileId: z.string().min(1), method: z.enum(['browser', 'device']) }).strict(),
    output: sessionInfoSchema,
  },
  'auth:signOut': { input: z.object({ profileId: z.string().min(1) }).strict(), output: sessionInfoSchema },
  'tunnels:answerHostKey': {
    input: z.object({ requestId: z.string().min(1), trust: z.boolean() }).strict(),
    output: z.object({ answered: z.boolean() }),
  },
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
  'logs:search': {
    input: z
      .object({
        centerIds,
        range: timeRangeInputSchema,
        text: z.string().max(500).optional(),
        levels: z.array(logLevelSchema).optional(),
        namespace: z.string().optional(),
        pod: z.string().optional(),
        container: z.string().optional(),
        traceId: traceIdSchema.optional(),
        limit: z.number().int().positive().max(2_000).default(200),
        /** Paging: the last line of the previous page. */
        before: z.object({ timestampMs: z.number(), rowid: z.number().int() }).strict().optional(),
      })
      .strict(),
    output: z.array(storedLogLineSchema),
  },
  'logs:around': {
    input: z.object({ lineId: z.string().regex(/^[0-9a-f]{32}$/), count: z.number().int().positive().max(500).default(20) }).strict(),
    output: z.array(storedLogLineSchema),
  },
  'traces:search': {
    input: z
      .object({
        centerIds,
        range: timeRangeInputSchema,
        service: z.string().optional(),
        operation: z.string().optional(),
        minDurationMs: z.number().nonnegative().optional(),
        errorsOnly: z.boolean().optional(),
        limit: z.number().int().positive().max(1_000).default(100),
      })
      .strict(),
    output: z.array(traceSummarySchema),
  },
  'traces:services': { input: z.object({ centerIds }).strict(), output: z.array(z.string()) },
  /** A cached trace with its critical path and self times. */
  'traces:get': {
    input: z.object({ traceId: traceIdSchema }).strict(),
    output: z.object({ spans: z.array(spanRecordSchema), timing: traceTimingSchema }),
  },
  /** Pull a chosen window of metrics in chunks (progress arrives with sync:onDidChangeStatus). */
  'sync:backfill': {
    input: z.object({ centerIds, range: timeRangeInputSchema, chunkMinutes: z.number().int().min(5).max(1440).default(60) }).strict(),
    output: z.object({ endpoints: z.number().int() }),
  },
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
  ...roleChannels,
  ...incidentChannels,
  ...exportChannels,
  ...mapChannels,
} as const satisfies Record<string, { input: z.ZodType; output: z.ZodType }>;

/** Event streams pushed from main to the renderer. */
export const events = {
  'sync:onDidChangeStatus': { payload: z.array(syncStatusSchema) },
  'inventory:onDidChange': { payload: z.object({ centerId: z.string() }) },
  'centers:onDidChange': { payload: z.object({ centerIds: z.array(z.string()) }) },
  'auth:onDidChangeSession': { payload: sessionInfoSchema },
  /** Device flow: show this code to the user until the session changes. */
  'auth:onDidReceiveDeviceCode': {
    payload: z.object({ profileId: z.string(), userCode: z.string(), verificationUri: z.string(), verificationUriComplete: z.string().optional(), expiresAt: z.number() }),
  },
  'tunnels:onDidRequestHostKey': { payload: hostKeyPromptSchema },
  'secrets:onDidChangeStatus': { payload: vaultStatusSchema },
  ...roleEvents,
  ...incidentEvents,
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
