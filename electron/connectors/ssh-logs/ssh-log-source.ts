/**
 * Logs of legacy hosts without Loki, read over SSH: the systemd journal (`journalctl -o json`)
 * or a plain file tailed by byte offset. Each pull is one SSH connection through the configured
 * hops and one remote command; host keys are checked exactly as the tunnels check them.
 */
import type { LogLineRecord } from '../../../shared/domain/logs.ts';
import { ConnectorError } from '../errors.ts';
import { HostKeyError, SshHopError, type HostKeyPolicy, type SshHop } from '../../services/tunnels/index.ts';
import { parseFileCursor, fileTailCommand, parseFileTailOutput } from './file-tail.ts';
import { journalCommand } from './journal-command.ts';
import { JournalParseError, parseJournalOutput } from './journal-parse.ts';
import { ExecTimeoutError, execOnLastHop, OutputTooLargeError, type ExecResult } from './ssh-exec.ts';
import { quoteShellArg, UnsafeArgumentError } from './shell-quote.ts';

export type SshLogSourceSpec = { kind: 'journal'; unit?: string; units?: readonly string[] } | { kind: 'file'; path: string };

export interface SshLogSourceOptions {
  centerId: string;
  /** ProxyJump order; the last hop is the host whose logs are read. */
  hops: SshHop[];
  policy: HostKeyPolicy;
  source: SshLogSourceSpec;
  /** Per hop: TCP connect + SSH handshake + authentication; default 20 000 ms. */
  readyTimeoutMs?: number;
  /** The remote command's budget once connected; default 60 000 ms. */
  execTimeoutMs?: number;
  /** Largest answer accepted from one remote command; default 32 MiB. */
  maxOutputBytes?: number;
  /** Names the source in errors; default `<centerId>/ssh-logs`. */
  endpointId?: string;
  /** Notes worth showing (e.g. a recorded host key); never secrets. */
  log?: (message: string) => void;
  /** Clock for lines without a stamp (tests). */
  now?: () => number;
}

export interface SshLogPullRequest {
  /** Null on the first pull: the journal then gives its newest maxLines entries, a file starts at byte 0. */
  cursor: string | null;
  maxLines: number;
}

export interface SshLogPullResult {
  lines: LogLineRecord[];
  /** Where the next pull resumes; the request's cursor when nothing new came. */
  cursor: string | null;
}

export interface SshLogSource {
  readonly centerId: string;
  /** What is read where, e.g. `file /var/log/app.log on oncall@host:22`. */
  readonly describe: string;
  /** One cheap remote command proving the route, the key and the source (journalctl runs, the file is readable). */
  probe(): Promise<void>;
  pull(request: SshLogPullRequest): Promise<SshLogPullResult>;
}

