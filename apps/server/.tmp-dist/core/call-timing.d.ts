import type { TimingRow, TimingSummary } from '../wire/timing.js';
import type { CallOutcome } from './call-tracker.js';
/**
 * Post-dial delay and setup time per trunk, as p50/p95 over a time window. Pure and bounded: each
 * time slot holds, per trunk, a fixed histogram of delays (not one number per call), slots roll over
 * in a ring covering the retention, and the number of trunk names is capped (past the cap: "other").
 * Memory ≤ slots × maxTrunks × 2 × (buckets + 3) numbers, whatever the traffic.
 */
/** Upper bounds of the histogram buckets, ms. A last bucket holds everything slower. */
export declare const TIMING_BUCKET_BOUNDS_MS: readonly number[];
/** Trunk name of calls no trunk mapping matched, and of those past the cap (as in the aggregator). */
export { NONE_NAME as NO_TRUNK, OTHER_NAME as OTHER_TRUNK } from './dimensions.js';
export interface CallTimingsOptions {
    slotMs: number;
    retentionMs: number;
    maxTrunks: number;
}
export declare const DEFAULT_CALL_TIMINGS_OPTIONS: CallTimingsOptions;
export interface TimingWindow {
    from: number;
    to: number;
}
export interface TimingFilter {
    trunk?: string;
}
export type TimingSample = Pick<CallOutcome, 'ts' | 'trunk' | 'pddMs' | 'setupMs' | 'result'>;
export interface CallTimingsStats {
    /** Samples older than the retention, dropped. */
    tooOld: number;
}
export declare class CallTimings {
    private readonly opts;
    private readonly ring;
    private readonly trunkNames;
    readonly stats: CallTimingsStats;
    constructor(options?: Partial<CallTimingsOptions>);
    /** Records the delays of one finished call attempt. Future times are taken as `now`. */
    add(sample: TimingSample, now: number): void;
    /** One row per trunk that had timed calls in the window, sorted by trunk name. */
    query(window: TimingWindow, filter?: TimingFilter): TimingRow[];
    /** All trunks of the window (or the filtered one) together. */
    total(window: TimingWindow, filter?: TimingFilter): TimingSummary;
    private merge;
    private slotFor;
    private trunkName;
}
