import type { Clock } from './clock.js';
import type { Config } from './config.js';
import { Aggregator } from './core/aggregator.js';
import { Dedupe } from './core/dedupe.js';
import type { IngestStats } from './intake/stats.js';
import type { Logger } from './logger.js';
import type { Store } from './store/store.js';
import type { SipEvent } from './wire/event.js';
/**
 * The path behind the intake: dedupe → aggregator (in memory), plus a bounded buffer of raw
 * events; a flush writes what changed to the store in one transaction. The shell decides when to
 * tick and flush: timers in production (`flushInBackground`, which only hands the changes to the
 * store's writer thread), by hand in tests (`flush`, which blocks until they are written).
 */
export interface PipelineDeps {
    config: Config;
    clock: Clock;
    logger: Logger;
    stats: IngestStats;
    store: Store;
    /** Told the duration of every flush, and whether it was written. */
    onFlush?: (seconds: number, ok: boolean) => void;
}
export interface FlushResult {
    ok: boolean;
    seconds: number;
    minutes: number;
    events: number;
    /** From taking the changes to their being written. */
    durationMs: number;
    /** Of that, the time the event loop spent (taking the changes and handing them over). */
    loopMs: number;
}
export declare class Pipeline {
    private readonly deps;
    readonly aggregator: Aggregator;
    readonly dedupe: Dedupe;
    /** Raw events not kept because the per-flush budget was spent. */
    rawDropped: number;
    flushFailures: number;
    lastFlush: FlushResult | undefined;
    private failures;
    private others;
    private flushes;
    private writing;
    private readonly rawBudget;
    constructor(deps: PipelineDeps);
    /** Resumes from the store: dimension ids, the live window's seconds, the minutes held in memory. */
    load(): void;
    /** The EventSink behind every intake adapter: one call per batch. */
    readonly ingest: (events: SipEvent[]) => void;
    /** Closes the current second; returns the newest closed one. */
    tick(): number;
    /**
     * Writes everything changed since the last flush in one transaction and returns once it is
     * written (after any background flush still under way). Never throws. `final` also writes the
     * minute still open (shutdown).
     */
    flush(final?: boolean): FlushResult;
    /**
     * The flush the timers use: takes what changed (the only work done on the event loop) and hands
     * it to the store's writer thread. Resolves with the result once written; never rejects. While
     * the previous one is still being written this does nothing and resolves null: its changes stay
     * pending for the next flush, so a slow disk delays writes but never queues them up.
     */
    flushInBackground(): Promise<FlushResult | null>;
    /** Deletes what retention no longer keeps; blocks until done. */
    prune(): void;
    private take;
    private batchOf;
    private finish;
    private prunePolicy;
    /** Raw events waiting for the next flush. */
    get pendingRaw(): number;
    private keepRaw;
    /** Failures first, then the rest, within the per-flush budget. */
    private takeRaw;
    private restoreRaw;
}
