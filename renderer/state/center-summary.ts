import type { CenterConfig } from '../../shared/config/centers-config.ts';
import type { EndpointAuth, Signal, SshRouteConfig } from '../../shared/domain/records.ts';

export type EndpointConfig = NonNullable<CenterConfig['endpoints'][Signal]>;

/** `ops@bastion:22 → ops@10.0.0.5:2222` */
export function describeRoute(route: SshRouteConfig | undefined): string {
  if (!route || route.hops.length === 0) return 'direct';
  return route.hops.map((hop) => `${hop.user}@${hop.host}:${hop.port ?? 22}`).join(' → ');
}

/** How one endpoint is reached: its own route, none, or the center's. */
export function describeEndpointRoute(endpoint: EndpointConfig, center: CenterConfig): string {
  if (endpoint.ssh === 'none') return 'direct (route off)';
  if (endpoint.ssh) return describeRoute(endpoint.ssh);
  return center.ssh ? `${describeRoute(center.ssh)} (center)` : 'direct';
}

/** Auth in a line, naming keychain entries (never values, which the renderer never has). */
export function describeAuth(auth: EndpointAuth | undefined): string {
  if (!auth || auth.type === 'none') return 'none';
  switch (auth.type) {
    case 'sso':
      return `sso · profile ${auth.profile}`;
    case 'token':
      return `token · keychain ${auth.secret}`;
    case 'basic':
      return `basic · ${auth.username} · keychain ${auth.secret}`;
    case 'mtls':
      return `mtls · ${auth.certFile} · keychain ${auth.keySecret}`;
  }
}

export function configuredSignals(center: CenterConfig): Signal[] {
  return Object.keys(center.endpoints) as Signal[];
}
