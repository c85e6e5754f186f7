import { describe, expect, it } from 'vitest';
import { ALERT_METRICS, RATIO_METRICS, parseRuleSpec } from '@sipwatch/wire';
import type { AlertRule } from '@sipwatch/wire';
import {
  METRIC_LABELS,
  describeCondition,
  describeScope,
  formatMetricValue,
  formatUnitValue,
  isRatioMetric,
} from './format';

function rule(input: Record<string, unknown>): AlertRule {
  const parsed = parseRuleSpec({ name: 'r', ...input });
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
  return { ...parsed.value, id: 'r', createdAt: 0, updatedAt: 0 };
}

describe('alert wording', () => {
  it('treats exactly the wire module’s ratio metrics as percentages', () => {
    expect(ALERT_METRICS.filter(isRatioMetric)).toEqual([...RATIO_METRICS]);
  });

  it('has a label the form can offer for every metric the server knows', () => {
    for (const m of ALERT_METRICS) expect(METRIC_LABELS[m]).toMatch(/\w/);
  });

  it('formats timing values in milliseconds', () => {
    expect(formatMetricValue('pdd_p95', 5200)).toBe('5200 ms');
    expect(formatMetricValue('setup_p50', 812.6)).toBe('813 ms');
    expect(formatMetricValue('pdd_p50', null)).toBe('no data');
    expect(formatUnitValue('ms', 4000)).toBe('4000 ms');
    expect(formatUnitValue(null, 4000)).toBe('4000');
    expect(
      describeCondition(rule({ metric: 'pdd_p95', threshold: 4000, window: '1m', scope: { trunk: 'a' } })),
    ).toBe('PDD p95 > 4000 ms over 1m');
    expect(describeCondition(rule({ metric: 'setup_p50', threshold: 9000 }))).toBe(
      'setup time p50 > 9000 ms over 5m',
    );
  });

  it('formats values by metric: percent, per minute, count, or no data', () => {
    expect(formatMetricValue('failure_rate', 0.153)).toBe('15.3%');
    expect(formatMetricValue('code_rate', 12.345)).toBe('12.35/min');
    expect(formatMetricValue('code_count', 20)).toBe('20');
    expect(formatMetricValue('asr_below', null)).toBe('no data');
    expect(formatMetricValue(undefined, 0.5)).toBe('0.5');
  });

  it('describes a condition and a scope in words', () => {
    expect(describeCondition(rule({ metric: 'code_count', code: 503, threshold: 5, window: '1m' }))).toBe(
      '503 responses > 5 over 1m',
    );
    expect(describeCondition(rule({ metric: 'asr_below', threshold: 0.4, window: '15m' }))).toBe(
      'ASR < 40.0% over 15m',
    );
    expect(describeScope({ trunk: 'carrier-a', method: 'INVITE' })).toBe('trunk=carrier-a, method=INVITE');
    expect(describeScope({})).toBe('all traffic');
  });
});
