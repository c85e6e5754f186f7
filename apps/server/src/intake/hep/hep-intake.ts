import type { ServerContext } from '../../context.js';
import { CallTimings } from '../../core/call-timing.js';
import { CallTracker } from '../../core/call-tracker.js';
import { PROCESS_HASH_SEED } from '../../hash-seed.js';
import { createIntake } from '../intake.js';
import { kernelUdpDrops } from '../udp-drops.js';
import { DEFAULT_PACING, PacedQueue } from '../paced-queue.js';
import type { Intake, IntakeBatch } from '../intake.js';
import { createExtractorChain } from '../syslog/extractors/index.js';
import { ingestLogLine } from '../syslog/interpret.js';
import { compileTrunkMap } from '../trunk-map.js';
import { createHepEventBuilder } from './hep-event.js';
import { createHepCalls } from './hep-calls.js';
import type { HepCalls } from './hep-calls.js';
import type { CallCaptureStats } from '../../core/call-capture.js';
import { HepProcessor } from './hep-processor.js';
import type { HepOutput } from './hep-processor.js';
import { startHepTcp } from './tcp.js';
import { startHepUdp } from './udp.js';
import type { Listener } from './udp.js';

/** Running figures of the HEP path, for /metrics. */
export interface HepIntakeStats {
  /** Calls in progress (or lingering for retransmissions) held by the tracker. */
  callsTracked: number;
  /** Calls forgotten because the table was full (hep.maxCalls): their outcome and timing are lost. */
  callsEvicted: number;
  /** Calls forgotten with their INVITE still unanswered. */
  callsTimedOut: number;
  /** Responses dropped as retransmissions of one already counted. */
  retransmissions: number;
  /** Packets of protocols sipwatch does not read (RTCP, DNS, ...). */
  ignored: number;
  /** Whole calls kept and not (when calls.enabled). */
  calls?: CallCaptureStats;
}

/** The HEP v3 intake: UDP and TCP listeners, the per-call tracker and the call timings they feed. */
export interface HepIntake {
  readonly tracker: CallTracker;
  stats(): HepIntakeStats;
  /** p50/p95 PDD and setup time per trunk (GET /api/v1/timing, alert rules). */
  readonly timings: CallTimings;
  /** Whole calls kept for the ladder (undefined when calls.enabled is off). */
  readonly calls: HepCalls | undefined;
  /**
   * What both listeners call: the packets of one datagram or one TCP read, from `peer`, queued
   * (see paced-queue.ts). False when the queue is full: the datagram was dropped and counted, or
   * (`wait`, TCP) the packets were queued and the reader should pause until `onRoom`.
   */
  receive(packets: Buffer[], peer: string, wait?: boolean): boolean;
  /** Binds the configured listeners; ports of 0 pick free ones. */
  listen(): Promise<{ hepUdp?: number; hepTcp?: number }>;
  close(): Promise<void>;
}

const SWEEP_INTERVAL_MS = 1000;

