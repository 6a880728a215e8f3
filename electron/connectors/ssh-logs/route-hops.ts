import type { SshRouteConfig } from '../../../shared/domain/records.ts';
import type { SshHop } from '../../services/tunnels/index.ts';

/** A route's hops with their private keys read from the keychain, or the SSH agent where none is named. */
export async function resolveSshHops(
  route: SshRouteConfig,
  secret: (name: string) => Promise<string | null>,
  agentSocket: string | undefined,
): Promise<SshHop[]> {
  const hops: SshHop[] = [];
  for (const hop of route.hops) {
    const privateKey = hop.key ? await secret(hop.key) : null;
    if (hop.key && privateKey === null) throw Object.assign(new Error(`SSH key "${hop.key}" for ${hop.user}@${hop.host} is not in the keychain; store it with: opsdesk centers set-secret ${hop.key}`), { code: 'unauthorized' });
    if (!privateKey && !agentSocket) {
      throw Object.assign(new Error(`no key for ${hop.user}@${hop.host}: name a keychain key in the route or start an SSH agent (SSH_AUTH_SOCK)`), { code: 'unauthorized' });
    }
    hops.push({ host: hop.host, port: hop.port, user: hop.user, ...(privateKey ? { privateKey } : { agent: agentSocket! }) });
  }
  return hops;
}
