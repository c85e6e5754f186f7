import { createSocket } from 'node:dgram';

/** Sends each message as one datagram to 127.0.0.1:port, in order, waiting for each send. */
export async function sendUdp(port: number, messages: readonly (string | Buffer)[]): Promise<void> {
  const socket = createSocket('udp4');
  try {
    for (const m of messages) {
      await new Promise<void>((resolve, reject) =>
        socket.send(m, port, '127.0.0.1', (err) => (err ? reject(err) : resolve())),
      );
    }
  } finally {
    socket.close();
  }
}
