import type { SyncStatus } from '../../../shared/contract/channels.ts';
import type { Connector, PullResult } from '../../../shared/domain/connector.ts';
import type { Center, Endpoint } from '../../../shared/domain/records.ts';
import type { CacheService, StoredSyncState } from '../cache/cache-service.ts';

export interface SyncOptions {
  /** How far back a first pull of metrics reaches. */
  windowMs: number;
  /** Pause between scheduled rounds. */
  intervalMs: number;
  /** Endpoints pulled at once, over all centers. */
  concurrency: number;
  now: () => number;
  /** May be async: credentials come from the keychain, CA bundles from files, tunnels open on demand. */
  connectorFor: (endpoint: Endpoint) => Connector | Promise<Connector>;
  onDidChangeStatus: (statuses: SyncStatus[]) => void;
  onDidWrite?: (centerId: string, result: PullResult['kind']) => void;
  onError?: (endpoint: Endpoint, error: unknown) => void;
}

/** Re-pull this much before the watermark: the newest samples of a rate() may still move. */
const watermarkOverlapMs = 5 * 60_000;

function describe(error: unknown): { code: string; message: string } {
  if (error instanceof Error) {
    const candidate = (error as unknown as { code?: unknown }).code;
    const code = typeof candidate === 'string' ? candidate : 'internal';
    return { code, message: error.message };
  }
  return { code: 'internal', message: String(error) };
}

/**
 * Pulls every endpoint of every center into the cache. A pull is validated whole by its connector
 * before anything is written, and written in one transaction, so a bad answer leaves the cache as it was.
 */
export class SyncService {
  private readonly live = new Map<string, SyncStatus>();
  private readonly running = new Map<string, Promise<void>>();
  private readonly queue: Array<() => void> = [];
  private active = 0;
  private timer: NodeJS.Timeout | null = null;
  private stopped = false;

  constructor(
    private readonly cache: CacheService,
    private centers: readonly Center[],
    private readonly options: SyncOptions,
  ) {
    this.trackEndpoints();
  }

  /** Follow a changed registry: new endpoints start idle, removed ones drop out of the status list. */
  replaceCenters(centers: readonly Center[]): void {
    this.centers = centers;
    const wanted = new Set(this.endpoints().map((endpoint) => endpoint.id));
    for (const endpointId of [...this.live.keys()]) if (!wanted.has(endpointId)) this.live.delete(endpointId);
    this.trackEndpoints();
    this.options.onDidChangeStatus(this.statuses());
  }

  private trackEndpoints(): void {
    const stored = new Map(this.cache.readSyncStates().map((state) => [state.endpointId, state]));
    for (const endpoint of this.endpoints()) {
      if (this.live.has(endpoint.id)) continue;
      const previous = stored.get(endpoint.id);
      this.live.set(endpoint.id, {
        centerId: endpoint.centerId,
        endpointId: endpoint.id,
        signal: endpoint.signal,
        state: previous?.error ? 'error' : previous?.lastSuccessAt ? 'ok' : 'idle',
        lastAttemptAt: previous?.lastAttemptAt ?? null,
        lastSuccessAt: previous?.lastSuccessAt ?? null,
        progress: null,
        error: previous?.error ?? null,
      });
    }
  }

  statuses(): SyncStatus[] {
    return [...this.live.values()];
  }

  /** Pull now, then every `intervalMs` until stopped. */
  start(): void {
    const round = (): void => {
      if (this.stopped) return;
      void this.syncAll().finally(() => {
        if (!this.stopped) this.timer = setTimeout(round, this.options.intervalMs);
      });
    };
    round();
  }

  stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    return this.whenIdle();
  }

  async whenIdle(): Promise<void> {
    while (this.running.size > 0) await Promise.allSettled([...this.running.values()]);
  }

  /** Starts a pull of every endpoint of the given centers (all when empty); returns how many started. */
  refresh(centerIds: readonly string[] = []): number {
    const wanted = this.endpoints().filter((endpoint) => centerIds.length === 0 || centerIds.includes(endpoint.centerId));
    let started = 0;
    for (const endpoint of wanted) {
      if (this.running.has(endpoint.id)) continue;
      started++;
      void this.syncEndpoint(endpoint);
    }
    return started;
  }

  syncAll(): Promise<void> {
    return Promise.allSettled(this.endpoints().map((endpoint) => this.syncEndpoint(endpoint))).then(() => undefined);
  }

  syncEndpoint(endpoint: Endpoint): Promise<void> {
    const existing = this.running.get(endpoint.id);
    if (existing) return existing;
    const run = this.withSlot(() => this.pullAndStore(endpoint)).finally(() => this.running.delete(endpoint.id));
    this.running.set(endpoint.id, run);
    return run;
  }

  private endpoints(): Endpoint[] {
    return this.centers.flatMap((center) => center.endpoints);
  }

  private async withSlot(work: () => Promise<void>): Promise<void> {
    if (this.active >= this.options.concurrency) await new Promise<void>((resolve) => this.queue.push(resolve));
    this.active++;
    try {
      await work();
    } finally {
      this.active--;
      this.queue.shift()?.();
    }
  }

  private async pullAndStore(endpoint: Endpoint): Promise<void> {
    if (this.stopped) return;
    const startedAt = this.options.now();
    const stored = this.cache.readSyncStates().find((state) => state.endpointId === endpoint.id);
    this.update(endpoint, { state: 'syncing', lastAttemptAt: startedAt, progress: 0 });
    const windowStart = startedAt - this.options.windowMs;
    const from = stored?.watermark ? Math.max(windowStart, stored.watermark - watermarkOverlapMs) : windowStart;
    const persisted: StoredSyncState = {
      endpointId: endpoint.id,
      centerId: endpoint.centerId,
      signal: endpoint.signal,
      lastAttemptAt: startedAt,
      lastSuccessAt: stored?.lastSuccessAt ?? null,
      watermark: stored?.watermark ?? null,
      error: null,
    };
    try {
      const connector = await this.options.connectorFor(endpoint);
      const result = await connector.pull({ centerId: endpoint.centerId, range: { from, to: startedAt }, watermark: persisted.watermark });
      // The center may have been removed or edited while the pull ran: its answer no longer belongs in the cache.
      if (this.stopped || !this.cache.db.open || !this.endpoints().some((current) => current === endpoint)) return;
      this.cache.db.transaction(() => {
        this.store(endpoint.centerId, result, startedAt);
        this.cache.writeSyncState({ ...persisted, lastSuccessAt: startedAt, watermark: startedAt });
      })();
      this.update(endpoint, { state: 'ok', lastSuccessAt: startedAt, progress: null, error: null });
      this.options.onDidWrite?.(endpoint.centerId, result.kind);
    } catch (error) {
      this.options.onError?.(endpoint, error);
      const described = describe(error);
      if (this.cache.db.open) this.cache.writeSyncState({ ...persisted, error: described });
      this.update(endpoint, { state: 'error', progress: null, error: described });
    }
  }

  private store(centerId: string, result: PullResult, at: number): void {
    switch (result.kind) {
      case 'series':
        for (const batch of result.series) this.cache.writeSeries(centerId, batch.panel, batch.samples);
        return;
      case 'inventory':
        this.cache.replaceInventory(centerId, result.snapshot, at);
        return;
      case 'alerts':
        this.cache.recordAlerts(centerId, result.alerts, at);
        return;
    }
  }

  private update(endpoint: Endpoint, change: Partial<SyncStatus>): void {
    const current = this.live.get(endpoint.id);
    if (!current) return;
    this.live.set(endpoint.id, { ...current, ...change });
    this.options.onDidChangeStatus(this.statuses());
  }
}
