import { createServer } from 'node:net';
import { HepStreamFramer } from './stream-framer.js';
/**
 * HEP over TCP: a stream of concatenated packets, cut by their length field. Each connection holds at
 * most one unfinished packet (≤ maxPacketBytes); a stream that is not HEP, a packet over the limit
 * or a silent connection is dropped; past maxConnections new connections are refused. A hostile or
 * stuck client thus costs bounded memory and never holds up the others.
 */
export async function startHepTcp(host, port, limits, on) {
    const sockets = new Set();
    const server = createServer((socket) => {
        const peer = socket.remoteAddress ?? 'unknown';
        sockets.add(socket);
        socket.on('close', () => sockets.delete(socket));
        socket.setNoDelay(true);
        socket.setTimeout(limits.idleTimeoutMs, () => socket.destroy());
        socket.on('error', () => socket.destroy());
        const framer = new HepStreamFramer(limits.maxPacketBytes);
        socket.on('data', (chunk) => {
            const { packets, error } = framer.push(chunk);
            if (packets.length > 0)
                on.handle(packets, peer);
            if (error !== undefined) {
                on.reject(peer, 'hep-stream');
                socket.destroy();
            }
        });
    });
    server.maxConnections = limits.maxConnections;
    server.on('drop', (info) => on.reject(info?.remoteAddress ?? 'unknown', 'too-many-connections'));
    await new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, host, () => {
            server.off('error', reject);
            resolve();
        });
    });
    let closed;
    return {
        port: server.address().port,
        close() {
            closed ??= new Promise((resolve) => {
                server.close(() => resolve());
                for (const s of sockets)
                    s.destroy();
            });
            return closed;
        },
    };
}
//# sourceMappingURL=tcp.js.map