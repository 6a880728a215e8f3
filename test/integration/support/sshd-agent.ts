/** A real ssh-agent (/usr/bin/ssh-agent -D) on a socket in a temp dir, loaded with keys by ssh-add. */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { requireBinary } from '../../support/real-servers.ts';
import type { SshKeyPair } from './sshd-keys.ts';
import { spawnTracked, stopTracked } from './sshd-processes.ts';

export interface SshAgent {
  /** The SSH_AUTH_SOCK path. */
  socket: string;
  stop(): Promise<void>;
}

export async function startSshAgent(keys: readonly SshKeyPair[]): Promise<SshAgent> {
  requireBinary('/usr/bin/ssh-agent');
  requireBinary('/usr/bin/ssh-add');
  const dir = await mkdtemp(join(tmpdir(), 'opsdesk-sshd-agent-'));
  const socket = join(dir, 'agent.sock');
  const agent = spawnTracked('/usr/bin/ssh-agent', ['-D', '-a', socket], { cwd: dir });
  const stop = async () => {
    await stopTracked(agent);
    await rm(dir, { recursive: true, force: true });
  };
  try {
    const deadline = Date.now() + 5_000;
    while (!existsSync(socket)) {
      if (agent.exitCode() !== null || Date.now() > deadline) throw new Error(`ssh-agent did not create ${socket}: ${agent.lines.join('\n')}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    for (const key of keys) {
      const added = spawnSync('/usr/bin/ssh-add', ['-q', key.path], { env: { ...process.env, SSH_AUTH_SOCK: socket }, encoding: 'utf8', timeout: 10_000 });
      if (added.status !== 0) throw new Error(`ssh-add ${key.path} failed: ${added.stderr}`);
    }
  } catch (error) {
    await stop();
    throw error;
  }
  return { socket, stop };
}
