import { createHash } from 'node:crypto';
import type { CenterSummary, SyncStatus } from '../../../shared/contract/channels.ts';
import type {
  AlertRecord,
  Center,
  ContainerRecord,
  InventorySnapshot,
  KubeEventRecord,
  NodeRecord,
  PodRecord,
  SeriesSamples,
} from '../../../shared/domain/records.ts';
import type { TimeRange } from '../../../shared/time/range.ts';
import { openCacheDatabase, type CacheDatabase } from './database.ts';
import { LogStore } from './log-store.ts';
import { decodeBlock, encodeBlock, mergeSamples, type SampleBlock } from './series-codec.ts';
import { SpanStore } from './span-store.ts';

/** Samples are packed per series in blocks of this span (aligned to epoch). */
export const seriesBlockMs = 2 * 3_600_000;

export interface CenterFilter {
  /** Empty means every center. */
  centerIds: readonly string[];
}

export interface BackfillState {
  endpointId: string;
  centerId: string;
  from: number;
  to: number;
  chunkMs: number;
  /** Committed through this instant (inclusive). */
  doneTo: number;
  startedAt: number;
  finishedAt: number | null;
}

export interface StoredSyncState {
  endpointId: string;
  centerId: string;
  signal: SyncStatus['signal'];
  lastAttemptAt: number | null;
  lastSuccessAt: number | null;
  watermark: number | null;
  error: { code: string; message: string } | null;
}

