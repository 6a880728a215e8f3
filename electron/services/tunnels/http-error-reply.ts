/** Answers a local connection the tunnel cannot serve with a plain HTTP error, so HTTP clients show why. */
import type { Socket } from 'node:net';

export function replyWithHttpError(socket: Socket, status: 502 | 503, message: string): void {
  if (socket.destroyed) return;
  const body = Buffer.from(`${message}\n`, 'utf8');
  const reason = status === 502 ? 'Bad Gateway' : 'Service Unavailable';
  const head =
    `HTTP/1.1 ${status} ${reason}\r\n` +
    'Content-Type: text/plain; charset=utf-8\r\n' +
    `Content-Length: ${body.byteLength}\r\n` +
    'Connection: close\r\n' +
    'X-OpsDesk-Tunnel-Error: 1\r\n\r\n';
  // Drain what the client sent so closing does not turn into a reset before it reads the answer.
  socket.resume();
  socket.end(Buffer.concat([Buffer.from(head, 'latin1'), body]));
  setTimeout(() => socket.destroy(), 5_000).unref();
}
