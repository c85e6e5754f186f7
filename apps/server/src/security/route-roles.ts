import type { Role } from './roles.js';

/**
 * The role every HTTP request needs, decided from its method and path before any router sees it.
 * Anything under /api that is not listed needs viewer, so a new read route is guarded by default.
 * Paths are compared as Express routes them: case-insensitively, a trailing slash ignored.
 */
export type RouteAccess = Role | 'open';

export interface RouteRoleOptions {
  /** Twilio callbacks carry a signature instead of a token when an auth token is configured. */
  twilioSigned: boolean;
  /** metrics.public */
  publicMetrics: boolean;
}

const INGEST_ROUTE = /^\/api\/v1\/(events|webhooks\/(twilio|freeswitch|generic\/[^/]+))$/;
const READ_METHODS = new Set(['GET', 'HEAD']);

export function requiredRole(method: string, rawPath: string, options: RouteRoleOptions): RouteAccess {
  const path = normalisePath(rawPath);
  if (path === '/healthz' || path === '/readyz' || path === '/api/v1/auth/session') return 'open';
  if (path === '/metrics') return options.publicMetrics ? 'open' : 'viewer';
  // The Socket.IO handshake is guarded by the socket guard (it reads the token from the handshake).
  if (path === '/socket.io' || path.startsWith('/socket.io/')) return 'open';
  if (!path.startsWith('/api/') && path !== '/api') return 'open'; // the dashboard's own files
  const ingest = INGEST_ROUTE.exec(path);
  if (ingest && method === 'POST') return ingest[2] === 'twilio' && options.twilioSigned ? 'open' : 'ingest';
  if (path.startsWith('/api/v1/admin/')) return 'admin';
  if ((path === '/api/v1/alerts' || path.startsWith('/api/v1/alerts/')) && !READ_METHODS.has(method))
    return 'admin';
  return 'viewer';
}

function normalisePath(path: string): string {
  const lower = path.toLowerCase().replace(/\/{2,}/g, '/');
  return lower.length > 1 && lower.endsWith('/') ? lower.slice(0, -1) : lower;
}
