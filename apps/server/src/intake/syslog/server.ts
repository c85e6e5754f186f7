import { createSocket } from 'node:dgram';
import type { Socket as UdpSocket } from 'node:dgram';
import { createServer, isIPv6 } from 'node:net';
import type { AddressInfo, Server as TcpServer, Socket } from 'node:net';
import type { ServerContext } from '../../context.js';
import type { Intake, IntakeBatch } from '../intake.js';
import { createExtractorChain } from './extractors/index.js';
import type { ExtractorChain } from './extractors/index.js';
import { SyslogFramer } from './framing.js';
import { DEFAULT_PACING, PacedQueue } from '../paced-queue.js';
import type { PacedQueueOptions } from '../paced-queue.js';
import { ConnectionsPerPeer } from '../peer-limit.js';
import { ingestLogLine } from './interpret.js';
import { peerAddress } from './peer.js';
import { LineFeed } from '../workers/line-feed.js';
import { kernelUdpDrops } from '../udp-drops.js';

export interface SyslogPorts {
  syslogUdp?: number;
  syslogTcp?: number;
}

export interface SyslogServer {
  /** Binds the enabled listeners (config.syslog.port on config.host; 0 picks free ports). */
  listen(): Promise<SyslogPorts>;
  /** Stops listening, drops open connections and hands pending events to the sink. Idempotent. */
  close(): Promise<void>;
}

/**
 * Syslog over UDP (one message per datagram) and TCP (RFC 6587 framing, see framing.ts), feeding the
 * extractor chain. Compiles the user extractors at once: an invalid one throws ConfigError.
 */
