import type { AlertRule, AlertStateName, Comparison } from '@sipwatch/wire';
import type { AlertMetric } from '@sipwatch/wire/metrics';
import {
  ALERT_METRICS,
  ALERT_METRIC_SPECS,
  formatMetricValue,
  isTimingMetric,
  metricWords,
} from '@sipwatch/wire/metrics';

/**
 * How the alert pages word rules and values. Pure. The metric facts (units, live-only, value
 * formatting) come from the zod-free `@sipwatch/wire/metrics`: the banner loads with every
 * page and must not pull the validation library in, so nothing here imports the wire index at run time.
 */

export {
  METRIC_UNIT,
  formatMetricValue,
  formatUnitValue,
  isLiveOnlyMetric,
  isRatioMetric,
  isTimingMetric,
} from '@sipwatch/wire/metrics';

/** Why the preview cannot run for a live-only metric, in words. */
export function liveOnlyReason(): string {
  return 'Unparsed-line counts are kept for the last minute only, so there is no stored history to replay this rule on.';
}

/** What the preview replays: 24 hours of rollups, or the live window for call timing (kept that long). */
export function previewSpanLabel(metric: AlertMetric): string {
  return isTimingMetric(metric) ? 'the live window' : 'the last 24 hours';
}

export const METRIC_LABELS = Object.fromEntries(
  ALERT_METRICS.map((m) => [m, ALERT_METRIC_SPECS[m].label]),
) as Record<AlertMetric, string>;

export const COMPARISON_SIGNS: Record<Comparison, string> = { gt: '>', gte: '≥', lt: '<', lte: '≤' };

export const STATE_LABELS: Record<AlertStateName, string> = {
  ok: 'OK',
  pending: 'Pending',
  firing: 'Firing',
  resolved: 'Resolved',
};

/** A shape as well as a colour, so the state reads without colour too. */
export const STATE_ICONS: Record<AlertStateName, string> = {
  ok: '●',
  pending: '◐',
  firing: '▲',
  resolved: '✓',
};

/** What the rule measures, in words: "503 responses", "5xx share", "failure rate". */
export const describeMetric = metricWords;

/** "trunk=carrier-a, method=INVITE", or "all traffic". */
export function describeScope(scope: AlertRule['scope']): string {
  const parts = Object.entries(scope)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `${k}=${String(v)}`);
  return parts.length ? parts.join(', ') : 'all traffic';
}

/** "503 responses > 5 over 1m". */
export function describeCondition(rule: AlertRule): string {
  const sign = COMPARISON_SIGNS[rule.comparison];
  return `${describeMetric(rule)} ${sign} ${formatMetricValue(rule.metric, rule.threshold)} over ${rule.window}`;
}
