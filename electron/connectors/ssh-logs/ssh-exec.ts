/**
 * Runs one command on the last hop of a ProxyJump chain. The bastions (all hops but the last) are
 * connected by the tunnels module's connectChain; the last hop is dialled over a direct-tcpip
 * channel of the chain (or TCP when it is the only hop) and its host key goes through the same
 * HostKeyVerifier and unknown-key prompt as every tunnel hop. The connection lives for one command.
 */
import { connect as connectTcp } from 'node:net';
import type { Duplex } from 'node:stream';
import { Client, type ServerHostKeyAlgorithm } from 'ssh2';
import { hopConnectConfig } from '../../services/tunnels/index.ts';
import {
  connectChain,
  hopErrorFrom,
  HostKeyVerifier,
  SshHopError,
  unknownRefusedError,
  type HostKeyCheck,
  type HostKeyPolicy,
  type PresentedHostKey,
  type SshChain,
  type SshHop,
} from '../../services/tunnels/index.ts';

export interface ExecOptions {
  hops: readonly SshHop[];
  policy: HostKeyPolicy;
  readyTimeoutMs: number;
  /** Budget for the command itself once connected. */
  execTimeoutMs: number;
  /** stdout beyond this is an error (the caller sizes its request to stay under it). */
  maxOutputBytes: number;
  /**
   * Stop reading (and close the channel) once stdout holds this many complete lines: a command
   * that cannot limit its own output (journalctl --after-cursor) is cut off when enough came.
   */
  stopAfterLines?: number;
  log?: (message: string) => void;
}

export interface ExecResult {
  stdout: Buffer;
  stderr: string;
  exitCode: number | null;
  signal: string | null;
  /** True when stopAfterLines cut the command off; exitCode/signal then say nothing. */
  stoppedEarly: boolean;
}

export class ExecTimeoutError extends Error {
  override readonly name = 'ExecTimeoutError';
}
export class OutputTooLargeError extends Error {
  override readonly name = 'OutputTooLargeError';
}

class UnknownLastHopKey extends Error {
  constructor(readonly presented: PresentedHostKey) {
    super(`unknown host key for ${presented.host}:${presented.port}`);
  }
}

export async function execOnLastHop(command: string, options: ExecOptions): Promise<ExecResult> {
  if (options.hops.length === 0) throw new Error('no SSH hop configured');
  const verifier = new HostKeyVerifier(options.policy, options.log ?? (() => undefined));
  const asked = new Set<string>();
  for (;;) {
    try {
      return await connectAndRun(command, options, verifier);
    } catch (error) {
      if (!(error instanceof UnknownLastHopKey)) throw error;
      const { presented } = error;
      const id = `${presented.host}:${presented.port} ${presented.fingerprint}`;
      if (asked.has(id)) throw new Error(`${presented.host}:${presented.port}: the accepted host key is still unknown after it was recorded in ${options.policy.knownHostsFile}`);
      asked.add(id);
      const accepted = await options.policy
        .onUnknownHostKey({ host: presented.host, port: presented.port, keyType: presented.keyType, fingerprint: presented.fingerprint })
        .catch(() => false);
      if (accepted !== true) throw unknownRefusedError(presented);
      await verifier.trust(presented);
    }
  }
}

async function connectAndRun(command: string, options: ExecOptions, verifier: HostKeyVerifier): Promise<ExecResult> {
  const hops = options.hops;
  const count = hops.length;
  const index = count - 1;
  const last = hops[index]!;
  if (!last.privateKey && !last.agent) throw new SshHopError(last, index, count, 'no private key or SSH agent configured', null, true);
  const settings = { readyTimeoutMs: options.readyTimeoutMs, keepaliveIntervalMs: 15_000, keepaliveCountMax: 3 };
  const lifetime = new AbortController();
  let chain: SshChain | null = null;
  let transport: Duplex | null = null;
  const client = new Client();
  try {
    if (count > 1) {
      // The route's target is not used: only the chain's forwardOut is.
      chain = await connectChain({ hops: hops.slice(0, -1), target: { host: last.host, port: last.port } }, options.policy, verifier, settings, lifetime.signal);
      try {
        transport = await chain.forwardOut('127.0.0.1', 0, last.host, last.port);
      } catch (error) {
        throw hopErrorFrom(`hop ${index} could not open a channel to it: ${(error as Error).message}`, last, index, count);
      }
    } else {
      const socket = connectTcp({ host: last.host, port: last.port });
      socket.setNoDelay(true);
      socket.on('error', () => undefined);
      transport = socket;
    }
    transport.on('error', () => undefined);
    const algorithms = (await verifier.preferredAlgorithms(last.host, last.port)) as ServerHostKeyAlgorithm[];
    await handshake(client, transport, last, index, count, algorithms, verifier, options.readyTimeoutMs);
    return await run(client, command, options);
  } finally {
    client.end();
    client.destroy();
    transport?.destroy();
    chain?.close();
    lifetime.abort();
  }
}

