import * as client from 'openid-client';
import { isLoopbackHost, type ResolvedSignInProfile } from './types.ts';

/** Seconds openid-client waits for each provider request. */
const requestTimeoutSeconds = 20;

/**
 * Discovery per profile, cached while it works. A failed discovery is forgotten so the next
 * call tries again (the provider may be back).
 */
export class ProviderConfigurations {
  readonly #fetch: typeof fetch | undefined;
  readonly #cache = new Map<string, Promise<client.Configuration>>();

  constructor(fetchImpl?: typeof fetch) {
    this.#fetch = fetchImpl;
  }

  get(profile: ResolvedSignInProfile): Promise<client.Configuration> {
    const cached = this.#cache.get(profile.id);
    if (cached) return cached;
    const pending = this.#discover(profile);
    this.#cache.set(profile.id, pending);
    pending.catch(() => {
      if (this.#cache.get(profile.id) === pending) this.#cache.delete(profile.id);
    });
    return pending;
  }

  async #discover(profile: ResolvedSignInProfile): Promise<client.Configuration> {
    const issuer = new URL(profile.issuer);
    const fetchImpl = this.#fetch;
    const options: client.DiscoveryRequestOptions = {
      timeout: requestTimeoutSeconds,
      // Plain http is refused by openid-client; allowed only for an issuer on this machine (dev, tests).
      execute: isLoopbackHost(issuer.hostname) ? [client.allowInsecureRequests] : [],
    };
    if (fetchImpl) options[client.customFetch] = (url, init) => fetchImpl(url, init as RequestInit);
    // A native app is a public client (RFC 8252 §8.4): no secret, PKCE instead.
    return client.discovery(issuer, profile.clientId, { token_endpoint_auth_method: 'none' }, client.None(), options);
  }
}
