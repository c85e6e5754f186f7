import { isTimingMetric } from '@sipwatch/wire';
import type { AlertMetric, AlertRuleSpec, BacktestResult } from '@sipwatch/wire';
import type { ObserveSources, TimeRange, TimingSource } from './metric.js';
import { observe } from './metric.js';
import type { EvaluableRule, Observation } from './state-machine.js';
import { initialState, step } from './state-machine.js';

/**
 * "On the last 24 hours this rule would have fired N times": replays a rule through the state
 * machine over past observations, one per step (a minute, the resolution of the stored rollups).
 * Timing rules replay over the live window instead (1 hour by default), as far back as call timing
 * is kept. Pure. Timers (pendingFor, keepFiringFor) only advance by whole steps, so a 30s
 * pendingFor acts as one step.
 */

export const BACKTEST_STEP_MS = 60_000;
export const BACKTEST_SPAN_MS = 24 * 3_600_000;

/**
 * Why a metric cannot be backtested, or undefined when it can. Replaying a metric with no stored
 * history would read as "never fired", which is false.
 */
export function backtestRefusal(metric: AlertMetric): string | undefined {
  if (metric === 'unparsed_rate')
    return 'unparsed_rate cannot be backtested: the intake keeps its unparsed-line counts for the last minute only, with no stored history';
  return undefined;
}

/** How far back a rule's preview replays: 24 hours, or the time call timing is kept. */
export function backtestSpanMs(metric: AlertMetric, timings: TimingSource | undefined): number {
  if (!isTimingMetric(metric)) return BACKTEST_SPAN_MS;
  const kept = Math.floor((timings?.retentionMs ?? 0) / BACKTEST_STEP_MS) * BACKTEST_STEP_MS;
  return Math.min(BACKTEST_SPAN_MS, Math.max(BACKTEST_STEP_MS, kept));
}

/** Replays observations (sorted by time) from an ok state. */
export function replay(
  rule: EvaluableRule,
  observations: readonly Observation[],
  range: TimeRange & { stepMs: number },
): BacktestResult {
  let state = initialState('backtest', rule.threshold, range.from);
  const intervals: BacktestResult['intervals'] = [];
  let noDataSteps = 0;
  const points: BacktestResult['points'] = [];
  let peak: BacktestResult['peak'] = null;
  const higherIsWorse = rule.comparison === 'gt' || rule.comparison === 'gte';
  for (const obs of observations) {
    const result = step(rule, state, obs);
    state = result.state;
    if (state.noData) noDataSteps += 1;
    const value = state.noData ? null : obs.value;
    points.push({ at: obs.at, value });
    if (value !== null && (peak === null || (higherIsWorse ? value > peak.value : value < peak.value)))
      peak = { at: obs.at, value };
    for (const t of result.transitions) {
      if (t.to === 'firing') intervals.push({ from: t.at, to: null });
      else if (t.from === 'firing') {
        const open = intervals.at(-1);
        if (open && open.to === null) open.to = t.at;
      }
    }
  }
  return {
    from: range.from,
    to: range.to,
    stepMs: range.stepMs,
    firings: intervals.length,
    intervals,
    noDataSteps,
    steps: observations.length,
    points,
    peak,
  };
}

/** The rule observed at the end of every step in (to - span, to], from sources over stored history. */
export function backtest(
  rule: AlertRuleSpec,
  sources: ObserveSources,
  to: number,
  span = BACKTEST_SPAN_MS,
  stepMs = BACKTEST_STEP_MS,
): BacktestResult {
  const end = Math.floor(to / stepMs) * stepMs;
  const from = end - span;
  const observations: Observation[] = [];
  for (let at = from + stepMs; at <= end; at += stepMs) observations.push(observe(rule, sources, at));
  return replay(rule, observations, { from, to: end, stepMs });
}
