/** Roles and sessions as the server and the dashboard both speak of them (see security/roles.ts). */

export const ROLES = ['ingest', 'viewer', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** The environment variable that holds each role's tokens, named in refusals and start-up lines. */
export const ROLE_VARIABLE: Record<Role, string> = {
  ingest: 'SIPWATCH_INGEST_TOKEN',
  viewer: 'SIPWATCH_VIEWER_TOKEN',
  admin: 'SIPWATCH_ADMIN_TOKEN',
};

/** How a role is guarded: by its tokens, or (none configured) open to loopback clients only. */
export type RoleMode = 'token' | 'local-only';

/** How the caller holds a role: through a token, because the role is open to this machine, or not. */
export type Grant = 'token' | 'local' | null;

/** GET /api/v1/auth/session */
export interface AuthSession {
  /** The token's name, `local` for this machine without a token, `anonymous` otherwise. */
  name: string;
  token: 'none' | 'valid' | 'invalid';
  grants: Record<Role, Grant>;
  modes: Record<Role, RoleMode>;
  /** Why the caller may not view, in the words a refusal would use; null when it may. */
  viewerRefusal: string | null;
}
