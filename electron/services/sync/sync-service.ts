import type { SyncStatus } from '../../../shared/contract/channels.ts';
import type { Connector, PullRequest, PullResult } from '../../../shared/domain/connector.ts';
import type { Center, Endpoint } from '../../../shared/domain/records.ts';
import type { TimeRange } from '../../../shared/time/range.ts';
import type { BackfillState, CacheService, StoredSyncState } from '../cache/cache-service.ts';
import { PullCursorStore } from './pull-cursors.ts';

export interface RetryPolicy {
  /** Tries in all, the first included. */
  attempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

export interface SyncOptions {
  /** How far back a first pull of metrics reaches. */
  windowMs: number;
  /** Pause between scheduled rounds. */
  intervalMs: number;
  /** Endpoints pulled at once, over all centers. */
  concurrency: number;
  /** Endpoints of one center pulled at once (a bastion or a small Prometheus should not be flooded). Default 2. */
  perCenterConcurrency?: number;
  /** Transient failures (unreachable, timeout, 5xx) are retried with exponential backoff and jitter. */
  retry?: RetryPolicy;
  /** Jitter source, for tests. */
  random?: () => number;
  now: () => number;
  /** May be async: credentials come from the keychain, CA bundles from files, tunnels open on demand. */
  connectorFor: (endpoint: Endpoint, signal: AbortSignal) => Connector | Promise<Connector>;
  onDidChangeStatus: (statuses: SyncStatus[]) => void;
  onDidWrite?: (centerId: string, result: PullResult['kind']) => void;
  onError?: (endpoint: Endpoint, error: unknown) => void;
}

/** Re-pull this much before the watermark: the newest samples of a rate() may still move. */
const watermarkOverlapMs = 5 * 60_000;
export const defaultRetryPolicy: RetryPolicy = { attempts: 3, baseDelayMs: 1_000, maxDelayMs: 15_000 };

function describe(error: unknown): { code: string; message: string } {
  if (error instanceof Error) {
    if (error.name === 'AuthRequiredError') return { code: 'needs-sign-in', message: error.message };
    const candidate = (error as unknown as { code?: unknown }).code;
    const code = typeof candidate === 'string' ? candidate : 'internal';
    return { code, message: error.message };
  }
  return { code: 'internal', message: String(error) };
}

/** Worth another try: the center may answer in a moment. A malformed or refused answer will not change. */
function isTransient(error: unknown): boolean {
  const { code } = describe(error);
  const status = (error as { status?: unknown }).status;
  return code === 'unreachable' || code === 'timeout' || (code === 'http-status' && typeof status === 'number' && status >= 500);
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => {
      clearTimeout(timer);
      resolve();
    }, { once: true });
  });
}

/**
 * Pulls every endpoint of every center into the cache. A pull is validated whole by its connector
 * before anything is written, and written in one transaction, so a bad answer leaves the cache as it was.
 */
export class SyncService {
  private readonly live = new Map<string, SyncStatus>();
  private readonly running = new Map<string, Promise<void>>();
  private readonly controllers = new Map<string, AbortController>();
  private readonly waiting: Array<{ centerId: string; start: () => void }> = [];
  private readonly activeByCenter = new Map<string, number>();
  private active = 0;
  private timer: NodeJS.Timeout | null = null;
  private stopped = false;
  private readonly cursors: PullCursorStore;
  /** Endpoints whose last pull stopped at its line cap: pulled again as soon as that pull ends. */
  private readonly followUps = new Set<string>();

  constructor(
    private readonly cache: CacheService,
    private centers: readonly Center[],
    private readonly options: SyncOptions,
  ) {
    this.cursors = new PullCursorStore(cache.db);
    this.trackEndpoints();
  }

  /** Follow a changed registry: new endpoints start idle, removed ones drop out of the status list. */
  replaceCenters(centers: readonly Center[]): void {
    const removedCenters = this.centers.map((center) => center.id).filter((id) => !centers.some((center) => center.id === id));
    if (removedCenters.length > 0) this.cancel(removedCenters);
    if (this.cache.db.open) for (const centerId of removedCenters) this.cursors.removeCenter(centerId);
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
        activity: null,
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
    this.cancel();
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
    const controller = new AbortController();
    this.controllers.set(endpoint.id, controller);
    const run = this.withSlot(endpoint.centerId, () => this.pullAndStore(endpoint, controller.signal)).finally(() => {
      this.running.delete(endpoint.id);
      this.controllers.delete(endpoint.id);
      // A capped pull left lines behind: fetch the rest now rather than a whole interval later.
      if (this.followUps.delete(endpoint.id) && !this.stopped && !controller.signal.aborted && this.endpoints().includes(endpoint)) void this.syncEndpoint(endpoint);
    });
    this.running.set(endpoint.id, run);
    return run;
  }

