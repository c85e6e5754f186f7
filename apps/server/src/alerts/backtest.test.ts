import { callCounts } from '@sipwatch/testing';
import { describe, expect, it } from 'vitest';
import { ALERT_METRICS, AlertRuleSpecSchema, LIVE_ONLY_METRICS } from '@sipwatch/wire';
import type { AlertRuleInput } from '@sipwatch/wire';
import { CallTimings } from '../core/call-timing.js';
import { backtest, backtestRefusal, backtestSpanMs } from './backtest.js';
import type { MetricSource, MetricSummary } from './metric.js';

const MIN = 60_000;
const TO = 1_700_000_040_000 - (1_700_000_040_000 % MIN); // a minute boundary
const FROM = TO - 1440 * MIN;

/** Per-minute traffic, index 0 = the minute starting at FROM. */
interface Minute {
  finals: number;
  failures: number;
}

function day(shape: (minute: number) => Minute): Minute[] {
  return Array.from({ length: 1440 }, (_, i) => shape(i));
}

/** A source over minute rollups: sums the minutes starting inside [from, to). */
function rollups(minutes: Minute[]): MetricSource {
  return {
    summary({ from, to }): MetricSummary {
      let finals = 0;
      let failures = 0;
      for (let t = from; t < to; t += MIN) {
        const m = minutes[(t - FROM) / MIN];
        if (!m) continue;
        finals += m.finals;
        failures += m.failures;
      }
      return {
        kpis: {
          finals,
          countedFinals: finals,
          failureRate: finals ? failures / finals : null,
          asr: null,
          ner: null,
          calls: callCounts(),
        },
        byClass: { '1xx': 0, '2xx': finals - failures, '3xx': 0, '4xx': 0, '5xx': failures, '6xx': 0 },
        byCode: { '200': finals - failures, '503': failures },
      };
    },
  };
}

const rule = (over: Partial<AlertRuleInput> = {}) =>
  AlertRuleSpecSchema.parse({
    name: 'failures',
    metric: 'failure_rate',
    threshold: 0.2,
    window: '1m',
    pendingFor: '2m',
    minVolume: 10,
    ...over,
  });

const normal: Minute = { finals: 100, failures: 5 };
const spike: Minute = { finals: 100, failures: 50 };

describe('backtest over a day of minute rollups', () => {
  it('counts a sustained spike once and ignores a one-minute blip shorter than pendingFor', () => {
    const minutes = day((i) => ((i >= 100 && i < 120) || i === 500 ? spike : normal));
    const result = backtest(rule(), { metrics: rollups(minutes) }, TO + 30_000);
    expect(result).toMatchObject({
      from: FROM,
      to: TO,
      stepMs: MIN,
      steps: 1440,
      firings: 1,
      noDataSteps: 0,
    });
    // Minutes 100..119 are seen by the evaluations ending at minutes 101..120: pending at 101,
    // firing two minutes later, resolved at the first clear evaluation.
    expect(result.intervals).toEqual([{ from: FROM + 103 * MIN, to: FROM + 121 * MIN }]);
    // The chart's points: one per evaluation, the peak the first of the spike's minutes.
    expect(result.points).toHaveLength(1440);
    expect(result.points[0]).toEqual({ at: FROM + MIN, value: 0.05 });
    expect(result.points[101]).toEqual({ at: FROM + 102 * MIN, value: 0.5 });
    expect(result.peak).toEqual({ at: FROM + 101 * MIN, value: 0.5 });
  });

  it('the peak of a "less than" rule is its lowest value, and minutes without data are gaps in the points', () => {
    const minutes = day((i) => (i < 360 ? { finals: 2, failures: 1 } : i === 700 ? spike : normal));
    const result = backtest(rule({ comparison: 'lt', threshold: 0.01 }), { metrics: rollups(minutes) }, TO);
    expect(result.points.filter((p) => p.value === null)).toHaveLength(360);
    expect(result.points[0]).toEqual({ at: FROM + MIN, value: null });
    // The first minute with data, at 5%, is the lowest: the 50% minute is no peak for this rule.
    expect(result.peak).toEqual({ at: FROM + 361 * MIN, value: 0.05 });
  });

  it('with pendingFor 0 the blip fires too; a spike still going at the end stays open', () => {
    const minutes = day((i) => (i === 500 || i >= 1430 ? spike : normal));
    const result = backtest(rule({ pendingFor: '0s' }), { metrics: rollups(minutes) }, TO);
    expect(result.firings).toBe(2);
    expect(result.intervals).toEqual([
      { from: FROM + 501 * MIN, to: FROM + 502 * MIN },
      { from: FROM + 1431 * MIN, to: null },
    ]);
  });

  it('a quiet night below the minimum volume is no data, not a stream of alerts', () => {
    const minutes = day((i) => (i < 360 ? { finals: 2, failures: 1 } : normal));
    const result = backtest(rule({ pendingFor: '0s' }), { metrics: rollups(minutes) }, TO);
    expect(result.firings).toBe(0);
    expect(result.noDataSteps).toBe(360);
  });

  it('a wider window smooths: the same blip stays under the threshold over 5 minutes', () => {
    const minutes = day((i) => (i === 500 ? spike : normal));
    const result = backtest(rule({ pendingFor: '0s', window: '5m' }), { metrics: rollups(minutes) }, TO);
    // (50 + 4 * 5) / 500 = 0.14
    expect(result.firings).toBe(0);
  });
});

