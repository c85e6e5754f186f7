import type { ApiErrorCode, FieldError } from '@sipwatch/wire';

/**
 * A refusal any part of the server can return or throw: a named code from the contract's
 * API_ERRORS, a sentence, and its facts. Services use it and know nothing of HTTP; http-errors.ts
 * turns it into the status and the one body shape.
 */

/** What an error body carries beside its code and message. */
export interface ErrorDetails {
  errors?: FieldError[];
  retryAfterMs?: number;
  [extra: string]: unknown;
}

export class DomainError extends Error {
  override name = 'DomainError';
  constructor(
    readonly code: ApiErrorCode,
    message: string,
    readonly details: ErrorDetails = {},
  ) {
    super(message);
  }
}

/** A refusal naming each wrong field and why. */
export function invalid(message: string, errors: FieldError[]): DomainError {
  return new DomainError('invalid', message, { errors });
}
