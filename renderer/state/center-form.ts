import { centerConfigSchema, isSshLogKind, kindsBySignal, type CenterConfig } from '../../shared/config/centers-config.ts';
import type { ChannelInput } from '../../shared/contract/channels.ts';
import type { ConnectorKind, EndpointAuth, Signal, SshRouteConfig } from '../../shared/domain/records.ts';
import { endpointSecretName, hopSecretName } from './secret-names.ts';

/**
 * The Add / Edit center form as plain strings, and its conversion to and from the shared
 * `CenterConfig`. Secrets never live here: a secret field holds the NAME of a keychain entry; the
 * typed value stays in the form component until `secrets:set` has stored it.
 */

export type AuthType = EndpointAuth['type'];
export const authTypes: readonly AuthType[] = ['none', 'sso', 'token', 'basic', 'mtls'];
export const authTypeLabels: Record<AuthType, string> = {
  none: 'None',
  sso: 'SSO sign-in',
  token: 'Bearer token',
  basic: 'Basic (user + password)',
  mtls: 'Client certificate (mTLS)',
};

/** `inherit` uses the center's route, `none` goes direct, `hops` has its own route. */
export type SshMode = 'inherit' | 'none' | 'hops';

export interface HopForm {
  /** Stable across edits of the list (secret fields are keyed by it). */
  uid: string;
  host: string;
  port: string;
  user: string;
  /** Keychain entry name of the private key; empty uses the SSH agent. */
  key: string;
}

export interface EndpointForm {
  enabled: boolean;
  kind: ConnectorKind;
  url: string;
  authType: AuthType;
  /** sso */
  profile: string;
  /** basic */
  username: string;
  /** mtls */
  certFile: string;
  /** Keychain entry name: the token (token), the password (basic) or the client key (mtls). */
  secret: string;
  caFile: string;
  timeoutMs: string;
  sshMode: SshMode;
  hops: HopForm[];
  /** Kinds ssh-journal (units) and ssh-file (paths): one per line or comma-separated. */
  sources: string;
}

/** Signals some connector can serve; the others have nothing to configure yet. */
export const formSignals: readonly Signal[] = (Object.keys(kindsBySignal) as Signal[]).filter((signal) => kindsBySignal[signal].length > 0);
export type FormSignal = (typeof formSignals)[number];

export interface CenterForm {
  id: string;
  name: string;
  kind: 'on-prem' | 'cloud';
  region: string;
  /** `key=value`, one per line (commas also separate). */
  labels: string;
  /** The center's default SSH route; empty means direct. */
  hops: HopForm[];
  endpoints: Record<Signal, EndpointForm>;
}

/** Field key -> message. Keys: `id`, `labels`, `ssh.hops.0.host`, `endpoints.metrics.url`, `endpoints.metrics.secret`, … */
export type FieldErrors = Record<string, string>;

let hopCounter = 0;
export function newHop(partial: Partial<Omit<HopForm, 'uid'>> = {}): HopForm {
  hopCounter += 1;
  return { uid: `hop-${hopCounter}`, host: '', port: '22', user: '', key: '', ...partial };
}

export function emptyEndpointForm(signal: Signal): EndpointForm {
  return {
    enabled: false,
    kind: kindsBySignal[signal][0] ?? 'prometheus',
    url: '',
    authType: 'none',
    profile: '',
    username: '',
    certFile: '',
    secret: '',
    caFile: '',
    timeoutMs: '',
    sshMode: 'inherit',
    hops: [],
    sources: '',
  };
}

export function emptyCenterForm(): CenterForm {
  const endpoints = Object.fromEntries(
    (Object.keys(kindsBySignal) as Signal[]).map((signal) => [signal, emptyEndpointForm(signal)]),
  ) as Record<Signal, EndpointForm>;
  return { id: '', name: '', kind: 'on-prem', region: '', labels: '', hops: [], endpoints };
}

function hopsToForm(route: SshRouteConfig | undefined): HopForm[] {
  return (route?.hops ?? []).map((hop) => newHop({ host: hop.host, port: String(hop.port ?? 22), user: hop.user, key: hop.key ?? '' }));
}

