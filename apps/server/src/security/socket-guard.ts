import type { Server as IoServer, Socket } from 'socket.io';
import type { AccessPolicy, Refusal } from './access.js';

/**
 * The Socket.IO handshake asks the same policy as HTTP: a known Host, the server's own origin (a
 * page elsewhere must not open the stream of a server that trusts this machine), and the viewer
 * role, from `auth.token` in the handshake or an Authorization header.
 */
export function guardSockets(io: IoServer, access: AccessPolicy): void {
  io.use((socket: Socket, next) => {
    const req = socket.request;
    const token = (socket.handshake.auth as { token?: unknown } | undefined)?.token;
    const authorization =
      typeof token === 'string' && token !== '' ? `Bearer ${token}` : req.headers.authorization;
    const refusal: Refusal | undefined =
      access.hostRefusal(req) ??
      (req.headers.origin !== undefined ? access.originRefusal(req) : undefined) ??
      access.check(access.identify(req, authorization), 'viewer');
    if (!refusal) return next();
    const { error, ...data } = refusal;
    next(Object.assign(new Error(error), { data }));
  });
}
