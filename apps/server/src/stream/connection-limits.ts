import type { IncomingMessage, Server as HttpServer } from 'node:http';
import { Server as IoServer } from 'socket.io';
import type { ServerOptions } from 'socket.io';
import type { ClientToServerEvents, ServerToClientEvents } from '@sipwatch/wire';
import { peerAddress } from '../intake/syslog/peer.js';

/** The server's Socket.IO, typed by the contract's events. */
export type SipwatchIo = IoServer<ClientToServerEvents, ServerToClientEvents>;

export interface ConnectionCaps {
  /** Socket.IO connections open at once, in all. */
  maxConnections: number;
  /** Of those, from one client address. */
  maxConnectionsPerIp: number;
}

/** Who a handshake comes from; the socket peer by default (a trusted proxy may say otherwise). */
export type ClientAddress = (req: IncomingMessage) => string;

export const socketPeerAddress: ClientAddress = (req) => peerAddress(req.socket.remoteAddress);

export const TOO_MANY_FROM_ADDRESS = 'too many connections from this address';
export const TOO_MANY_CONNECTIONS = 'too many connections to this server';

/** A handshake refused with a message gets this long to ask for its namespace and hear why. */
const REFUSAL_MS = 5000;
/** A handshake admitted but never turned into a connection (a failed upgrade) frees its slot after this. */
const UNCLAIMED_MS = 10_000;

interface Slot {
  address: string;
  /** Why it is refused; undefined when admitted. */
  refusal: string | undefined;
  released: boolean;
  timer: NodeJS.Timeout;
}

/**
 * Caps Socket.IO connections in all and per client address. Every handshake is counted in
 * `allowRequest`, before engine.io creates a session, and stays counted until its connection
 * closes. One over a cap is still let through as a short-lived session whose only use is to hear
 * why (a connect_error naming the cap, from the first namespace middleware; then the server closes
 * it): engine.io's own refusal reaches socket.io-client as a bare "websocket error". Those
 * sessions are capped too (at `maxConnections`); past that a handshake is refused outright.
 */
export class ConnectionLimits {
  private readonly perAddress = new Map<string, number>();
  private admitted = 0;
  private refusing = 0;
  private readonly slots = new WeakMap<IncomingMessage, Slot>();

  constructor(
    private readonly caps: ConnectionCaps,
    private readonly addressOf: ClientAddress = socketPeerAddress,
  ) {}

  /** For engine.io's `allowRequest`: called once per handshake, never for later requests of a session. */
  readonly allowRequest = (
    req: IncomingMessage,
    callback: (err: string | null | undefined, ok: boolean) => void,
  ): void => {
    const address = this.addressOf(req);
    const fromAddress = this.perAddress.get(address) ?? 0;
    const refusal =
      fromAddress >= this.caps.maxConnectionsPerIp
        ? TOO_MANY_FROM_ADDRESS
        : this.admitted >= this.caps.maxConnections
          ? TOO_MANY_CONNECTIONS
          : undefined;
    if (refusal) {
      if (this.refusing >= this.caps.maxConnections) {
        callback(refusal, false);
        return;
      }
      this.refusing++;
    } else {
      this.admitted++;
      this.perAddress.set(address, fromAddress + 1);
    }
    const slot: Slot = {
      address,
      refusal,
      released: false,
      timer: setTimeout(() => this.release(slot), refusal ? REFUSAL_MS : UNCLAIMED_MS).unref(),
    };
    this.slots.set(req, slot);
    callback(null, true);
  };

  /** Hooks the server: sessions claim their slot, closing frees it; refused ones hear why and go. */
  attach(io: SipwatchIo): void {
    io.engine.on(
      'connection',
      (conn: { request: IncomingMessage; once(e: 'close', fn: () => void): void; close(): void }) => {
        const slot = this.slots.get(conn.request);
        if (!slot) return;
        if (slot.released) {
          conn.close();
          return;
        }
        if (slot.refusal) {
          // Still bounded by the refusal timer: a client that never asks for a namespace is closed.
          clearTimeout(slot.timer);
          slot.timer = setTimeout(() => conn.close(), REFUSAL_MS).unref();
        } else {
          clearTimeout(slot.timer);
        }
        conn.once('close', () => this.release(slot));
      },
    );
    io.engine.on('connection_error', (err: { req?: IncomingMessage }) => {
      const slot = err.req && this.slots.get(err.req);
      if (slot) this.release(slot);
    });
    io.use((socket, next) => {
      const refusal = this.slots.get(socket.request)?.refusal;
      if (!refusal) {
        next();
        return;
      }
      next(Object.assign(new Error(refusal), { data: { reason: 'connection-limit' } }));
      // The CONNECT_ERROR goes out on the next tick; the session closes once it is written.
      setImmediate(() => socket.conn.close());
    });
  }

  private release(slot: Slot): void {
    if (slot.released) return;
    slot.released = true;
    clearTimeout(slot.timer);
    if (slot.refusal) {
      this.refusing--;
      return;
    }
    this.admitted--;
    const left = (this.perAddress.get(slot.address) ?? 1) - 1;
    if (left > 0) this.perAddress.set(slot.address, left);
    else this.perAddress.delete(slot.address);
  }
}

export interface LiveIoOptions {
  caps: ConnectionCaps;
  clientAddress?: ClientAddress;
}

/** The Socket.IO server of the live stream, with its connection caps in place. */
export function createLiveIo(
  http: HttpServer,
  options: LiveIoOptions,
): { io: SipwatchIo; limits: ConnectionLimits } {
  const limits = new ConnectionLimits(options.caps, options.clientAddress);
  const serverOptions: Partial<ServerOptions> = { serveClient: false, allowRequest: limits.allowRequest };
  const io: SipwatchIo = new IoServer(http, serverOptions);
  limits.attach(io);
  return { io, limits };
}
