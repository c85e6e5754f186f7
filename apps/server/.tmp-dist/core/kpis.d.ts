import type { CallCounts, Kpis } from '../wire/aggregates.js';
import type { OutcomeRules } from './outcome.js';
import type { Tally } from './tally.js';
/**
 * The KPI formulas (documented in docs/kpis.md). Pure: a Tally and the window length in, numbers
 * out. Ratios are null when their denominator is 0, never NaN.
 */
export declare function ratio(numerator: number, denominator: number): number | null;
export declare function callCountsOf(t: Tally): CallCounts;
/**
 * The denominator of ASR, NER and ISA: call outcomes less redirections (RFC 6076 excludes 3xx), and
 * less abandoned calls unless the rules count them.
 */
export declare function callDenominator(calls: CallCounts, rules: OutcomeRules): number;
export declare function kpisOf(t: Tally, seconds: number, rules: OutcomeRules): Kpis & {
    countedFinals: number;
};