export function createSshLogSource(options: SshLogSourceOptions): SshLogSource {
  if (options.hops.length === 0) throw new Error('an SSH log source needs at least one hop');
  const last = options.hops[options.hops.length - 1]!;
  const endpointId = options.endpointId ?? `${options.centerId}/ssh-logs`;
  const units = options.source.kind === 'journal' ? [...(options.source.unit !== undefined ? [options.source.unit] : []), ...(options.source.units ?? [])] : [];
  const what = options.source.kind === 'journal' ? `journal${units.length > 0 ? ` of ${units.join(', ')}` : ''}` : `file ${options.source.path}`;
  const describe = `${what} on ${last.user}@${last.host}:${last.port}`;
  // Refuse unusable config at construction, not at the first pull.
  for (const unit of units) quoteShellArg(unit);
  if (options.source.kind === 'file') quoteShellArg(options.source.path);

  const fail = (code: ConnectorError['code'], detail: string, cause?: unknown) =>
    new ConnectorError({ code, endpointId, message: `ssh logs (${describe}): ${detail}`, request: options.source.kind, ...(cause === undefined ? {} : { cause }) });

  const maxOutputBytes = options.maxOutputBytes ?? 32 * 1024 * 1024;

  async function exec(command: string, stopAfterLines?: number): Promise<ExecResult> {
    try {
      return await execOnLastHop(command, {
        hops: options.hops,
        policy: options.policy,
        readyTimeoutMs: options.readyTimeoutMs ?? 20_000,
        execTimeoutMs: options.execTimeoutMs ?? 60_000,
        maxOutputBytes,
        ...(stopAfterLines !== undefined ? { stopAfterLines } : {}),
        ...(options.log ? { log: options.log } : {}),
      });
    } catch (error) {
      if (error instanceof ExecTimeoutError) throw fail('timeout', error.message, error);
      if (error instanceof OutputTooLargeError) throw fail('too-large', error.message, error);
      if (error instanceof HostKeyError) throw fail('unreachable', error.message, error);
      if (error instanceof SshHopError) {
        if (error.level === 'client-timeout') throw fail('timeout', error.message, error);
        throw fail(error.level === 'client-authentication' ? 'unauthorized' : 'unreachable', error.message, error);
      }
      throw fail('unreachable', error instanceof Error ? error.message : String(error), error);
    }
  }

  function checkExit(result: ExecResult, command: string): void {
    if (result.exitCode === 0 || result.stoppedEarly) return;
    const status = result.exitCode !== null ? `exit status ${result.exitCode}` : `signal ${result.signal ?? 'unknown'}`;
    const stderr = result.stderr.split('\n').map((line) => line.trim()).filter(Boolean).slice(-3).join(' | ');
    throw fail('remote-error', `\`${command.split(' ')[0]}\` failed (${status})${stderr ? `: ${stderr}` : ''}`);
  }

  return {
    centerId: options.centerId,
    describe,
    async probe() {
      const source = options.source;
      const command =
        source.kind === 'journal'
          ? journalCommand({ units, cursor: null, maxLines: 1 })
          : `test -r ${quoteShellArg(source.path)} || { echo 'not readable' >&2; exit 66; }`;
      const result = await exec(command);
      checkExit(result, source.kind === 'journal' ? 'journalctl' : 'test -r');
    },
    async pull(request) {
      const maxLines = Math.max(1, Math.floor(request.maxLines));
      const source = options.source;
      if (source.kind === 'journal') {
        let command: string;
        try {
          command = journalCommand({ units, cursor: request.cursor, maxLines });
        } catch (error) {
          if (error instanceof UnsafeArgumentError) throw fail('malformed', `the cursor cannot be sent: ${error.message}`, error);
          throw error;
        }
        // journalctl cannot give "the first N after a cursor": the answer is cut off after maxLines entries.
        const result = await exec(command, maxLines);
        checkExit(result, 'journalctl');
        try {
          const parsed = parseJournalOutput(result.stdout.toString('utf8'), {
            centerId: options.centerId,
            fallbackHost: last.host,
            ...(units.length === 1 ? { unit: units[0]! } : {}),
            maxLines,
          });
          return { lines: parsed.lines, cursor: parsed.cursor ?? request.cursor };
        } catch (error) {
          if (error instanceof JournalParseError) throw fail('malformed', error.message, error);
          throw error;
        }
      }
      let previous;
      try {
        previous = parseFileCursor(request.cursor);
      } catch (error) {
        throw fail('malformed', (error as Error).message, error);
      }
      const pullTimeMs = (options.now ?? Date.now)();
      // Leave room for the one-line header within the output cap.
      const result = await exec(fileTailCommand(source.path, previous, maxOutputBytes - 128));
      checkExit(result, 'tail');
      try {
        const parsed = parseFileTailOutput(result.stdout, previous, { centerId: options.centerId, host: last.host, path: source.path, maxLines, pullTimeMs });
        if (parsed.restarted) options.log?.(`${describe}: rotated or truncated, reading from the start of the current file`);
        return { lines: parsed.lines, cursor: parsed.cursor };
      } catch (error) {
        throw fail('malformed', (error as Error).message, error);
      }
    },
  };
}
