import type { ClassCounts, EventFilter, Kpis } from '@sipwatch/wire';
import { isTimingMetric, parseDuration, shareOfFinals, unparsedRate } from '@sipwatch/wire';
import type { AlertRuleSpec, AlertScope, TimingMetric } from '@sipwatch/wire';
import type { TimingSummary } from '@sipwatch/wire';
import type { Observation } from './state-machine.js';

/**
 * A rule's observed value, computed from the aggregator's window summaries (never raw events).
 * Pure: the sources are read, nothing else.
 */

/** The part of a window summary the metrics read (a subset of wire `Summary`). */
export interface MetricSummary {
  kpis: Pick<Kpis, 'finals' | 'countedFinals' | 'failureRate' | 'asr' | 'ner' | 'calls'>;
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
  lines(window: TimeRange): { unparsed: number; total: number };
}

/** Per-call timing (HEP), per trunk: `CallTimings` satisfies this. */
export interface TimingSource {
  total(window: TimeRange, filter: { trunk?: string }): TimingSummary;
  /** How far back timing is kept (and so how far a timing rule can be backtested), ms. */
  readonly retentionMs: number;
}

/** Everything a rule may be observed from; the optional sources are absent when not running. */
export interface ObserveSources {
  metrics: MetricSource;
  unparsed?: UnparsedSource | undefined;
  timings?: TimingSource | undefined;
}

export type MetricRule = Pick<AlertRuleSpec, 'metric' | 'class' | 'code' | 'scope' | 'window'>;

export function scopeFilter(scope: AlertScope): EventFilter {
  const filter: EventFilter = {};
  if (scope.trunk !== undefined) filter.trunk = scope.trunk;
  if (scope.source !== undefined) filter.source = scope.source;
  if (scope.method !== undefined) filter.method = scope.method;
  if (scope.code !== undefined) filter.code = scope.code;
  return filter;
}

export function windowMs(rule: Pick<AlertRuleSpec, 'window'>): number {
  return parseDuration(rule.window) ?? 60_000;
}

/** The value and its volume from a summary of the rule's window (all but unparsed_rate). */
export function observeSummary(
  rule: MetricRule,
  summary: MetricSummary,
  span: number,
  at: number,
): Observation {
  const { kpis } = summary;
  const minutes = span / 60_000;
  switch (rule.metric) {
    case 'failure_rate':
      return { value: kpis.failureRate, volume: kpis.countedFinals, at };
    case 'class_share': {
      const cls = rule.class ?? '5xx';
      return { value: shareOfFinals(summary.byClass[cls], kpis.finals), volume: kpis.finals, at };
    }
    case 'code_count':
      return { value: summary.byCode[String(rule.code)] ?? 0, volume: kpis.finals, at };
    case 'code_rate':
      return { value: (summary.byCode[String(rule.code)] ?? 0) / minutes, volume: kpis.finals, at };
    case 'asr_below':
      return { value: kpis.asr, volume: kpis.calls.attempts, at };
    case 'ner_below':
      return { value: kpis.ner, volume: kpis.calls.attempts, at };
    case 'volume_below':
      return { value: kpis.finals / minutes, volume: kpis.finals, at };
    case 'unparsed_rate':
    case 'pdd_p95':
    case 'pdd_p50':
    case 'setup_p95':
    case 'setup_p50':
      throw new Error(`${rule.metric} is not observed from a summary of responses`);
  }
}

/** A timing metric's value (ms) from the timing of the rule's window; the volume is calls timed. */
export function observeTiming(metric: TimingMetric, timing: TimingSummary, at: number): Observation {
  const stats = metric === 'pdd_p95' || metric === 'pdd_p50' ? timing.pdd : timing.setup;
  const value = metric === 'pdd_p95' || metric === 'setup_p95' ? stats.p95 : stats.p50;
  return { value, volume: stats.count, at };
}

/** Observes a rule at `now` over its window, ending at `now`. */
export function observe(rule: MetricRule, sources: ObserveSources, now: number): Observation {
  const span = windowMs(rule);
  const window = { from: now - span, to: now };
  if (rule.metric === 'unparsed_rate') {
    if (!sources.unparsed) return { value: null, volume: 0, at: now };
    const lines = sources.unparsed.lines(window);
    return { value: unparsedRate(lines), volume: lines.total, at: now };
  }
  if (isTimingMetric(rule.metric)) {
    if (!sources.timings) return { value: null, volume: 0, at: now };
    const filter = rule.scope.trunk === undefined ? {} : { trunk: rule.scope.trunk };
    return observeTiming(rule.metric, sources.timings.total(window, filter), now);
  }
  return observeSummary(rule, sources.metrics.summary(window, scopeFilter(rule.scope)), span, now);
}