/** A saved center as the form edits it. */
export function centerConfigToForm(config: CenterConfig): CenterForm {
  const form = emptyCenterForm();
  form.id = config.id;
  form.name = config.name;
  form.kind = config.kind;
  form.region = config.region;
  form.labels = Object.entries(config.labels)
    .map(([key, value]) => `${key}=${value}`)
    .join('\n');
  form.hops = hopsToForm(config.ssh);
  for (const [signal, endpoint] of Object.entries(config.endpoints) as Array<[Signal, NonNullable<CenterConfig['endpoints'][Signal]>]>) {
    const auth = endpoint.auth ?? { type: 'none' as const };
    form.endpoints[signal] = {
      ...emptyEndpointForm(signal),
      enabled: true,
      kind: endpoint.kind,
      // SSH log endpoints (ssh-journal / ssh-file) have no url: their units or paths are the sources.
      url: endpoint.url ?? '',
      sources: (endpoint.units ?? endpoint.paths ?? []).join('\n'),
      authType: auth.type,
      profile: auth.type === 'sso' ? auth.profile : '',
      username: auth.type === 'basic' ? auth.username : '',
      certFile: auth.type === 'mtls' ? auth.certFile : '',
      secret: auth.type === 'token' || auth.type === 'basic' ? auth.secret : auth.type === 'mtls' ? auth.keySecret : '',
      caFile: endpoint.caFile ?? '',
      timeoutMs: endpoint.timeoutMs === undefined ? '' : String(endpoint.timeoutMs),
      sshMode: endpoint.ssh === undefined ? 'inherit' : endpoint.ssh === 'none' ? 'none' : 'hops',
      hops: endpoint.ssh && endpoint.ssh !== 'none' ? hopsToForm(endpoint.ssh) : [],
    };
  }
  return form;
}

/** Labels text -> record; the first malformed line is reported. */
export function parseLabels(text: string): { labels: Record<string, string>; error: string | null } {
  const labels: Record<string, string> = {};
  for (const raw of text.split(/[\n,]/)) {
    const line = raw.trim();
    if (!line) continue;
    const equals = line.indexOf('=');
    const key = equals < 0 ? '' : line.slice(0, equals).trim();
    if (!key) return { labels, error: `"${line}" is not key=value` };
    if (Object.hasOwn(labels, key)) return { labels, error: `label "${key}" appears twice` };
    labels[key] = line.slice(equals + 1).trim();
  }
  return { labels, error: null };
}

function parseWholeNumber(text: string): number | null {
  const trimmed = text.trim();
  return /^\d+$/.test(trimmed) ? Number(trimmed) : null;
}

/** Where a secret typed into the form goes: a center hop, an endpoint hop, or an endpoint's auth. */
export interface SecretSlot {
  /** `endpoint:<signal>` or `hop:<uid>`: the key of the pending value in the form component. */
  slot: string;
  /** Form field key of the entry name, for errors. */
  field: string;
  /** The entry name the form holds (may be empty). */
  name: string;
  /** The name generated when the form holds none. */
  generatedName: string;
  label: string;
}

export function endpointSlot(signal: Signal): string {
  return `endpoint:${signal}`;
}

export function hopSlot(hop: HopForm): string {
  return `hop:${hop.uid}`;
}

/** Every secret the form currently uses (disabled endpoints and auth types without one are skipped). */
export function activeSecretSlots(form: CenterForm): SecretSlot[] {
  const slots: SecretSlot[] = [];
  const hopSlots = (hops: HopForm[], prefix: string, where: string) =>
    hops.forEach((hop, index) =>
      slots.push({
        slot: hopSlot(hop),
        field: `${prefix}.hops.${index}.key`,
        name: hop.key.trim(),
        generatedName: hopSecretName(hop.host),
        label: `SSH key for ${hop.host || `hop ${index + 1}`} (${where})`,
      }),
    );
  hopSlots(form.hops, 'ssh', 'center route');
  for (const signal of formSignals) {
    const endpoint = form.endpoints[signal];
    if (!endpoint.enabled) continue;
    const generated = isSshLogKind(endpoint.kind) ? null : endpointSecretName(form.id.trim(), signal, endpoint.authType);
    if (generated) {
      slots.push({
        slot: endpointSlot(signal),
        field: `endpoints.${signal}.secret`,
        name: endpoint.secret.trim(),
        generatedName: generated,
        label: `${signal} ${endpoint.authType === 'token' ? 'token' : endpoint.authType === 'basic' ? 'password' : 'client key'}`,
      });
    }
    if (endpoint.sshMode === 'hops') hopSlots(endpoint.hops, `endpoints.${signal}.ssh`, `${signal} route`);
  }
  return slots;
}

export interface SecretWrite {
  slot: string;
  key: string;
  label: string;
}

