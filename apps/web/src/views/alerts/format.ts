import type { AlertMetric, AlertRule, AlertStateName, Comparison } from '@sipwatch/server/wire';
import { formatPercent } from '../../lib/format';

/**
 * How the alert pages word rules and values. Pure. Only types come from the wire module: the
 * banner loads with every page and must not pull the validation library in.
 */

/** The metrics whose value is a fraction from 0 to 1 (the wire module's RATIO_METRICS). */
const RATIO_METRICS: ReadonlySet<AlertMetric> = new Set<AlertMetric>([
  'failure_rate',
  'class_share',
  'asr_below',
  'ner_below',
  'unparsed_rate',
]);

export const METRIC_LABELS: Record<AlertMetric, string> = {
  failure_rate: 'Failure rate',
  class_share: 'Share of a class',
  code_count: 'Count of a code',
  code_rate: 'Rate of a code (per minute)',
  asr_below: 'ASR below',
  ner_below: 'NER below',
  volume_below: 'Traffic dropped (finals per minute)',
  unparsed_rate: 'Unparsed-line rate',
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
  return RATIO_METRICS.has(metric);
}

/** A value of the rule's metric: ratios as percentages, rates per minute, counts whole. */
export function formatMetricValue(metric: AlertMetric | undefined, value: number | null): string {
  if (value === null || !Number.isFinite(value)) return 'no data';
  if (metric !== undefined && isRatioMetric(metric)) return formatPercent(value);
  const rounded = String(Math.round(value * 100) / 100);
  if (metric === 'code_rate' || metric === 'volume_below') return `${rounded}/min`;
  return rounded;
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
