import { createSocket } from 'node:dgram';
import type { Logger } from '../../logger.js';

export interface Listener {
  readonly port: number;
  close(): Promise<void>;
}

/** A large receive buffer absorbs bursts while the event loop is busy (the kernel may cap it). */
export const RECV_BUFFER_BYTES = 8 * 1024 * 1024;

/** HEP over UDP: one datagram is one packet. */
export async function startHepUdp(
  host: string,
  port: number,
  logger: Logger,
  handle: (packets: Buffer[], peer: string) => unknown,
): Promise<Listener> {
  const socket = createSocket({
    type: host.includes(':') ? 'udp6' : 'udp4',
    recvBufferSize: RECV_BUFFER_BYTES,
  });
  socket.on('message', (msg, rinfo) => handle([msg], rinfo.address));
  socket.on('error', (err) => logger.warn({ err }, 'HEP UDP socket error'));
  await new Promise<void>((resolve, reject) => {
    socket.once('error', reject);
    socket.bind(port, host, () => {
      socket.off('error', reject);
      resolve();
    });
  });
  let closed: Promise<void> | undefined;
  return {
    port: socket.address().port,
    close() {
      closed ??= new Promise<void>((resolve) => socket.close(() => resolve()));
      return closed;
    },
  };
}
