import type { ServerContext } from '../../context.js';
import { CallTimings } from '../../core/call-timing.js';
import { CallTracker } from '../../core/call-tracker.js';
import { PROCESS_HASH_SEED } from '../../hash-seed.js';
import { createIntake } from '../intake.js';
import type { Intake, IntakeBatch } from '../intake.js';
import { createExtractorChain } from '../syslog/extractors/index.js';
import { ingestLogLine } from '../syslog/interpret.js';
import { compileTrunkMap } from '../trunk-map.js';
import { createHepEventBuilder } from './hep-event.js';
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
}

/** The HEP v3 intake: UDP and TCP listeners, the per-call tracker and the call timings they feed. */
export interface HepIntake {
  readonly tracker: CallTracker;
  stats(): HepIntakeStats;
  /** p50/p95 PDD and setup time per trunk (GET /api/v1/timing, alert rules). */
  readonly timings: CallTimings;
  /** What both listeners call: the packets of one datagram or one TCP read, from `peer`. */
  receive(packets: Buffer[], peer: string): void;
  /** Binds the configured listeners; ports of 0 pick free ones. */
  listen(): Promise<{ hepUdp?: number; hepTcp?: number }>;
  close(): Promise<void>;
}

const SWEEP_INTERVAL_MS = 1000;

/** Throws ConfigError when the trunk table or a user extractor is invalid. */
export function createHepIntake(ctx: ServerContext, shared?: Intake): HepIntake {
  const { config, clock } = ctx;
  const intake = shared ?? createIntake(ctx);
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
  const processor = new HepProcessor({
    ...(config.hep.authKey !== undefined ? { authKey: config.hep.authKey } : {}),
    tracker,
    timings,
    trunkOf: (src, dst) => trunks.lookup(src) ?? trunks.lookup(dst),
    rawMaxBytes: config.ingest.rawMaxBytes,
    maxLogLineBytes: config.syslog.maxMessageBytes,
  });

  /**
   * The datagrams and TCP reads of one event-loop turn share one intake batch, committed from
   * setImmediate: a batch (its tallies, its hand-over to stats and sink) per datagram would cost
   * more than decoding the datagram.
   */
  let batch: IntakeBatch | undefined;
  let committer: NodeJS.Immediate | undefined;
  const commitBatch = (): void => {
    const done = batch;
    batch = undefined;
    if (committer) clearImmediate(committer);
    committer = undefined;
    done?.commit('now');
  };
  // One output for every batch (no closures per datagram); it writes into the current batch.
  const out: HepOutput = {
    response: (fields, meta) => batch!.record(buildEvent(fields, meta), meta.source.host),
    logLine: (text, host, receivedAt) =>
      ingestLogLine(batch!, text, {
        channel: 'hep',
        peer: host,
        receivedAt,
        chain,
        normalise: intake.normalise,
      }),
    reject: (host, reason) => batch!.reject(host, reason),
    unparsed: (host, line) => batch!.unparsed(host, line),
  };
  const handle = (packets: Buffer[], peer: string): void => {
    if (!batch) {
      batch = intake.batch('hep');
      committer = setImmediate(commitBatch);
    }
    const current = batch;
    try {
      processor.process(packets, peer, clock.now(), out);
    } catch (err) {
      // A bug in reading one packet must not take the listener down; the batch keeps what it has.
      ctx.logger.error({ err, peer }, 'HEP packet handling failed');
      current.reject(peer, 'hep-internal-error');
    }
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
    stats: () => ({
      callsTracked: tracker.size,
      callsEvicted: tracker.stats.evicted,
      callsTimedOut: tracker.stats.timedOut,
      retransmissions: processor.totals.retransmissions,
      ignored: processor.totals.ignored,
    }),
    receive: handle,
    async listen() {
      const ports: { hepUdp?: number; hepTcp?: number } = {};
      const { hep } = config;
      try {
        if (hep.udp) {
          const udp = await startHepUdp(config.host, hep.port, ctx.logger, handle);
          listeners.push(udp);
          ports.hepUdp = udp.port;
        }
        if (hep.tcp) {
          const tcp = await startHepTcp(config.host, hep.port, hep, { handle, reject: rejectPeer });
          listeners.push(tcp);
          ports.hepTcp = tcp.port;
        }
      } catch (err) {
        await Promise.all(listeners.splice(0).map((l) => l.close()));
        throw err;
      }
      sweeper = setInterval(() => tracker.sweep(clock.now()), SWEEP_INTERVAL_MS);
      sweeper.unref();
      return ports;
    },
    async close() {
      if (sweeper) clearInterval(sweeper);
      sweeper = undefined;
      await Promise.all(listeners.splice(0).map((l) => l.close()));
      commitBatch();
      intake.flush();
    },
  };
}
