import { randomUUID } from 'node:crypto';
import { appendFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { EventName, EventPayload } from '../shared/contract/channels.ts';
import type { Center, Endpoint } from '../shared/domain/records.ts';
import { createConnector, type HttpOptions } from './connectors/index.ts';
import { createSshLogsConnector, resolveSshHops } from './connectors/ssh-logs/index.ts';
import type { UnknownHostKeyInfo } from './services/tunnels/index.ts';
import type { DemoOptions } from './demo/index.ts';
import { Dispatcher } from './dispatcher.ts';
import { createHandlers, type CoreServices } from './handlers/index.ts';
import { openInBrowser } from './host/open-browser.ts';
import { AuthService } from './services/auth/index.ts';
import { CacheService } from './services/cache/cache-service.ts';
import { RetentionService } from './services/cache/retention.ts';
import { CenterRegistry } from './services/centers/center-registry.ts';
import { endpointHttpOptions } from './services/centers/endpoint-transport.ts';
import { HostKeyPrompts } from './services/centers/host-key-prompts.ts';
import { RoleService } from './services/roles/role-service.ts';
import { scopeEventPayload } from './handlers/scope-guard.ts';
import type { Role } from '../shared/domain/roles.ts';
import { TunnelPool } from './services/centers/tunnel-pool.ts';
import { createLogFile } from './services/log/log-file.ts';
import { rememberingSecrets, SecretMasker } from './services/log/secret-masker.ts';
import { SyncService } from './services/sync/sync-service.ts';
import type { HtmlToPdf } from './services/export/chromium-pdf.ts';
import { ExportService } from './services/export/export-service.ts';
import { createVault, type VaultService } from './services/vault/index.ts';
import { userInfo } from 'node:os';
import { AuditTrail } from './services/audit/audit-trail.ts';
import { auditedHandlers } from './services/audit/audited-handlers.ts';
import { IncidentService } from './services/incidents/incident-service.ts';

export interface CoreOptions {
  dataDir: string;
  version: string;
  /** Default `<dataDir>/centers.yaml` (or OPSDESK_CONFIG, resolved by the caller). */
  configFile?: string;
  /** Options for the embedded demo centers, which start while the config has no centers; false never starts them. */
  demo?: DemoOptions | false;
  /** Default: the OS keychain through keytar, or memory only when none is reachable. */
  vault?: VaultService;
  /** How a browser sign-in opens the provider's page. */
  openBrowser?: (url: string) => void | Promise<void>;
  /** Extra connector options per endpoint (tests use a finer step). */
  connectorOptions?: (endpoint: Endpoint) => Partial<HttpOptions> & Record<string, unknown>;
  syncIntervalMs?: number;
  syncWindowMs?: number;
  /** One-shot commands (centers test, login, doctor) need no background pulls. Default true. */
  startSync?: boolean;
  now?: () => number;
  log?: (line: string) => void;
  /** PDF exports: Electron's printToPDF in the shell; default headless Chromium. */
  htmlToPdf?: HtmlToPdf;
}

/** Everything behind the contract, independent of the transport that carries it. */
export interface OpsDeskCore {
  dispatcher: Dispatcher;
  cache: CacheService;
  sync: SyncService;
  registry: CenterRegistry;
  vault: VaultService;
  auth(): AuthService;
  /** Settles once stored sign-in sessions were refreshed (or found expired). */
  whenSessionsRestored(): Promise<void>;
  prompts: HostKeyPrompts;
  readonly centers: readonly Center[];
  dataDir: string;
  /** Incident exports and packs (the CLI uses it beyond the contract: trust a pack's signer). */
  exports: ExportService;
  close(): Promise<void>;
}

export const cacheFileName = 'cache.sqlite';
export const configFileName = 'centers.yaml';
export const knownHostsFileName = 'known_hosts';
export const logFileName = 'opsdesk.log';

/**
 * With OPSDESK_PAYLOAD_TRACE_DIR set, every result and event sent towards a renderer is appended to a
 * JSON-lines file there (unmasked: it exists so a scan can prove no secret was ever sent).
 */
function payloadTrace(): ((kind: string, name: string, payload: unknown) => void) | null {
  const dir = process.env.OPSDESK_PAYLOAD_TRACE_DIR;
  if (!dir) return null;
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `payloads-${process.pid}-${randomUUID()}.jsonl`);
  return (kind, name, payload) => appendFileSync(file, `${JSON.stringify({ kind, name, payload })}\n`);
}

