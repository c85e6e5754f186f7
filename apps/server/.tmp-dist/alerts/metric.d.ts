import type { ClassCounts, EventFilter, Kpis } from '../wire/aggregates.js';
import type { AlertRuleSpec, AlertScope, TimingMetric } from '../wire/alerts.js';
import type { TimingSummary } from '../wire/timing.js';
import type { Observation } from './state-machine.js';
/**
 * A rule's observed value, computed from the aggregator's window summaries (never raw events).
 * Pure: the sources are read, nothing else.
 */
/** The part of a window summary the metrics read (a subset of wire `Summary`). */
export interface MetricSummary {
    kpis: Pick<Kpis, 'finals' | 'failureRate' | 'asr' | 'ner' | 'calls'> & {
        /** The failure rate's denominator (finals less challenges and abandoned calls), when known. */
        countedFinals?: number;
    };
    byClass: ClassCounts;
    byCode: Record<string, number>;
}
export interface TimeRange {
    from: number;
    to: number;
}
/** What the alerts need from the aggregator; it (or an adapter over it) satisfies this. */
export interface MetricSource {
    summary(window: TimeRange, filter: EventFilter): MetricSummary;
}
/** Lines the intake received and could not parse, over a recent window. */
export interface UnparsedSource {
    lines(window: TimeRange): {
        unparsed: number;
        total: number;
    };
}
/** Per-call timing (HEP), per trunk: `CallTimings` satisfies this. */
export interface TimingSource {
    total(window: TimeRange, filter: {
        trunk?: string;
    }): TimingSummary;
}
/** Everything a rule may be observed from; the optional sources are absent when not running. */
export interface ObserveSources {
    metrics: MetricSource;
    unparsed?: UnparsedSource | undefined;
    timings?: TimingSource | undefined;
}
export type MetricRule = Pick<AlertRuleSpec, 'metric' | 'class' | 'code' | 'scope' | 'window'>;
export declare function scopeFilter(scope: AlertScope): EventFilter;
export declare function windowMs(rule: Pick<AlertRuleSpec, 'window'>): number;
/** The value and its volume from a summary of the rule's window (all but unparsed_rate). */
export declare function observeSummary(rule: MetricRule, summary: MetricSummary, span: number, at: number): Observation;
/** A timing metric's value (ms) from the timing of the rule's window; the volume is calls timed. */
export declare function observeTiming(metric: TimingMetric, timing: TimingSummary, at: number): Observation;
/** Observes a rule at `now` over its window, ending at `now`. */
export declare function observe(rule: MetricRule, sources: ObserveSources, now: number): Observation;
