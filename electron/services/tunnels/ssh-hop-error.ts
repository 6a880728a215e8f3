/** Errors naming the hop that failed; private keys and passphrases are scrubbed from every message. */
import type { SshHop } from './types.ts';

export class SshHopError extends Error {
  override readonly name = 'SshHopError';
  /** 0-based index in route.hops. */
  readonly hopIndex: number;
  readonly host: string;
  readonly port: number;
  /** ssh2's error level (`client-socket`, `client-timeout`, `client-authentication`, `handshake`, ...), if any. */
  readonly level: string | null;
  /** True when retrying cannot help (authentication refused, unusable key); a reconnect loop stops on it. */
  readonly fatal: boolean;

  constructor(hop: SshHop, hopIndex: number, hopCount: number, detail: string, level: string | null, fatal: boolean) {
    super(redactSecrets(`SSH hop ${hopIndex + 1} of ${hopCount} (${hop.user}@${hop.host}:${hop.port}): ${detail}`, [hop]));
    this.hopIndex = hopIndex;
    this.host = hop.host;
    this.port = hop.port;
    this.level = level;
    this.fatal = fatal;
  }
}

/** Builds an SshHopError from whatever ssh2 or the socket threw, keeping only its message and level. */
export function hopErrorFrom(error: unknown, hop: SshHop, hopIndex: number, hopCount: number): SshHopError {
  const message = error instanceof Error ? error.message : String(error);
  const level = typeof (error as { level?: unknown })?.level === 'string' ? ((error as { level: string }).level) : null;
  const authentication = level === 'client-authentication';
  const detail = authentication ? `authentication refused (${message}); check the user name and key` : message;
  return new SshHopError(hop, hopIndex, hopCount, detail, level, authentication);
}

/** Replaces any private key, key line or passphrase text found in `message` with `[redacted]`. */
export function redactSecrets(message: string, hops: readonly SshHop[]): string {
  let result = message;
  for (const hop of hops) {
    const secrets: string[] = [];
    if (hop.passphrase) secrets.push(hop.passphrase);
    if (hop.privateKey) {
      secrets.push(hop.privateKey, hop.privateKey.trim());
      // A fragment of the key (one base64 line) is as bad as the whole.
      for (const line of hop.privateKey.split(/\r?\n/)) if (line.trim().length >= 16) secrets.push(line.trim());
    }
    for (const secret of secrets.sort((a, b) => b.length - a.length)) {
      if (secret.length > 0) result = result.split(secret).join('[redacted]');
    }
  }
  return result;
}
