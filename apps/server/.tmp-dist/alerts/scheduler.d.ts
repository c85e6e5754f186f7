import type { Clock } from '../clock.js';
/** Delayed calls, injectable so tests move time by hand instead of waiting. */
export interface Scheduler {
    schedule(delayMs: number, fn: () => void): () => void;
}
export declare const timerScheduler: Scheduler;
/**
 * A scheduler over a clock that only moves when told. `advance` moves the clock (when it is a
 * ManualClock-like clock with `advance`) and runs every call that has come due, in order.
 */
export declare class ManualScheduler implements Scheduler {
    private readonly clock;
    private seq;
    private readonly due;
    constructor(clock: Clock & {
        advance(ms: number): void;
    });
    schedule(delayMs: number, fn: () => void): () => void;
    /** Delays of the calls still waiting, soonest first. */
    pending(): number[];
    advance(ms: number): void;
}
