import type { AlertMetric, AlertRuleSpec, BacktestResult } from '../wire/alerts.js';
import type { MetricSource, TimeRange } from './metric.js';
import type { EvaluableRule, Observation } from './state-machine.js';
/**
 * "On the last 24 hours this rule would have fired N times": replays a rule through the state
 * machine over past observations, one per step (a minute, the resolution of the stored rollups).
 * Pure. Timers (pendingFor, keepFiringFor) only advance by whole steps, so a 30s pendingFor acts
 * as one step.
 */
export declare const BACKTEST_STEP_MS = 60000;
export declare const BACKTEST_SPAN_MS: number;
/**
 * Why a metric cannot be backtested, or undefined when it can. Only minute rollups of responses
 * are stored; replaying a live-only metric over them would read as "never fired", which is false.
 */
export declare function backtestRefusal(metric: AlertMetric): string | undefined;
/** Replays observations (sorted by time) from an ok state. */
export declare function replay(rule: EvaluableRule, observations: readonly Observation[], range: TimeRange & {
    stepMs: number;
}): BacktestResult;
/** The rule observed at the end of every step in (to - span, to], from a source over stored rollups. */
export declare function backtest(rule: AlertRuleSpec, sources: {
    metrics: MetricSource;
}, to: number, span?: number, stepMs?: number): BacktestResult;