  /**
   * Pull a chosen window of metrics in chunks. Each chunk's samples and the mark of how far the window
   * is done are committed in one transaction, so a crash at any moment resumes after the last
   * committed chunk: no gap, no duplicate. Calling it again with the same window resumes.
   */
  async backfill(centerIds: readonly string[], range: TimeRange, chunkMs = 3_600_000): Promise<void> {
    await Promise.all(this.metricsEndpoints(centerIds).map((endpoint) => this.backfillEndpoint(endpoint, range, chunkMs)));
  }

  metricsEndpoints(centerIds: readonly string[]): Endpoint[] {
    return this.endpoints().filter((endpoint) => endpoint.signal === 'metrics' && (centerIds.length === 0 || centerIds.includes(endpoint.centerId)));
  }

  private backfillEndpoint(endpoint: Endpoint, range: TimeRange, chunkMs: number): Promise<void> {
    const key = `${endpoint.id}#backfill`;
    const existing = this.running.get(key);
    if (existing) return existing;
    const controller = new AbortController();
    this.controllers.set(key, controller);
    const run = this.withSlot(endpoint.centerId, () => this.backfillChunks(endpoint, range, chunkMs, controller.signal)).finally(() => {
      this.running.delete(key);
      this.controllers.delete(key);
    });
    this.running.set(key, run);
    return run;
  }

  private async backfillChunks(endpoint: Endpoint, range: TimeRange, chunkMs: number, signal: AbortSignal): Promise<void> {
    const stored = this.cache.readBackfill(endpoint.id);
    const resumable = stored !== null && stored.from === range.from && stored.to === range.to && stored.chunkMs === chunkMs;
    let state: BackfillState = resumable
      ? stored
      : { endpointId: endpoint.id, centerId: endpoint.centerId, from: range.from, to: range.to, chunkMs, doneTo: range.from - 1, startedAt: this.options.now(), finishedAt: null };
    if (!resumable) this.cache.writeBackfill(state);
    const span = Math.max(1, range.to - range.from);
    try {
      while (state.doneTo < state.to && !signal.aborted && !this.stopped) {
        const chunk = { from: state.doneTo + 1, to: Math.min(state.to, state.doneTo + chunkMs) };
        this.update(endpoint, { state: 'syncing', activity: 'backfill', progress: Math.min(1, (chunk.from - range.from) / span) });
        const result = await this.pullWithRetries(endpoint, { centerId: endpoint.centerId, range: chunk, watermark: null }, signal);
        if (signal.aborted || this.stopped || !this.cache.db.open || !this.endpoints().some((current) => current === endpoint)) break;
        const next = { ...state, doneTo: chunk.to, finishedAt: chunk.to >= state.to ? this.options.now() : null };
        this.cache.db.transaction(() => {
          this.store(endpoint.centerId, result, this.options.now());
          this.cache.writeBackfill(next);
        })();
        state = next;
        this.options.onDidWrite?.(endpoint.centerId, result.kind);
      }
      this.update(endpoint, { state: 'ok', activity: null, progress: null });
    } catch (error) {
      if (signal.aborted) {
        this.update(endpoint, { state: this.live.get(endpoint.id)?.lastSuccessAt ? 'ok' : 'idle', activity: null, progress: null });
        return;
      }
      this.options.onError?.(endpoint, error);
      this.update(endpoint, { state: 'error', activity: null, progress: null, error: describe(error) });
      throw error;
    }
  }

  /** Abort running and queued pulls of the given centers (all when empty); what was committed stays. */
  cancel(centerIds: readonly string[] = []): number {
    let cancelled = 0;
    for (const endpoint of this.endpoints()) {
      if (centerIds.length > 0 && !centerIds.includes(endpoint.centerId)) continue;
      for (const key of [endpoint.id, `${endpoint.id}#backfill`]) {
        const controller = this.controllers.get(key);
        if (controller && !controller.signal.aborted) {
          controller.abort();
          cancelled++;
        }
      }
    }
    return cancelled;
  }

  private endpoints(): Endpoint[] {
    return this.centers.flatMap((center) => center.endpoints);
  }

  private hasSlot(centerId: string): boolean {
    return this.active < this.options.concurrency && (this.activeByCenter.get(centerId) ?? 0) < (this.options.perCenterConcurrency ?? 2);
  }

