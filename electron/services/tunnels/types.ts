/** Public shapes of the SSH tunnel service (no implementation here). */

export interface SshHop {
  host: string;
  port: number;
  user: string;
  /** Private key text (from the keychain). */
  privateKey?: string;
  passphrase?: string;
  /** Use the SSH agent at this socket (SSH_AUTH_SOCK). */
  agent?: string;
}

export interface SshRoute {
  /** 1..n hops in ProxyJump order: the first is dialled directly, each next one through the previous. */
  hops: SshHop[];
  /** Where the last hop connects each forwarded connection. */
  target: { host: string; port: number };
}

export interface UnknownHostKeyInfo {
  host: string;
  port: number;
  /** Key type as in known_hosts, e.g. `ssh-ed25519`. */
  keyType: string;
  /** `SHA256:` + unpadded base64, as OpenSSH prints it. */
  fingerprint: string;
}

export interface HostKeyPolicy {
  knownHostsFile: string;
  /**
   * Pinned fingerprints (`SHA256:...`) per `host:port`. When a hop has pins they decide alone:
   * a listed fingerprint is trusted without asking, anything else is refused as changed.
   */
  pinned?: Record<string, string[]>;
  /** Asked once for an unknown key; true => trust it and record it in knownHostsFile. */
  onUnknownHostKey: (info: UnknownHostKeyInfo) => Promise<boolean>;
}

export type TunnelState = 'connecting' | 'open' | 'reconnecting' | 'failed' | 'closed';

export interface Tunnel {
  /** `http://127.0.0.1:<local port>` */
  localUrl: string;
  localPort: number;
  state(): TunnelState;
  /** Called on every state change with the reason (an error message) or null; returns an unsubscribe function. */
  onDidChangeState(listener: (state: TunnelState, reason: string | null) => void): () => void;
  /** Stops reconnecting, closes every SSH connection and the local listener. Safe to call twice. */
  close(): Promise<void>;
}

export interface ReconnectOptions {
  initialDelayMs: number;
  maxDelayMs: number;
  /** Give up (state 'failed') after this many failed attempts in a row; default: never give up. */
  maxAttempts?: number;
}

export interface TunnelOptions {
  /** SSH keepalive period per hop; default 15 000 ms. */
  keepaliveIntervalMs?: number;
  /** Unanswered keepalives before a hop counts as broken; default 3. */
  keepaliveCountMax?: number;
  /** Budget per hop for TCP connect + SSH handshake + authentication; default 20 000 ms. */
  readyTimeoutMs?: number;
  /** Backoff between reconnect attempts; default 1 000 ms doubling up to 30 000 ms, with jitter. */
  reconnect?: ReconnectOptions;
  /** How long a local connection waits for a reconnect before it is answered with an error; default 60 000 ms. */
  connectionWaitMs?: number;
  /** Notes worth showing (e.g. ignored @cert-authority lines); never contains secrets. */
  log?: (message: string) => void;
}
