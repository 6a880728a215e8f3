import type { Endpoint, SshRouteConfig } from '../../../shared/domain/records.ts';
import { openTunnel, type SshHop, type Tunnel } from '../tunnels/index.ts';
import type { SecretReader, TunnelProvider } from './endpoint-transport.ts';
import type { HostKeyPrompts } from './host-key-prompts.ts';

export interface TunnelPoolOptions {
  secrets: SecretReader;
  knownHostsFile: string;
  prompts: HostKeyPrompts;
  /** SSH agent socket for hops without a keychain key. */
  agentSocket?: string | undefined;
  onDidChangeState?: (key: string, state: string, reason: string | null) => void;
}

function routeKey(route: SshRouteConfig, target: { host: string; port: number }): string {
  return [...route.hops.map((hop) => `${hop.user}@${hop.host}:${hop.port}`), `${target.host}:${target.port}`].join(' -> ');
}

/** One tunnel per route and target, opened on first use and shared by every endpoint behind it. */
export class TunnelPool {
  private readonly tunnels = new Map<string, Promise<Tunnel>>();

  constructor(private readonly options: TunnelPoolOptions) {}

  readonly provider: TunnelProvider = async (endpoint: Endpoint, target) => {
    if (!endpoint.ssh) throw new Error(`endpoint ${endpoint.id} has no SSH route`);
    const key = routeKey(endpoint.ssh, target);
    let tunnel = this.tunnels.get(key);
    if (!tunnel) {
      tunnel = this.open(endpoint.ssh, target, key);
      this.tunnels.set(key, tunnel);
      // A failed open is not cached: the next pull tries again (after the user trusted a key, say).
      tunnel.catch(() => this.tunnels.delete(key));
    }
    return (await tunnel).localPort;
  };

  describe(route: SshRouteConfig | undefined): string {
    return route ? `ssh ${route.hops.map((hop) => `${hop.user}@${hop.host}:${hop.port}`).join(' -> ')}` : 'direct';
  }

  private async open(route: SshRouteConfig, target: { host: string; port: number }, key: string): Promise<Tunnel> {
    const hops: SshHop[] = [];
    for (const hop of route.hops) {
      const privateKey = hop.key ? await this.options.secrets.get(hop.key) : null;
      if (hop.key && privateKey === null) throw new Error(`SSH key "${hop.key}" for ${hop.user}@${hop.host} is not in the keychain`);
      if (!privateKey && !this.options.agentSocket) {
        throw new Error(`no key for ${hop.user}@${hop.host}: name a keychain key in the route or start an SSH agent (SSH_AUTH_SOCK)`);
      }
      hops.push({ host: hop.host, port: hop.port, user: hop.user, ...(privateKey ? { privateKey } : { agent: this.options.agentSocket! }) });
    }
    const tunnel = await openTunnel(
      { hops, target },
      { knownHostsFile: this.options.knownHostsFile, onUnknownHostKey: (info) => this.options.prompts.ask(info) },
    );
    tunnel.onDidChangeState((state, reason) => this.options.onDidChangeState?.(key, state, reason));
    return tunnel;
  }

  async close(): Promise<void> {
    const open = [...this.tunnels.values()];
    this.tunnels.clear();
    await Promise.allSettled(open.map(async (tunnel) => (await tunnel).close()));
  }
}
