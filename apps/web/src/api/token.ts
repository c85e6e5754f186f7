import { useSyncExternalStore } from 'react';

/**
 * The tokens this browser tab holds: the one it signed in with (viewer or admin) and the admin
 * token entered on the alerts page to elevate. Kept in sessionStorage only: never in a URL (a
 * wall's `#token=` fragment is taken out of the address bar at once), never in localStorage,
 * never logged. Pages re-render when one changes.
 */

export type TokenKind = 'sign-in' | 'admin';

const KEYS: Record<TokenKind, string> = {
  'sign-in': 'sipwatch.token',
  admin: 'sipwatch.adminToken',
};
const listeners = new Set<() => void>();
/** Used when storage is off (privacy settings): a token then lasts no longer than this page. */
const memory: Record<TokenKind, string | null> = { 'sign-in': null, admin: null };

export function readToken(kind: TokenKind): string | null {
  try {
    return window.sessionStorage.getItem(KEYS[kind]) || null;
  } catch {
    return memory[kind];
  }
}

/** Stores the token (trimmed); an empty one forgets it. */
export function saveToken(kind: TokenKind, token: string | null): void {
  const value = token?.trim() || null;
  memory[kind] = value;
  try {
    if (value) window.sessionStorage.setItem(KEYS[kind], value);
    else window.sessionStorage.removeItem(KEYS[kind]);
  } catch {
    // Kept in memory only.
  }
  for (const listener of listeners) listener();
}

export function subscribeTokens(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** What the alerts API sends: the admin token when one was entered, else the sign-in token. */
export function elevatedToken(): string | null {
  return readToken('admin') ?? readToken('sign-in');
}

/** The tab's token of that kind, or null; re-renders when it is entered or forgotten. */
export function useToken(kind: TokenKind): string | null {
  return useSyncExternalStore(
    subscribeTokens,
    () => readToken(kind),
    () => null,
  );
}

/**
 * A kiosk is set up from a link (`/?kiosk#token=…`), without a keyboard. A fragment never goes to
 * the server, in the request or in a Referer; this takes the token from it once, stores it, and
 * removes it from the address bar and the history entry. Returns whether there was one.
 */
export function takeFragmentToken(win: Window = window): boolean {
  const hash = win.location.hash;
  if (!hash.startsWith('#')) return false;
  const params = new URLSearchParams(hash.slice(1));
  const token = params.get('token');
  if (token === null) return false;
  params.delete('token');
  if (token.trim()) saveToken('sign-in', token);
  const rest = params.toString();
  const { pathname, search } = win.location;
  win.history.replaceState(win.history.state, '', `${pathname}${search}${rest ? `#${rest}` : ''}`);
  return token.trim() !== '';
}
