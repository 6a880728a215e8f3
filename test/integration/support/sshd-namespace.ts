/**
 * A throwaway network namespace joined to the test's own namespace by a veth pair (a /30 in
 * 10.254.0.0/16). Processes started with `wrap()` live in it: what they bind on the namespace's
 * 127.0.0.1 is unreachable from the test process (a different network stack); only what binds on
 * `namespaceAddress` can be reached, over the veth. Needs root (CAP_NET_ADMIN) and iproute2.
 */
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { onProcessExit } from './sshd-processes.ts';

export const ipBinary = '/usr/sbin/ip';

export interface NetworkNamespace {
  name: string;
  /** The test side of the veth pair. */
  hostAddress: string;
  /** The namespace side: the only address of the namespace the test process can reach. */
  namespaceAddress: string;
  /** Command and arguments that run `command args` inside the namespace (`ip netns exec`). */
  wrap(command: string, args: readonly string[]): { command: string; args: string[] };
  /** Deletes the veth pair and the namespace. Kill the processes inside first. Safe to call twice. */
  remove(): void;
}

function ip(args: readonly string[]): { ok: boolean; output: string } {
  const result = spawnSync(ipBinary, args, { encoding: 'utf8', timeout: 10_000 });
  return { ok: result.status === 0, output: `${result.stdout ?? ''}${result.stderr ?? ''}`.trim() || String(result.error ?? '') };
}

function mustIp(args: readonly string[]): void {
  const result = ip(args);
  if (!result.ok) throw new Error(`ip ${args.join(' ')} failed: ${result.output}`);
}

/** A /30 in 10.254.0.0/16 that no interface or route here uses yet. */
function freeSubnet(): { host: string; peer: string } {
  const inUse = `${ip(['-4', '-o', 'addr', 'show']).output}\n${ip(['-4', 'route', 'show', 'table', 'all']).output}`;
  for (let tries = 0; tries < 50; tries++) {
    const third = randomBytes(1)[0]!;
    const fourth = (randomBytes(1)[0]! % 64) * 4;
    const prefix = `10.254.${third}.`;
    if (inUse.includes(`${prefix}${fourth}/`) || inUse.includes(`${prefix}${fourth + 1}/`) || inUse.includes(`${prefix}${fourth + 2}/`)) continue;
    return { host: `${prefix}${fourth + 1}`, peer: `${prefix}${fourth + 2}` };
  }
  throw new Error('no free /30 in 10.254.0.0/16');
}

export function createNetworkNamespace(): NetworkNamespace {
  const id = randomBytes(3).toString('hex');
  const name = `opsdesk-tun-${id}`;
  const hostSide = `odt${id}h`;
  const namespaceSide = `odt${id}n`;
  const { host, peer } = freeSubnet();
  let removed = false;
  const remove = () => {
    if (removed) return;
    removed = true;
    cancelExitCleanup();
    ip(['link', 'del', hostSide]);
    ip(['netns', 'del', name]);
  };
  const cancelExitCleanup = onProcessExit(remove);
  try {
    mustIp(['netns', 'add', name]);
    mustIp(['link', 'add', hostSide, 'type', 'veth', 'peer', 'name', namespaceSide]);
    mustIp(['link', 'set', namespaceSide, 'netns', name]);
    mustIp(['addr', 'add', `${host}/30`, 'dev', hostSide]);
    mustIp(['link', 'set', hostSide, 'up']);
    mustIp(['netns', 'exec', name, ipBinary, 'addr', 'add', `${peer}/30`, 'dev', namespaceSide]);
    mustIp(['netns', 'exec', name, ipBinary, 'link', 'set', namespaceSide, 'up']);
    mustIp(['netns', 'exec', name, ipBinary, 'link', 'set', 'lo', 'up']);
  } catch (error) {
    remove();
    throw error;
  }
  return {
    name,
    hostAddress: host,
    namespaceAddress: peer,
    wrap: (command, args) => ({ command: ipBinary, args: ['netns', 'exec', name, command, ...args] }),
    remove,
  };
}

/** Null when namespaces work here, else why not (not root, no iproute2, no CAP_NET_ADMIN). */
export function namespaceUnavailableReason(): string | null {
  if (process.env.OPSDESK_TEST_NO_NETNS === '1') return 'OPSDESK_TEST_NO_NETNS=1';
  const probe = `opsdesk-probe-${randomBytes(3).toString('hex')}`;
  const added = ip(['netns', 'add', probe]);
  if (!added.ok) return `ip netns add failed: ${added.output}`;
  ip(['netns', 'del', probe]);
  return null;
}