/**
 * Gives every slot with a typed (pending) value an entry name, generating one where the form has
 * none, and lists the writes `secrets:set` must make before the center is saved.
 */
export function assignSecretNames(form: CenterForm, pendingSlots: ReadonlySet<string>): { form: CenterForm; writes: SecretWrite[] } {
  const next: CenterForm = structuredClone(form);
  const writes: SecretWrite[] = [];
  const active = new Map(activeSecretSlots(next).map((slot) => [slot.slot, slot]));
  const assign = (slot: string, current: string, set: (name: string) => void) => {
    const info = active.get(slot);
    if (!info || !pendingSlots.has(slot)) return;
    const key = current.trim() || info.generatedName;
    set(key);
    writes.push({ slot, key, label: info.label });
  };
  const hops = (list: HopForm[]) => list.forEach((hop) => assign(hopSlot(hop), hop.key, (name) => (hop.key = name)));
  hops(next.hops);
  for (const signal of formSignals) {
    const endpoint = next.endpoints[signal];
    assign(endpointSlot(signal), endpoint.secret, (name) => (endpoint.secret = name));
    hops(endpoint.hops);
  }
  return { form: next, writes };
}

/** A zod issue path of `centerConfigSchema` -> the form field that shows it. */
export function fieldForIssuePath(path: ReadonlyArray<PropertyKey>): string {
  const [first, second, third, fourth, fifth, sixth] = path.map(String);
  if (first === 'labels') return 'labels';
  if (first === 'ssh') return second === 'hops' && fourth !== undefined ? `ssh.hops.${third}.${fourth}` : 'ssh';
  if (first === 'endpoints') {
    if (second === undefined) return 'endpoints';
    const base = `endpoints.${second}`;
    if (third === undefined) return base;
    if (third === 'auth') {
      if (fourth === 'secret' || fourth === 'keySecret') return `${base}.secret`;
      return fourth && fourth !== 'type' ? `${base}.${fourth}` : `${base}.authType`;
    }
    if (third === 'ssh') return fourth === 'hops' && sixth !== undefined ? `${base}.ssh.hops.${fifth}.${sixth}` : `${base}.ssh`;
    if (third === 'units' || third === 'paths') return `${base}.sources`;
    return `${base}.${third}`;
  }
  return first ?? 'form';
}

export interface BuildOptions {
  /** `add` refuses an id that exists already; `edit` replaces the center with this id. */
  mode: 'add' | 'edit';
  existingIds?: readonly string[];
  /** Sign-in profiles known to the core (from `auth:sessions`); when given, `sso` must name one. */
  profiles?: readonly string[];
}

export type BuildResult = { ok: true; config: CenterConfig } | { ok: false; errors: FieldErrors };

function buildHops(hops: HopForm[], prefix: string, errors: FieldErrors): unknown[] {
  return hops.map((hop, index) => {
    const port = hop.port.trim() === '' ? 22 : parseWholeNumber(hop.port);
    if (port === null) errors[`${prefix}.hops.${index}.port`] = 'a port number, 1–65535';
    const key = hop.key.trim();
    return { host: hop.host.trim(), port: port ?? 22, user: hop.user.trim(), ...(key ? { key } : {}) };
  });
}

function buildAuth(endpoint: EndpointForm, field: string, errors: FieldErrors): EndpointAuth | undefined {
  const secret = endpoint.secret.trim();
  const needsSecret = () => {
    if (!secret) errors[`${field}.secret`] = 'type the secret (it goes to the keychain) or name an existing keychain entry';
  };
  switch (endpoint.authType) {
    case 'none':
      return undefined;
    case 'sso':
      return { type: 'sso', profile: endpoint.profile.trim() };
    case 'token':
      needsSecret();
      return { type: 'token', secret };
    case 'basic':
      needsSecret();
      return { type: 'basic', username: endpoint.username.trim(), secret };
    case 'mtls':
      needsSecret();
      return { type: 'mtls', certFile: endpoint.certFile.trim(), keySecret: secret };
  }
}

/**
 * The form as a `CenterConfig`, checked with the shared `centerConfigSchema` plus the rules the whole
 * file adds (which kind serves which signal, known sign-in profiles, unique ids). Errors are keyed by
 * form field; the first problem of a field wins.
 */
