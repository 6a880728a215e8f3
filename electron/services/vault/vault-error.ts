import { ApiFailure, type ErrorCode } from '../../../shared/contract/result.ts';

export type VaultErrorKind = 'invalid-key' | 'invalid-secret' | 'corrupt-secret';

const codes: Record<VaultErrorKind, ErrorCode> = {
  'invalid-key': 'invalid-input',
  'invalid-secret': 'invalid-input',
  'corrupt-secret': 'unavailable',
};

/** A vault failure the caller can act on. Messages name keys, never values. */
export class VaultError extends ApiFailure {
  constructor(
    readonly kind: VaultErrorKind,
    message: string,
  ) {
    super(codes[kind], message);
    this.name = 'VaultError';
  }
}