/** Throws ConfigError when the trunk table or a user extractor is invalid. */
export function createHepIntake(ctx: ServerContext, shared?: Intake): HepIntake {
  const { config, clock } = ctx;
  // HEP is read on the event loop: a standalone HEP intake starts no worker threads.
  const intake = shared ?? createIntake(ctx, { workers: 0 });
  const trunks = compileTrunkMap(config.ingest.trunks);
  const buildEvent = createHepEventBuilder({
    futureSkewMs: config.ingest.futureSkewMs,
    pastSkewMs: config.ingest.pastSkewMs,
    rawMaxBytes: config.ingest.rawMaxBytes,
    maskUserParts: config.ingest.maskUserParts,
    trunks,
  });
  const chain = createExtractorChain(config.syslog.extractors, config.syslog.maxExtractBytes);
  const tracker = new CallTracker({ maxCalls: config.hep.maxCalls, hashSeed: PROCESS_HASH_SEED });
  const timings = new CallTimings({
    retentionMs: config.aggregation.liveSeconds * 1000,
    maxTrunks: config.aggregation.maxTrunks,
  });
  const calls = config.calls.enabled ? createHepCalls(config, PROCESS_HASH_SEED) : undefined;
  const processor = new HepProcessor({
    ...(calls && { calls }),
    ...(config.hep.authKey !== undefined ? { authKey: config.hep.authKey } : {}),
    tracker,
    timings,
    trunkOf: (src, dst) => trunks.lookup(src) ?? trunks.lookup(dst),
    rawMaxBytes: config.ingest.rawMaxBytes,
    maxLogLineBytes: config.syslog.maxMessageBytes,
  });

  /**
   * What is read in one slice of the queue shares one intake batch, committed at the slice's end:
   * a batch (its tallies, its hand-over to stats and sink) per datagram would cost more than
   * decoding the datagram.
   */
  let batch: IntakeBatch | undefined;
  const currentBatch = (): IntakeBatch => (batch ??= intake.batch('hep'));
  const commitBatch = (): void => {
    const done = batch;
    batch = undefined;
    done?.commit('now');
  };
  const queue = new PacedQueue({ ...DEFAULT_PACING, onSliceEnd: commitBatch });
  const lineCtx = (host: string, receivedAt: number) => ({
    channel: 'hep' as const,
    peer: host,
    receivedAt,
    chain,
    normalise: intake.normalise,
  });
  // One output for every batch (no closures per datagram); it writes into the current batch.
  const out: HepOutput = {
    response: (fields, meta) => currentBatch().record(buildEvent(fields, meta), meta.source.host),
    // Each line of a log packet is queued on its own: a gzipped packet may hold thousands.
    logLine: (text, host, receivedAt) => {
      const read = (): void => ingestLogLine(currentBatch(), text, lineCtx(host, receivedAt));
      if (!queue.offer(read, text.length)) currentBatch().reject(host, 'queue-full');
    },
    reject: (host, reason) => currentBatch().reject(host, reason),
    unparsed: (host, line) => currentBatch().unparsed(host, line),
  };
  const processPackets = (packets: Buffer[], peer: string, receivedAt: number): void => {
    try {
      processor.process(packets, peer, receivedAt, out);
    } catch (err) {
      // A bug in reading one packet must not take the listener down; the batch keeps what it has.
      ctx.logger.error({ err, peer }, 'HEP packet handling failed');
      currentBatch().reject(peer, 'hep-internal-error');
    }
  };
  const handle = (packets: Buffer[], peer: string, wait = false): boolean => {
    const receivedAt = clock.now();
    const bytes = packets.reduce((n, p) => n + p.length, 0);
    const run = (): void => processPackets(packets, peer, receivedAt);
    if (wait) {
      queue.push(run, bytes);
      return !queue.full;
    }
    if (queue.offer(run, bytes)) return true;
    const dropped = intake.batch('hep');
    dropped.reject(peer, 'queue-full', packets.length);
    dropped.commit('soon');
    ctx.stats.dropped('hep-udp', packets.length);
    return false;
  };
  const rejectPeer = (peer: string, reason: string): void => {
    const batch = intake.batch('hep');
    batch.reject(peer, reason);
    batch.commit('soon');
  };

  const listeners: Listener[] = [];
  let sweeper: NodeJS.Timeout | undefined;

  return {
    tracker,
    timings,
    calls,
    stats: () => ({
      callsTracked: tracker.size,
      callsEvicted: tracker.stats.evicted,
      callsTimedOut: tracker.stats.timedOut,
      retransmissions: processor.totals.retransmissions,
      ignored: processor.totals.ignored,
      ...(calls && { calls: calls.capture.stats }),
    }),
    receive: handle,
    async listen() {
      const ports: { hepUdp?: number; hepTcp?: number } = {};
      const { hep } = config;
      try {
        if (hep.udp) {
          const udp = await startHepUdp(config.host, hep.port, ctx.logger, handle);
          ctx.stats.watchKernelDrops('hep-udp', () => kernelUdpDrops(udp.port));
          listeners.push(udp);
          ports.hepUdp = udp.port;
        }
        if (hep.tcp) {
          const tcp = await startHepTcp(config.host, hep.port, hep, {
            handle: (packets, peer) => handle(packets, peer, true),
            onRoom: (resume) => queue.onRoom(resume),
            reject: rejectPeer,
          });
          listeners.push(tcp);
          ports.hepTcp = tcp.port;
        }
      } catch (err) {
        await Promise.all(listeners.splice(0).map((l) => l.close()));
        throw err;
      }
      sweeper = setInterval(() => {
        tracker.sweep(clock.now());
        calls?.sweep(clock.now());
      }, SWEEP_INTERVAL_MS);
      sweeper.unref();
      return ports;
    },
    async close() {
      if (sweeper) clearInterval(sweeper);
      sweeper = undefined;
      await Promise.all(listeners.splice(0).map((l) => l.close()));
      queue.drainAll();
      commitBatch();
      intake.flush();
    },
  };
}
