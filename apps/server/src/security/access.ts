import type { IncomingMessage } from 'node:http';
import { hostname } from 'node:os';
import ipaddr from 'ipaddr.js';
import proxyaddr from 'proxy-addr';
import type { RequestHandler, Response } from 'express';
import { publicUrls } from '../config.js';
import type { Config } from '../config.js';
import { peerAddress } from '../intake/syslog/peer.js';
import { sendError } from '../http-errors.js';
import { Authenticator, ROLE_VARIABLE, ROLES } from './roles.js';
import { requiredRole } from './route-roles.js';
import type { Identity, Role, RoleMode } from './roles.js';

/**
 * The HTTP and Socket.IO side of who may do what: which Host headers are answered, which origins
 * may change state, whether a caller is on this machine, and which roles a request holds. Every
 * route and the socket handshake ask this one object.
 */

/** Refusals; each is answered with its code's status (API_ERRORS) and the one error body. */
export type Refusal =
  | { error: 'unauthorized'; message: string; role: Role; variable: string }
  | { error: 'forbidden'; message: string; role: Role }
  | { error: 'forbidden-host'; message: string }
  | { error: 'forbidden-origin'; message: string };

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
const PROXY_HEADERS = ['forwarded', 'x-forwarded-for', 'x-real-ip'];

export interface AccessPolicy {
  readonly authenticator: Authenticator;
  modes(): Record<Role, RoleMode>;
  /** The client's address: the peer, or the first untrusted hop of X-Forwarded-For when proxies are trusted. */
  clientAddress(req: IncomingMessage): string;
  /** Whether the client is on this machine (and so holds every role that has no token). */
  isLoopback(req: IncomingMessage): boolean;
  identify(req: IncomingMessage, authorization?: string): Identity;
  /** undefined when the caller holds `role`, else why not. */
  check(identity: Identity, role: Role): Refusal | undefined;
  hostRefusal(req: IncomingMessage): Refusal | undefined;
  originRefusal(req: IncomingMessage): Refusal | undefined;
  /**
   * Express, before every router: refuses unknown Host headers, state changes from other origins,
   * and callers without the role the route needs (route-roles.ts).
   */
  readonly guardRequest: RequestHandler;
}

export interface AccessPolicyOptions {
  /** Told of each refused request that needed `role` (the intake counts refused senders). */
  onRefused?: (req: IncomingMessage, role: Role) => void;
}

export function createAccessPolicy(config: Config, options: AccessPolicyOptions = {}): AccessPolicy {
  const routeOptions = {
    twilioSigned: config.ingest.twilioAuthToken !== undefined && config.ingest.twilioAuthToken !== '',
    publicMetrics: config.metrics.public,
  };
  const authenticator = new Authenticator(config.auth);
  const trust = compileTrust(config.http.trustProxy);
  const hosts = allowedHostNames(config);
  const origins = new Set(
    [...config.http.allowedOrigins, ...publicUrls(config)].map((o) => new URL(o).origin),
  );

  const clientAddress = (req: IncomingMessage): string =>
    peerAddress(trust ? proxyaddr(req, trust) : req.socket.remoteAddress);

  const isLoopback = (req: IncomingMessage): boolean => {
    if (!config.auth.trustLoopback) return false;
    // Without trusted proxies, a proxied request (a reverse proxy on this machine) is a remote client.
    if (!trust && PROXY_HEADERS.some((h) => req.headers[h] !== undefined)) return false;
    return isLoopbackAddress(clientAddress(req));
  };

  const identify = (req: IncomingMessage, authorization = req.headers.authorization): Identity => {
    const cached = (req as { sipwatchIdentity?: Identity }).sipwatchIdentity;
    if (cached && authorization === req.headers.authorization) return cached;
    const identity = authenticator.identify({ authorization, loopback: isLoopback(req) });
    if (authorization === req.headers.authorization)
      (req as { sipwatchIdentity?: Identity }).sipwatchIdentity = identity;
    return identity;
  };

  const check = (identity: Identity, role: Role): Refusal | undefined => {
    if (!identity.badToken && identity.grants[role] !== null) return undefined;
    const variable = ROLE_VARIABLE[role];
    if (identity.badToken)
      return {
        error: 'unauthorized',
        role,
        variable,
        message: `the token is not valid for any role`,
      };
    if (ROLES.some((r) => identity.grants[r] === 'token'))
      return {
        error: 'forbidden',
        role,
        message: `this needs the ${role} role; the token given does not grant it`,
      };
    return {
      error: 'unauthorized',
      role,
      variable,
      message:
        authenticator.mode(role) === 'token'
          ? `this needs ${role === 'ingest' || role === 'admin' ? 'an' : 'a'} ${role} token: send Authorization: Bearer <token>`
          : `the ${role} role is open to this machine only; set ${variable} on the server and send that token to use it from elsewhere`,
    };
  };

  const hostRefusal = (req: IncomingMessage): Refusal | undefined => {
    if (hosts === 'any') return undefined;
    const header = req.headers.host;
    // Browsers always send Host, so a request without one cannot be a rebinding attack.
    if (header === undefined) return undefined;
    const name = hostOnly(header);
    if (name !== undefined && (hosts.has(name) || isIpLiteral(name) || name.endsWith('.localhost')))
      return undefined;
    return {
      error: 'forbidden-host',
      message: `this server does not answer to the host name ${JSON.stringify(header.slice(0, 100))}; add it to http.allowedHosts`,
    };
  };

  const originRefusal = (req: IncomingMessage): Refusal | undefined => {
    const origin = req.headers.origin;
    if (origin === undefined) {
      // Every browser sends Origin with cross-site state changes; Sec-Fetch-Site covers older paths.
      const site = req.headers['sec-fetch-site'];
      if (site === 'cross-site' || site === 'same-site')
        return {
          error: 'forbidden-origin',
          message: 'cross-site requests may not change anything here',
        };
      return undefined;
    }
    if (origin !== 'null' && (origin === ownOrigin(req, trust) || origins.has(origin))) return undefined;
    return {
      error: 'forbidden-origin',
      message: `requests from ${JSON.stringify(origin.slice(0, 200))} may not do this; add the origin to http.allowedOrigins if it is yours`,
    };
  };

  const guardRequest: RequestHandler = (req, res, next) => {
    const refusal = hostRefusal(req) ?? (SAFE_METHODS.has(req.method) ? undefined : originRefusal(req));
    if (refusal) return refuse(res, refusal);
    const role = requiredRole(req.method, req.path, routeOptions);
    if (role === 'open') return next();
    const denied = check(identify(req), role);
    if (!denied) return next();
    options.onRefused?.(req, role);
    refuse(res, denied);
  };

  return {
    authenticator,
    modes: () => authenticator.modes(),
    clientAddress,
    isLoopback,
    identify,
    check,
    hostRefusal,
    originRefusal,
    guardRequest,
  };
}

