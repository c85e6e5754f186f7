/**
 * The admin token, kept for this browser tab only (sessionStorage): never in the URL, never in
 * localStorage, never logged. Pages re-render when it changes.
 */

const KEY = 'sipwatch.adminToken';
const listeners = new Set<() => void>();
/** Used when storage is off (privacy settings): the token then lasts no longer than this page. */
let memory: string | null = null;

export function readAdminToken(): string | null {
  try {
    return window.sessionStorage.getItem(KEY) || null;
  } catch {
    return memory;
  }
}

/** Stores the token (trimmed); an empty one forgets it. */
export function saveAdminToken(token: string | null): void {
  const value = token?.trim() || null;
  memory = value;
  try {
    if (value) window.sessionStorage.setItem(KEY, value);
    else window.sessionStorage.removeItem(KEY);
  } catch {
    // Kept in memory only.
  }
  for (const listener of listeners) listener();
}

export function subscribeAdminToken(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}
