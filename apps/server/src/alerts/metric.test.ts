import { callCounts } from '@sipwatch/testing';
import { describe, expect, it } from 'vitest';
import type { ClassCounts, EventFilter } from '@sipwatch/wire';
import { CallTimings } from '../core/call-timing.js';
import { AlertRuleSpecSchema } from '@sipwatch/wire';
import type { AlertRuleInput } from '@sipwatch/wire';
import { observe } from './metric.js';
import type { MetricSummary, TimeRange } from './metric.js';

const NOW = 1_700_000_000_000;

const rule = (over: Partial<AlertRuleInput>) =>
  AlertRuleSpecSchema.parse({ name: 'r', metric: 'failure_rate', threshold: 0.5, ...over });

function classes(over: Partial<ClassCounts>): ClassCounts {
  return { '1xx': 0, '2xx': 0, '3xx': 0, '4xx': 0, '5xx': 0, '6xx': 0, ...over };
}

/** 5 minutes of traffic: 300 provisional, 120 answered, 50 busy (486), 30 x 503. */
const fiveMinutes: MetricSummary = {
  kpis: {
    finals: 200,
    countedFinals: 200,
    failureRate: 0.15,
    asr: 0.6,
    ner: 0.85,
    calls: callCounts({ attempts: 200, answered: 120, user: 50, network: 30, ineffective: 30 }),
  },
  byClass: classes({ '1xx': 300, '2xx': 120, '4xx': 50, '5xx': 30 }),
  byCode: { '100': 300, '200': 120, '486': 50, '503': 30 },
};

const empty: MetricSummary = {
  kpis: {
    finals: 0,
    countedFinals: 0,
    failureRate: null,
    asr: null,
    ner: null,
    calls: callCounts(),
  },
  byClass: classes({}),
  byCode: {},
};

function source(summary: MetricSummary) {
  const asked: { window: TimeRange; filter: EventFilter }[] = [];
  return {
    asked,
    metrics: {
      summary(window: TimeRange, filter: EventFilter) {
        asked.push({ window, filter });
        return summary;
      },
    },
  };
}

describe('observe', () => {
  it('asks for the rule window ending now, filtered by the rule scope', () => {
    const src = source(fiveMinutes);
    observe(rule({ window: '5m', scope: { trunk: 'carrier-a', method: 'INVITE' } }), src, NOW);
    expect(src.asked).toEqual([
      { window: { from: NOW - 300_000, to: NOW }, filter: { trunk: 'carrier-a', method: 'INVITE' } },
    ]);
  });

  it('failure_rate is the KPI, over the finals it counts', () => {
    expect(observe(rule({}), source(fiveMinutes), NOW)).toEqual({ value: 0.15, volume: 200, at: NOW });
    // Challenges (401/407) are not in the failure rate, so not in its volume either.
    const withChallenges = { ...fiveMinutes, kpis: { ...fiveMinutes.kpis, finals: 260, countedFinals: 200 } };
    expect(observe(rule({}), source(withChallenges), NOW).volume).toBe(200);
  });

  it('class_share is the class over all finals, provisional responses left out', () => {
    const obs = observe(
      rule({ metric: 'class_share', class: '5xx', threshold: 0.1 }),
      source(fiveMinutes),
      NOW,
    );
    expect(obs).toEqual({ value: 30 / 200, volume: 200, at: NOW });
  });

  it('code_count counts the code in the window; code_rate is per minute', () => {
    const count = observe(rule({ metric: 'code_count', code: 503, threshold: 10 }), source(fiveMinutes), NOW);
    expect(count.value).toBe(30);
    const rate = observe(
      rule({ metric: 'code_rate', code: 503, threshold: 5, window: '5m' }),
      source(fiveMinutes),
      NOW,
    );
    expect(rate.value).toBe(6);
    const absent = observe(rule({ metric: 'code_count', code: 408, threshold: 1 }), source(fiveMinutes), NOW);
    expect(absent.value).toBe(0);
  });

  it('asr_below and ner_below read the call KPIs, their volume is call attempts', () => {
    expect(observe(rule({ metric: 'asr_below', threshold: 0.5 }), source(fiveMinutes), NOW)).toEqual({
      value: 0.6,
      volume: 200,
      at: NOW,
    });
    expect(observe(rule({ metric: 'ner_below', threshold: 0.9 }), source(fiveMinutes), NOW).value).toBe(0.85);
  });

  it('volume_below is finals per minute, and zero (not "no data") when traffic stops', () => {
    expect(observe(rule({ metric: 'volume_below', threshold: 10 }), source(fiveMinutes), NOW).value).toBe(40);
    expect(observe(rule({ metric: 'volume_below', threshold: 10 }), source(empty), NOW)).toEqual({
      value: 0,
      volume: 0,
      at: NOW,
    });
  });

  it('ratios have no value when there is no traffic', () => {
    expect(observe(rule({}), source(empty), NOW).value).toBeNull();
    expect(observe(rule({ metric: 'class_share', class: '5xx' }), source(empty), NOW).value).toBeNull();
    expect(observe(rule({ metric: 'asr_below', threshold: 0.5 }), source(empty), NOW).value).toBeNull();
  });

  it('unparsed_rate is the share of intake lines that yielded no event', () => {
    const r = rule({ metric: 'unparsed_rate', threshold: 0.1, window: '1m' });
    const windows: TimeRange[] = [];
    const unparsed = {
      lines(window: TimeRange) {
        windows.push(window);
        return { unparsed: 25, total: 100 };
      },
    };
    expect(observe(r, { metrics: source(empty).metrics, unparsed }, NOW)).toEqual({
      value: 0.25,
      volume: 100,
      at: NOW,
    });
    expect(windows).toEqual([{ from: NOW - 60_000, to: NOW }]);
    expect(observe(r, { metrics: source(empty).metrics }, NOW).value).toBeNull();
  });
});

