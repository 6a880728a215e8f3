import type { ConnectorErrorCode } from '../../shared/domain/connector.ts';
import type { Endpoint } from '../../shared/domain/records.ts';

export interface ConnectorErrorInit {
  code: ConnectorErrorCode;
  endpointId: string;
  message: string;
  status?: number;
  /** The request that failed, e.g. `POST /api/v1/query_range`. */
  request?: string;
  cause?: unknown;
}

/**
 * The one error a connector throws. `message` is written for the on-call engineer: it names the
 * endpoint, the request and what was wrong; `code` is stable for the UI.
 */
export class ConnectorError extends Error {
  readonly code: ConnectorErrorCode;
  readonly endpointId: string;
  readonly status?: number;
  readonly request?: string;

  constructor(init: ConnectorErrorInit) {
    super(init.message, init.cause === undefined ? undefined : { cause: init.cause });
    this.name = 'ConnectorError';
    this.code = init.code;
    this.endpointId = init.endpointId;
    if (init.status !== undefined) this.status = init.status;
    if (init.request !== undefined) this.request = init.request;
  }
}

/** `metrics endpoint http://127.0.0.1:9090 (POST /api/v1/query_range)` */
export function describeRequest(endpoint: Endpoint, request?: string): string {
  return `${endpoint.signal} endpoint ${endpoint.url.replace(/\/+$/, '')}${request ? ` (${request})` : ''}`;
}

export interface ErrorFactory {
  (code: ConnectorErrorCode, detail: string, extra?: { status?: number; cause?: unknown }): ConnectorError;
}

/** Builds ConnectorErrors for one request of one endpoint. */
export function errorFactory(endpoint: Endpoint, request?: string): ErrorFactory {
  return (code, detail, extra) =>
    new ConnectorError({
      code,
      endpointId: endpoint.id,
      message: `${describeRequest(endpoint, request)}: ${detail}`,
      ...(request === undefined ? {} : { request }),
      ...(extra?.status === undefined ? {} : { status: extra.status }),
      ...(extra?.cause === undefined ? {} : { cause: extra.cause }),
    });
}
