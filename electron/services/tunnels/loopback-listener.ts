/** A TCP listener on 127.0.0.1 only, on a random port, that can close itself and every accepted socket. */
import { createServer, type Socket } from 'node:net';

export interface LoopbackListener {
  port: number;
  close(): Promise<void>;
}

export async function listenOnLoopback(onConnection: (socket: Socket) => void): Promise<LoopbackListener> {
  const sockets = new Set<Socket>();
  const server = createServer({ pauseOnConnect: true }, (socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
    // Errors end up as 'close'; without a listener a reset by the peer would crash the process.
    socket.on('error', () => undefined);
    onConnection(socket);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen({ host: '127.0.0.1', port: 0, exclusive: true }, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address();
  if (typeof address !== 'object' || address === null || address.address !== '127.0.0.1') {
    server.close();
    throw new Error(`tunnel listener is not bound to 127.0.0.1 (${JSON.stringify(address)})`);
  }
  let closing: Promise<void> | null = null;
  return {
    port: address.port,
    close() {
      closing ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const socket of sockets) socket.destroy();
      });
      return closing;
    },
  };
}
