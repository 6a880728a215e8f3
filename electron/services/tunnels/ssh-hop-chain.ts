/**
 * Connects the hops of a route in ProxyJump order: hop 1 over TCP, every next hop over a
 * direct-tcpip channel of the previous one (ssh2 `sock`). Each hop's host key goes through the
 * verifier; an unknown key aborts the attempt, is put to the user once, recorded if accepted, and
 * the chain is dialled again (so no half-open handshake waits on a person).
 */
import { connect as connectTcp, type Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { Client, type ClientChannel, type ServerHostKeyAlgorithm } from 'ssh2';
import type { PresentedHostKey } from './host-key-decision.ts';
import { unknownRefusedError } from './host-key-error.ts';
import type { HostKeyCheck, HostKeyVerifier } from './host-key-verifier.ts';
import { hopConnectConfig } from './hop-connect-config.ts';
import { hopErrorFrom, SshHopError } from './ssh-hop-error.ts';
import type { HostKeyPolicy, SshHop, SshRoute } from './types.ts';

export interface HopSettings {
  readyTimeoutMs: number;
  keepaliveIntervalMs: number;
  keepaliveCountMax: number;
}

export interface SshChain {
  /** Opens a direct-tcpip channel from the last hop to host:port. */
  forwardOut(sourceHost: string, sourcePort: number, host: string, port: number): Promise<ClientChannel>;
  /** Called once, with a reason, when any hop errors or closes while the chain is up (never after close()). */
  onBroken(listener: (reason: string) => void): void;
  /** Ends every hop, innermost first; sockets still open after a short grace are destroyed. */
  close(): void;
}

/** Internal: a hop presented a key nobody has decided on yet. */
class UnknownHostKeyPending extends Error {
  constructor(readonly presented: PresentedHostKey) {
    super(`unknown host key for ${presented.host}:${presented.port}`);
  }
}

export async function connectChain(
  route: SshRoute,
  policy: HostKeyPolicy,
  verifier: HostKeyVerifier,
  settings: HopSettings,
  signal: AbortSignal,
): Promise<SshChain> {
  const asked = new Set<string>();
  for (;;) {
    try {
      return await connectOnce(route, verifier, settings, signal);
    } catch (error) {
      if (!(error instanceof UnknownHostKeyPending)) throw error;
      const { presented } = error;
      const id = `${presented.host}:${presented.port} ${presented.fingerprint}`;
      if (asked.has(id)) throw new Error(`${presented.host}:${presented.port}: the accepted host key is still unknown after it was recorded in ${policy.knownHostsFile}`);
      asked.add(id);
      // A prompt that fails counts as "no": an unknown key is never trusted by accident.
      const accepted = await policy
        .onUnknownHostKey({ host: presented.host, port: presented.port, keyType: presented.keyType, fingerprint: presented.fingerprint })
        .catch(() => false);
      if (signal.aborted) throw abortError();
      if (accepted !== true) throw unknownRefusedError(presented);
      await verifier.trust(presented);
    }
  }
}

function abortError(): Error {
  return new Error('the tunnel was closed while connecting');
}

interface LiveHop {
  client: Client;
  /** The TCP socket (hop 1) or channel (later hops) this hop's SSH runs over; owned here. */
  transport: Duplex;
}

async function connectOnce(route: SshRoute, verifier: HostKeyVerifier, settings: HopSettings, signal: AbortSignal): Promise<SshChain> {
  const hops: LiveHop[] = [];
  let brokenListener: ((reason: string) => void) | null = null;
  let brokenReason: string | null = null;
  let up = false;
  let closed = false;

  const destroyAll = () => {
    for (const hop of [...hops].reverse()) {
      hop.client.destroy();
      hop.transport.destroy();
    }
  };
  const broken = (reason: string) => {
    if (!up || closed || brokenReason !== null) return;
    brokenReason = reason;
    destroyAll();
    brokenListener?.(reason);
  };
  const onAbort = () => destroyAll();
  signal.addEventListener('abort', onAbort, { once: true });

  try {
    for (const [index, hop] of route.hops.entries()) {
      if (signal.aborted) throw abortError();
      if (!hop.privateKey && !hop.agent) throw new SshHopError(hop, index, route.hops.length, 'no private key or SSH agent configured', null, true);
      // Before any socket exists, so nothing can emit an error while no SSH client listens yet.
      const algorithms = (await verifier.preferredAlgorithms(hop.host, hop.port)) as ServerHostKeyAlgorithm[];
      const transport: Duplex =
        index === 0 ? openTcp(hop) : await openChannel(hops[index - 1]!.client, hop, index, route.hops.length);
      const client = new Client();
      hops.push({ client, transport });
      await handshake(client, transport, hop, index, route.hops.length, algorithms, verifier, settings, (reason) => broken(reason));
    }
    if (signal.aborted) throw abortError();
  } catch (error) {
    destroyAll();
    throw signal.aborted ? abortError() : error;
  } finally {
    signal.removeEventListener('abort', onAbort);
  }
  up = true;
  const last = hops[hops.length - 1]!.client;

  return {
    forwardOut(sourceHost, sourcePort, host, port) {
      return new Promise((resolve, reject) => {
        try {
          last.forwardOut(sourceHost, sourcePort, host, port, (error, channel) => (error ? reject(error) : resolve(channel)));
        } catch (error) {
          reject(error as Error);
        }
      });
    },
    onBroken(listener) {
      brokenListener = listener;
      if (brokenReason !== null) listener(brokenReason);
    },
    close() {
      if (closed) return;
      closed = true;
      for (const hop of [...hops].reverse()) hop.client.end();
      const timer = setTimeout(destroyAll, 1_000);
      timer.unref();
    },
  };
}

function openTcp(hop: SshHop): Socket {
  const socket = connectTcp({ host: hop.host, port: hop.port });
  socket.setNoDelay(true);
  // ssh2 reports socket errors through the client; this keeps a late one from crashing the process.
  socket.on('error', () => undefined);
  return socket;
}

function openChannel(previous: Client, hop: SshHop, index: number, count: number): Promise<ClientChannel> {
  return new Promise((resolve, reject) => {
    const fail = (error: unknown) =>
      reject(hopErrorFrom(`hop ${index} could not open a channel to it: ${error instanceof Error ? error.message : String(error)}`, hop, index, count));
    try {
      previous.forwardOut('127.0.0.1', 0, hop.host, hop.port, (error, channel) => {
        if (error) return fail(error);
        channel.on('error', () => undefined);
        resolve(channel);
      });
    } catch (error) {
      fail(error);
    }
  });
}

/** SSH handshake, host key check and authentication of one hop over `transport`. */
function handshake(
  client: Client,
  transport: Duplex,
  hop: SshHop,
  index: number,
  count: number,
  algorithms: ServerHostKeyAlgorithm[],
  verifier: HostKeyVerifier,
  settings: HopSettings,
  onBroken: (reason: string) => void,
): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    let ready = false;
    let settled = false;
    let keyCheck: HostKeyCheck | Error | null = null;
    let lastError: string | null = null;

    const fail = (error: Error) => {
      if (settled) return;
      settled = true;
      client.destroy();
      transport.destroy();
      reject(error);
    };
    const failFromSsh = (error: unknown) => {
      if (keyCheck instanceof Error) return fail(keyCheck);
      if (keyCheck?.outcome === 'refused') return fail(keyCheck.error);
      if (keyCheck?.outcome === 'unknown') return fail(new UnknownHostKeyPending(keyCheck.presented));
      fail(hopErrorFrom(error, hop, index, count));
    };

    client.on('error', (error: Error) => {
      lastError = hopErrorFrom(error, hop, index, count).message;
      if (ready) onBroken(lastError);
      else failFromSsh(error);
    });
    client.on('close', () => {
      if (ready) onBroken(lastError ?? `SSH hop ${index + 1} of ${count} (${hop.host}:${hop.port}): connection closed`);
      else failFromSsh(new Error('connection closed during the SSH handshake'));
    });
    client.once('ready', () => {
      ready = true;
      settled = true;
      resolve();
    });

    const config = hopConnectConfig({
      hop,
      transport,
      algorithms,
      verifier,
      readyTimeoutMs: settings.readyTimeoutMs,
      keepalive: { intervalMs: settings.keepaliveIntervalMs, countMax: settings.keepaliveCountMax },
      onKeyCheck: (check) => (keyCheck = check),
    });
    try {
      client.connect(config);
    } catch (error) {
      // Synchronous failures are about the key (unparsable, wrong passphrase): retrying cannot help.
      const hopError = hopErrorFrom(error, hop, index, count);
      fail(new SshHopError(hop, index, count, `cannot use the configured key: ${(error as Error).message ?? String(error)}`, hopError.level, true));
    }
  });
}
