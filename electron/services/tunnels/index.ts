/** SSH routes to endpoints reachable only through bastions: `openTunnel` gives a 127.0.0.1 URL that forwards through the hops. */
export { openTunnel, tunnelDefaults } from './tunnel.ts';
export { HostKeyError, type HostKeyErrorKind } from './host-key-error.ts';
export { SshHopError } from './ssh-hop-error.ts';
export { parseKnownHosts, formatKnownHostsLine, lookupName, type KnownHostsEntry, type ParsedKnownHosts } from './known-hosts.ts';
export { fingerprintSha256 } from './ssh-key-blob.ts';
export type {
  HostKeyPolicy,
  ReconnectOptions,
  SshHop,
  SshRoute,
  Tunnel,
  TunnelOptions,
  TunnelState,
  UnknownHostKeyInfo,
} from './types.ts';
/** For connectors that run commands on a host behind the same hops (electron/connectors/ssh-logs). */
export { connectChain, type HopSettings, type SshChain } from './ssh-hop-chain.ts';
export { HostKeyVerifier, type HostKeyCheck } from './host-key-verifier.ts';
export { hopErrorFrom } from './ssh-hop-error.ts';
export { unknownRefusedError } from './host-key-error.ts';
export type { PresentedHostKey } from './host-key-decision.ts';
export { hopConnectConfig } from './hop-connect-config.ts';
