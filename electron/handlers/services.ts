import type { Connector } from '../../shared/domain/connector.ts';
import type { Endpoint } from '../../shared/domain/records.ts';
import type { AuthService } from '../services/auth/index.ts';
import type { CacheService } from '../services/cache/cache-service.ts';
import type { CenterRegistry } from '../services/centers/center-registry.ts';
import type { HostKeyPrompts } from '../services/centers/host-key-prompts.ts';
import type { RoleService } from '../services/roles/role-service.ts';
import type { TunnelPool } from '../services/centers/tunnel-pool.ts';
import type { SyncService } from '../services/sync/sync-service.ts';
import type { ExportService } from '../services/export/export-service.ts';
import type { VaultService } from '../services/vault/index.ts';
import type { AuditTrail } from '../services/audit/audit-trail.ts';
import type { IncidentService } from '../services/incidents/incident-service.ts';

/** What the channel handlers reach; built once by the core. */
export interface CoreServices {
  version: string;
  dataDir: string;
  startedAt: number;
  now: () => number;
  cache: CacheService;
  sync: SyncService;
  registry: CenterRegistry;
  vault: VaultService;
  auth: () => AuthService;
  prompts: HostKeyPrompts;
  tunnels: TunnelPool;
  connectorFor: (endpoint: Endpoint) => Promise<Connector>;
  /** The active role; its scope guards every data channel. */
  roles: RoleService;
  /** Incident exports, signed packs: verify and import. */
  exports: ExportService;
  /** Incidents: stored and pinned in the cache, timelines built from it. */
  incidents: IncidentService;
  /** Sign-ins and console actions. */
  audit: AuditTrail;
  emitDeviceCode: (payload: { profileId: string; userCode: string; verificationUri: string; verificationUriComplete?: string; expiresAt: number }) => void;
}
