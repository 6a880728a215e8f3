// oidc-provider ships no TypeScript types; this is the small surface the auth tests use.
declare module 'oidc-provider' {
  import type { IncomingMessage, ServerResponse } from 'node:http';

  export interface ProviderContext {
    method: string;
    path: string;
    status: number;
    body: unknown;
    set(field: string, value: string): void;
    oidc?: { params?: Record<string, unknown>; client?: { clientId: string } };
  }

  export type ProviderMiddleware = (ctx: ProviderContext, next: () => Promise<void>) => Promise<void>;

  export interface ProviderAccount {
    accountId: string;
    claims(use: 'id_token' | 'userinfo', scope: string, claims: unknown, rejected: string[]): Promise<Record<string, unknown>> | Record<string, unknown>;
  }

  export interface ProviderToken {
    jti: string;
    clientId: string;
    accountId: string;
    grantId: string;
    isExpired: boolean;
    consumed?: unknown;
    destroy(): Promise<void>;
  }

  export interface ProviderTokenModel {
    find(value: string, options?: { ignoreExpiration?: boolean }): Promise<ProviderToken | undefined>;
  }

  export default class Provider {
    constructor(issuer: string, configuration?: Record<string, unknown>);
    readonly issuer: string;
    proxy: boolean;
    callback(): (request: IncomingMessage, response: ServerResponse) => void;
    use(middleware: ProviderMiddleware): this;
    on(event: string, listener: (...args: any[]) => void): this;
    readonly AccessToken: ProviderTokenModel;
    readonly RefreshToken: ProviderTokenModel;
  }
}