  private async withSlot(centerId: string, work: () => Promise<void>): Promise<void> {
    if (!this.hasSlot(centerId)) await new Promise<void>((start) => this.waiting.push({ centerId, start }));
    this.active++;
    this.activeByCenter.set(centerId, (this.activeByCenter.get(centerId) ?? 0) + 1);
    try {
      await work();
    } finally {
      this.active--;
      this.activeByCenter.set(centerId, (this.activeByCenter.get(centerId) ?? 1) - 1);
      const next = this.waiting.findIndex((candidate) => this.hasSlot(candidate.centerId));
      if (next >= 0) this.waiting.splice(next, 1)[0]!.start();
    }
  }

  /** Pull, retrying transient failures with exponential backoff and full jitter between half and all of the delay. */
  private async pullWithRetries(endpoint: Endpoint, request: PullRequest, signal: AbortSignal): Promise<PullResult> {
    const policy = this.options.retry ?? defaultRetryPolicy;
    const random = this.options.random ?? Math.random;
    for (let attempt = 1; ; attempt++) {
      try {
        const connector = await this.options.connectorFor(endpoint, signal);
        return await connector.pull(request);
      } catch (error) {
        if (attempt >= policy.attempts || signal.aborted || !isTransient(error)) throw error;
        const delay = Math.round(Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1)) * (0.5 + random() / 2));
        const { message } = describe(error);
        this.update(endpoint, { error: { code: 'retrying', message: `${message}; try ${attempt + 1} of ${policy.attempts} in ${(delay / 1000).toFixed(1)} s` } });
        await sleep(delay, signal);
      }
    }
  }

  private async pullAndStore(endpoint: Endpoint, signal: AbortSignal): Promise<void> {
    if (this.stopped || signal.aborted) return;
    const startedAt = this.options.now();
    const stored = this.cache.readSyncStates().find((state) => state.endpointId === endpoint.id);
    this.update(endpoint, { state: 'syncing', activity: 'pull', lastAttemptAt: startedAt, progress: 0 });
    const windowStart = startedAt - this.options.windowMs;
    const resume = endpoint.signal === 'logs' ? this.cursors.read(endpoint.id) : null;
    // After a capped pull, continue exactly where it stopped, even when that is older than the window: no gap.
    const from =
      resume?.resumeFromMs != null
        ? Math.min(resume.resumeFromMs, startedAt)
        : stored?.watermark
          ? Math.max(windowStart, stored.watermark - watermarkOverlapMs)
          : windowStart;
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
      const request: PullRequest = { centerId: endpoint.centerId, range: { from, to: startedAt }, watermark: persisted.watermark, cursor: resume?.cursor ?? null };
      const result = await this.pullWithRetries(endpoint, request, signal);
      if (signal.aborted) throw new Error('cancelled');
      // The center may have been removed or edited while the pull ran: its answer no longer belongs in the cache.
      if (this.stopped || !this.cache.db.open || !this.endpoints().some((current) => current === endpoint)) return;
      let watermark = startedAt;
      this.cache.db.transaction(() => {
        this.store(endpoint.centerId, result, startedAt);
        if (result.kind === 'logs') {
          const capped = !result.complete && result.resumeFromMs !== null;
          // More lines than the cap within the very millisecond the pull started at: step past it, or every round would repeat it.
          const resumeFromMs = capped ? Math.max(result.resumeFromMs!, from + 1) : null;
          if (resumeFromMs !== null) watermark = resumeFromMs;
          this.cursors.write(endpoint.id, endpoint.centerId, { cursor: result.cursor ?? null, resumeFromMs });
        }
        this.cache.writeSyncState({ ...persisted, lastSuccessAt: startedAt, watermark });
      })();
      if (result.kind === 'logs' && !result.complete && result.lines.length > 0) this.followUps.add(endpoint.id);
      this.update(endpoint, { state: 'ok', activity: null, lastSuccessAt: startedAt, progress: null, error: null });
      this.options.onDidWrite?.(endpoint.centerId, result.kind);
    } catch (error) {
      if (signal.aborted) {
        // A cancelled pull is no failure of the center: keep the last state, write nothing.
        this.update(endpoint, { state: persisted.lastSuccessAt ? 'ok' : 'idle', activity: null, progress: null, error: stored?.error ?? null });
        return;
      }
      this.options.onError?.(endpoint, error);
      const described = describe(error);
      if (this.cache.db.open) this.cache.writeSyncState({ ...persisted, error: described });
      this.update(endpoint, { state: 'error', activity: null, progress: null, error: described });
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
      case 'logs':
        this.cache.logs.insert(centerId, result.lines);
        return;
      case 'traces':
        this.cache.spans.insert(centerId, result);
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
