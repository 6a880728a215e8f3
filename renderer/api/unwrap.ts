import type { ApiError, ErrorCode } from '../../shared/contract/result.ts';
import type { Result } from '../../shared/contract/result.ts';

/** A failed Result turned into an Error so react-query can hold it; keeps the stable code. */
export class ApiRequestError extends Error {
  readonly code: ErrorCode | string;
  readonly detail: string | undefined;

  constructor(readonly channel: string, error: ApiError) {
    super(error.message);
    this.name = 'ApiRequestError';
    this.code = error.code;
    this.detail = error.detail;
  }
}

export async function unwrap<T>(channel: string, pending: Promise<Result<T>>): Promise<T> {
  const result = await pending;
  if (result.ok) return result.value;
  throw new ApiRequestError(channel, result.error);
}