export function createSyslogServer(
  ctx: ServerContext,
  intake: Intake,
  pacing: PacedQueueOptions = DEFAULT_PACING,
): SyslogServer {
  const { config, clock, logger, stats } = ctx;
  const { maxMessageBytes, maxConnections, idleTimeoutMs, frameTimeoutMs } = config.syslog;
  const perPeer = new ConnectionsPerPeer(config.syslog.maxConnectionsPerIp);
  const chain: ExtractorChain = createExtractorChain(config.syslog.extractors, config.syslog.maxExtractBytes);
  const normalise = intake.normalise;

  let udp: UdpSocket | undefined;
  let tcp: TcpServer | undefined;
  const connections = new Set<Socket>();
  let closing: Promise<void> | undefined;

  // The messages read in one slice of the queue (or one turn) go into one batch: one sink call
  // and one round of stats per slice, however many messages arrived.
  let turn: IntakeBatch | undefined;
  const commitTurn = (): void => {
    const batch = turn;
    turn = undefined;
    batch?.commit('now');
  };
  const turnBatch = (): IntakeBatch => {
    if (!turn) {
      turn = intake.batch('syslog');
      setImmediate(commitTurn);
    }
    return turn;
  };
  const queue = new PacedQueue({ ...pacing, onSliceEnd: commitTurn });
  // With intake workers, messages go to them in batches instead of through the paced queue.
  const feed = intake.pool && new LineFeed(intake, intake.pool, stats, 'syslog');

  const ingest = (frame: Buffer, peer: string, receivedAt: number): void => {
    try {
      const lineCtx = { channel: 'syslog' as const, peer, receivedAt, chain, normalise };
      ingestLogLine(turnBatch(), frame.toString('utf8'), lineCtx);
    } catch (err) {
      logger.warn({ err, peer }, 'syslog message could not be processed');
    }
  };

  function onDatagram(msg: Buffer, peer: string): void {
    if (msg.length === 0) return;
    if (msg.length > maxMessageBytes) turnBatch().reject(peer, 'oversize-frame');
    else if (feed) {
      if (feed.full) {
        turnBatch().reject(peer, 'queue-full');
        stats.dropped('syslog-udp');
      } else feed.add(msg, peer, clock.now());
    } else {
      const receivedAt = clock.now();
      if (!queue.offer(() => ingest(msg, peer, receivedAt), msg.length)) {
        turnBatch().reject(peer, 'queue-full');
        stats.dropped('syslog-udp');
      }
    }
  }

  function onConnection(socket: Socket): void {
    const peer = peerAddress(socket.remoteAddress);
    if (!perPeer.take(peer)) {
      stats.rejected('syslog', peer, 'too-many-connections-per-ip');
      socket.destroy();
      return;
    }
    connections.add(socket);
    const framer = new SyslogFramer(maxMessageBytes);
    // The idle timer restarts on every byte, so a frame trickled in a byte at a time would hold
    // its slot for ever; each frame must instead arrive whole within frameTimeoutMs.
    let frameDeadline: NodeJS.Timeout | undefined;
    const watchFrame = (completed: boolean): void => {
      if (!framer.inFrame) {
        clearTimeout(frameDeadline);
        frameDeadline = undefined;
      } else if (!frameDeadline) {
        frameDeadline = setTimeout(() => {
          logger.debug({ peer }, 'closing syslog TCP connection: frame not complete in time');
          stats.rejected('syslog', peer, 'frame-timeout');
          socket.destroy();
        }, frameTimeoutMs);
      } else if (completed) frameDeadline.refresh();
    };

    // Every frame read is queued; while the queue is full the socket is paused, so the sender
    // waits (TCP's own flow control) instead of the server buffering without bound.
    const handle = (frames: Buffer[], oversize: number, truncated = false): void => {
      if (oversize > 0) turnBatch().reject(peer, 'oversize-frame', oversize);
      if (truncated) turnBatch().reject(peer, 'truncated-frame');
      const receivedAt = clock.now();
      if (feed) {
        for (const frame of frames) feed.add(frame, peer, receivedAt);
        if (feed.full && !socket.isPaused()) {
          socket.pause();
          stats.paused('syslog-tcp');
          intake.pool!.onRoom(() => socket.resume());
        }
        return;
      }
      for (const frame of frames) queue.push(() => ingest(frame, peer, receivedAt), frame.length);
      if (queue.full && !socket.isPaused()) {
        socket.pause();
        stats.paused('syslog-tcp');
        queue.onRoom(() => socket.resume());
      }
    };

    socket.setTimeout(idleTimeoutMs);
    socket.on('timeout', () => {
      logger.debug({ peer }, 'closing idle syslog TCP connection');
      socket.destroy();
    });
    socket.on('data', (chunk: Buffer) => {
      const out = framer.push(chunk);
      const completed = out.frames.length > 0 || out.oversize > 0;
      if (completed) handle(out.frames, out.oversize);
      watchFrame(completed);
    });
    socket.on('end', () => {
      const last = framer.end();
      if (last.frame || last.truncated) handle(last.frame ? [last.frame] : [], 0, last.truncated);
    });
    socket.on('error', (err) => logger.debug({ err, peer }, 'syslog TCP connection error'));
    socket.on('close', () => {
      clearTimeout(frameDeadline);
      perPeer.release(peer);
      connections.delete(socket);
    });
  }

  async function bindUdp(): Promise<number> {
    const socket = createSocket({
      type: isIPv6(config.host) ? 'udp6' : 'udp4',
      recvBufferSize: config.syslog.udpReceiveBufferBytes,
    });
    socket.on('message', (msg, rinfo) => onDatagram(msg, peerAddress(rinfo.address)));
    await new Promise<void>((resolve, reject) => {
      socket.once('error', reject);
      socket.bind(config.syslog.port, config.host, () => {
        socket.off('error', reject);
        resolve();
      });
    });
    socket.on('error', (err) => logger.warn({ err }, 'syslog UDP socket error'));
    udp = socket;
    const port = socket.address().port;
    stats.watchKernelDrops('syslog-udp', () => kernelUdpDrops(port));
    return port;
  }

  async function bindTcp(): Promise<number> {
    const server = createServer(onConnection);
    server.maxConnections = maxConnections;
    server.on('drop', (data) => {
      stats.rejected('syslog', peerAddress(data?.remoteAddress), 'too-many-connections');
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(config.syslog.port, config.host, () => {
        server.off('error', reject);
        resolve();
      });
    });
    server.on('error', (err) => logger.warn({ err }, 'syslog TCP server error'));
    tcp = server;
    return (server.address() as AddressInfo).port;
  }

  return {
    async listen() {
      const ports: SyslogPorts = {};
      if (config.syslog.udp) ports.syslogUdp = await bindUdp();
      if (config.syslog.tcp) ports.syslogTcp = await bindTcp();
      return ports;
    },
    close() {
      closing ??= (async () => {
        const waits: Promise<void>[] = [];
        if (tcp) {
          const server = tcp;
          waits.push(new Promise((resolve) => server.close(() => resolve())));
        }
        for (const socket of connections) socket.destroy();
        if (udp) {
          const socket = udp;
          waits.push(new Promise((resolve) => socket.close(() => resolve())));
        }
        await Promise.all(waits);
        queue.drainAll();
        commitTurn();
        await feed?.flush();
      })();
      return closing;
    },
  };
}
