import { asApiErrorBody } from '@sipwatch/wire';
import type { ApiErrorBody, ApiErrorCode, FieldError } from '@sipwatch/wire';
import { readToken } from './token';

/**
 * The one place the dashboard sends REST requests: it adds the token (`Authorization: Bearer`),
 * turns every refusal into one ApiError read from the server's one error body, and tells the
 * sign-in gate when the server no longer takes the tab's sign-in token.
 */

/**
 * A failed call: the HTTP status (0 when the server could not be reached), the server's code and
 * sentence, and the fields at fault. `variable` and `role` come with access refusals.
 */
export class ApiError extends Error {
  override name = 'ApiError';
  constructor(
    message: string,
    readonly status: number,
    readonly code?: ApiErrorCode,
    readonly errors: readonly FieldError[] = [],
    readonly body?: ApiErrorBody,
  ) {
    super(message);
  }

  get role(): string | undefined {
    return typeof this.body?.role === 'string' ? this.body.role : undefined;
  }

  get variable(): string | undefined {
    return typeof this.body?.variable === 'string' ? this.body.variable : undefined;
  }
}

/** The refusal a failed response carries, or its status line when the body is not the server's (a proxy page). */
export async function failure(res: Response): Promise<ApiError> {
  const body = asApiErrorBody(
    await res
      .clone()
      .json()
      .catch(() => null),
  );
  if (!body) return new ApiError(`${res.status} ${res.statusText}`.trim(), res.status);
  return new ApiError(body.message, res.status, body.error, body.errors ?? [], body);
}

const signInListeners = new Set<(refusal: ApiError) => void>();

/** Called when a request made with the sign-in token (or none) needed a viewer and was refused. */
export function onSignInRefused(listener: (refusal: ApiError) => void): () => void {
  signInListeners.add(listener);
  return () => signInListeners.delete(listener);
}

/** Sends the request; answers the response when it is 2xx and throws ApiError for anything else. */
export async function request(url: string, init: RequestInit, token: string | null): Promise<Response> {
  const headers = new Headers(init.headers);
  if (token) headers.set('authorization', `Bearer ${token}`);
  let res: Response;
  try {
    res = await fetch(url, { ...init, headers });
  } catch (err) {
    if (init.signal?.aborted) throw err;
    throw new ApiError(err instanceof Error ? err.message : String(err), 0);
  }
  if (res.ok) return res;
  const refusal = await failure(res);
  // A refused admin token is the alerts page's business; a refused sign-in means signing in again.
  if (
    res.status === 401 &&
    token === readToken('sign-in') &&
    refusal.code === 'unauthorized' &&
    refusal.role === 'viewer'
  )
    for (const listener of signInListeners) listener(refusal);
  throw refusal;
}