describe('observe: call timing (HEP)', () => {
  /** Calls that ended `agoMs` before NOW, with these delays, in the real CallTimings. */
  function timings(
    calls: { trunk: string; pddMs?: number; setupMs?: number; agoMs?: number; abandoned?: boolean }[],
  ): CallTimings {
    const t = new CallTimings({ retentionMs: 3_600_000 });
    for (const c of calls) {
      const sample = {
        ts: NOW - (c.agoMs ?? 1_000),
        trunk: c.trunk,
        result: c.abandoned ? ('abandoned' as const) : ('answered' as const),
        ...(c.pddMs !== undefined ? { pddMs: c.pddMs } : {}),
        ...(c.setupMs !== undefined ? { setupMs: c.setupMs } : {}),
      };
      t.add(sample, NOW);
    }
    return t;
  }
  const many = <T>(n: number, item: T): T[] => Array.from({ length: n }, () => item);
  const metrics = source(empty).metrics;

  it("pdd_p95 and pdd_p50 are the trunk's post-dial delay in ms; the volume is calls that rang", () => {
    const t = timings([
      ...many(19, { trunk: 'carrier-a', pddMs: 2000, setupMs: 6000 }),
      { trunk: 'carrier-a', pddMs: 8000, setupMs: 12_000 },
      // Answered without ringing: a setup time but no PDD.
      ...many(5, { trunk: 'carrier-a', setupMs: 500 }),
      ...many(20, { trunk: 'carrier-b', pddMs: 15_000, setupMs: 30_000 }),
    ]);
    const onA = { scope: { trunk: 'carrier-a' }, threshold: 3000 };
    expect(observe(rule({ metric: 'pdd_p50', ...onA }), { metrics, timings: t }, NOW)).toEqual({
      value: 2000,
      volume: 20,
      at: NOW,
    });
    expect(observe(rule({ metric: 'pdd_p95', ...onA }), { metrics, timings: t }, NOW)).toEqual({
      value: 2000,
      volume: 20,
      at: NOW,
    });
    // carrier-b's slow ringing only shows without a scope.
    const all = observe(rule({ metric: 'pdd_p95', threshold: 3000 }), { metrics, timings: t }, NOW);
    expect(all.volume).toBe(40);
    expect(all.value).toBeGreaterThan(12_000);
    expect(all.value).toBeLessThanOrEqual(15_000);
  });

  it('setup_p95 and setup_p50 leave abandoned calls out, in volume and value', () => {
    const t = timings([
      ...many(10, { trunk: 'carrier-a', pddMs: 1000, setupMs: 5000 }),
      ...many(10, { trunk: 'carrier-a', pddMs: 1000, setupMs: 60_000, abandoned: true }),
    ]);
    const r = (metric: 'setup_p50' | 'setup_p95') => rule({ metric, threshold: 10_000 });
    expect(observe(r('setup_p95'), { metrics, timings: t }, NOW)).toEqual({
      value: 5000,
      volume: 10,
      at: NOW,
    });
    expect(observe(r('setup_p50'), { metrics, timings: t }, NOW)).toEqual({
      value: 5000,
      volume: 10,
      at: NOW,
    });
    expect(observe(rule({ metric: 'pdd_p95', threshold: 10_000 }), { metrics, timings: t }, NOW).volume).toBe(
      20,
    );
  });

  it('reads only the rule window; no calls timed, or no HEP timings at all, is no value', () => {
    const t = timings([
      ...many(10, { trunk: 'carrier-a', pddMs: 9000, agoMs: 5 * 60_000 }),
      ...many(10, { trunk: 'carrier-a', pddMs: 1000, agoMs: 10_000 }),
    ]);
    const r = (window: string) => rule({ metric: 'pdd_p95', threshold: 3000, window });
    expect(observe(r('1m'), { metrics, timings: t }, NOW)).toEqual({ value: 1000, volume: 10, at: NOW });
    expect(observe(r('10m'), { metrics, timings: t }, NOW).volume).toBe(20);
    const elsewhere = rule({ metric: 'pdd_p95', threshold: 3000, scope: { trunk: 'carrier-z' } });
    expect(observe(elsewhere, { metrics, timings: t }, NOW)).toEqual({ value: null, volume: 0, at: NOW });
    expect(observe(r('1m'), { metrics }, NOW)).toEqual({ value: null, volume: 0, at: NOW });
  });
});
