import type { ErrorRequestHandler, Response } from 'express';
import { API_ERRORS } from '@sipwatch/wire';
import type { ApiErrorBody, ApiErrorCode } from '@sipwatch/wire';
import type { Logger } from './logger.js';
import { DomainError } from './domain-error.js';
import type { ErrorDetails } from './domain-error.js';

/** Answers a refusal: the status its code maps to in API_ERRORS, and the one body shape. */
export function sendError(
  res: Response,
  code: ApiErrorCode,
  message: string,
  details: ErrorDetails = {},
): void {
  if (details.retryAfterMs !== undefined)
    res.set('Retry-After', String(Math.max(1, Math.ceil(details.retryAfterMs / 1000))));
  res.status(API_ERRORS[code]).json({ error: code, message, ...details } satisfies ApiErrorBody);
}

export function sendDomainError(res: Response, err: DomainError): void {
  sendError(res, err.code, err.message, err.details);
}

interface BodyParserError {
  type?: string;
  status?: number;
  limit?: number;
  message?: string;
}

/** What express's body parsers throw, as a named error; undefined for anything else. */
export function bodyParserError(err: unknown): DomainError | undefined {
  const e = err as BodyParserError;
  if (e.type === 'entity.parse.failed')
    return new DomainError('malformed-json', `malformed JSON: ${e.message ?? ''}`.trim());
  if (e.type === 'entity.too.large')
    return new DomainError(
      'too-large',
      `the body is larger than ${e.limit ?? 'the limit'} bytes`,
      e.limit === undefined ? {} : { limit: e.limit },
    );
  if (e.type === 'encoding.unsupported' || e.type === 'charset.unsupported')
    return new DomainError('unsupported-media-type', e.message ?? 'unsupported content encoding');
  if (typeof e.status === 'number' && e.status >= 400 && e.status < 500)
    return new DomainError('malformed-body', 'the request body could not be read');
  return undefined;
}

/** Retry-After of a request refused because the database is locked or failing. */
export const DATABASE_RETRY_AFTER_MS = 5_000;

/**
 * SQLite saying "not now" (busy, locked, full, failing I/O): the transaction was rolled back, and
 * the routes change memory only after the database took the change, so nothing was changed.
 */
export function databaseUnavailable(err: unknown): DomainError | undefined {
  const code = (err as { code?: unknown }).code;
  if (typeof code !== 'string' || !/^SQLITE_(BUSY|LOCKED|FULL|IOERR|READONLY|CANTOPEN|PROTOCOL)/.test(code))
    return undefined;
  return new DomainError(
    'unavailable',
    `the database cannot take this change now (${code}); nothing was changed, try again`,
    { retryAfterMs: DATABASE_RETRY_AFTER_MS },
  );
}

/** The last handler: every error answered in the one shape, never a stack trace. */
export function errorHandler(logger: Logger): ErrorRequestHandler {
  return (err: unknown, req, res, next) => {
    if (res.headersSent) return next(err);
    const known = err instanceof DomainError ? err : (bodyParserError(err) ?? databaseUnavailable(err));
    if (known) return sendDomainError(res, known);
    logger.error({ err, path: req.path }, 'request failed');
    sendError(res, 'internal', 'internal error');
  };
}
