import type { ChannelName, EventName, EventPayload } from '../../shared/contract/channels.ts';
import { ApiFailure } from '../../shared/contract/result.ts';
import { centerInScope, isUnrestricted, namespaceInScope, type Role } from '../../shared/domain/roles.ts';
import type { ChannelHandlers } from '../dispatcher.ts';

/**
 * The active role's scope, enforced at the contract: every channel that reads cached data refuses an
 * explicit center or namespace outside the scope (`forbidden`, naming role and namespace) and filters
 * what it lists to the scope. Records without a namespace (nodes, node alerts) follow the center scope.
 * A trace is readable when one of its spans ran in a center and namespace of the scope (a trace crosses
 * services; cutting it would hide the critical path).
 */

export interface ScopeLookups {
  /** The center and namespace of a cached log line, null when unknown. */
  logLine(lineId: string): { centerId: string; namespace: string | null } | null;
  /** Center and namespace (k8s.namespace.name) of every cached span of a trace. */
  traceSpans(traceId: string): Array<{ centerId: string; namespace: string | null }>;
  /** Services with at least one cached span in the given centers (every center when empty) and namespaces. */
  servicesIn(centerIds: readonly string[], namespaces: readonly string[]): string[];
}

/**
 * Channels that read no cached records of a center, or check the scope in their own handler.
 * The audit trail and packs are the desk's own records; incidents are guarded (their timelines hold
 * cached records). A test fails when a channel is in neither list.
 */
export const scopeFreeChannels: readonly string[] = [
  'app:info',
  'centers:config',
  'centers:save',
  'centers:reload',
  'centers:remove',
  'centers:test',
  'secrets:set',
  'secrets:status',
  'auth:sessions',
  'auth:signIn',
  'auth:signOut',
  'tunnels:answerHostKey',
  'roles:list',
  'roles:select',
  'roles:serviceHealth',
  'analysis:pending',
  'incidents:update',
  'incidents:delete',
  'incidents:addNote',
  'incidents:markEntry',
  'audit:list',
  'packs:import',
  'packs:verify',
];

export const guardedChannels = [
  'centers:list',
  'sync:status',
  'sync:refresh',
  'sync:backfill',
  'inventory:nodes',
  'inventory:pods',
  'inventory:containers',
  'events:list',
  'alerts:list',
  'series:panel',
  'logs:search',
  'logs:around',
  'traces:search',
  'traces:services',
  'traces:get',
  'map:frames',
  'incidents:list',
  'incidents:get',
  'incidents:export',
  'incidents:create',
] as const satisfies readonly ChannelName[];

function roleLabel(role: Role): string {
  return `role "${role.name.en}" (${role.id})`;
}

/** Helpers bound to one role; the handlers and the role's own channels use them. */
export class ScopeCheck {
  constructor(readonly role: Role) {}

  get restricted(): boolean {
    return !isUnrestricted(this.role.scope);
  }

  get namespaces(): readonly string[] | undefined {
    return this.role.scope.namespaces;
  }

  /** The centers to read: the caller's (each must be in scope), or the scope's when the caller named none. */
  centers(requested: readonly string[]): string[] {
    const allowed = this.role.scope.centers;
    if (allowed === undefined) return [...requested];
    if (requested.length === 0) return [...allowed];
    const outside = requested.filter((centerId) => !allowed.includes(centerId));
    if (outside.length > 0) {
      throw new ApiFailure('forbidden', `${roleLabel(this.role)} may read centers ${allowed.join(', ')}; center ${outside.map((id) => `"${id}"`).join(', ')} is outside its scope`);
    }
    return [...requested];
  }

  center(centerId: string): void {
    this.centers([centerId]);
  }

  namespace(namespace: string | undefined): void {
    if (namespace === undefined || namespaceInScope(this.role.scope, namespace)) return;
    throw new ApiFailure('forbidden', `${roleLabel(this.role)} may read namespaces ${this.role.scope.namespaces?.join(', ')}; namespace "${namespace}" is outside its scope`);
  }

