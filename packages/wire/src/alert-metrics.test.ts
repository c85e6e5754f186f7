import { describe, expect, it } from 'vitest';
import { formatMetricValue, formatUnitValue } from './alert-metrics.js';

describe('alert metric values in words', () => {
  it('shows small shares with two decimals only when asked (notifications do, the dashboard does not)', () => {
    expect(formatMetricValue('failure_rate', 0.0425, { finePercent: true })).toBe('4.25%');
    expect(formatMetricValue('failure_rate', 0.0425)).toBe('4.3%');
    expect(formatMetricValue('failure_rate', 0.153, { finePercent: true })).toBe('15.3%');
  });

  it('reads a missing or non-finite value as no data', () => {
    expect(formatUnitValue('fraction', null)).toBe('no data');
    expect(formatUnitValue('count', Number.NaN)).toBe('no data');
  });
});