function handshake(
  client: Client,
  transport: Duplex,
  hop: SshHop,
  index: number,
  count: number,
  algorithms: ServerHostKeyAlgorithm[],
  verifier: HostKeyVerifier,
  readyTimeoutMs: number,
): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    let settled = false;
    let keyCheck: HostKeyCheck | Error | null = null;
    const fail = (error: unknown) => {
      if (settled) return;
      settled = true;
      if (keyCheck instanceof Error) return reject(keyCheck);
      if (keyCheck?.outcome === 'refused') return reject(keyCheck.error);
      if (keyCheck?.outcome === 'unknown') return reject(new UnknownLastHopKey(keyCheck.presented));
      reject(hopErrorFrom(error, hop, index, count));
    };
    client.on('error', fail);
    client.on('close', () => fail(new Error('connection closed during the SSH handshake')));
    client.once('ready', () => {
      settled = true;
      resolve();
    });
    const config = hopConnectConfig({ hop, transport, algorithms, verifier, readyTimeoutMs, onKeyCheck: (check) => (keyCheck = check) });
    try {
      client.connect(config);
    } catch (error) {
      settled = true;
      reject(new SshHopError(hop, index, count, `cannot use the configured key: ${(error as Error).message ?? String(error)}`, null, true));
    }
  });
}

function run(client: Client, command: string, options: ExecOptions): Promise<ExecResult> {
  return new Promise<ExecResult>((resolve, reject) => {
    let settled = false;
    const done = (error: Error | null, result?: ExecResult) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (error) reject(error);
      else resolve(result!);
    };
    const timer = setTimeout(() => done(new ExecTimeoutError(`the remote command did not finish within ${options.execTimeoutMs} ms`)), options.execTimeoutMs);
    client.on('error', (error: Error) => done(error));
    client.on('close', () => done(new Error('the SSH connection closed before the remote command finished')));
    client.exec(command, (error, stream) => {
      if (error) return done(error);
      const stdout: Buffer[] = [];
      let stdoutBytes = 0;
      let stderr = '';
      let exitCode: number | null = null;
      let exitSignal: string | null = null;
      let newlines = 0;
      const finish = (stoppedEarly: boolean) =>
        done(null, { stdout: Buffer.concat(stdout), stderr: stderr.slice(0, 16_384), exitCode, signal: exitSignal, stoppedEarly });
      stream.on('data', (chunk: Buffer) => {
        if (settled) return;
        stdoutBytes += chunk.length;
        if (stdoutBytes > options.maxOutputBytes) {
          stream.close();
          return done(new OutputTooLargeError(`the remote command wrote more than ${options.maxOutputBytes} bytes`));
        }
        stdout.push(chunk);
        if (options.stopAfterLines !== undefined) {
          for (let at = chunk.indexOf(0x0a); at >= 0; at = chunk.indexOf(0x0a, at + 1)) newlines++;
          if (newlines >= options.stopAfterLines) {
            finish(true);
            stream.close();
          }
        }
      });
      stream.stderr.on('data', (chunk: Buffer) => {
        if (stderr.length < 16_384) stderr += chunk.toString('utf8');
      });
      stream.on('exit', (code: number | null, signalName?: string) => {
        exitCode = code;
        exitSignal = signalName ?? null;
      });
      stream.on('close', () => finish(false));
    });
  });
}