  /** A namespaced record in scope; records without a namespace follow the center scope only. */
  allows(record: { centerId: string; namespace?: string | null }): boolean {
    if (!centerInScope(this.role.scope, record.centerId)) return false;
    return record.namespace === undefined || record.namespace === null || namespaceInScope(this.role.scope, record.namespace);
  }

  /** Like allows, but a record without a namespace is out of scope while namespaces are restricted. */
  allowsStrictly(record: { centerId: string; namespace: string | null }): boolean {
    if (!centerInScope(this.role.scope, record.centerId)) return false;
    if (this.role.scope.namespaces === undefined) return true;
    return record.namespace !== null && this.role.scope.namespaces.includes(record.namespace);
  }
}

function newestFirst<T extends { timestamp: number; rowid: number }>(a: T, b: T): number {
  return b.timestamp - a.timestamp || b.rowid - a.rowid;
}

/** Wraps the data channels of `handlers` with the scope of the role `activeRole` returns at call time. */
export function guardHandlers(handlers: ChannelHandlers, activeRole: () => Role, lookups: ScopeLookups): ChannelHandlers {
  const scope = () => new ScopeCheck(activeRole());
  const guarded: Pick<ChannelHandlers, (typeof guardedChannels)[number]> = {
    'centers:list': async (input) => {
      const check = scope();
      return (await handlers['centers:list'](input)).filter((center) => centerInScope(check.role.scope, center.id));
    },
    'sync:status': async (input) => {
      const check = scope();
      return (await handlers['sync:status'](input)).filter((status) => centerInScope(check.role.scope, status.centerId));
    },
    'sync:refresh': (input) => handlers['sync:refresh']({ ...input, centerIds: scope().centers(input.centerIds) }),
    'sync:backfill': (input) => handlers['sync:backfill']({ ...input, centerIds: scope().centers(input.centerIds) }),
    'inventory:nodes': (input) => handlers['inventory:nodes']({ ...input, centerIds: scope().centers(input.centerIds) }),
    'inventory:pods': async (input) => {
      const check = scope();
      check.namespace(input.namespace);
      const pods = await handlers['inventory:pods']({ ...input, centerIds: check.centers(input.centerIds) });
      return pods.filter((pod) => check.allows(pod));
    },
    'inventory:containers': async (input) => {
      const check = scope();
      check.namespace(input.namespace);
      const containers = await handlers['inventory:containers']({ ...input, centerIds: check.centers(input.centerIds) });
      return containers.filter((container) => check.allows(container));
    },
    'events:list': async (input) => {
      const check = scope();
      check.namespace(input.namespace);
      const centerIds = check.centers(input.centerIds);
      const namespaces = check.namespaces;
      if (input.namespace !== undefined || namespaces === undefined) return handlers['events:list']({ ...input, centerIds });
      // One query per namespace keeps `limit` exact: a filter after the limit would return too few.
      const perNamespace = await Promise.all(namespaces.map((namespace) => handlers['events:list']({ ...input, centerIds, namespace })));
      return perNamespace.flat().sort((a, b) => b.lastSeen - a.lastSeen).slice(0, input.limit);
    },
    'alerts:list': async (input) => {
      const check = scope();
      const alerts = await handlers['alerts:list']({ ...input, centerIds: check.centers(input.centerIds) });
      return alerts.filter((alert) => check.allows({ centerId: alert.centerId, namespace: alert.labels.namespace ?? null }));
    },
    'series:panel': (input) => {
      const check = scope();
      check.center(input.centerId);
      if (input.target.kind !== 'node' && check.namespaces !== undefined) {
        if (input.target.namespace === undefined) {
          throw new ApiFailure('forbidden', `role "${check.role.name.en}" (${check.role.id}) reads namespaces ${check.namespaces.join(', ')} only; name the ${input.target.kind}'s namespace`);
        }
        check.namespace(input.target.namespace);
      }
      return handlers['series:panel'](input);
    },
    'logs:search': async (input) => {
      const check = scope();
      check.namespace(input.namespace);
      const centerIds = check.centers(input.centerIds);
      const namespaces = check.namespaces;
      if (input.namespace !== undefined || namespaces === undefined) return handlers['logs:search']({ ...input, centerIds });
      const perNamespace = await Promise.all(namespaces.map((namespace) => handlers['logs:search']({ ...input, centerIds, namespace })));
      return perNamespace.flat().sort(newestFirst).slice(0, input.limit);
    },
    'logs:around': async (input) => {
      const check = scope();
      if (check.restricted) {
        const line = lookups.logLine(input.lineId);
        if (line && !check.allowsStrictly(line)) {
          check.center(line.centerId);
          throw new ApiFailure('forbidden', `role "${check.role.name.en}" (${check.role.id}) may read namespaces ${check.namespaces?.join(', ')}; this log line is from ${line.namespace === null ? 'no namespace' : `namespace "${line.namespace}"`}`);
        }
      }
      return (await handlers['logs:around'](input)).filter((line) => check.allowsStrictly(line));
    },
    'traces:search': async (input) => {
      const check = scope();
      const centerIds = check.centers(input.centerIds);
      const namespaces = check.namespaces;
      if (namespaces === undefined) return handlers['traces:search']({ ...input, centerIds });
      if (input.service !== undefined && !lookups.servicesIn(centerIds, namespaces).includes(input.service)) {
        throw new ApiFailure('forbidden', `role "${check.role.name.en}" (${check.role.id}) may read namespaces ${namespaces.join(', ')}; service "${input.service}" has no spans there`);
      }
      const inScope = (traceId: string) => lookups.traceSpans(traceId).some((span) => check.allowsStrictly(span));
      // Grow the page until enough traces in scope are found or the cache has no more.
      for (let limit = input.limit; ; limit *= 4) {
        const found = await handlers['traces:search']({ ...input, centerIds, limit });
        const kept = found.filter((summary) => inScope(summary.traceId));
        if (kept.length >= input.limit || found.length < limit || limit >= 16_000) return kept.slice(0, input.limit);
      }
    },
    'traces:services': async (input) => {
      const check = scope();
      const centerIds = check.centers(input.centerIds);
      if (check.namespaces === undefined) return handlers['traces:services']({ ...input, centerIds });
      const allowed = new Set(lookups.servicesIn(centerIds, check.namespaces));
      return (await handlers['traces:services']({ ...input, centerIds })).filter((service) => allowed.has(service));
    },
    'traces:get': (input) => {
      const check = scope();
      if (check.restricted) {
        const spans = lookups.traceSpans(input.traceId);
        if (spans.length > 0 && !spans.some((span) => check.allowsStrictly(span))) {
          throw new ApiFailure('forbidden', `${roleLabel(check.role)} may not read trace ${input.traceId}: none of its spans ran in ${describeScope(check.role)}`);
        }
      }
      return handlers['traces:get'](input);
    },
    'incidents:list': async (input) => {
      const check = scope();
      // An incident is listed when one of its centers is in scope; its timeline is filtered on get.
      return (await handlers['incidents:list'](input)).filter((incident) => incident.centerIds.length === 0 || incident.centerIds.some((centerId) => centerInScope(check.role.scope, centerId)));
    },
    'incidents:get': async (input) => {
      const check = scope();
      const found = await handlers['incidents:get'](input);
      if (!check.restricted) return found;
      if (found.incident.centerIds.length > 0 && !found.incident.centerIds.some((centerId) => centerInScope(check.role.scope, centerId))) {
        throw new ApiFailure('forbidden', `${roleLabel(check.role)} may not read incident ${found.incident.id}: its centers ${found.incident.centerIds.join(', ')} are outside ${describeScope(check.role)}`);
      }
      return { ...found, timeline: found.timeline.filter((entry) => timelineEntryInScope(entry, check, lookups)) };
    },
    'incidents:create': (input) => handlers['incidents:create']({ ...input, centerIds: scope().centers(input.centerIds) }),
    'incidents:export': (input) => {
      const check = scope();
      // An export or pack holds the whole window of every namespace; it cannot be cut to a scope here.
      if (check.restricted) {
        throw new ApiFailure('forbidden', `${roleLabel(check.role)} reads only ${describeScope(check.role)}; an export holds every namespace of the incident's window, so export it with an unrestricted role`);
      }
      return handlers['incidents:export'](input);
    },
    'map:frames': async (input) => {
      const check = scope();
      const frames = await handlers['map:frames']({ ...input, centerIds: check.centers(input.centerIds) });
      return { ...frames, cells: frames.cells.filter((cell) => check.allows(cell)) };
    },
  };
  return { ...handlers, ...guarded };
}

