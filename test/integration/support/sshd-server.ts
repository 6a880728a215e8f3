/**
 * A real OpenSSH server (/usr/sbin/sshd -D -e) as the current user, in its own temp directory,
 * listening on one address (127.0.0.1 by default, or a network namespace's veth address) and a
 * random or given port, public-key authentication only, TCP forwarding allowed, LogLevel DEBUG1 so
 * the log shows every forwarded channel (`server_request_direct_tcpip: ... target H port P`).
 * The host key is passed in, so a restart can keep it (same server) or change it (new identity).
 */
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { freePort, requireBinary } from '../../support/real-servers.ts';
import type { SshKeyPair } from './sshd-keys.ts';
import type { NetworkNamespace } from './sshd-namespace.ts';
import { descendants, killTree, onProcessExit, signal, spawnTracked, stopTracked, type TrackedProcess } from './sshd-processes.ts';

export const sshdBinary = '/usr/sbin/sshd';

export interface SshdOptions {
  hostKey: SshKeyPair;
  /** Client keys allowed to log in (as the current user). */
  authorizedKeys: readonly SshKeyPair[];
  /** Default 127.0.0.1. */
  listenAddress?: string;
  /** Default: a free port (retried if taken meanwhile). Give one to restart on the same port. */
  port?: number;
  /** Run inside this namespace (then listenAddress is usually its namespaceAddress). */
  namespace?: NetworkNamespace;
}

export interface SshdServer {
  host: string;
  port: number;
  /** The login name to use (the user the tests run as). */
  user: string;
  pid: number;
  /** Full log so far (sshd -e writes everything to stderr). */
  log(): string;
  /** Lines of `server_request_direct_tcpip` requests: the channels clients asked this server to open. */
  forwardedChannels(): Array<{ originator: string; target: string; port: number }>;
  /** Pids of the per-connection processes (privsep monitor and session children). */
  sessionPids(): number[];
  /** SIGSTOP / SIGCONT / SIGKILL every per-connection process, leaving the listener alone. */
  signalSessions(name: NodeJS.Signals): void;
  /** SIGKILL listener and sessions at once, like a crashed bastion, and wait for the listener to exit (the port is then free). */
  crash(): Promise<void>;
  /** SIGKILL listener and sessions, wait for exit, remove the temp dir. Safe to call twice. */
  stop(): Promise<void>;
}

const privilegeSeparationDir = '/run/sshd';

export async function startSshd(options: SshdOptions): Promise<SshdServer> {
  requireBinary(sshdBinary);
  // Debian's sshd refuses to start without its privilege separation directory (made by the init script normally).
  if (!existsSync(privilegeSeparationDir)) mkdirSync(privilegeSeparationDir, { recursive: true, mode: 0o755 });
  const listenAddress = options.listenAddress ?? '127.0.0.1';
  const user = userInfo().username;
  let lastError: Error | null = null;
  for (let attempt = 0; attempt < 3; attempt++) {
    const port = options.port ?? (await freePort());
    const dir = await mkdtemp(join(tmpdir(), 'opsdesk-sshd-'));
    const config = [
      `ListenAddress ${listenAddress}`,
      `Port ${port}`,
      `HostKey ${options.hostKey.path}`,
      `PidFile ${join(dir, 'sshd.pid')}`,
      `AuthorizedKeysFile ${join(dir, 'authorized_keys')}`,
      'StrictModes no',
      'PubkeyAuthentication yes',
      'PasswordAuthentication no',
      'KbdInteractiveAuthentication no',
      'AllowTcpForwarding yes',
      'PermitRootLogin prohibit-password',
      'UsePAM no',
      'PermitTTY no',
      'X11Forwarding no',
      'AllowAgentForwarding no',
      'MaxStartups 100',
      'LogLevel DEBUG1',
      '',
    ].join('\n');
    await writeFile(join(dir, 'sshd_config'), config);
    await writeFile(join(dir, 'authorized_keys'), options.authorizedKeys.map((key) => key.publicLine).join('\n') + '\n', { mode: 0o600 });
    const args = ['-D', '-e', '-f', join(dir, 'sshd_config')];
    const spawnSpec = options.namespace ? options.namespace.wrap(sshdBinary, args) : { command: sshdBinary, args };
    const child: TrackedProcess = spawnTracked(spawnSpec.command, spawnSpec.args, { cwd: dir });
    let stopped = false;
    const cancelExitCleanup = onProcessExit(() => rmSync(dir, { recursive: true, force: true }));
    const stop = async () => {
      if (stopped) return;
      stopped = true;
      cancelExitCleanup();
      await stopTracked(child);
      await rm(dir, { recursive: true, force: true });
    };
    try {
      await child.waitForLine(new RegExp(`Server listening on ${listenAddress.replace(/\./g, '\\.')} port ${port}\\.`), 10_000);
    } catch (error) {
      await stop();
      lastError = error as Error;
      if (options.port === undefined && /Address already in use/i.test(child.lines.join('\n'))) continue;
      throw lastError;
    }
    const server: SshdServer = {
      host: listenAddress,
      port,
      user,
      pid: child.pid,
      log: () => child.lines.join('\n'),
      forwardedChannels: () =>
        child.lines.flatMap((line) => {
          const match = /server_request_direct_tcpip: originator (\S+) port \d+, target (\S+) port (\d+)/.exec(line);
          return match ? [{ originator: match[1]!, target: match[2]!, port: Number(match[3]) }] : [];
        }),
      sessionPids: () => descendants(child.pid),
      signalSessions: (name) => {
        for (const pid of descendants(child.pid)) signal(pid, name);
      },
      crash: async () => {
        killTree(child.pid, 'SIGKILL');
        await child.exited;
      },
      stop,
    };
    return server;
  }
  throw lastError ?? new Error('sshd did not start');
}
