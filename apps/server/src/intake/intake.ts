import type { ServerContext } from '../context.js';
import type { Channel, SipEvent } from '../wire/event.js';
import { createNormaliser } from './normalise.js';
import type { NormaliseResult, Normaliser, SourceMeta } from './normalise.js';
import { truncateUtf8 } from './normalise-text.js';
import { maskUserPartsInText } from './normalise-uri.js';
import { compileTrunkMap } from './trunk-map.js';

/** Counts of one host within a batch, applied to IngestStats in one go at commit. */
interface HostTally {
  accepted: number;
  clamped: number;
  rejected: Map<string, number>;
}

/**
 * One batch of one channel: items are normalised as they are added; nothing reaches the stats or
 * the sink until commit(), which hands every accepted event over in one call.
 */
export interface IntakeBatch {
  /** Normalises one candidate; the stats host is `meta.source.host`. */
  add(input: unknown, meta: SourceMeta): NormaliseResult;
  /** Takes a result the caller normalised itself (e.g. after retrying without a bad field). */
  record(result: NormaliseResult, host: string): void;
  /** Counts a refused request, frame or item that never became a candidate (`too-large`, ...). */
  reject(host: string, reason: string, n?: number): void;
  /** Counts and samples a line or payload that yielded no event. */
  unparsed(host: string, line: string): void;
  readonly events: readonly SipEvent[];
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
  /** Hands over whatever `soon` batches are still pending (on close). */
  flush(): void;
}

/** Sampled unparsed lines are cut to this before masking and storing. */
const UNPARSED_LINE_BYTES = 1024;

/**
 * The shared shell of every intake adapter (HTTP, syslog, HEP): normalisation with the configured
 * trunk map and masking, stats per host, and batched hand-over to `ctx.sink`.
 * Throws ConfigError when the trunk table is invalid.
 */
export function createIntake(ctx: ServerContext): Intake {
  const { config, stats, logger } = ctx;
  const normalise = createNormaliser({
    futureSkewMs: config.ingest.futureSkewMs,
    pastSkewMs: config.ingest.pastSkewMs,
    rawMaxBytes: config.ingest.rawMaxBytes,
    maskUserParts: config.ingest.maskUserParts,
    trunks: compileTrunkMap(config.ingest.trunks),
  });
  const mask = config.ingest.maskUserParts;

  let pending: SipEvent[] = [];
  let scheduled: NodeJS.Immediate | undefined;

  const deliver = (events: SipEvent[]): void => {
    if (events.length === 0) return;
    try {
      ctx.sink(events);
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
    const events: SipEvent[] = [];
    const tallies = new Map<string, HostTally>();
    const tally = (host: string): HostTally => {
      let t = tallies.get(host);
      if (!t) tallies.set(host, (t = { accepted: 0, clamped: 0, rejected: new Map() }));
      return t;
    };
    const countReject = (host: string, reason: string, n: number): void => {
      const r = tally(host).rejected;
      r.set(reason, (r.get(reason) ?? 0) + n);
    };
    let committed = false;

    return {
      events,
      add(input, meta) {
        const result = normalise(input, meta);
        this.record(result, meta.source.host);
        return result;
      },
      record(result, host) {
        if (result.ok) {
          events.push(result.event);
          const t = tally(host);
          t.accepted += 1;
          if (result.clamped) t.clamped += 1;
        } else {
          countReject(host, `invalid-${result.rejection.field}`, 1);
        }
      },
      reject(host, reason, n = 1) {
        countReject(host, reason, n);
      },
      unparsed(host, line) {
        const cut = truncateUtf8(line, UNPARSED_LINE_BYTES);
        stats.unparsed(channel, host, mask ? maskUserPartsInText(cut) : cut);
      },
      commit(when) {
        if (committed) return;
        committed = true;
        for (const [host, t] of tallies) {
          stats.accepted(channel, host, t.accepted);
          stats.clamped(channel, host, t.clamped);
          for (const [reason, n] of t.rejected) stats.rejected(channel, host, reason, n);
        }
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

  return { normalise, batch, flush };
}
