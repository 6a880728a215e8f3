/** Key pairs made by the real ssh-keygen, for sshd host keys and client identities. */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { requireBinary } from '../../support/real-servers.ts';

export const sshKeygen = '/usr/bin/ssh-keygen';

export interface SshKeyPair {
  /** Private key file (mode 0600), usable as sshd HostKey. */
  path: string;
  /** Private key text (OpenSSH format), as the keychain would hold it. */
  privateKey: string;
  /** `type base64 comment`, the .pub file's line. */
  publicLine: string;
  keyType: string;
  /** The public key blob. */
  blob: Buffer;
  /** `SHA256:...` as printed by `ssh-keygen -lf`. */
  fingerprint: string;
}

export function runSshKeygen(args: readonly string[]): string {
  requireBinary(sshKeygen);
  const result = spawnSync(sshKeygen, args, { encoding: 'utf8', timeout: 15_000 });
  if (result.status !== 0) throw new Error(`ssh-keygen ${args.join(' ')} failed (${result.status ?? result.signal}): ${result.stderr}`);
  return result.stdout;
}

export function generateKeyPair(dir: string, name: string, type: 'ed25519' | 'ecdsa' | 'rsa' = 'ed25519', passphrase = ''): SshKeyPair {
  const path = join(dir, name);
  runSshKeygen(['-q', '-t', type, ...(type === 'rsa' ? ['-b', '2048'] : []), '-N', passphrase, '-C', name, '-f', path]);
  const publicLine = readFileSync(`${path}.pub`, 'utf8').trim();
  const [keyType, base64] = publicLine.split(' ');
  // OpenSSH's own fingerprint, so tests compare against it rather than against our code.
  const fingerprint = /(SHA256:\S+)/.exec(runSshKeygen(['-l', '-E', 'sha256', '-f', `${path}.pub`]))?.[1];
  if (!keyType || !base64 || !fingerprint) throw new Error(`unexpected ssh-keygen output for ${path}`);
  return { path, privateKey: readFileSync(path, 'utf8'), publicLine, keyType, blob: Buffer.from(base64, 'base64'), fingerprint };
}
