import type { Database } from 'better-sqlite3';
import type { DimensionEntry } from '../core/dimensions.js';
import type { SipEvent } from '../wire/event.js';
import type { FlushBatch, PrunePolicy, PruneResult } from './store.js';
/**
 * The statements that change the core tables: a flush (one transaction) and retention pruning.
 * It runs in the writer thread (writer-worker.ts), so neither the SQL, the cell encoding nor the
 * JSON of raw events costs the event loop any time.
 */
/** A cell table as plain arrays, so it crosses to the writer thread as a copy it owns. */
export interface CellArrays {
    at: number;
    keys: Float64Array;
    counts: Uint32Array;
}
/** A FlushBatch as it crosses the thread boundary (see toWriterBatch). */
export interface WriterBatch {
    dimensions: DimensionEntry[];
    seconds: CellArrays[];
    minutes: CellArrays[];
    minuteDeltas: CellArrays[];
    events: SipEvent[];
    /** How many raw events were sent ahead in 'stage' messages: they come before `events`. */
    staged?: number;
    maxEvents?: number;
}
/**
 * Snapshots a batch for the writer: the cell arrays are copied (the aggregator keeps counting into
 * its tables meanwhile); the copies can be transferred, not cloned.
 */
export declare function toWriterBatch(batch: FlushBatch): {
    batch: WriterBatch;
    transfer: ArrayBuffer[];
};
export declare class FlushWriter {
    private readonly db;
    private readonly stmt;
    constructor(db: Database);
    /** One flush, in one transaction: all of it is written or none. */
    write(batch: WriterBatch): void;
    prune(p: PrunePolicy): PruneResult;
    /** Keeps the newest `max` raw events (ids are dense: one writer, AUTOINCREMENT). */
    private trimEvents;
}
