import { createSocket } from 'node:dgram';
import { createServer, isIPv6 } from 'node:net';
import { createExtractorChain } from './extractors/index.js';
import { SyslogFramer } from './framing.js';
import { ingestLogLine } from './interpret.js';
import { peerAddress } from './peer.js';
/**
 * Syslog over UDP (one message per datagram) and TCP (RFC 6587 framing, see framing.ts), feeding the
 * extractor chain. Compiles the user extractors at once: an invalid one throws ConfigError.
 */
export function createSyslogServer(ctx, intake) {
    const { config, clock, logger, stats } = ctx;
    const { maxMessageBytes, maxConnections, idleTimeoutMs } = config.syslog;
    const chain = createExtractorChain(config.syslog.extractors);
    const normalise = intake.normalise;
    let udp;
    let tcp;
    const connections = new Set();
    let closing;
    // Every datagram and TCP read of one event-loop turn goes into one batch, handed over from
    // setImmediate: one sink call and one round of stats per turn, however many messages arrived.
    let turn;
    const commitTurn = () => {
        const batch = turn;
        turn = undefined;
        batch?.commit('now');
    };
    const turnBatch = () => {
        if (!turn) {
            turn = intake.batch('syslog');
            setImmediate(commitTurn);
        }
        return turn;
    };
    function onDatagram(msg, peer) {
        const batch = turnBatch();
        try {
            if (msg.length > maxMessageBytes)
                batch.reject(peer, 'oversize-frame');
            else if (msg.length > 0)
                ingestLogLine(batch, msg.toString('utf8'), {
                    channel: 'syslog',
                    peer,
                    receivedAt: clock.now(),
                    chain,
                    normalise,
                });
        }
        catch (err) {
            logger.warn({ err, peer }, 'syslog datagram could not be processed');
        }
    }
    function onConnection(socket) {
        connections.add(socket);
        const peer = peerAddress(socket.remoteAddress);
        const framer = new SyslogFramer(maxMessageBytes);
        const handle = (frames, oversize, truncated = false) => {
            const batch = turnBatch();
            try {
                if (oversize > 0)
                    batch.reject(peer, 'oversize-frame', oversize);
                if (truncated)
                    batch.reject(peer, 'truncated-frame');
                const lineCtx = { channel: 'syslog', peer, receivedAt: clock.now(), chain, normalise };
                for (const frame of frames)
                    ingestLogLine(batch, frame.toString('utf8'), lineCtx);
            }
            catch (err) {
                logger.warn({ err, peer }, 'syslog TCP read could not be processed');
            }
        };
        socket.setTimeout(idleTimeoutMs);
        socket.on('timeout', () => {
            logger.debug({ peer }, 'closing idle syslog TCP connection');
            socket.destroy();
        });
        socket.on('data', (chunk) => {
            const out = framer.push(chunk);
            if (out.frames.length > 0 || out.oversize > 0)
                handle(out.frames, out.oversize);
        });
        socket.on('end', () => {
            const last = framer.end();
            if (last.frame || last.truncated)
                handle(last.frame ? [last.frame] : [], 0, last.truncated);
        });
        socket.on('error', (err) => logger.debug({ err, peer }, 'syslog TCP connection error'));
        socket.on('close', () => connections.delete(socket));
    }
    async function bindUdp() {
        const socket = createSocket({
            type: isIPv6(config.host) ? 'udp6' : 'udp4',
            recvBufferSize: config.syslog.udpReceiveBufferBytes,
        });
        socket.on('message', (msg, rinfo) => onDatagram(msg, peerAddress(rinfo.address)));
        await new Promise((resolve, reject) => {
            socket.once('error', reject);
            socket.bind(config.syslog.port, config.host, () => {
                socket.off('error', reject);
                resolve();
            });
        });
        socket.on('error', (err) => logger.warn({ err }, 'syslog UDP socket error'));
        udp = socket;
        return socket.address().port;
    }
    async function bindTcp() {
        const server = createServer(onConnection);
        server.maxConnections = maxConnections;
        server.on('drop', (data) => {
            stats.rejected('syslog', peerAddress(data?.remoteAddress), 'too-many-connections');
        });
        await new Promise((resolve, reject) => {
            server.once('error', reject);
            server.listen(config.syslog.port, config.host, () => {
                server.off('error', reject);
                resolve();
            });
        });
        server.on('error', (err) => logger.warn({ err }, 'syslog TCP server error'));
        tcp = server;
        return server.address().port;
    }
    return {
        async listen() {
            const ports = {};
            if (config.syslog.udp)
                ports.syslogUdp = await bindUdp();
            if (config.syslog.tcp)
                ports.syslogTcp = await bindTcp();
            return ports;
        },
        close() {
            closing ??= (async () => {
                const waits = [];
                if (tcp) {
                    const server = tcp;
                    waits.push(new Promise((resolve) => server.close(() => resolve())));
                }
                for (const socket of connections)
                    socket.destroy();
                if (udp) {
                    const socket = udp;
                    waits.push(new Promise((resolve) => socket.close(() => resolve())));
                }
                await Promise.all(waits);
                commitTurn();
            })();
            return closing;
        },
    };
}
//# sourceMappingURL=server.js.map