function labelsHash(labels: Record<string, string>): string {
  const canonical = JSON.stringify(Object.entries(labels).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  return createHash('sha256').update(canonical).digest('hex').slice(0, 32);
}

/** `center_id IN (...)` (nothing when every center is wanted) plus equality on each defined column. */
function whereClause(filter: CenterFilter, equal: Record<string, string | undefined> = {}): { sql: string; params: string[] } {
  const conditions: string[] = [];
  const params: string[] = [];
  if (filter.centerIds.length > 0) {
    conditions.push(`center_id IN (${filter.centerIds.map(() => '?').join(', ')})`);
    params.push(...filter.centerIds);
  }
  for (const [column, value] of Object.entries(equal)) {
    if (value === undefined) continue;
    conditions.push(`${column} = ?`);
    params.push(value);
  }
  return { sql: conditions.length > 0 ? conditions.join(' AND ') : '1 = 1', params };
}

function parseRecords<T>(rows: unknown[]): T[] {
  return rows.map((row) => JSON.parse((row as { record_json: string }).record_json) as T);
}

/**
 * The local cache: everything views read. Writers replace or merge in one transaction, so a pull
 * either lands whole or not at all.
 */
export class CacheService {
  readonly db: CacheDatabase;
  readonly logs: LogStore;
  readonly spans: SpanStore;

  constructor(file: string) {
    this.db = openCacheDatabase(file);
    this.logs = new LogStore(this.db);
    this.spans = new SpanStore(this.db);
  }

  close(): void {
    if (this.db.open) {
      this.db.pragma('wal_checkpoint(TRUNCATE)');
      this.db.close();
    }
  }

  upsertCenters(centers: readonly Center[]): void {
    const upsertCenter = this.db.prepare(
      `INSERT INTO centers (id, name, kind, region, labels_json, demo) VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT (id) DO UPDATE SET name = excluded.name, kind = excluded.kind, region = excluded.region,
         labels_json = excluded.labels_json, demo = excluded.demo`,
    );
    const deleteEndpoints = this.db.prepare('DELETE FROM endpoints WHERE center_id = ?');
    const insertEndpoint = this.db.prepare(
      'INSERT INTO endpoints (id, center_id, signal, kind, url) VALUES (?, ?, ?, ?, ?)',
    );
    this.db.transaction(() => {
      for (const center of centers) {
        upsertCenter.run(center.id, center.name, center.kind, center.region, JSON.stringify(center.labels), center.demo ? 1 : 0);
        deleteEndpoints.run(center.id);
        for (const endpoint of center.endpoints) {
          insertEndpoint.run(endpoint.id, center.id, endpoint.signal, endpoint.kind, endpoint.url);
        }
      }
    })();
  }

  /** Forget a center and everything cached for it (the user removed it, or the demo made way for real centers). */
  removeCenter(centerId: string): void {
    this.db.transaction(() => {
      this.db.prepare('DELETE FROM series WHERE center_id = ?').run(centerId);
      for (const table of ['nodes', 'pods', 'containers', 'kube_events', 'alerts', 'log_lines', 'spans', 'trace_summaries', 'sync_state', 'backfill_state', 'endpoints', 'centers']) {
        this.db.prepare(`DELETE FROM ${table} WHERE ${table === 'centers' ? 'id' : 'center_id'} = ?`).run(centerId);
      }
    })();
  }

  listCenters(): CenterSummary[] {
    const centers = this.db.prepare('SELECT * FROM centers ORDER BY name').all() as Array<{
      id: string;
      name: string;
      kind: 'on-prem' | 'cloud';
      region: string;
      labels_json: string;
      demo: number;
    }>;
    const endpoints = this.db.prepare('SELECT * FROM endpoints ORDER BY id').all() as Array<{
      id: string;
      center_id: string;
      signal: CenterSummary['endpoints'][number]['signal'];
      kind: CenterSummary['endpoints'][number]['kind'];
      url: string;
    }>;
    return centers.map((center) => ({
      id: center.id,
      name: center.name,
      kind: center.kind,
      region: center.region,
      labels: JSON.parse(center.labels_json) as Record<string, string>,
      demo: center.demo === 1,
      endpoints: endpoints
        .filter((endpoint) => endpoint.center_id === center.id)
        .map(({ id, signal, kind, url }) => ({ id, signal, kind, url })),
    }));
  }

  /**
   * Nodes, pods and containers are a snapshot: the center's previous ones are replaced.
   * Events accumulate (kept far beyond the API server's one-hour TTL).
   */
  replaceInventory(centerId: string, snapshot: InventorySnapshot, syncedAt: number): void {
    const insertNode = this.db.prepare(
      'INSERT INTO nodes (center_id, name, uid, ready, unschedulable, record_json, synced_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
    );
    const insertPod = this.db.prepare(
      `INSERT INTO pods (center_id, namespace, name, uid, node_name, phase, restarts, record_json, synced_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    const insertContainer = this.db.prepare(
      `INSERT INTO containers (center_id, namespace, pod_name, name, state, state_reason, restart_count, record_json, synced_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    const upsertEvent = this.db.prepare(
      `INSERT INTO kube_events (center_id, uid, namespace, involved_kind, involved_name, reason, type, first_seen, last_seen, record_json)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (center_id, uid) DO UPDATE SET last_seen = excluded.last_seen, record_json = excluded.record_json`,
    );
    this.db.transaction(() => {
      for (const table of ['nodes', 'pods', 'containers']) {
        this.db.prepare(`DELETE FROM ${table} WHERE center_id = ?`).run(centerId);
      }
      for (const node of snapshot.nodes) {
        insertNode.run(centerId, node.name, node.uid, node.ready, node.unschedulable ? 1 : 0, JSON.stringify({ ...node, centerId }), syncedAt);
      }
      for (const pod of snapshot.pods) {
        insertPod.run(centerId, pod.namespace, pod.name, pod.uid, pod.nodeName, pod.phase, pod.restarts, JSON.stringify({ ...pod, centerId }), syncedAt);
      }
      for (const container of snapshot.containers) {
        insertContainer.run(
          centerId,
          container.namespace,
          container.podName,
          container.name,
          container.state,
          container.stateReason,
          container.restartCount,
          JSON.stringify({ ...container, centerId }),
          syncedAt,
        );
      }
      for (const event of snapshot.events) {
        upsertEvent.run(
          centerId,
          event.uid,
          event.namespace,
          event.involvedKind,
          event.involvedName,
          event.reason,
          event.type,
          event.firstSeen,
          event.lastSeen,
          JSON.stringify({ ...event, centerId }),
        );
      }
    })();
  }

  listNodes(filter: CenterFilter): NodeRecord[] {
    const where = whereClause(filter);
    return parseRecords(this.db.prepare(`SELECT record_json FROM nodes WHERE ${where.sql} ORDER BY center_id, name`).all(...where.params));
  }

  listPods(filter: CenterFilter & { nodeName?: string | undefined; namespace?: string | undefined }): PodRecord[] {
    const where = whereClause(filter, { node_name: filter.nodeName, namespace: filter.namespace });
    return parseRecords(this.db.prepare(`SELECT record_json FROM pods WHERE ${where.sql} ORDER BY center_id, namespace, name`).all(...where.params));
  }

  listContainers(filter: CenterFilter & { namespace?: string | undefined; podName?: string | undefined }): ContainerRecord[] {
    const where = whereClause(filter, { namespace: filter.namespace, pod_name: filter.podName });
    return parseRecords(
      this.db.prepare(`SELECT record_json FROM containers WHERE ${where.sql} ORDER BY center_id, namespace, pod_name, name`).all(...where.params),
    );
  }

  listEvents(filter: CenterFilter & { namespace?: string | undefined; involvedName?: string | undefined; limit: number }): KubeEventRecord[] {
    const where = whereClause(filter, { namespace: filter.namespace, involved_name: filter.involvedName });
    return parseRecords(
      this.db.prepare(`SELECT record_json FROM kube_events WHERE ${where.sql} ORDER BY last_seen DESC LIMIT ?`).all(...where.params, filter.limit),
    );
  }

  /**
   * Record what Alertmanager reports now. Alertmanager drops resolved alerts from its API, so an
   * alert we hold as active that is no longer reported is marked resolved at `seenAt`.
   */
  recordAlerts(centerId: string, alerts: readonly AlertRecord[], seenAt: number): void {
    const upsert = this.db.prepare(
      `INSERT INTO alerts (center_id, fingerprint, starts_at, alert_name, state, ends_at, updated_at, record_json)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (center_id, fingerprint, starts_at) DO UPDATE SET state = excluded.state, ends_at = excluded.ends_at,
         updated_at = excluded.updated_at, record_json = excluded.record_json`,
    );
    const stillActive = this.db.prepare(
      'SELECT fingerprint, starts_at, record_json FROM alerts WHERE center_id = ? AND (ends_at IS NULL OR ends_at > ?)',
    );
    const resolve = this.db.prepare(
      'UPDATE alerts SET ends_at = ?, record_json = ? WHERE center_id = ? AND fingerprint = ? AND starts_at = ?',
    );
    this.db.transaction(() => {
      const reported = new Set(alerts.map((alert) => `${alert.fingerprint}@${alert.startsAt}`));
      for (const row of stillActive.all(centerId, seenAt) as Array<{ fingerprint: string; starts_at: number; record_json: string }>) {
        if (reported.has(`${row.fingerprint}@${row.starts_at}`)) continue;
        const record = { ...(JSON.parse(row.record_json) as AlertRecord), endsAt: seenAt };
        resolve.run(seenAt, JSON.stringify(record), centerId, row.fingerprint, row.starts_at);
      }
      for (const alert of alerts) {
        upsert.run(centerId, alert.fingerprint, alert.startsAt, alert.alertName, alert.state, alert.endsAt, alert.updatedAt, JSON.stringify({ ...alert, centerId }));
      }
    })();
  }

  listAlerts(filter: CenterFilter): AlertRecord[] {
    const where = whereClause(filter);
    return parseRecords(this.db.prepare(`SELECT record_json FROM alerts WHERE ${where.sql} ORDER BY starts_at DESC`).all(...where.params));
  }

  /** Merge samples into the center's series for `metric`, block by block, in one transaction. */
  writeSeries(centerId: string, metric: string, seriesList: readonly SeriesSamples[]): void {
    const findSeries = this.db.prepare('SELECT id FROM series WHERE center_id = ? AND metric = ? AND labels_hash = ?').pluck();
    const insertSeries = this.db.prepare('INSERT INTO series (center_id, metric, labels_hash, labels_json) VALUES (?, ?, ?, ?)');
    const readBlock = this.db.prepare('SELECT sample_count, samples FROM series_block WHERE series_id = ? AND block_start = ?');
    const writeBlock = this.db.prepare(
      `INSERT INTO series_block (series_id, block_start, block_end, sample_count, samples) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (series_id, block_start) DO UPDATE SET block_end = excluded.block_end,
         sample_count = excluded.sample_count, samples = excluded.samples`,
    );
    this.db.transaction(() => {
      for (const series of seriesList) {
        const hash = labelsHash(series.labels);
        let seriesId = findSeries.get(centerId, metric, hash) as number | bigint | undefined;
        // A series just created has no blocks to merge with.
        const isNew = seriesId === undefined;
        if (seriesId === undefined) {
          seriesId = insertSeries.run(centerId, metric, hash, JSON.stringify(series.labels)).lastInsertRowid;
        }
        const { timestamps, values } = sortedUnique(series);
        forEachBlock(timestamps, (blockStart, from, to) => {
          const existing = isNew ? undefined : (readBlock.get(seriesId, blockStart) as { sample_count: number; samples: Buffer } | undefined);
          if (!existing) {
            writeBlock.run(seriesId, blockStart, timestamps[to - 1]!, to - from, encodeBlock(timestamps, values, from, to));
            return;
          }
          const incoming: SampleBlock = { timestamps: Float64Array.from(timestamps.slice(from, to)), values: Float64Array.from(values.slice(from, to)) };
          const merged = mergeSamples(decodeBlock(existing.samples, existing.sample_count), incoming);
          const count = merged.timestamps.length;
          writeBlock.run(seriesId, blockStart, merged.timestamps[count - 1]!, count, encodeBlock(merged.timestamps, merged.values));
        });
      }
    })();
  }

  /** Cached samples of `metric` within `range` (inclusive), for the series whose labels `match`. */
  readSeries(centerId: string, metric: string, range: TimeRange, match: (labels: Record<string, string>) => boolean = () => true): SeriesSamples[] {
    const seriesRows = this.db
      .prepare('SELECT id, labels_json FROM series WHERE center_id = ? AND metric = ?')
      .all(centerId, metric) as Array<{ id: number; labels_json: string }>;
    const blocks = this.db.prepare(
      `SELECT sample_count, samples FROM series_block
       WHERE series_id = ? AND block_start <= ? AND block_end >= ? ORDER BY block_start`,
    );
    const result: SeriesSamples[] = [];
    for (const row of seriesRows) {
      const labels = JSON.parse(row.labels_json) as Record<string, string>;
      if (!match(labels)) continue;
      const timestamps: number[] = [];
      const values: number[] = [];
      for (const block of blocks.all(row.id, range.to, range.from) as Array<{ sample_count: number; samples: Buffer }>) {
        const decoded = decodeBlock(block.samples, block.sample_count);
        for (let index = 0; index < decoded.timestamps.length; index++) {
          const timestamp = decoded.timestamps[index]!;
          if (timestamp < range.from || timestamp > range.to) continue;
          timestamps.push(timestamp);
          values.push(decoded.values[index]!);
        }
      }
      if (timestamps.length > 0) result.push({ labels, timestamps, values });
    }
    return result;
  }

  readBackfill(endpointId: string): BackfillState | null {
    const row = this.db.prepare('SELECT * FROM backfill_state WHERE endpoint_id = ?').get(endpointId) as
      | { endpoint_id: string; center_id: string; range_from: number; range_to: number; chunk_ms: number; done_to: number; started_at: number; finished_at: number | null }
      | undefined;
    if (!row) return null;
    return { endpointId: row.endpoint_id, centerId: row.center_id, from: row.range_from, to: row.range_to, chunkMs: row.chunk_ms, doneTo: row.done_to, startedAt: row.started_at, finishedAt: row.finished_at };
  }

  writeBackfill(state: BackfillState): void {
    this.db
      .prepare(
        `INSERT INTO backfill_state (endpoint_id, center_id, range_from, range_to, chunk_ms, done_to, started_at, finished_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (endpoint_id) DO UPDATE SET center_id = excluded.center_id, range_from = excluded.range_from, range_to = excluded.range_to,
           chunk_ms = excluded.chunk_ms, done_to = excluded.done_to, started_at = excluded.started_at, finished_at = excluded.finished_at`,
      )
      .run(state.endpointId, state.centerId, state.from, state.to, state.chunkMs, state.doneTo, state.startedAt, state.finishedAt);
  }

  readSyncStates(): StoredSyncState[] {
    const rows = this.db.prepare('SELECT * FROM sync_state ORDER BY endpoint_id').all() as Array<{
      endpoint_id: string;
      center_id: string;
      signal: SyncStatus['signal'];
      last_attempt_at: number | null;
      last_success_at: number | null;
      watermark: number | null;
      error_code: string | null;
      error_message: string | null;
    }>;
    return rows.map((row) => ({
      endpointId: row.endpoint_id,
      centerId: row.center_id,
      signal: row.signal,
      lastAttemptAt: row.last_attempt_at,
      lastSuccessAt: row.last_success_at,
      watermark: row.watermark,
      error: row.error_code === null ? null : { code: row.error_code, message: row.error_message ?? '' },
    }));
  }

  writeSyncState(state: StoredSyncState): void {
    this.db
      .prepare(
        `INSERT INTO sync_state (endpoint_id, center_id, signal, last_attempt_at, last_success_at, watermark, error_code, error_message)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (endpoint_id) DO UPDATE SET last_attempt_at = excluded.last_attempt_at,
           last_success_at = excluded.last_success_at, watermark = excluded.watermark,
           error_code = excluded.error_code, error_message = excluded.error_message`,
      )
      .run(
        state.endpointId,
        state.centerId,
        state.signal,
        state.lastAttemptAt,
        state.lastSuccessAt,
        state.watermark,
        state.error?.code ?? null,
        state.error?.message ?? null,
      );
  }
}

/** Calls `each` per run of consecutive samples in one block: its aligned start and the run's index range. */
function forEachBlock(timestamps: readonly number[], each: (blockStart: number, from: number, to: number) => void): void {
  let runStart = 0;
  for (let index = 1; index <= timestamps.length; index++) {
    const blockStart = Math.floor(timestamps[runStart]! / seriesBlockMs) * seriesBlockMs;
    if (index < timestamps.length && timestamps[index]! < blockStart + seriesBlockMs) continue;
    each(blockStart, runStart, index);
    runStart = index;
  }
}

/** Connectors return sorted samples, used as they are; only out-of-order or repeated timestamps pay for a sorted copy (last value wins). */
function sortedUnique(series: SeriesSamples): { timestamps: readonly number[]; values: readonly number[] } {
  const count = series.timestamps.length;
  let ordered = true;
  for (let index = 1; index < count && ordered; index++) ordered = series.timestamps[index - 1]! < series.timestamps[index]!;
  if (ordered) return series;
  const order = series.timestamps.map((_, index) => index).sort((a, b) => series.timestamps[a]! - series.timestamps[b]! || a - b);
  const timestamps: number[] = [];
  const values: number[] = [];
  for (const index of order) {
    if (timestamps.at(-1) === series.timestamps[index]) values[values.length - 1] = series.values[index]!;
    else {
      timestamps.push(series.timestamps[index]!);
      values.push(series.values[index]!);
    }
  }
  return { timestamps, values };
}
