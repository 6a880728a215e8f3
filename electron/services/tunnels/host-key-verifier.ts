/** Applies a HostKeyPolicy to the key a hop presents: known_hosts on disk + pins -> trusted, unknown or refused. */
import { decideHostKey, describePresentedKey, knownKeyTypes, type PresentedHostKey } from './host-key-decision.ts';
import { refusedKeyError, type HostKeyError } from './host-key-error.ts';
import { appendKnownHostsLine, readKnownHostsFile } from './known-hosts-file.ts';
import { formatKnownHostsLine } from './known-hosts.ts';
import { algorithmsForKeyType } from './ssh-key-blob.ts';
import type { HostKeyPolicy } from './types.ts';

export type HostKeyCheck =
  | { outcome: 'trusted'; presented: PresentedHostKey }
  | { outcome: 'unknown'; presented: PresentedHostKey }
  | { outcome: 'refused'; error: HostKeyError };

/** ssh2's default host key algorithms (1.17, Node with Ed25519), most preferred first. */
const defaultHostKeyAlgorithms = ['ssh-ed25519', 'ecdsa-sha2-nistp256', 'ecdsa-sha2-nistp384', 'ecdsa-sha2-nistp521', 'rsa-sha2-512', 'rsa-sha2-256', 'ssh-rsa'];

export class HostKeyVerifier {
  private readonly notesSeen = new Set<string>();

  constructor(
    private readonly policy: HostKeyPolicy,
    private readonly log: (message: string) => void,
  ) {}

  /**
   * Host key algorithms to offer, with the types already recorded for this host first (as OpenSSH
   * does), so a server with several host keys shows the one we know instead of looking unknown.
   */
  async preferredAlgorithms(host: string, port: number): Promise<string[]> {
    const { entries } = await this.read();
    const first = knownKeyTypes(entries, host, port).flatMap(algorithmsForKeyType);
    return [...new Set([...first.filter((name) => defaultHostKeyAlgorithms.includes(name)), ...defaultHostKeyAlgorithms])];
  }

  async check(host: string, port: number, key: Uint8Array): Promise<HostKeyCheck> {
    const presented = describePresentedKey(host, port, key);
    if (!presented) throw new Error(`${host}:${port} presented a malformed host key`);
    const { entries } = await this.read();
    const decision = decideHostKey(presented, entries, this.policy.pinned);
    switch (decision.kind) {
      case 'trusted':
        return { outcome: 'trusted', presented };
      case 'unknown':
        if (decision.otherKnownTypes.length > 0) {
          this.log(`${host}:${port} presented a ${presented.keyType} key, but only ${decision.otherKnownTypes.join(', ')} keys are recorded for it`);
        }
        return { outcome: 'unknown', presented };
      default:
        return { outcome: 'refused', error: refusedKeyError(presented, decision, this.policy.knownHostsFile) };
    }
  }

  /** Records an accepted key (hashed host name) so later connections trust it without asking. */
  async trust(presented: PresentedHostKey): Promise<void> {
    await appendKnownHostsLine(this.policy.knownHostsFile, formatKnownHostsLine(presented.host, presented.port, presented.keyType, presented.key));
    this.log(`recorded the ${presented.keyType} key of ${presented.host}:${presented.port} (${presented.fingerprint}) in ${this.policy.knownHostsFile}`);
  }

  private async read() {
    const parsed = await readKnownHostsFile(this.policy.knownHostsFile);
    for (const note of parsed.notes) {
      if (this.notesSeen.has(note)) continue;
      this.notesSeen.add(note);
      this.log(`${this.policy.knownHostsFile} ${note}`);
    }
    return parsed;
  }
}
