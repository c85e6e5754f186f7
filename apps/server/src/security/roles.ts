import { createHash, timingSafeEqual } from 'node:crypto';
import { ROLES } from '@sipwatch/wire';
import type { Grant, Role, RoleMode } from '@sipwatch/wire';

/**
 * Who may do what. Three roles, each with its own tokens: `ingest` (senders), `viewer` (the
 * dashboard, the wall, the read API, the live stream) and `admin` (rules, silences, acks, imports,
 * secrets). An admin token also grants viewer. A role without tokens is open to clients on this
 * machine only; that is what lets `pnpm start` work on a laptop without spoiling a real network.
 */

export { ROLES, ROLE_VARIABLE } from '@sipwatch/wire';
export type { Grant, Role, RoleMode } from '@sipwatch/wire';

export interface Identity {
  /** The token's name (`name:token`), the role name for an unnamed token, `local` for a loopback client. */
  name: string;
  grants: Record<Role, Grant>;
  /** A token was presented and matched none: the answer is 401 even where the role is open. */
  badToken: boolean;
}

export interface Caller {
  /** The Authorization header, or the token of a Socket.IO handshake (as `Bearer <token>`). */
  authorization: string | undefined;
  /** Whether the request comes from this machine (see `isLoopbackClient`). */
  loopback: boolean;
}

interface KnownToken {
  name: string;
  digest: Buffer;
}

const NAMED = /^([A-Za-z0-9][A-Za-z0-9_.@-]{0,63}):(.+)$/;

/** `wall:abc…` → { name: 'wall', token: 'abc…' }; a token without a name prefix is named after its role. */
export function parseTokenEntry(entry: string, role: Role): { name: string; token: string } {
  const m = NAMED.exec(entry.trim());
  return m ? { name: m[1]!, token: m[2]! } : { name: role, token: entry.trim() };
}

const digest = (s: string): Buffer => createHash('sha256').update(s).digest();

/** The one place that decides which roles a caller holds. */
export class Authenticator {
  private readonly tokens: Record<Role, KnownToken[]>;

  constructor(entries: Record<Role, readonly string[]>) {
    this.tokens = {
      ingest: entries.ingest.map((e) => known(e, 'ingest')),
      viewer: entries.viewer.map((e) => known(e, 'viewer')),
      admin: entries.admin.map((e) => known(e, 'admin')),
    };
  }

  mode(role: Role): RoleMode {
    return this.tokens[role].length > 0 ? 'token' : 'local-only';
  }

  modes(): Record<Role, RoleMode> {
    return { ingest: this.mode('ingest'), viewer: this.mode('viewer'), admin: this.mode('admin') };
  }

  identify(caller: Caller): Identity {
    const presented = presentedToken(caller.authorization);
    const grants: Record<Role, Grant> = { ingest: null, viewer: null, admin: null };
    let name: string | undefined;
    if (presented !== undefined) {
      const d = digest(presented);
      for (const role of ROLES) {
        const match = matchToken(this.tokens[role], d);
        if (match) {
          grants[role] = 'token';
          name ??= match.name;
        }
      }
    }
    if (grants.admin === 'token') grants.viewer = 'token';
    const badToken = presented !== undefined && name === undefined;
    if (caller.loopback && !badToken)
      for (const role of ROLES)
        if (grants[role] === null && this.mode(role) === 'local-only') grants[role] = 'local';
    // Only a token carries admin over to viewer: a role given a token needs one, from this machine too.
    return { name: name ?? (caller.loopback ? 'local' : 'anonymous'), grants, badToken };
  }
}

function known(entry: string, role: Role): KnownToken {
  const { name, token } = parseTokenEntry(entry, role);
  return { name, digest: digest(token) };
}

/** Compares against every token of the role in constant time per token, so timing tells nothing. */
function matchToken(tokens: readonly KnownToken[], d: Buffer): KnownToken | undefined {
  let found: KnownToken | undefined;
  for (const t of tokens) if (timingSafeEqual(d, t.digest) && !found) found = t;
  return found;
}

/**
 * `Bearer <token>` is the documented form; `Basic` with the token as the password (any user name)
 * is accepted too, because some senders can only put credentials in the URL (Twilio) or in a
 * user:pass setting (FreeSWITCH `cred`).
 */
export function presentedToken(header: string | undefined): string | undefined {
  if (!header) return undefined;
  const m = /^\s*(Bearer|Basic)\s+(\S+)\s*$/i.exec(header);
  if (!m) return header.trim() === '' ? undefined : '';
  if (m[1]!.toLowerCase() === 'bearer') return m[2];
  const decoded = Buffer.from(m[2]!, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return colon >= 0 ? decoded.slice(colon + 1) : '';
}
