import type { Duplex } from 'node:stream';
import type { ConnectConfig, ServerHostKeyAlgorithm } from 'ssh2';
import type { HostKeyCheck, HostKeyVerifier } from './host-key-verifier.ts';
import type { SshHop } from './types.ts';

/**
 * The one place an SSH hop's connection is configured: credentials, and a host-key check that only
 * lets a trusted key through, reporting what it found so the caller can explain a refusal or ask.
 */
export function hopConnectConfig(options: {
  hop: SshHop;
  transport: Duplex | undefined;
  algorithms: ServerHostKeyAlgorithm[];
  verifier: HostKeyVerifier;
  readyTimeoutMs: number;
  onKeyCheck: (check: HostKeyCheck | Error) => void;
  keepalive?: { intervalMs: number; countMax: number };
}): ConnectConfig {
  const { hop } = options;
  const config: ConnectConfig = {
    host: hop.host,
    port: hop.port,
    username: hop.user,
    ...(options.transport ? { sock: options.transport } : {}),
    readyTimeout: options.readyTimeoutMs,
    ...(options.keepalive ? { keepaliveInterval: options.keepalive.intervalMs, keepaliveCountMax: options.keepalive.countMax } : {}),
    tryKeyboard: false,
    algorithms: { serverHostKey: options.algorithms },
    hostVerifier: (key: Buffer, verify: (valid: boolean) => void): void => {
      options.verifier.check(hop.host, hop.port, key).then(
        (result) => {
          options.onKeyCheck(result);
          verify(result.outcome === 'trusted');
        },
        (error: unknown) => {
          options.onKeyCheck(error instanceof Error ? error : new Error(String(error)));
          verify(false);
        },
      );
    },
  };
  if (hop.privateKey) config.privateKey = hop.privateKey;
  if (hop.passphrase) config.passphrase = hop.passphrase;
  if (hop.agent) config.agent = hop.agent;
  return config;
}
