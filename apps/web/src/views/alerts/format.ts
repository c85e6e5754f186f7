import type { AlertRule, AlertStateName, Comparison } from '@sipwatch/server/wire';
import type { AlertMetric } from '@sipwatch/server/wire/alert-metrics';
import { METRIC_UNIT, formatMetricValue, isTimingMetric } from '@sipwatch/server/wire/alert-metrics';

/**
 * How the alert pages word rules and values. Pure. The metric facts (units, live-only, value
 * formatting) come from the server's zod-free alert-metrics module: the banner loads with every
 * page and must not pull the validation library in, so nothing here imports the wire index at run time.
 */

export {
  METRIC_UNIT,
  formatMetricValue,
  formatUnitValue,
  isLiveOnlyMetric,
  isTimingMetric,
} from '@sipwatch/server/wire/alert-metrics';

/** Why the preview cannot run for a live-only metric, in words. */
export function liveOnlyReason(): string {
  return 'Unparsed-line counts are kept for the last minute only, so there is no stored history to replay this rule on.';
}

/** What the preview replays: 24 hours of rollups, or the live window for call timing (kept that long). */
export function previewSpanLabel(metric: AlertMetric): string {
  return isTimingMetric(metric) ? 'the live window' : 'the last 24 hours';
}

export const METRIC_LABELS: Record<AlertMetric, string> = {
  failure_rate: 'Failure rate',
  class_share: 'Share of a class',
  code_count: 'Count of a code',
  code_rate: 'Rate of a code (per minute)',
  asr_below: 'ASR below',
  ner_below: 'NER below',
  volume_below: 'Traffic dropped (finals per minute)',
  unparsed_rate: 'Unparsed-line rate',
  pdd_p95: 'Post-dial delay p95 (ms, HEP)',
  pdd_p50: 'Post-dial delay p50 (ms, HEP)',
  setup_p95: 'Setup time p95 (ms, HEP)',
  setup_p50: 'Setup time p50 (ms, HEP)',
};

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

export function isRatioMetric(metric: AlertMetric): boolean {
  return METRIC_UNIT[metric] === 'fraction';
}

/** What the rule measures, in words: "503 responses", "5xx share", "failure rate". */
export function describeMetric(rule: Pick<AlertRule, 'metric' | 'class' | 'code'>): string {
  switch (rule.metric) {
    case 'failure_rate':
      return 'failure rate';
    case 'class_share':
      return `${rule.class ?? '?'} share`;
    case 'code_count':
      return `${rule.code ?? '?'} responses`;
    case 'code_rate':
      return `${rule.code ?? '?'} rate`;
    case 'asr_below':
      return 'ASR';
    case 'ner_below':
      return 'NER';
    case 'volume_below':
      return 'finals per minute';
    case 'unparsed_rate':
      return 'unparsed lines';
    case 'pdd_p95':
      return 'PDD p95';
    case 'pdd_p50':
      return 'PDD p50';
    case 'setup_p95':
      return 'setup time p95';
    case 'setup_p50':
      return 'setup time p50';
  }
}

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
