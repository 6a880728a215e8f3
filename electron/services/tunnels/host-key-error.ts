/** The refusal of a hop's host key, with a message an on-call engineer can act on. */
import type { HostKeyDecision, PresentedHostKey } from './host-key-decision.ts';
import { lookupName } from './known-hosts.ts';
import { keyTypeLabel } from './ssh-key-blob.ts';

export type HostKeyErrorKind = 'unknown-refused' | 'changed' | 'revoked';

export class HostKeyError extends Error {
  override readonly name = 'HostKeyError';
  readonly kind: HostKeyErrorKind;
  readonly host: string;
  readonly port: number;
  readonly keyType: string;
  /** What was expected: the recorded key's fingerprint, or the pins joined by ", ". */
  readonly expectedFingerprint?: string;
  readonly presentedFingerprint: string;

  constructor(kind: HostKeyErrorKind, presented: PresentedHostKey, message: string, expectedFingerprint?: string) {
    super(message);
    this.kind = kind;
    this.host = presented.host;
    this.port = presented.port;
    this.keyType = presented.keyType;
    this.presentedFingerprint = presented.fingerprint;
    if (expectedFingerprint !== undefined) this.expectedFingerprint = expectedFingerprint;
  }
}

export function unknownRefusedError(presented: PresentedHostKey): HostKeyError {
  return new HostKeyError(
    'unknown-refused',
    presented,
    `The authenticity of host ${lookupName(presented.host, presented.port)} can't be established: its ${keyTypeLabel(presented.keyType)} key ` +
      `fingerprint is ${presented.fingerprint} and it was not trusted, so the connection was not made. Nothing was recorded.`,
  );
}

type Refusal = Extract<HostKeyDecision, { kind: 'changed' } | { kind: 'revoked' }>;

export function refusedKeyError(presented: PresentedHostKey, decision: Refusal, knownHostsFile: string): HostKeyError {
  const name = lookupName(presented.host, presented.port);
  const label = keyTypeLabel(presented.keyType);
  if (decision.kind === 'revoked') {
    return new HostKeyError(
      'revoked',
      presented,
      `REVOKED HOST KEY DETECTED for ${name}: the ${label} key it presented (${presented.fingerprint}) is marked @revoked ` +
        `in ${knownHostsFile}:${decision.line}. The connection was refused.`,
    );
  }
  const warning =
    `WARNING: REMOTE HOST IDENTIFICATION HAS CHANGED for ${name}! ` +
    `It is possible that someone is doing something nasty (a man-in-the-middle attack), or the host key has just been changed. ` +
    `The ${label} key sent by the remote host has fingerprint ${presented.fingerprint}`;
  if (decision.via === 'pin') {
    const expected = decision.expectedFingerprints.join(', ');
    return new HostKeyError(
      'changed',
      presented,
      `${warning}, which is not among the fingerprints pinned for ${presented.host}:${presented.port} (${expected}). ` +
        `The connection was refused. If the change is expected, update the pinned fingerprint in the center's configuration.`,
      expected,
    );
  }
  return new HostKeyError(
    'changed',
    presented,
    `${warning}, but ${knownHostsFile}:${decision.line} records a different ${label} key (${decision.expectedFingerprint}). ` +
      `The connection was refused. If the change is expected, remove line ${decision.line} from ${knownHostsFile} and connect again.`,
    decision.expectedFingerprint,
  );
}
