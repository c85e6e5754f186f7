import { describe, expect, it } from 'vitest';
import { point } from '@sipwatch/testing';
import { setShownTimeZone } from '@sipwatch/wire/metrics';
import type { ChartPoint } from './series-data';
import {
  blankChartPoint,
  breakAtGaps,
  codeRates,
  describeChart,
  gapsWithin,
  joinHistoryAndLive,
  toChartPoints,
} from './series-data';
import { sparkPath } from './Sparkline';

describe('chart data', () => {
  it('re-buckets 1-second points into epoch-aligned buckets of per-second rates', () => {
    const points = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9].map((s) => point(10_000 + s * 1000, { 200: 2, 503: 1 }));
    const out = toChartPoints(points, 1000, 5000);
    expect(out.map((p) => p.t)).toEqual([10_000, 15_000]);
    expect(out[0]!['2xx']).toBe(2);
    expect(out[0]!['5xx']).toBe(1);
    expect(out[0]!.failureRate).toBeCloseTo(1 / 3);
  });

  it('does not under-report a partial last bucket', () => {
    const out = toChartPoints([point(10_000, { 200: 4 }), point(11_000, { 200: 4 })], 1000, 10_000);
    expect(out).toHaveLength(1);
    expect(out[0]!['2xx']).toBe(4);
  });

  it('joins older REST history to the live ring without double counting', () => {
    const history = [0, 10_000, 20_000, 30_000].map((t) => point(t, { 200: 10 }));
    const live = [25_000, 26_000, 30_000, 31_000].map((t) => point(t, { 200: 1 }));
    const out = joinHistoryAndLive(history, 10_000, live, 10_000);
    expect(out.map((p) => p.t)).toEqual([0, 10_000, 20_000, 30_000]);
    expect(out[2]!['2xx']).toBe(1); // history's bucket
    expect(out[3]!['2xx']).toBe(1); // the ring's bucket (2 events over 2 s)
  });

  it('keeps the live seconds that history does not cover', () => {
    const live = [1_000, 2_000].map((t) => point(t, { 200: 1 }));
    expect(joinHistoryAndLive([], 10_000, live, 5_000).map((p) => p.t)).toEqual([0]);
    const history = [point(0, { 200: 10 })];
    const out = joinHistoryAndLive(
      history,
      10_000,
      [15_000, 21_000].map((t) => point(t, { 200: 1 })),
      10_000,
    );
    expect(out.map((p) => p.t)).toEqual([0, 10_000, 20_000]);
  });

  it("gives one code's rate per bucket", () => {
    const out = codeRates([point(0, { 503: 3 }), point(1000, { 503: 1, 200: 5 })], 503, 1000, 2000);
    expect(out).toEqual([{ t: 0, rate: 2 }]);
  });

  it('draws a sparkline and breaks it at gaps', () => {
    expect(sparkPath([], 100, 20)).toBe('');
    const d = sparkPath([0, 1, null, 1], 30, 20);
    expect(d.match(/M/g)).toHaveLength(2);
  });
});

describe('the class chart in words', () => {
  const at = (s: number) => Date.UTC(2026, 11, 3, 12, 0, s);
  const chartPoint = (s: number, total: number, failureRate: number | null): ChartPoint => ({
    t: at(s),
    total,
    failureRate,
    '1xx': 0,
    '2xx': total,
    '3xx': 0,
    '4xx': 0,
    '5xx': 0,
    '6xx': 0,
  });
  it('gives the peaks and the latest figures with their times', () => {
    setShownTimeZone('utc');
    try {
      expect(describeChart([chartPoint(1, 4, 0.1), chartPoint(2, 12.5, 0.25), chartPoint(3, 6, null)])).toBe(
        'Peak 12.5 responses per second at 12:00:02, latest 6.0 at 12:00:03. ' +
          'Failure rate peaked at 25.0% at 12:00:02, latest 25.0%.',
      );
      expect(describeChart([chartPoint(1, 0.5, null)])).toBe(
        'Peak 0.50 responses per second at 12:00:01, latest 0.50 at 12:00:01. No final responses, so no failure rate.',
      );
      expect(describeChart([])).toBe('No data in the range.');
    } finally {
      setShownTimeZone('local');
    }
  });

  it('blanks the buckets the server was not running in (90% or more of them) and says when', () => {
    setShownTimeZone('utc');
    try {
      const points = [0, 1, 2, 3, 4, 5].map((s) => chartPoint(s * 10, 2, 0));
      // Down from second 10.5 to 40: bucket 10 is 95% down, 20 and 30 wholly, 40 not at all.
      const gaps = [{ from: at(10) + 500, to: at(40) }];
      const out = breakAtGaps(points, 10_000, gaps, blankChartPoint);
      expect(out.map((p) => p.total)).toEqual([2, null, null, null, 2, 2]);
      expect(out[1]!['2xx']).toBeNull();
      expect(out[1]!.failureRate).toBeNull();
      expect(
        breakAtGaps(points, 10_000, [{ from: at(10) + 2000, to: at(20) }], blankChartPoint)[1]!.total,
      ).toBe(2);
      expect(describeChart(out, gaps)).toBe(
        'Peak 2.0 responses per second at 12:00:00, latest 2.0 at 12:00:50. ' +
          'Failure rate peaked at 0.0% at 12:00:00, latest 0.0%. ' +
          'Server not running 12:00:10–12:00:40: no data there, not zero traffic.',
      );
      expect(describeChart(points.map(blankChartPoint), gaps)).toBe(
        'Server not running 12:00:10–12:00:40: no data there, not zero traffic.',
      );
    } finally {
      setShownTimeZone('local');
    }
  });

  it('names one gap once when answers fetched apart see it end at slightly different moments', () => {
    setShownTimeZone('utc');
    try {
      // The live summary's window ends on a whole second; the history's gap ends at the run's start.
      const fromSummary = [{ from: at(0), to: at(30) }];
      const fromHistory = [{ from: at(-50), to: at(30) + 437 }];
      const later = [{ from: at(40), to: at(45) }];
      const gaps = gapsWithin(at(5), at(60), fromSummary, fromHistory, undefined, later);
      expect(gaps).toEqual([
        { from: at(5), to: at(30) + 437 },
        { from: at(40), to: at(45) },
      ]);
      expect(describeChart([chartPoint(50, 2, 0)], gaps)).toBe(
        'Peak 2.0 responses per second at 12:00:50, latest 2.0 at 12:00:50. ' +
          'Failure rate peaked at 0.0% at 12:00:50, latest 0.0%. ' +
          'Server not running 12:00:05–12:00:30, 12:00:40–12:00:45: no data there, not zero traffic.',
      );
    } finally {
      setShownTimeZone('local');
    }
  });
});
