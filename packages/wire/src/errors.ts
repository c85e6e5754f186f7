/**
 * The one error model of the HTTP API. Every refusal, from intake, the query API, alerts or the
 * access policy, is answered with the status its code maps to and a body of this shape, so a
 * client reads `error` to decide and `message` to show, and `errors` to mark fields.
 */

/** Every named error, and the HTTP status it is answered with. */
export const API_ERRORS = {
  /** A parameter, field or item is wrong: `errors` names each one and why. */
  invalid: 400,
  'malformed-json': 400,
  'malformed-yaml': 400,
  /** The body could not be read (a broken gzip stream, a bad encoding). */
  'malformed-body': 400,
  unauthorized: 401,
  forbidden: 403,
  'forbidden-host': 403,
  'forbidden-origin': 403,
  'bad-signature': 403,
  'not-found': 404,
  'unknown-mapping': 404,
  /** The change clashes with what is stored (a taken id or name, an acknowledged state). */
  conflict: 409,
  'too-large': 413,
  'too-many-items': 413,
  'unsupported-media-type': 415,
  /** Too soon: `retryAfterMs` (and the Retry-After header) says when to try again. */
  'rate-limited': 429,
  internal: 500,
  /** The server cannot do it now (the database is busy or failing): try again after `retryAfterMs`. */
  unavailable: 503,
} as const satisfies Record<string, number>;

export type ApiErrorCode = keyof typeof API_ERRORS;
export const API_ERROR_CODES = Object.keys(API_ERRORS) as ApiErrorCode[];

/** One validation problem, naming the field (dotted path, or a query parameter) and the reason. */
export interface FieldError {
  field: string;
  reason: string;
}

/** The body of every error answer. Some errors add their own facts beside these (`limit`, `role`, `rejected`). */
export interface ApiErrorBody {
  error: ApiErrorCode;
  /** A sentence for a person. */
  message: string;
  errors?: FieldError[];
  retryAfterMs?: number;
  [extra: string]: unknown;
}

export function isApiErrorCode(v: unknown): v is ApiErrorCode {
  return typeof v === 'string' && Object.hasOwn(API_ERRORS, v);
}

export function isFieldError(v: unknown): v is FieldError {
  return (
    typeof v === 'object' &&
    v !== null &&
    typeof (v as FieldError).field === 'string' &&
    typeof (v as FieldError).reason === 'string'
  );
}

/** An error body from any JSON value, or null when it is not one (a proxy's HTML page, say). */
export function asApiErrorBody(v: unknown): ApiErrorBody | null {
  if (typeof v !== 'object' || v === null) return null;
  const body = v as Record<string, unknown>;
  if (!isApiErrorCode(body.error) || typeof body.message !== 'string') return null;
  const errors = Array.isArray(body.errors) ? body.errors.filter(isFieldError) : undefined;
  return {
    ...body,
    error: body.error,
    message: body.message,
    ...(errors ? { errors } : {}),
    ...(typeof body.retryAfterMs === 'number' ? { retryAfterMs: body.retryAfterMs } : {}),
  };
}
