import { readToken } from './token';

/**
 * The one place that sends the dashboard's REST requests with a token (`Authorization: Bearer`),
 * and that tells the sign-in gate when the server no longer takes the tab's sign-in token.
 */

/** A refusal from the server's access policy (see the server's security/access.ts). */
export interface Refusal {
  error: string;
  message: string;
  role?: string;
  /** The server's environment variable that holds the tokens of `role`. */
  variable?: string;
}

export function asRefusal(body: unknown): Refusal | null {
  if (typeof body !== 'object' || body === null) return null;
  const { error, message, role, variable } = body as Record<string, unknown>;
  if (typeof error !== 'string' || typeof message !== 'string') return null;
  return {
    error,
    message,
    ...(typeof role === 'string' ? { role } : {}),
    ...(typeof variable === 'string' ? { variable } : {}),
  };
}

const signInListeners = new Set<(refusal: Refusal) => void>();

/** Called when a request made with the sign-in token (or none) needed a viewer and was refused. */
export function onSignInRefused(listener: (refusal: Refusal) => void): () => void {
  signInListeners.add(listener);
  return () => signInListeners.delete(listener);
}

export async function send(url: string, init: RequestInit, token: string | null): Promise<Response> {
  const headers = new Headers(init.headers);
  if (token) headers.set('authorization', `Bearer ${token}`);
  const res = await fetch(url, { ...init, headers });
  // A refused admin token is the alerts page's business; a refused sign-in means signing in again.
  if (res.status === 401 && token === readToken('sign-in') && signInListeners.size > 0) {
    const refusal = asRefusal(
      await res
        .clone()
        .json()
        .catch(() => null),
    );
    if (refusal?.error === 'unauthorized' && refusal.role === 'viewer')
      for (const listener of signInListeners) listener(refusal);
  }
  return res;
}