export function buildCenterConfig(form: CenterForm, options: BuildOptions): BuildResult {
  const errors: FieldErrors = {};
  const labels = parseLabels(form.labels);
  if (labels.error) errors.labels = labels.error;
  const id = form.id.trim();
  if (options.mode === 'add' && id && options.existingIds?.includes(id)) errors.id = `a center "${id}" exists already; edit it instead`;

  const endpoints: Record<string, unknown> = {};
  for (const signal of formSignals) {
    const endpoint = form.endpoints[signal];
    if (!endpoint.enabled) continue;
    const field = `endpoints.${signal}`;
    if (!kindsBySignal[signal].includes(endpoint.kind)) {
      errors[`${field}.kind`] = `${endpoint.kind} cannot serve ${signal} (use ${kindsBySignal[signal].join(' or ')})`;
    }
    const auth = isSshLogKind(endpoint.kind) ? undefined : buildAuth(endpoint, field, errors);
    if (auth?.type === 'sso' && auth.profile && options.profiles && !options.profiles.includes(auth.profile)) {
      errors[`${field}.profile`] = `no sign-in profile "${auth.profile}" under signIn in the config file`;
    }
    let timeoutMs: number | undefined;
    if (endpoint.timeoutMs.trim()) {
      const parsed = parseWholeNumber(endpoint.timeoutMs);
      if (parsed === null) errors[`${field}.timeoutMs`] = 'whole milliseconds, 100–600000';
      else timeoutMs = parsed;
    }
    let ssh: unknown;
    if (endpoint.sshMode === 'none') ssh = 'none';
    else if (endpoint.sshMode === 'hops') ssh = { hops: buildHops(endpoint.hops, `${field}.ssh`, errors) };
    if (isSshLogKind(endpoint.kind)) {
      // Read over SSH on the route's last hop: no URL, auth or CA; the units or files are what it reads.
      if (endpoint.sshMode === 'inherit' && form.hops.length === 0) errors[`${field}.ssh`] = `${endpoint.kind} reads logs over SSH: give the center hops or this endpoint its own route`;
      const sources = endpoint.sources.split(/[\n,]/).map((entry) => entry.trim()).filter(Boolean);
      endpoints[signal] = {
        kind: endpoint.kind,
        ...(sources.length > 0 ? { [endpoint.kind === 'ssh-journal' ? 'units' : 'paths']: sources } : {}),
        ...(timeoutMs !== undefined ? { timeoutMs } : {}),
        ...(ssh !== undefined ? { ssh } : {}),
      };
      continue;
    }
    endpoints[signal] = {
      kind: endpoint.kind,
      url: endpoint.url.trim(),
      ...(auth ? { auth } : {}),
      ...(endpoint.caFile.trim() ? { caFile: endpoint.caFile.trim() } : {}),
      ...(timeoutMs !== undefined ? { timeoutMs } : {}),
      ...(ssh !== undefined ? { ssh } : {}),
    };
  }
  if (Object.keys(endpoints).length === 0) errors.endpoints = 'enable at least one endpoint';

  const candidate = {
    id,
    name: form.name.trim(),
    kind: form.kind,
    region: form.region.trim(),
    labels: labels.labels,
    ...(form.hops.length ? { ssh: { hops: buildHops(form.hops, 'ssh', errors) } } : {}),
    endpoints,
  };
  const parsed = centerConfigSchema.safeParse(candidate);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const field = fieldForIssuePath(issue.path);
      errors[field] ??= valueAt(candidate, issue.path) === '' ? 'required' : issue.message;
    }
  }
  if (Object.keys(errors).length > 0 || !parsed.success) return { ok: false, errors };
  return { ok: true, config: parsed.data };
}

function valueAt(root: unknown, path: ReadonlyArray<PropertyKey>): unknown {
  let value = root;
  for (const part of path) {
    if (typeof value !== 'object' || value === null) return undefined;
    value = (value as Record<PropertyKey, unknown>)[part];
  }
  return value;
}

/** Errors of one endpoint (for its section header) or of the center fields. */
export function errorsUnder(errors: FieldErrors, prefix: string): string[] {
  return Object.keys(errors).filter((field) => field === prefix || field.startsWith(`${prefix}.`));
}

export type CenterSaveInput = ChannelInput<'centers:save'>['center'];

/** What `centers:save` sends: schema defaults (empty region, no labels) left out, so the file reads as a person would write it. */
export function toSaveInput(config: CenterConfig): CenterSaveInput {
  const { id, name, kind, region, labels, ssh, endpoints } = config;
  return {
    id,
    name,
    kind,
    ...(region ? { region } : {}),
    ...(Object.keys(labels).length ? { labels } : {}),
    ...(ssh ? { ssh } : {}),
    endpoints,
  };
}
