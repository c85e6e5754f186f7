/**
 * The facts about alert metrics that both the server and the dashboard need: their names, units,
 * which are live-only, and how a value reads. Deliberately free of the validation library, so the
 * web banner (loaded with every page) can import it from `@sipwatch/wire/metrics`.
 *
 * Ratios (failure rate, shares, ASR, NER, unparsed rate) are fractions from 0 to 1, like the KPIs.
 * Call timing (post-dial delay, setup time) is in milliseconds, like GET /api/v1/timing.
 */

/** How a metric's value reads: a fraction (shown as %), a count, a rate per minute, or milliseconds. */
export const METRIC_UNITS = ['fraction', 'count', 'per_minute', 'ms'] as const;
export type MetricUnit = (typeof METRIC_UNITS)[number];

/** What a rule on a metric may narrow by: any dimension, the trunk only, or nothing. */
export type MetricScope = 'all' | 'trunk' | 'none';

/**
 * What the preview can replay: stored rollups (24 hours), the live window (call timing is kept that
 * long), or nothing (the metric is observed live only).
 */
export type MetricBacktest = 'rollups' | 'live-window' | 'none';

export interface MetricSpec {
  unit: MetricUnit;
  /** Alerts when the value rises above, or drops below, the threshold (below: only lt and lte). */
  direction: 'above' | 'below';
  /** The one extra field a rule on this metric needs. */
  needs: 'class' | 'code' | null;
  scope: MetricScope;
  backtest: MetricBacktest;
  /** Call timing from HEP: counts calls timed as its volume. */
  timing: boolean;
  /** Whether the rule's minVolume applies (not to a metric that is the volume itself). */
  minVolume: boolean;
  /** The name in the rule form's list. */
  label: string;
  /** The short words for what a rule measures, in notifications and on the dashboard alike. */
  words: string;
  /** What a threshold means, under the field; fractions get their own hint with the percentage. */
  thresholdHint: string;
}

/** What the call-timing metrics (a percentile of PDD or setup time from HEP) have in common. */
const CALL_TIMING = {
  unit: 'ms',
  direction: 'above',
  needs: null,
  scope: 'trunk',
  backtest: 'live-window',
  timing: true,
  minVolume: true,
  thresholdHint: 'Milliseconds: 4000 means 4 seconds.',
} as const;

/** Every fact about every alert metric, in the order the form lists them. */
export const ALERT_METRIC_SPECS = {
  failure_rate: {
    unit: 'fraction',
    direction: 'above',
    needs: null,
    scope: 'all',
    backtest: 'rollups',
    timing: false,
    minVolume: true,
    words: 'failure rate',
    label: 'Failure rate',
    thresholdHint: '',
  },
  class_share: {
    unit: 'fraction',
    direction: 'above',
    needs: 'class',
    scope: 'all',
    backtest: 'rollups',
    timing: false,
    minVolume: true,
    words: '{class} share',
    label: 'Share of a class',
    thresholdHint: '',
  },
  code_count: {
    unit: 'count',
    direction: 'above',
    needs: 'code',
    scope: 'all',
    backtest: 'rollups',
    timing: false,
    minVolume: true,
    words: '{code} responses',
    label: 'Count of a code',
    thresholdHint: 'Responses with the code in the window.',
  },
  code_rate: {
    unit: 'per_minute',
    direction: 'above',
    needs: 'code',
    scope: 'all',
    backtest: 'rollups',
    timing: false,
    minVolume: true,
    words: '{code} rate',
    label: 'Rate of a code (per minute)',
    thresholdHint: 'Per minute.',
  },
  asr_below: {
    unit: 'fraction',
    direction: 'below',
    needs: null,
    scope: 'all',
    backtest: 'rollups',
    timing: false,
    minVolume: true,
    words: 'ASR',
    label: 'ASR below',
    thresholdHint: '',
  },
  ner_below: {
    unit: 'fraction',
    direction: 'below',
    needs: null,
    scope: 'all',
    backtest: 'rollups',
    timing: false,
    minVolume: true,
    words: 'NER',
    label: 'NER below',
    thresholdHint: '',
  },
  volume_below: {
    unit: 'per_minute',
    direction: 'below',
    needs: null,
    scope: 'all',
    backtest: 'rollups',
    timing: false,
    minVolume: false,
    words: 'finals per minute',
    label: 'Traffic dropped (finals per minute)',
    thresholdHint: 'Per minute.',
  },
  unparsed_rate: {
    unit: 'fraction',
    direction: 'above',
    needs: null,
    scope: 'none',
    backtest: 'none',
    timing: false,
    minVolume: true,
    words: 'unparsed lines',
    label: 'Unparsed-line rate',
    thresholdHint: '',
  },
  pdd_p95: { ...CALL_TIMING, words: 'PDD p95', label: 'Post-dial delay p95 (ms, HEP)' },
  pdd_p50: { ...CALL_TIMING, words: 'PDD p50', label: 'Post-dial delay p50 (ms, HEP)' },
  setup_p95: { ...CALL_TIMING, words: 'setup time p95', label: 'Setup time p95 (ms, HEP)' },
  setup_p50: { ...CALL_TIMING, words: 'setup time p50', label: 'Setup time p50 (ms, HEP)' },
} as const satisfies Record<string, MetricSpec>;

