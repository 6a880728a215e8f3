/** Rejects a route that cannot work before any socket is opened. Messages never include secrets. */
import type { SshRoute } from './types.ts';

function checkEndpoint(what: string, host: unknown, port: unknown): void {
  if (typeof host !== 'string' || host.trim() === '' || /\s/.test(host)) throw new TypeError(`${what}: host must be a non-empty name or address`);
  if (typeof port !== 'number' || !Number.isInteger(port) || port < 1 || port > 65_535) throw new TypeError(`${what}: port must be an integer 1..65535, got ${String(port)}`);
}

export function validateRoute(route: SshRoute): void {
  if (!Array.isArray(route.hops) || route.hops.length === 0) throw new TypeError('SSH route needs at least one hop');
  route.hops.forEach((hop, index) => {
    const what = `SSH hop ${index + 1}`;
    checkEndpoint(what, hop.host, hop.port);
    if (typeof hop.user !== 'string' || hop.user === '') throw new TypeError(`${what}: user is required`);
    if (!hop.privateKey && !hop.agent) throw new TypeError(`${what}: needs a private key or an SSH agent socket`);
  });
  checkEndpoint('SSH route target', route.target?.host, route.target?.port);
}
