import type { Config } from '../config.js';
import type { ServerContext } from '../context.js';
import type { Channel, SipEvent } from '@sipwatch/wire';
import { createNormaliser } from './normalise.js';
import type { NormaliseResult, Normaliser, SourceMeta } from './normalise.js';
import { truncateUtf8 } from './normalise-text.js';
import { maskUserPartsInText } from './normalise-uri.js';
import { compileTrunkMap } from './trunk-map.js';
import type { IngestStats } from './stats.js';
import { decodeEvents } from './workers/event-codec.js';
import { IntakePool } from './workers/pool.js';
import type { IntakeResult } from './workers/protocol.js';

/** Counts of one host within a batch, applied to IngestStats in one go at commit. */
export interface HostTally {
  accepted: number;
  clamped: number;
  rejected: Record<string, number>;
}

/** Per-host counts of a batch as plain data (they cross threads as they are). */
export type BatchTallies = [host: string, tally: HostTally][];

/** What an adapter records into a batch while it reads (the same on the event loop and in a worker). */
export interface BatchRecorder {
  /** Normalises one candidate; the stats host is `meta.source.host`. */
  add(input: unknown, meta: SourceMeta): NormaliseResult;
  /** Takes a result the caller normalised itself (e.g. after retrying without a bad field). */
  record(result: NormaliseResult, host: string): void;
  /** Counts a refused request, frame or item that never became a candidate (`too-large`, ...). */
  reject(host: string, reason: string, n?: number): void;
  /** Counts and samples a line or payload that yielded no event. */
  unparsed(host: string, line: string): void;
  readonly events: readonly SipEvent[];
}

/** A recorder that keeps everything it is told: events, per-host tallies. */
export interface CollectingRecorder extends BatchRecorder {
  readonly events: SipEvent[];
  tallies(): BatchTallies;
}

/** Sampled unparsed lines are cut to this before masking and storing. */
const UNPARSED_LINE_BYTES = 1024;

/** An unparsed line as it is counted and kept: cut, and masked when user parts are masked. */
export function unparsedSample(line: string, mask: boolean): string {
  const cut = truncateUtf8(line, UNPARSED_LINE_BYTES);
  return mask ? maskUserPartsInText(cut) : cut;
}

/**
 * A batch's recorder: normalises with `normalise`, counts per host; an unparsed line (cut and
 * masked) goes to `onUnparsed` as it is read.
 */
export function collectingRecorder(
  normalise: Normaliser,
  mask: boolean,
  onUnparsed: (host: string, sample: string) => void,
): CollectingRecorder {
  const events: SipEvent[] = [];
  const hosts = new Map<string, HostTally>();
  const tally = (host: string): HostTally => {
    let t = hosts.get(host);
    if (!t) hosts.set(host, (t = { accepted: 0, clamped: 0, rejected: {} }));
    return t;
  };
  const recorder: CollectingRecorder = {
    events,
    add(input, meta) {
      const result = normalise(input, meta);
      recorder.record(result, meta.source.host);
      return result;
    },
    record(result, host) {
      if (result.ok) {
        events.push(result.event);
        const t = tally(host);
        t.accepted += 1;
        if (result.clamped) t.clamped += 1;
      } else {
        recorder.reject(host, `invalid-${result.rejection.field}`);
      }
    },
    reject(host, reason, n = 1) {
      const r = tally(host).rejected;
      r[reason] = (r[reason] ?? 0) + n;
    },
    unparsed(host, line) {
      onUnparsed(host, unparsedSample(line, mask));
    },
    tallies: () => [...hosts],
  };
  return recorder;
}

/** Applies a batch's per-host tallies to the stats. */
export function applyTallies(stats: IngestStats, channel: Channel, tallies: BatchTallies): void {
  for (const [host, t] of tallies) {
    stats.accepted(channel, host, t.accepted);
    stats.clamped(channel, host, t.clamped);
    for (const reason in t.rejected) stats.rejected(channel, host, reason, t.rejected[reason]!);
  }
}

