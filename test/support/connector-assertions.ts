import assert from 'node:assert/strict';
import type { ServerResponse } from 'node:http';
import type { ConnectorErrorCode } from '../../shared/domain/connector.ts';
import { ConnectorError } from '../../electron/connectors/errors.ts';

/** Awaits a rejection and checks it is a ConnectorError with `code` and a message matching every pattern. */
export async function expectFailure(promise: Promise<unknown>, code: ConnectorErrorCode, ...patterns: RegExp[]): Promise<ConnectorError> {
  let caught: unknown = null;
  try {
    await promise;
  } catch (error) {
    caught = error;
  }
  assert.ok(caught instanceof ConnectorError, `expected a ConnectorError, got ${String(caught)}`);
  assert.equal(caught.code, code, caught.message);
  for (const pattern of patterns) assert.match(caught.message, pattern);
  return caught;
}

/** Answers a scripted request with an exact body and length. */
export function send(response: ServerResponse, status: number, body: string, contentType = 'application/json'): void {
  response.writeHead(status, { 'content-type': contentType, 'content-length': String(Buffer.byteLength(body)) }).end(body);
}
