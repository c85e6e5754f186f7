import type { Baseline, ClassCounts, EventFilter, SeriesPoint, Summary, TopFailure } from '../wire/aggregates.js';
import type { DimensionTable } from './dimensions.js';
import type { OutcomeRules } from './outcome.js';
import type { Dimensions, Tally } from './tally.js';
/** Turns tallies into the wire shapes. Pure. */
export interface TimeWindow {
    from: number;
    to: number;
}
export declare const SUMMARY_LIMITS: {
    /** Trunk and source rows, busiest first. */
    readonly rows: 200;
    readonly topFailures: 10;
    /** Trunks and sources listed under each top failure. */
    readonly perFailure: 5;
};
export declare const HOUR_MS = 3600000;
export declare const DAY_MS = 86400000;
export declare function seconds(w: TimeWindow): number;
export declare function classCounts(t: Tally): ClassCounts;
/** Codes with a non-zero count, keyed "503". */
export declare function codeCounts(counts: Float64Array): Record<string, number>;
/** Each final class's and code's share of all finals (1xx left out), 0..1. */
export declare function shareOfFinals(t: Tally): {
    byClass: Record<string, number>;
    byCode: Record<string, number>;
};
export declare function phraseOf(code: number): string;
export declare function topFailures(t: Tally, hourAgo: Tally, dayAgo: Tally, dims: Dimensions, limit?: number): TopFailure[];
export declare function baselineOf(t: Tally, w: TimeWindow, rules: OutcomeRules): Baseline;
export interface SummaryParts {
    window: TimeWindow;
    filter: EventFilter;
    current: Tally;
    hourAgo: {
        tally: Tally;
        window: TimeWindow;
    };
    dayAgo: {
        tally: Tally;
        window: TimeWindow;
    };
    dims: Dimensions;
    rules: OutcomeRules;
}
export declare function buildSummary(p: SummaryParts): Summary;
/** One chart point; per-trunk counts when the tally kept them. */
export declare function seriesPoint(t: Tally, at: number, trunks?: DimensionTable): SeriesPoint;
