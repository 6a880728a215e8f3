import { z } from 'zod';

/** Stable codes across the boundary; the renderer maps each to an explanation. */
export const errorCodeSchema = z.enum([
  'invalid-input',
  'unknown-channel',
  'not-found',
  'forbidden',
  'unavailable',
  'connector-error',
  'config-error',
  'internal',
]);
export type ErrorCode = z.infer<typeof errorCodeSchema>;

export const apiErrorSchema = z.object({ code: errorCodeSchema, message: z.string(), detail: z.string().optional() });
export type ApiError = z.infer<typeof apiErrorSchema>;

export type Result<T> = { ok: true; value: T } | { ok: false; error: ApiError };

export function ok<T>(value: T): Result<T> {
  return { ok: true, value };
}

export function fail(code: ErrorCode, message: string, detail?: string): Result<never> {
  return { ok: false, error: detail === undefined ? { code, message } : { code, message, detail } };
}

/** Thrown inside services to choose the code the caller sees; anything else becomes `internal`. */
export class ApiFailure extends Error {
  constructor(readonly code: ErrorCode, message: string, readonly detail?: string) {
    super(message);
    this.name = 'ApiFailure';
  }
}
