/**
 * The Connector face of the SSH log source, so sync pulls a legacy host's journal or files like a
 * Loki: one endpoint (kind ssh-journal or ssh-file) reads its units, or tails each of its paths,
 * on the last hop of the center's SSH route. The resume point travels as the pull's `cursor` and
 * is committed by sync with the lines it covers.
 */
import type { Connector, HealthResult, PullRequest } from '../../../shared/domain/connector.ts';
import type { LogsPullResult } from '../../../shared/domain/logs.ts';
import type { Endpoint } from '../../../shared/domain/records.ts';
import { ConnectorError } from '../errors.ts';
import type { HostKeyPolicy, SshHop } from '../../services/tunnels/index.ts';
import { createSshLogSource, type SshLogSource } from './ssh-log-source.ts';

export interface SshLogsConnectorOptions {
  /** Kind ssh-journal or ssh-file, with `sshLogs` and `ssh` set (centersFromConfig does). */
  endpoint: Endpoint;
  /** The endpoint's route with credentials resolved (see resolveSshHops). */
  hops: SshHop[];
  policy: HostKeyPolicy;
  /** Lines per source per pull; the rest comes in the next pull. Default 5,000. */
  maxLinesPerPull?: number;
  log?: (message: string) => void;
  now?: () => number;
}

/**
 * The endpoint's cursor says which source wrote it (`journal:<journal cursor>`, `files:<JSON map of
 * path to inode:offset>`): after the endpoint was switched from one kind to the other, a cursor of
 * the other kind means "start afresh", not a failing pull on every round.
 */
const journalPrefix = 'journal:';
const filesPrefix = 'files:';

function ownCursor(cursor: string | null | undefined, prefix: string, log: ((message: string) => void) | undefined, endpointId: string): string | null {
  if (cursor === null || cursor === undefined) return null;
  if (cursor.startsWith(prefix)) return cursor.slice(prefix.length);
  log?.(`${endpointId}: the stored cursor belongs to another kind of log source; reading from the start`);
  return null;
}

/** File sources keep one `<inode>:<offset>` per path; the endpoint's cursor is their JSON map. */
function parseFileCursors(cursor: string | null, endpointId: string): Record<string, string> {
  if (cursor === null) return {};
  try {
    const value: unknown = JSON.parse(cursor);
    if (value && typeof value === 'object' && !Array.isArray(value) && Object.values(value).every((entry) => typeof entry === 'string')) {
      return value as Record<string, string>;
    }
  } catch {
    // Reported below.
  }
  throw new ConnectorError({ code: 'malformed', endpointId, message: `ssh logs: the stored cursor is not a map of path to offset: ${cursor.slice(0, 80)}`, request: 'cursor' });
}

export function createSshLogsConnector(options: SshLogsConnectorOptions): Connector {
  const { endpoint } = options;
  const spec = endpoint.sshLogs;
  if (!spec) throw new Error(`endpoint ${endpoint.id} (${endpoint.kind}) has no SSH log source`);
  const maxLines = options.maxLinesPerPull ?? 5_000;
  const common = {
    centerId: endpoint.centerId,
    endpointId: endpoint.id,
    hops: options.hops,
    policy: options.policy,
    readyTimeoutMs: endpoint.timeoutMs,
    ...(options.log ? { log: options.log } : {}),
    ...(options.now ? { now: options.now } : {}),
  };
  const sources: Array<{ path: string | null; source: SshLogSource }> =
    spec.source === 'journal'
      ? [{ path: null, source: createSshLogSource({ ...common, source: { kind: 'journal', units: spec.units } }) }]
      : spec.paths.map((path) => ({ path, source: createSshLogSource({ ...common, source: { kind: 'file', path } }) }));

  async function health(): Promise<HealthResult> {
    const startedAt = performance.now();
    try {
      for (const { source } of sources) await source.probe();
      return { ok: true, latencyMs: Math.round(performance.now() - startedAt), message: sources.map(({ source }) => source.describe).join('; ') };
    } catch (error) {
      return { ok: false, latencyMs: Math.round(performance.now() - startedAt), message: error instanceof Error ? error.message : String(error) };
    }
  }

  async function pull(request: PullRequest): Promise<LogsPullResult> {
    if (spec!.source === 'journal') {
      const journal = sources[0]!.source;
      const cursor = ownCursor(request.cursor, journalPrefix, options.log, endpoint.id);
      let pulled;
      try {
        pulled = await journal.pull({ cursor, maxLines });
      } catch (error) {
        // A vacuumed or rebuilt journal no longer knows the cursor: journalctl refuses it on every
        // pull. Start again from the newest entries and say so, rather than stall the endpoint.
        if (cursor === null || !(error instanceof ConnectorError) || error.code !== 'remote-error' || !/cursor/i.test(error.message)) throw error;
        options.log?.(`${endpoint.id}: the journal no longer knows the stored cursor (${error.message}); reading its newest ${maxLines} entries`);
        pulled = await journal.pull({ cursor: null, maxLines });
      }
      return { kind: 'logs', lines: pulled.lines, complete: pulled.lines.length < maxLines, resumeFromMs: null, cursor: pulled.cursor === null ? null : `${journalPrefix}${pulled.cursor}` };
    }
    const cursors = parseFileCursors(ownCursor(request.cursor, filesPrefix, options.log, endpoint.id), endpoint.id);
    const next: Record<string, string> = {};
    const lines: LogsPullResult['lines'] = [];
    let complete = true;
    for (const { path, source } of sources) {
      const pulled = await source.pull({ cursor: cursors[path!] ?? null, maxLines });
      lines.push(...pulled.lines);
      if (pulled.cursor !== null) next[path!] = pulled.cursor;
      if (pulled.lines.length >= maxLines) complete = false;
    }
    return { kind: 'logs', lines, complete, resumeFromMs: null, cursor: `${filesPrefix}${JSON.stringify(next)}` };
  }

  return { kind: endpoint.kind, capabilities: ['logs'], health, pull };
}