type TimelineEntryLike = {
  centerId: string | null;
  object: string | null;
  refs: ReadonlyArray<{ kind: string; centerId?: string; namespace?: string | null; lineId?: string; traceId?: string }>;
};

/** A timeline entry shows when its center and every namespace it names (object, refs) are in scope. */
export function timelineEntryInScope(entry: TimelineEntryLike, check: ScopeCheck, lookups: ScopeLookups): boolean {
  if (entry.centerId !== null && !centerInScope(check.role.scope, entry.centerId)) return false;
  if (check.namespaces === undefined) return true;
  const namespaces: Array<string | null> = [];
  const named = /^(?:pod|container|deployment|statefulset|daemonset|replicaset|job|service|pvc|workload) ([^/\s]+)\//i.exec(entry.object ?? '');
  if (named) namespaces.push(named[1]!);
  for (const ref of entry.refs) {
    if (ref.centerId !== undefined && !centerInScope(check.role.scope, ref.centerId)) return false;
    if (ref.kind === 'pod' && ref.namespace !== undefined) namespaces.push(ref.namespace);
    // Log lines without a namespace (node journals, a burst over a whole center) are out of a namespace scope.
    if (ref.kind === 'logs' && (ref.namespace === undefined || ref.namespace === null)) return false;
    if (ref.kind === 'logs' && ref.namespace) namespaces.push(ref.namespace);
    if (ref.kind === 'log-line' && ref.lineId !== undefined) {
      const namespace = lookups.logLine(ref.lineId)?.namespace ?? null;
      if (namespace === null) return false;
      namespaces.push(namespace);
    }
    if (ref.kind === 'trace' && ref.traceId !== undefined && !lookups.traceSpans(ref.traceId).some((span) => check.allowsStrictly(span))) return false;
  }
  return namespaces.every((namespace) => namespace === null || namespaceInScope(check.role.scope, namespace));
}

export function describeScope(role: Role): string {
  const parts = [
    role.scope.centers ? `centers ${role.scope.centers.join(', ')}` : 'every center',
    role.scope.namespaces ? `namespaces ${role.scope.namespaces.join(', ')}` : 'every namespace',
  ];
  return parts.join(', ');
}

/**
 * Pushes follow the scope too: sync statuses and change notices of centers outside it are dropped
 * (null: do not send). Without a role (none permitted) center-bound pushes are dropped.
 */
export function scopeEventPayload<E extends EventName>(event: E, payload: EventPayload<E>, role: Role | null): EventPayload<E> | null {
  const visible = (centerId: string) => role !== null && centerInScope(role.scope, centerId);
  switch (event) {
    case 'sync:onDidChangeStatus':
      return (payload as EventPayload<'sync:onDidChangeStatus'>).filter((status) => visible(status.centerId)) as EventPayload<E>;
    case 'inventory:onDidChange':
      return visible((payload as EventPayload<'inventory:onDidChange'>).centerId) ? payload : null;
    case 'centers:onDidChange':
      return { centerIds: (payload as EventPayload<'centers:onDidChange'>).centerIds.filter(visible) } as EventPayload<E>;
    default:
      return payload;
  }
}
