import { z } from 'zod';
import {
  centerSchema,
  connectorKindSchema,
  endpointAuthSchema,
  signalSchema,
  sshRouteSchema,
  type Center,
  type ConnectorKind,
  type Signal,
} from '../domain/records.ts';

/** Which wire protocols can serve which signal. */
export const kindsBySignal: Record<Signal, readonly ConnectorKind[]> = {
  metrics: ['prometheus'],
  kubernetes: ['kubernetes'],
  alerts: ['alertmanager'],
  logs: ['loki'],
  traces: ['jaeger', 'tempo'],
  audit: [],
};

/** One message per mistake: a URL that does not parse and a non-http URL get the same explanation. */
const isHttpUrl = (value: string): boolean => {
  try {
    return ['http:', 'https:'].includes(new URL(value).protocol);
  } catch {
    return false;
  }
};
const httpUrl = z
  .string()
  .refine(isHttpUrl, { message: 'must be an http:// or https:// URL' })
  .refine((value) => !/^https?:\/\/[^/]*@/.test(value), { message: 'must not carry a user or password; use auth with a keychain secret' });

export const endpointConfigSchema = z
  .object({
    kind: connectorKindSchema,
    url: httpUrl,
    auth: endpointAuthSchema.optional(),
    caFile: z.string().min(1).optional(),
    timeoutMs: z.number().int().min(100).max(600_000).optional(),
    /** `none` skips the center's SSH route for this endpoint. */
    ssh: z.union([z.literal('none'), sshRouteSchema]).optional(),
  })
  .strict();

export const centerConfigSchema = z
  .object({
    id: centerSchema.shape.id,
    name: z.string().min(1),
    kind: z.enum(['on-prem', 'cloud']),
    region: z.string().default(''),
    labels: z.record(z.string(), z.string()).default({}),
    /** Default SSH route of every endpoint of this center. */
    ssh: sshRouteSchema.optional(),
    endpoints: z.partialRecord(signalSchema, endpointConfigSchema).default({}),
  })
  .strict();

export const signInProfileConfigSchema = z
  .object({
    issuer: httpUrl,
    clientId: z.string().min(1),
    scopes: z.array(z.string().min(1)).default(['openid', 'profile', 'offline_access']),
    groupClaim: z.string().min(1).default('groups'),
  })
  .strict();

/** How much the local cache keeps; incidents' pinned windows are never evicted. */
export const cacheConfigSchema = z
  .object({
    retentionDays: z.number().positive().max(3650).default(30),
    maxBytes: z.number().int().min(64 * 1024 * 1024).default(2_000_000_000),
  })
  .strict();

export const centersConfigSchema = z
  .object({
    version: z.literal(1),
    cache: cacheConfigSchema.default({ retentionDays: 30, maxBytes: 2_000_000_000 }),
    signIn: z.record(z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'profile id: lowercase letters, digits and dashes'), signInProfileConfigSchema).default({}),
    centers: z.array(centerConfigSchema).default([]),
  })
  .strict()
  .superRefine((config, context) => {
    const seen = new Map<string, number>();
    config.centers.forEach((center, index) => {
      const first = seen.get(center.id);
      if (first !== undefined) {
        context.addIssue({ code: 'custom', path: ['centers', index, 'id'], message: `duplicate center id "${center.id}" (also centers[${first}])` });
      } else seen.set(center.id, index);
      for (const [signal, endpoint] of Object.entries(center.endpoints) as Array<[Signal, z.infer<typeof endpointConfigSchema>]>) {
        if (!kindsBySignal[signal].includes(endpoint.kind)) {
          context.addIssue({
            code: 'custom',
            path: ['centers', index, 'endpoints', signal, 'kind'],
            message: `${endpoint.kind} cannot serve ${signal}${kindsBySignal[signal].length ? ` (use ${kindsBySignal[signal].join(' or ')})` : ' yet'}`,
          });
        }
        if (endpoint.auth?.type === 'sso' && !Object.hasOwn(config.signIn, endpoint.auth.profile)) {
          context.addIssue({
            code: 'custom',
            path: ['centers', index, 'endpoints', signal, 'auth', 'profile'],
            message: `no sign-in profile "${endpoint.auth.profile}" under signIn`,
          });
        }
      }
    });
  });

export type CentersConfig = z.output<typeof centersConfigSchema>;
export type CenterConfig = z.output<typeof centerConfigSchema>;
export type SignInProfileConfig = z.output<typeof signInProfileConfigSchema>;

/** The centers a config describes, endpoint ids `<center>-<signal>`, SSH routes inherited unless `none`. */
export function centersFromConfig(config: CentersConfig): Center[] {
  return config.centers.map((center) => ({
    id: center.id,
    name: center.name,
    kind: center.kind,
    region: center.region,
    labels: center.labels,
    demo: false,
    endpoints: (Object.entries(center.endpoints) as Array<[Signal, z.output<typeof endpointConfigSchema>]>).map(([signal, endpoint]) => {
      const ssh = endpoint.ssh === 'none' ? undefined : (endpoint.ssh ?? center.ssh);
      return {
        id: `${center.id}-${signal}`,
        centerId: center.id,
        signal,
        kind: endpoint.kind,
        url: endpoint.url,
        timeoutMs: endpoint.timeoutMs ?? 15_000,
        ...(endpoint.auth ? { auth: endpoint.auth } : {}),
        ...(endpoint.caFile ? { caFile: endpoint.caFile } : {}),
        ...(ssh ? { ssh } : {}),
      };
    }),
  }));
}