export async function startCore(options: CoreOptions): Promise<OpsDeskCore> {
  const now = options.now ?? Date.now;
  const masker = new SecretMasker();
  const log = createLogFile(join(options.dataDir, 'logs', logFileName), masker, options.log ?? ((line: string) => console.error(line)));
  const trace = payloadTrace();
  const startedAt = now();
  const cache = new CacheService(join(options.dataDir, cacheFileName));
  const registry = new CenterRegistry(options.configFile ?? join(options.dataDir, configFileName), options.demo === false ? false : { ...options.demo, now });
  const closers: Array<() => Promise<void> | void> = [() => cache.close(), () => registry.close()];
  try {
    await registry.start();
    for (const problem of registry.view().problems) log(`opsdesk: ${problem.file}:${problem.line}:${problem.column}: ${problem.field}: ${problem.message}`);
    const vault = rememberingSecrets(options.vault ?? (await createVault()), masker);
    if (vault.status().backend === 'memory') log(`opsdesk: secrets are kept in memory only: ${vault.status().reason ?? 'no keychain'}`);

    // Services report through the dispatcher, which is built last from the finished services.
    let dispatcher: Dispatcher | undefined;
    // Pushes pass the active role's scope like answers do (set once the role service exists).
    let activeRoleForEvents: (() => Role | null) | null = null;
    const emit = <E extends EventName>(event: E, payload: EventPayload<E>): void => {
      const scoped = activeRoleForEvents ? scopeEventPayload(event, payload, activeRoleForEvents()) : payload;
      if (scoped !== null) dispatcher?.emit(event, scoped);
    };

    const prompts = new HostKeyPrompts();
    prompts.onDidRequest((prompt) => emit('tunnels:onDidRequestHostKey', prompt));
    vault.onDidChangeStatus((status) => emit('secrets:onDidChangeStatus', status));
    const tunnels = new TunnelPool({
      secrets: vault,
      knownHostsFile: join(options.dataDir, knownHostsFileName),
      prompts,
      agentSocket: process.env.SSH_AUTH_SOCK,
      onDidChangeState: (route, state, reason) => log(`opsdesk: tunnel ${route}: ${state}${reason ? ` (${reason})` : ''}`),
    });
    closers.push(() => tunnels.close());

    let roles: RoleService | undefined;
    /** Sign-in and config changes can change the permitted and the default role. */
    const refreshRoles = (): void => {
      try {
        roles?.refresh();
      } catch (error) {
        log(`opsdesk: roles: ${error instanceof Error ? error.message : String(error)}`);
      }
    };
    let profilesKey = '';
    let auth: AuthService;
    let restoring: Promise<void> = Promise.resolve();
    const localUser = (() => {
      try {
        return userInfo().username;
      } catch {
        return 'local user';
      }
    })();
    /** Who acts: the signed-in user (name, else subject), else the local OS user. */
    const actor = (): string => {
      const session = auth?.sessions().find((candidate) => candidate.state === 'signed-in');
      return session?.name ?? session?.subject ?? localUser;
    };
    const audit = new AuditTrail(cache.db, { now, actor, mask: (text) => masker.mask(text) });
    const sessionStates = new Map<string, string>();
    const rebuildAuth = (): void => {
      const profiles = registry.signInProfiles();
      const key = JSON.stringify(profiles);
      if (key === profilesKey) return;
      profilesKey = key;
      auth = new AuthService({
        profiles: Object.entries(profiles).map(([id, profile]) => ({ id, ...profile })),
        secrets: vault,
        openBrowser: options.openBrowser ?? openInBrowser,
        now,
      });
      auth.onDidChangeSession((session) => {
        // A token refresh changes the session too; the trail records sign-in state changes only.
        if (sessionStates.get(session.profileId) === session.state) return;
        sessionStates.set(session.profileId, session.state);
        try {
          audit.record('auth:session', `profile ${session.profileId}: ${session.state}${session.name ?? session.subject ? ` as ${session.name ?? session.subject}` : ''}${session.reason ? ` (${session.reason.slice(0, 160)})` : ''}`);
        } catch (error) {
          log(`opsdesk: audit: ${error instanceof Error ? error.message : String(error)}`);
        }
      });
      auth.onDidChangeSession((session) =>
        emit('auth:onDidChangeSession', { ...session, issuer: registry.signInProfiles()[session.profileId]?.issuer ?? '' }),
      );
      auth.onDidChangeSession(refreshRoles);
      // Refreshing stored sessions needs the network; the cache is readable meanwhile.
      restoring = auth.restore().catch((error: unknown) => log(`opsdesk: restoring sign-in sessions failed: ${error instanceof Error ? error.message : String(error)}`));
    };
    rebuildAuth();
    roles = new RoleService({
      roleConfig: () => registry.roleConfig(),
      sessions: () => auth,
      dataDir: options.dataDir,
      onDidChange: (state) => emit('roles:onDidChange', state),
    });
    const roleService = roles;
    activeRoleForEvents = () => {
      try {
        return roleService.activeRole();
      } catch {
        return null;
      }
    };

    const sshLogsPolicy = { knownHostsFile: join(options.dataDir, knownHostsFileName), onUnknownHostKey: (info: UnknownHostKeyInfo) => prompts.ask(info) };
    const connectorFor = async (endpoint: Endpoint, signal?: AbortSignal) =>
      endpoint.sshLogs && endpoint.ssh
        ? createSshLogsConnector({ endpoint, hops: await resolveSshHops(endpoint.ssh, (name) => vault.get(name), process.env.SSH_AUTH_SOCK), policy: sshLogsPolicy, log: (message) => log(`opsdesk: ssh logs ${message}`) })
        : createConnector(endpoint, {
        ...(signal ? { signal } : {}),
        ...(await endpointHttpOptions(endpoint, { secrets: vault, auth: { accessToken: (profileId) => auth.accessToken(profileId) }, tunnels: tunnels.provider, dataDir: options.dataDir })),
        ...options.connectorOptions?.(endpoint),
      });

    cache.upsertCenters(registry.centers());
    const sync = new SyncService(cache, registry.centers(), {
      windowMs: options.syncWindowMs ?? 3_600_000,
      intervalMs: options.syncIntervalMs ?? 30_000,
      concurrency: 4,
      now,
      connectorFor,
      onDidChangeStatus: (statuses) => emit('sync:onDidChangeStatus', statuses),
      onDidWrite: (centerId) => emit('inventory:onDidChange', { centerId }),
      onError: (endpoint, error) => log(`opsdesk: sync ${endpoint.id}: ${error instanceof Error ? error.message : String(error)}`),
    });
    closers.unshift(() => sync.stop());

    const incidents = new IncidentService({ cache, retention: new RetentionService(cache.db), audit, now, actor });
    incidents.onDidChange((change) => emit('incidents:onDidChange', change));
    registry.onDidChange((centers, removed) => {
      for (const centerId of removed) cache.removeCenter(centerId);
      cache.upsertCenters(centers);
      sync.replaceCenters(centers);
      rebuildAuth();
      refreshRoles();
      emit('centers:onDidChange', { centerIds: centers.map((center) => center.id) });
      sync.refresh(centers.map((center) => center.id));
    });

    const exportsService = new ExportService({
      dataDir: options.dataDir,
      version: options.version,
      now,
      cache,
      vault,
      incidents,
      signerName: actor,
      onDidImport: (id) => emit('incidents:onDidChange', { id, change: 'created' }),
      ...(options.htmlToPdf ? { htmlToPdf: options.htmlToPdf } : {}),
    });
    const services: CoreServices = {
      version: options.version,
      dataDir: options.dataDir,
      startedAt,
      now,
      cache,
      sync,
      registry,
      vault,
      auth: () => auth,
      prompts,
      tunnels,
      connectorFor,
      roles,
      exports: exportsService,
      incidents,
      audit,
      emitDeviceCode: (payload) => emit('auth:onDidReceiveDeviceCode', payload),
    };
    dispatcher = new Dispatcher(auditedHandlers(createHandlers(services), audit, (error) => log(`opsdesk: audit: ${error instanceof Error ? error.message : String(error)}`)), {
      onInternalError: (channel, error) => log(`opsdesk: ${channel} failed: ${error instanceof Error ? error.message : String(error)}`),
      ...(trace ? { onDidSend: trace } : {}),
    });

    const retention = new RetentionService(cache.db);
    const applyRetention = (): void => {
      const policy = registry.cachePolicy();
      const report = retention.run({ maxAgeMs: policy.retentionDays * 86_400_000, maxBytes: policy.maxBytes }, now());
      if (report.evictedBlocks + report.evictedEvents + report.evictedAlerts + report.evictedLogLines + report.evictedSpans > 0 || report.overBudget) {
        log(`opsdesk: retention evicted ${report.evictedBlocks} sample blocks, ${report.evictedEvents} events, ${report.evictedAlerts} alerts, ${report.evictedLogLines} log lines, ${report.evictedSpans} spans; ${Math.round(report.bytesAfter / 1e6)} MB in use${report.overBudget ? ' (over budget: only pinned windows left)' : ''}`);
      }
    };
    if (options.startSync !== false) {
      sync.start();
      // Not at start-up: on a large cache the first run would delay the console; then hourly.
      const firstRetention = setTimeout(applyRetention, 5 * 60_000);
      const retentionTimer = setInterval(applyRetention, 3_600_000);
      firstRetention.unref();
      retentionTimer.unref();
      closers.unshift(() => {
        clearTimeout(firstRetention);
        clearInterval(retentionTimer);
      });
    }
    return {
      dispatcher,
      cache,
      sync,
      registry,
      vault,
      auth: () => auth,
      whenSessionsRestored: () => restoring,
      prompts,
      get centers() {
        return registry.centers();
      },
      dataDir: options.dataDir,
      exports: exportsService,
      async close() {
        for (const close of closers) await close();
      },
    };
  } catch (error) {
    for (const close of closers) await Promise.resolve(close()).catch(() => undefined);
    throw error;
  }
}
