import { DAY_MS, HOUR_MS } from '@sipwatch/wire';
import { describe, expect, it } from 'vitest';
import { sipEvent } from '@sipwatch/testing';
import type { SipEvent } from '@sipwatch/wire';
import type { EventFilter } from '@sipwatch/wire';
import { testAggregator } from '../test-support/aggregator.js';
import { DEFAULT_RULES } from './outcome.js';
import { buildSummary, seriesPoint } from './summary.js';
import { resolveFilter, Tally } from './tally.js';

const NOW = Date.UTC(2025, 0, 6, 12, 0, 0);

function summaryOf(events: SipEvent[], filter: EventFilter = {}) {
  // Enough minutes in memory for the day-ago baseline (no store in this test).
  const agg = testAggregator({ minuteMemory: 1500 });
  agg.add(events, NOW);
  const tally = (from: number, to: number) =>
    new Tally(agg.profiles, resolveFilter(filter, agg), agg, { dimensions: true }).addTables(
      agg.tablesFor(from, to).tables,
    );
  const w = { from: NOW - 300_000, to: NOW };
  const hour = { from: w.from - HOUR_MS, to: w.to - HOUR_MS };
  const day = { from: w.from - DAY_MS, to: w.to - DAY_MS };
  return buildSummary({
    window: w,
    filter,
    current: tally(w.from, w.to),
    hourAgo: { tally: tally(hour.from, hour.to), window: hour },
    dayAgo: { tally: tally(day.from, day.to), window: day },
    dims: agg,
    rules: DEFAULT_RULES,
  });
}

const at = (ms: number, code: number, trunk: string, host = 'sbc-1') =>
  sipEvent({ ts: ms, code, trunk, source: { channel: 'syslog', format: 'kamailio', host } });

function times(n: number, make: (i: number) => SipEvent): SipEvent[] {
  return Array.from({ length: n }, (_, i) => make(i));
}

describe('buildSummary', () => {
  const events = [
    ...times(24, (i) => at(NOW - 60_000 + i, 503, 'carrier-a')),
    ...times(6, (i) => at(NOW - 60_000 + i, 503, 'carrier-b', 'sbc-2')),
    ...times(60, (i) => at(NOW - 120_000 + i, 200, 'carrier-b')),
    ...times(10, (i) => at(NOW - 120_000 + i, 486, 'carrier-b')),
    // Baselines: 2 503s an hour ago, 10 a day ago.
    ...times(2, (i) => at(NOW - HOUR_MS - 60_000 + i, 503, 'carrier-a')),
    ...times(10, (i) => at(NOW - DAY_MS - 60_000 + i, 503, 'carrier-a')),
  ];

  it('keys counts by class ("5xx") and by code ("503")', () => {
    const s = summaryOf(events);
    expect(s.byClass).toEqual({ '1xx': 0, '2xx': 60, '3xx': 0, '4xx': 10, '5xx': 30, '6xx': 0 });
    expect(s.byCode).toEqual({ '200': 60, '486': 10, '503': 30 });
    expect(s.byMethod).toEqual({ INVITE: 100 });
    expect(s.shareOfFinals?.byClass).toEqual({ '2xx': 0.6, '4xx': 0.1, '5xx': 0.3 });
    expect(s.shareOfFinals?.byCode['503']).toBeCloseTo(0.3);
  });

  it('lists top failures with their trunks and sources, and how they compare with the baselines', () => {
    const [first, second] = summaryOf(events).topFailures;
    expect(first).toMatchObject({
      code: 503,
      reason: 'Service Unavailable',
      count: 30,
      share: 0.3,
      trunks: [
        { name: 'carrier-a', count: 24 },
        { name: 'carrier-b', count: 6 },
      ],
      sources: [
        { name: 'sbc-1', count: 24 },
        { name: 'sbc-2', count: 6 },
      ],
      vsHourAgo: 15,
      vsDayAgo: 3,
    });
    expect(second).toMatchObject({ code: 486, count: 10, vsHourAgo: null });
  });

  it('rows per trunk carry their own failure rate', () => {
    const s = summaryOf(events);
    expect(s.trunks).toEqual([
      {
        name: 'carrier-b',
        responses: 76,
        finals: 76,
        failures: 16,
        failureRate: 16 / 76,
        byClass: { '1xx': 0, '2xx': 60, '3xx': 0, '4xx': 10, '5xx': 6, '6xx': 0 },
      },
      expect.objectContaining({ name: 'carrier-a', responses: 24, failureRate: 1 }),
    ]);
  });

  it('baselines are the same window one hour and one day earlier', () => {
    const s = summaryOf(events);
    expect(s.baseline.hourAgo).toMatchObject({
      from: NOW - 300_000 - HOUR_MS,
      to: NOW - HOUR_MS,
      byCode: { '503': 2 },
    });
    expect(s.baseline.dayAgo.kpis.responses).toBe(10);
    expect(s.baseline.dayAgo.kpis.failureRate).toBe(1);
  });

  it('a filter narrows everything, baselines included', () => {
    const s = summaryOf(events, { trunk: 'carrier-a' });
    expect(s.kpis.responses).toBe(24);
    expect(s.trunks.map((t) => t.name)).toEqual(['carrier-a']);
    expect(s.baseline.hourAgo.kpis.responses).toBe(2);
  });
});

describe('seriesPoint', () => {
  it('lists only non-zero codes and all classes', () => {
    const agg = testAggregator({ maxTrunks: 5, maxSources: 5 });
    agg.add([at(NOW - 1000, 503, 'a'), at(NOW - 1000, 180, 'b')], NOW);
    const t = new Tally(agg.profiles, {}, agg, { trunks: true }).addTables([agg.secondAt(NOW / 1000 - 1)!]);
    expect(seriesPoint(t, NOW - 1000, agg.trunks)).toEqual({
      t: NOW - 1000,
      responses: 2,
      finals: 1,
      countedFinals: 1,
      failures: 1,
      byClass: { '1xx': 1, '2xx': 0, '3xx': 0, '4xx': 0, '5xx': 1, '6xx': 0 },
      byCode: { '180': 1, '503': 1 },
      byTrunk: { a: 1, b: 1 },
    });
  });
});