type Specs = typeof ALERT_METRIC_SPECS;
export type AlertMetric = keyof Specs;
type MetricsWhere<F extends keyof MetricSpec, V> = {
  [K in AlertMetric]: Specs[K][F] extends V ? K : never;
}[AlertMetric];
export type TimingMetric = MetricsWhere<'timing', true>;

function metricsWhere<M extends AlertMetric>(test: (spec: MetricSpec) => boolean): readonly M[] {
  return (Object.keys(ALERT_METRIC_SPECS) as AlertMetric[]).filter((m) => test(ALERT_METRIC_SPECS[m])) as M[];
}

export const ALERT_METRICS = Object.keys(ALERT_METRIC_SPECS) as [AlertMetric, ...AlertMetric[]];
/** Metrics whose value is a fraction from 0 to 1. */
export const RATIO_METRICS = metricsWhere((s) => s.unit === 'fraction');
/**
 * Per-call timing from HEP (p95 or p50 of post-dial delay or setup time, in ms). They narrow by
 * trunk only, count calls timed as their volume, and their history is the live window.
 */
export const TIMING_METRICS = metricsWhere<TimingMetric>((s) => s.timing);
/** Metrics observed only live, with nothing stored to replay: the preview cannot backtest them. */
export const LIVE_ONLY_METRICS = metricsWhere((s) => s.backtest === 'none');
/** Metrics that alert when the value drops: only `lt` and `lte` make sense for them. */
export const BELOW_METRICS = metricsWhere((s) => s.direction === 'below');

export const METRIC_UNIT = Object.fromEntries(
  ALERT_METRICS.map((m) => [m, ALERT_METRIC_SPECS[m].unit]),
) as Readonly<Record<AlertMetric, MetricUnit>>;

export function isTimingMetric(metric: AlertMetric): metric is TimingMetric {
  return ALERT_METRIC_SPECS[metric].timing;
}

export function isLiveOnlyMetric(metric: AlertMetric): boolean {
  return ALERT_METRIC_SPECS[metric].backtest === 'none';
}

export function isRatioMetric(metric: AlertMetric): boolean {
  return ALERT_METRIC_SPECS[metric].unit === 'fraction';
}

export function isBelowMetric(metric: AlertMetric): boolean {
  return ALERT_METRIC_SPECS[metric].direction === 'below';
}

/** "503 responses", "5xx share", "failure rate": what a rule measures, in its metric's words. */
export function metricWords(rule: {
  metric: AlertMetric;
  class?: string | undefined;
  code?: number | undefined;
}): string {
  return ALERT_METRIC_SPECS[rule.metric].words
    .replace('{class}', rule.class ?? '?')
    .replace('{code}', rule.code === undefined ? '?' : String(rule.code));
}

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

export const COMPARISONS = ['gt', 'gte', 'lt', 'lte'] as const;
export type Comparison = (typeof COMPARISONS)[number];

/** Whether a value is past a threshold in a rule's comparison: the one test of "condition met". */
export function breaches(comparison: Comparison, value: number, threshold: number): boolean {
  switch (comparison) {
    case 'gt':
      return value > threshold;
    case 'gte':
      return value >= threshold;
    case 'lt':
      return value < threshold;
    case 'lte':
      return value <= threshold;
  }
}