/**
 * One batch of one channel: items are normalised as they are added; nothing reaches the stats or
 * the sink until commit(), which hands every accepted event over in one call.
 */
export interface IntakeBatch extends BatchRecorder {
  /**
   * `now`: hand the events to the sink immediately (an HTTP request is a batch of its own).
   * `soon`: coalesce with the other batches of this event-loop turn (datagrams, TCP reads) and
   * hand them over together from setImmediate.
   */
  commit(when: 'now' | 'soon'): void;
}

export interface Intake {
  readonly normalise: Normaliser;
  batch(channel: Channel): IntakeBatch;
  /** The worker threads that read syslog and HTTP batches; undefined with intake.workers 0. */
  readonly pool: IntakePool | undefined;
  /**
   * Takes a worker's answer for `channel`: its counts and unparsed samples into the stats, then
   * its events to the sink (after any pending). Returns the events.
   */
  absorb(channel: Channel, result: IntakeResult): SipEvent[];
  /** Waits for what the workers hold, then stops them. */
  close(): Promise<void>;
  /** Hands over whatever `soon` batches are still pending (on close). */
  flush(): void;
}

/** The normaliser of the configuration (the event loop and every intake worker build the same). */
export function configuredNormaliser(config: Config): Normaliser {
  return createNormaliser({
    futureSkewMs: config.ingest.futureSkewMs,
    pastSkewMs: config.ingest.pastSkewMs,
    rawMaxBytes: config.ingest.rawMaxBytes,
    maskUserParts: config.ingest.maskUserParts,
    trunks: compileTrunkMap(config.ingest.trunks),
  });
}

/**
 * The shared shell of every intake adapter (HTTP, syslog, HEP): normalisation with the configured
 * trunk map and masking, stats per host, and batched hand-over to `ctx.ingest`.
 * Throws ConfigError when the trunk table is invalid.
 */
export function createIntake(ctx: ServerContext, options: { workers?: number } = {}): Intake {
  const { config, stats, logger } = ctx;
  const normalise = configuredNormaliser(config);
  const mask = config.ingest.maskUserParts;

  let pending: SipEvent[] = [];
  let scheduled: NodeJS.Immediate | undefined;

  const deliver = (events: SipEvent[]): void => {
    if (events.length === 0) return;
    try {
      ctx.ingest(events);
    } catch (err) {
      // A failing consumer must not take the listeners down with it.
      logger.error({ err, events: events.length }, 'event sink failed on a batch');
    }
  };

  const flush = (): void => {
    if (scheduled) clearImmediate(scheduled);
    scheduled = undefined;
    const events = pending;
    pending = [];
    deliver(events);
  };

  function batch(channel: Channel): IntakeBatch {
    const recorder = collectingRecorder(normalise, mask, (host, sample) =>
      stats.unparsed(channel, host, sample),
    );
    let committed = false;
    return {
      ...recorder,
      commit(when) {
        if (committed) return;
        committed = true;
        applyTallies(stats, channel, recorder.tallies());
        const events = recorder.events;
        if (events.length === 0) return;
        if (when === 'now') {
          if (pending.length > 0) flush();
          deliver(events);
          return;
        }
        for (const e of events) pending.push(e);
        scheduled ??= setImmediate(flush);
      },
    };
  }

  const workers = options.workers ?? config.intake.workers;
  const pool = workers > 0 ? new IntakePool(config, workers, logger) : undefined;

  const absorb = (channel: Channel, result: IntakeResult): SipEvent[] => {
    applyTallies(stats, channel, result.tallies);
    const { unparsed } = result;
    for (let i = 0; i < unparsed.length; i += 2) stats.unparsed(channel, unparsed[i]!, unparsed[i + 1]!);
    if (result.failures > 0)
      logger.warn({ channel, messages: result.failures }, 'intake worker could not process messages');
    const events = decodeEvents(result.events);
    if (events.length > 0) {
      if (pending.length > 0) flush();
      deliver(events);
    }
    return events;
  };

  return {
    normalise,
    batch,
    flush,
    pool,
    absorb,
    close: async () => {
      await pool?.close();
      flush();
    },
  };
}
