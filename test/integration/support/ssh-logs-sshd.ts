/**
 * A real sshd for the ssh-logs tests whose sessions find the journalctl stub
 * (test/fixtures/journal/journalctl-stub.sh) first in PATH. The client key's authorized_keys line
 * carries a forced command that prepends the stub's directory to PATH, names the stub's state
 * directory and then runs the client's command exactly as sshd would (`$SHELL -c`), so quoting
 * reaches the remote shell unchanged.
 */
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { SshKeyPair } from './sshd-keys.ts';
import { startSshd, type SshdServer } from './sshd-server.ts';

export const journalFixture = (name: string): string => fileURLToPath(new URL(`../../fixtures/journal/${name}`, import.meta.url));

export interface JournalStub {
  /** The directory whose `journalctl` is the stub. */
  binDir: string;
  /** The stub's state: `fixture` (which file it prints) and `argv` (its last arguments). */
  stateDir: string;
  useFixture(name: string): void;
  /** The arguments of the stub's last run, one per entry. */
  lastArgv(): string[];
}

export function makeJournalStub(dir: string, readFile: (path: string) => string): JournalStub {
  const binDir = join(dir, 'stub-bin');
  const stateDir = join(dir, 'stub-state');
  mkdirSync(binDir, { recursive: true });
  mkdirSync(stateDir, { recursive: true });
  symlinkSync(journalFixture('journalctl-stub.sh'), join(binDir, 'journalctl'));
  const stub: JournalStub = {
    binDir,
    stateDir,
    useFixture: (name) => writeFileSync(join(stateDir, 'fixture'), journalFixture(name)),
    lastArgv: () => readFile(join(stateDir, 'argv')).split('\n').slice(0, -1),
  };
  stub.useFixture('entries.jsonl');
  return stub;
}

/** The key's authorized_keys line with the forced command that puts the stub first in PATH. */
export function stubbedAuthorizedKey(key: SshKeyPair, stub: JournalStub): SshKeyPair {
  for (const path of [stub.binDir, stub.stateDir]) {
    if (!/^[A-Za-z0-9_./-]+$/.test(path)) throw new Error(`unexpected characters in ${path}`);
  }
  const command = `export PATH=${stub.binDir}:$PATH JOURNAL_STUB_DIR=${stub.stateDir}; exec "$SHELL" -c "$SSH_ORIGINAL_COMMAND"`;
  return { ...key, publicLine: `command="${command.replace(/"/g, '\\"')}" ${key.publicLine}` };
}

export async function startStubbedSshd(hostKey: SshKeyPair, clientKey: SshKeyPair, stub: JournalStub): Promise<SshdServer> {
  return startSshd({ hostKey, authorizedKeys: [stubbedAuthorizedKey(clientKey, stub)] });
}