describe('backtestRefusal', () => {
  it('refuses, with the reason, exactly the metrics that have no stored history', () => {
    const refused = ALERT_METRICS.filter((m) => backtestRefusal(m) !== undefined);
    expect(refused).toEqual(['unparsed_rate']);
    // The list the dashboard can use to offer no preview for them.
    expect([...LIVE_ONLY_METRICS].sort()).toEqual([...refused].sort());
    expect(backtestRefusal('unparsed_rate')).toMatch(
      /^unparsed_rate cannot be backtested: .*last minute only/,
    );
  });
});

describe('backtesting a timing rule', () => {
  it('replays over the time call timing is kept, and finds when ringing got slow', () => {
    const timings = new CallTimings({ slotMs: 15_000, retentionMs: 60 * MIN });
    // An hour of calls on carrier-a, two a minute; PDD 1.5 s except 5 s from 20 to 30 minutes ago.
    for (let m = 59; m >= 0; m--) {
      for (const offset of [10_000, 40_000]) {
        const ts = TO - (m + 1) * MIN + offset;
        const slow = m >= 20 && m < 30;
        timings.add(
          { ts, trunk: 'carrier-a', result: 'answered', pddMs: slow ? 5_000 : 1_500, setupMs: 8_000 },
          TO,
        );
      }
    }
    const span = backtestSpanMs('pdd_p95', timings);
    expect(span).toBe(60 * MIN);
    // No timing source at all (HEP off): one step, all of it no data.
    expect(backtestSpanMs('pdd_p95', undefined)).toBe(MIN);
    expect(backtestSpanMs('failure_rate', timings)).toBe(1440 * MIN);

    const slowRinging = rule({
      metric: 'pdd_p95',
      threshold: 4_000,
      window: '5m',
      pendingFor: '2m',
      minVolume: 4,
      scope: { trunk: 'carrier-a' },
    });
    const result = backtest(slowRinging, { metrics: rollups([]), timings }, TO, span);
    expect(result.to - result.from).toBe(60 * MIN);
    expect(result.firings).toBe(1);
    const fired = result.intervals[0]!;
    // Slow from 30 minutes ago: the 5-minute window is over 4 s from about then, held 2 minutes.
    expect(fired.from).toBeGreaterThanOrEqual(TO - 30 * MIN);
    expect(fired.from).toBeLessThanOrEqual(TO - 25 * MIN);
    expect(fired.to).not.toBeNull();
    expect(fired.to!).toBeGreaterThan(TO - 20 * MIN);
    expect(fired.to!).toBeLessThanOrEqual(TO - 10 * MIN);
  });
});
