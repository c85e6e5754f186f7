import { createServer } from 'node:net';
import type { Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import type { Config } from '../../config.js';
import { ConnectionsPerPeer } from '../peer-limit.js';
import { HepStreamFramer } from './stream-framer.js';
import type { Listener } from './udp.js';

/**
 * HEP over TCP: a stream of concatenated packets, cut by their length field. Each connection holds at
 * most one unfinished packet (≤ maxPacketBytes); a stream that is not HEP, a packet over the limit
 * or a silent connection is dropped; past maxConnections (or maxConnectionsPerIp from one address)
 * new connections are refused. A hostile or stuck client thus costs bounded memory and never holds
 * up the others.
 */
export async function startHepTcp(
  host: string,
  port: number,
  limits: Pick<Config['hep'], 'maxPacketBytes' | 'maxConnections' | 'maxConnectionsPerIp' | 'idleTimeoutMs'>,
  on: {
    /** False: stop reading until `onRoom` calls back (the packets were taken). */
    handle(packets: Buffer[], peer: string): boolean;
    onRoom(resume: () => void): void;
    reject(peer: string, reason: string): void;
  },
): Promise<Listener> {
  const sockets = new Set<Socket>();
  const perPeer = new ConnectionsPerPeer(limits.maxConnectionsPerIp);
  const server = createServer((socket) => {
    const peer = socket.remoteAddress ?? 'unknown';
    if (!perPeer.take(peer)) {
      on.reject(peer, 'too-many-connections-per-ip');
      socket.destroy();
      return;
    }
    sockets.add(socket);
    socket.on('close', () => {
      perPeer.release(peer);
      sockets.delete(socket);
    });
    socket.setNoDelay(true);
    socket.setTimeout(limits.idleTimeoutMs, () => socket.destroy());
    socket.on('error', () => socket.destroy());
    const framer = new HepStreamFramer(limits.maxPacketBytes);
    socket.on('data', (chunk: Buffer) => {
      const { packets, error } = framer.push(chunk);
      if (packets.length > 0 && !on.handle(packets, peer) && !socket.isPaused()) {
        socket.pause();
        on.onRoom(() => socket.resume());
      }
      if (error !== undefined) {
        on.reject(peer, 'hep-stream');
        socket.destroy();
      }
    });
  });
  server.maxConnections = limits.maxConnections;
  server.on('drop', (info) => on.reject(info?.remoteAddress ?? 'unknown', 'too-many-connections'));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  let closed: Promise<void> | undefined;
  return {
    port: (server.address() as AddressInfo).port,
    close() {
      closed ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const s of sockets) s.destroy();
      });
      return closed;
    },
  };
}
