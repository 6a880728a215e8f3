import { z } from 'zod';
import {
  centerSchema,
  connectorKindSchema,
  endpointAuthSchema,
  signalSchema,
  sshRouteSchema,
  type Center,
  type SshLogSourceConfig,
  type SshRouteConfig,
  type ConnectorKind,
  type Signal,
} from '../domain/records.ts';
import { builtInRoleIds, customRoleConfigSchema, validateCustomRoles } from './roles-config.ts';

/** Which wire protocols can serve which signal. */
export const kindsBySignal: Record<Signal, readonly ConnectorKind[]> = {
  metrics: ['prometheus'],
  kubernetes: ['kubernetes'],
  alerts: ['alertmanager'],
  logs: ['loki', 'ssh-journal', 'ssh-file'],
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

/** Log endpoints read over the center's SSH route (journalctl or a file tail on the last hop), not over HTTP. */
export const sshLogKinds = ['ssh-journal', 'ssh-file'] as const;
export type SshLogKind = (typeof sshLogKinds)[number];
export const isSshLogKind = (kind: ConnectorKind): kind is SshLogKind => (sshLogKinds as readonly string[]).includes(kind);

const systemdUnit = z
  .string()
  .regex(/^[A-Za-z0-9_:.@\\-]+$/, 'a systemd unit name (letters, digits and _ : . @ \\ -)')
  .refine((value) => !value.startsWith('-'), { message: 'a unit name cannot start with "-"' });
const remoteLogPath = z
  .string()
  .regex(/^\/[^\0\n]*$/, 'an absolute path on the log host')
  .refine((value) => !value.endsWith('/'), { message: 'a file, not a directory' });

export const endpointConfigSchema = z
  .object({
    kind: connectorKindSchema,
    /** Required for every kind but ssh-journal / ssh-file. */
    url: httpUrl.optional(),
    auth: endpointAuthSchema.optional(),
    caFile: z.string().min(1).optional(),
    timeoutMs: z.number().int().min(100).max(600_000).optional(),
    /** `none` skips the center's SSH route for this endpoint. */
    ssh: z.union([z.literal('none'), sshRouteSchema]).optional(),
    /** ssh-journal: units to read (`journalctl -u`); absent reads the whole journal. */
    units: z.array(systemdUnit).min(1).max(32).optional(),
    /** ssh-file: files to tail on the log host. */
    paths: z.array(remoteLogPath).min(1).max(32).optional(),
  })
  .strict()
  .superRefine((endpoint, context) => {
    const problem = (field: string, message: string) => context.addIssue({ code: 'custom', path: [field], message });
    if (!isSshLogKind(endpoint.kind)) {
      if (endpoint.url === undefined) problem('url', `required for kind ${endpoint.kind}`);
      if (endpoint.units !== undefined) problem('units', 'only kind ssh-journal reads units');
      if (endpoint.paths !== undefined) problem('paths', 'only kind ssh-file tails paths');
      return;
    }
    if (endpoint.url !== undefined) problem('url', `kind ${endpoint.kind} reads logs over the SSH route and takes no url`);
    if (endpoint.auth !== undefined) problem('auth', `kind ${endpoint.kind} signs in with the SSH route's key; remove auth`);
    if (endpoint.caFile !== undefined) problem('caFile', `kind ${endpoint.kind} does not use TLS; remove caFile`);
    if (endpoint.ssh === 'none') problem('ssh', `kind ${endpoint.kind} needs an SSH route; "none" leaves it without one`);
    if (endpoint.kind === 'ssh-journal' && endpoint.paths !== undefined) problem('paths', 'files are tailed by kind ssh-file; ssh-journal reads units');
    if (endpoint.kind === 'ssh-file') {
      if (endpoint.units !== undefined) problem('units', 'units are read by kind ssh-journal; ssh-file tails paths');
      if (endpoint.paths === undefined) problem('paths', 'required for kind ssh-file: the files to tail, e.g. [/var/log/app.log]');
    }
  });

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
    /** Custom roles (grouping, columns, panels, scope, SSO groups); see shared/config/roles-config.ts. */
    roles: z.array(customRoleConfigSchema).default([]),
    /** SSO groups that grant a built-in role (a built-in named here is no longer open to everyone). */
    roleGroups: z.partialRecord(z.enum(builtInRoleIds), z.array(z.string().min(1)).min(1)).default({}),
  })
  .strict()
  .superRefine((config, context) => {
    validateCustomRoles(config, context);
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
        if (isSshLogKind(endpoint.kind) && endpoint.ssh === undefined && center.ssh === undefined) {
          context.addIssue({
            code: 'custom',
            path: ['centers', index, 'endpoints', signal, 'kind'],
            message: `${endpoint.kind} reads logs over SSH: give the center an ssh route (ssh.hops) or this endpoint its own ssh`,
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
      const sshLogs = sshLogSource(endpoint);
      return {
        id: `${center.id}-${signal}`,
        centerId: center.id,
        signal,
        kind: endpoint.kind,
        url: sshLogs ? sshLogAddress(ssh) : (endpoint.url ?? ''),
        ...(sshLogs ? { sshLogs } : {}),
        timeoutMs: endpoint.timeoutMs ?? 15_000,
        ...(endpoint.auth ? { auth: endpoint.auth } : {}),
        ...(endpoint.caFile ? { caFile: endpoint.caFile } : {}),
        ...(ssh ? { ssh } : {}),
      };
    }),
  }));
}

function sshLogSource(endpoint: z.output<typeof endpointConfigSchema>): SshLogSourceConfig | undefined {
  if (endpoint.kind === 'ssh-journal') return { source: 'journal', units: endpoint.units ?? [] };
  if (endpoint.kind === 'ssh-file') return { source: 'file', paths: endpoint.paths ?? [] };
  return undefined;
}

/** `ssh://user@host:port` of the route's last hop: the host whose logs are read. */
function sshLogAddress(route: SshRouteConfig | undefined): string {
  const last = route?.hops[route.hops.length - 1];
  if (!last) return 'ssh://unrouted.invalid';
  const host = last.host.includes(':') ? `[${last.host}]` : last.host;
  return `ssh://${encodeURIComponent(last.user)}@${host}:${last.port}`;
}
