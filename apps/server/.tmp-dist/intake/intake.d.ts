import type { ServerContext } from '../context.js';
import type { Channel, SipEvent } from '../wire/event.js';
import type { NormaliseResult, Normaliser, SourceMeta } from './normalise.js';
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
/**
 * The shared shell of every intake adapter (HTTP, syslog, HEP): normalisation with the configured
 * trunk map and masking, stats per host, and batched hand-over to `ctx.sink`.
 * Throws ConfigError when the trunk table is invalid.
 */
export declare function createIntake(ctx: ServerContext): Intake;
