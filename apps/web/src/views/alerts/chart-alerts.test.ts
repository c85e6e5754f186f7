import { describe, expect, it } from 'vitest';
import type { AlertTransition } from '@sipwatch/wire';
import { alertView } from '@sipwatch/testing';
import { ruleMatchesScope, thresholdLines, transitionMarks } from './chart-alerts';

function scoped(id: string, scope: Record<string, unknown>, metric = 'failure_rate') {
  const v = alertView(id, 'firing', 'critical');
  return { ...v, rule: { ...v.rule, metric, scope } } as typeof v;
}

function transition(id: number, ruleId: string, to: AlertTransition['to'], at: number): AlertTransition {
  return {
    id,
    ruleId,
    ruleName: `rule ${ruleId}`,
    severity: 'warning',
    from: 'ok',
    to,
    metric: 'failure_rate',
    unit: 'fraction',
    value: 1,
    threshold: 0.1,
    at,
    reason: '',
  };
}

describe('alerts on the class chart', () => {
  it('matches a rule only when its scope is exactly the chart’s filter', () => {
    expect(ruleMatchesScope({ scope: {} }, {})).toBe(true);
    expect(ruleMatchesScope({ scope: { trunk: 'a' } }, { trunk: 'a' })).toBe(true);
    expect(ruleMatchesScope({ scope: { trunk: 'a' } }, {})).toBe(false);
    expect(ruleMatchesScope({ scope: {} }, { trunk: 'a' })).toBe(false);
    expect(ruleMatchesScope({ scope: { trunk: 'a', method: 'INVITE' } }, { trunk: 'a' })).toBe(false);
  });

  it('draws thresholds of failure-rate rules on the filtered traffic only', () => {
    const alerts = {
      all: scoped('all', {}),
      a: scoped('a', { trunk: 'a' }),
      code: scoped('code', {}, 'code_count'),
      off: { ...scoped('off', {}), rule: { ...scoped('off', {}).rule, enabled: false } },
    };
    expect(thresholdLines(alerts, {}).map((t) => [t.key, t.y, t.label, t.severity, t.firing])).toEqual([
      ['all', 0.1, 'rule all (10.0%)', 'critical', true],
    ]);
    expect(thresholdLines(alerts, { trunk: 'a' }).map((t) => t.key)).toEqual(['a']);
    expect(thresholdLines(null, {})).toEqual([]);
  });

  it('marks firing and resolved transitions of the given rules within the range', () => {
    const history = [
      transition(1, 'a', 'pending', 100),
      transition(2, 'a', 'firing', 200),
      transition(3, 'b', 'firing', 250),
      transition(4, 'a', 'resolved', 300),
      transition(5, 'a', 'firing', 9_000),
    ];
    expect(transitionMarks(history, new Set(['a']), 0, 1_000)).toEqual([
      { key: '2', t: 200, label: 'rule a: firing', state: 'firing' },
      { key: '4', t: 300, label: 'rule a: resolved', state: 'resolved' },
    ]);
  });
});
