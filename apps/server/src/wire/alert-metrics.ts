/**
 * The facts about alert metrics that both the server and the dashboard need: their names, units,
 * which are live-only, and how a value reads. Deliberately free of the validation library, so the
 * web banner (loaded with every page) can import this module on its own path (`./wire/alert-metrics`).
 *
 * Ratios (failure rate, shares, ASR, NER, unparsed rate) are fractions from 0 to 1, like the KPIs.
 * Call timing (post-dial delay, setup time) is in milliseconds, like GET /api/v1/timing.
 */

export const ALERT_METRICS = [
  'failure_rate',
  'class_share',
  'code_count',
  'code_rate',
  'asr_below',
  'ner_below',
  'volume_below',
  'unparsed_rate',
  'pdd_p95',
  'pdd_p50',
  'setup_p95',
  'setup_p50',
] as const;
export type AlertMetric = (typeof ALERT_METRICS)[number];

/** Metrics whose value is a fraction from 0 to 1. */
export const RATIO_METRICS = [
  'failure_rate',
  'class_share',
  'asr_below',
  'ner_below',
  'unparsed_rate',
] as const satisfies readonly AlertMetric[];

/**
 * Per-call timing from HEP (p95 or p50 of post-dial delay or setup time, in ms). They narrow by
 * trunk only, count calls timed as their volume, and their history is the live window (their
 * preview replays that, not 24 hours).
 */
export const TIMING_METRICS = [
  'pdd_p95',
  'pdd_p50',
  'setup_p95',
  'setup_p50',
] as const satisfies readonly AlertMetric[];
export type TimingMetric = (typeof TIMING_METRICS)[number];

export function isTimingMetric(metric: AlertMetric): metric is TimingMetric {
  return (TIMING_METRICS as readonly AlertMetric[]).includes(metric);
}

/**
 * Metrics observed only live, with nothing stored to replay: the preview cannot backtest them.
 * (Timing metrics can be: call timing is stored for the live window, which their preview covers.)
 */
export const LIVE_ONLY_METRICS = ['unparsed_rate'] as const satisfies readonly AlertMetric[];

export function isLiveOnlyMetric(metric: AlertMetric): boolean {
  return (LIVE_ONLY_METRICS as readonly AlertMetric[]).includes(metric);
}

/** How a metric's value reads: a fraction (shown as %), a count, a rate per minute, or milliseconds. */
export const METRIC_UNITS = ['fraction', 'count', 'per_minute', 'ms'] as const;
export type MetricUnit = (typeof METRIC_UNITS)[number];

export const METRIC_UNIT: Readonly<Record<AlertMetric, MetricUnit>> = {
  failure_rate: 'fraction',
  class_share: 'fraction',
  code_count: 'count',
  code_rate: 'per_minute',
  asr_below: 'fraction',
  ner_below: 'fraction',
  volume_below: 'per_minute',
  unparsed_rate: 'fraction',
  pdd_p95: 'ms',
  pdd_p50: 'ms',
  setup_p95: 'ms',
  setup_p50: 'ms',
};

/** Metrics that alert when the value drops: only `lt` and `lte` make sense for them. */
export const BELOW_METRICS = [
  'asr_below',
  'ner_below',
  'volume_below',
] as const satisfies readonly AlertMetric[];

export interface UnitValueOptions {
  /** Two decimals for percentages under 10% ("4.25%"), one otherwise; by default always one. */
  finePercent?: boolean;
}

const round2 = (v: number) => Math.round(v * 100) / 100;

/**
 * A value in a unit: fractions as percentages, rates per minute, whole milliseconds, counts; without
 * a unit (history rows older than units), the plain number. No value reads "no data".
 */
export function formatUnitValue(
  unit: MetricUnit | null | undefined,
  value: number | null,
  options: UnitValueOptions = {},
): string {
  if (value === null || !Number.isFinite(value)) return 'no data';
  switch (unit) {
    case 'fraction':
      return `${(value * 100).toFixed(options.finePercent && value < 0.1 ? 2 : 1)}%`;
    case 'per_minute':
      return `${round2(value)}/min`;
    case 'ms':
      return `${Math.round(value)} ms`;
    default:
      return String(round2(value));
  }
}

/** A value of a metric, in the metric's unit. */
export function formatMetricValue(
  metric: AlertMetric | null | undefined,
  value: number | null,
  options: UnitValueOptions = {},
): string {
  return formatUnitValue(metric ? METRIC_UNIT[metric] : undefined, value, options);
}