export function refuse(res: Response, refusal: Refusal): void {
  const { error, message, ...details } = refusal;
  if (refusal.error === 'unauthorized')
    res.setHeader('WWW-Authenticate', `Bearer realm="sipwatch-${refusal.role}"`);
  sendError(res, error, message, details);
}

function compileTrust(
  setting: Config['http']['trustProxy'],
): ((addr: string, i: number) => boolean) | undefined {
  if (setting === false || setting === 0) return undefined;
  if (setting === true) return () => true;
  if (typeof setting === 'number') return (_addr, i) => i < setting;
  return proxyaddr.compile(setting);
}

export function isLoopbackAddress(address: string): boolean {
  if (!ipaddr.isValid(address)) return false;
  const parsed = ipaddr.process(address);
  return parsed.range() === 'loopback';
}

function isIpLiteral(name: string): boolean {
  return ipaddr.isValid(name.startsWith('[') ? name.slice(1, -1) : name);
}

/** `Example.COM:8080` → `example.com`; `[::1]:80` → `[::1]`; undefined when it is no host name at all. */
function hostOnly(header: string): string | undefined {
  const h = header.trim().toLowerCase();
  if (h.startsWith('[')) {
    const end = h.indexOf(']');
    return end > 0 ? h.slice(0, end + 1) : undefined;
  }
  const colon = h.indexOf(':');
  const name = colon >= 0 ? h.slice(0, colon) : h;
  return /^[a-z0-9.-]{1,253}$/.test(name) ? name.replace(/\.$/, '') : undefined;
}

function allowedHostNames(config: Config): Set<string> | 'any' {
  if (config.http.allowedHosts.includes('*')) return 'any';
  const names = new Set(['localhost', hostname().toLowerCase()]);
  for (const h of config.http.allowedHosts) names.add(h.toLowerCase().replace(/\.$/, ''));
  for (const url of publicUrls(config)) names.add(new URL(url).hostname.toLowerCase());
  return names;
}

function ownOrigin(
  req: IncomingMessage,
  trust: ((addr: string, i: number) => boolean) | undefined,
): string | undefined {
  const host = req.headers.host;
  if (!host) return undefined;
  const forwardedProto = trust
    ? String(req.headers['x-forwarded-proto'] ?? '')
        .split(',')[0]!
        .trim()
    : '';
  const encrypted = (req.socket as { encrypted?: boolean }).encrypted === true;
  const proto =
    forwardedProto === 'https' || forwardedProto === 'http' ? forwardedProto : encrypted ? 'https' : 'http';
  return `${proto}://${host}`;
}
