import type { FlushBatch } from './store.js';
import type { WriterThread } from './writer-thread.js';
/**
 * Hands background flushes to the writer thread without a long pause of the event loop. Copying
 * a flush's raw events into the thread costs about 1 µs each (5,000 events: 5 ms), so they go
 * ahead in slices, one per event-loop turn, and the write itself follows with the last slice; the
 * thread still writes the whole flush in one transaction. Anything that must reach the thread
 * after these writes (a blocking write, a prune, close) calls `handOverAll()` first.
 */
/** Raw events per slice: about 1 ms of the event loop. */
export declare const EVENTS_PER_SLICE = 1000;
export declare class BackgroundWrites {
    private readonly writer;
    private readonly perSlice;
    private readonly queue;
    private scheduled;
    constructor(writer: WriterThread, perSlice?: number);
    /** Takes the batch now (its cells are copied); `done` runs once it is written or not. */
    submit(batch: FlushBatch, done: (error: Error | undefined) => void): void;
    /** Sends everything still queued now, in order. */
    handOverAll(): void;
    private schedule;
    /** Sends the next slice of the first handover, or all of it; the last slice carries the write. */
    private step;
}
