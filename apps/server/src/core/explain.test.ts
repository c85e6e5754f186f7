import { HOUR_MS, SECOND_MS } from '@sipwatch/wire';
import type { SipEvent } from '@sipwatch/wire';
import { describe, expect, it } from 'vitest';
import { sipEvent } from '@sipwatch/testing';
import { explain } from './explain.js';
import { resolveFilter } from './tally.js';
import { testAggregator } from '../test-support/aggregator.js';

const NOW = Date.UTC(2025, 0, 6, 12, 0, 0);
const WINDOW_MS = 300_000;
const FROM = NOW - WINDOW_MS;

let serial = 0;

/** `n` responses of `code` on `trunk`, spread evenly over [from, from + span). */
function spread(n: number, code: number, trunk: string, from: number, span = WINDOW_MS): SipEvent[] {
  return Array.from({ length: n }, (_, i) =>
    sipEvent({ ts: from + Math.floor((i * span) / n), code, trunk, callId: `c${serial++}` }),
  );
}

/** The same traffic in the window and an hour before it. */
function both(make: (from: number) => SipEvent[]): SipEvent[] {
  return [...make(FROM), ...make(FROM - HOUR_MS)];
}

/** Three busy trunks, each 100 × 200 and 4 × 486 per five minutes. */
const normal = (from: number): SipEvent[] =>
  ['carrier-a', 'carrier-b', 'carrier-c'].flatMap((t) => [
    ...spread(100, 200, t, from),
    ...spread(4, 486, t, from),
  ]);

function explained(events: SipEvent[], covered?: number) {
  // Enough minutes in memory for the hour-ago baseline (no store in this test).
  const agg = testAggregator({ minuteMemory: 1500 });
  agg.add(events, NOW);
  const perSecond = [];
  for (let at = FROM; at < NOW; at += SECOND_MS) perSecond.push({ at, table: agg.secondAt(at / SECOND_MS) });
  return explain({
    window: { from: FROM, to: NOW },
    tables: agg.tablesFor(FROM, NOW).tables,
    baseline: {
      kind: 'hour',
      window: { from: FROM - HOUR_MS, to: NOW - HOUR_MS },
      tables: agg.tablesFor(FROM - HOUR_MS, NOW - HOUR_MS).tables,
      ...(covered !== undefined && { covered }),
    },
    perSecond,
    profiles: agg.profiles,
    filter: {},
    resolved: resolveFilter({}, agg),
    dims: agg,
  });
}

describe('explain', () => {
  it('names the code and the trunk of a single-trunk 503 storm, its share, its lift and its onset', () => {
    const e = explained([
      ...both(normal),
      ...both((from) => spread(2, 503, 'carrier-b', from)),
      // The storm: one 503 a second over the last minute.
      ...spread(60, 503, 'carrier-b', NOW - 60_000, 60_000),
    ]);
    expect(e.verdict).toBe('slices');
    expect(e.overall).toMatchObject({ failures: 74, finals: 374, expected: 14, excess: 60 });
    expect(e.slices).toHaveLength(1);
    const [top] = e.slices;
    expect(top).toMatchObject({
      slice: { code: 503, trunk: 'carrier-b' },
      failures: 62,
      finals: 166,
      expected: 2,
      excess: 60,
      share: 1,
      onset: NOW - 60_000,
    });
    expect(top!.lift).toBeCloseTo(62 / 166 / (2 / 106), 9);
    expect(e.code).toMatchObject({ code: 503, phrase: 'Service Unavailable', category: 'network' });
    expect(e.code!.checks.length).toBeGreaterThan(0);
    expect(e.line).toBe(
      '503 Service Unavailable from carrier-b: 60 extra failures (all of the rise), 20× its rate an hour ago, since 11:59:00 UTC',
    );
  });

  it('says the code alone when a storm is spread over every trunk', () => {
    const e = explained([
      ...both(normal),
      ...['carrier-a', 'carrier-b', 'carrier-c'].flatMap((t) => spread(20, 503, t, FROM)),
    ]);
    expect(e.slices.map((s) => [s.slice, s.excess, s.share])).toEqual([[{ code: 503 }, 60, 1]]);
    expect(e.line).toMatch(
      /^503 Service Unavailable across all trunks: 60 extra failures \(all of the rise\), none an hour ago/,
    );
  });

  it('answers "nothing stands out" when failures of many codes rise on every trunk', () => {
    const codes = [480, 486, 500, 503, 408, 404, 488, 502, 504, 603];
    const e = explained([
      ...both(normal),
      ...['carrier-a', 'carrier-b', 'carrier-c'].flatMap((t) => codes.flatMap((c) => spread(1, c, t, FROM))),
    ]);
    expect(e.verdict).toBe('broad');
    expect(e.slices).toEqual([]);
    expect(e.overall).toMatchObject({ failures: 42, expected: 12, excess: 30 });
    expect(e.line).toBe('Failures up 3.2× across all trunks, no single slice stands out: look at the core');
  });

  it('lists two simultaneous causes, biggest first, with exact shares', () => {
    const e = explained([
      ...both(normal),
      ...spread(60, 503, 'carrier-b', FROM),
      ...spread(30, 408, 'carrier-c', FROM),
    ]);
    expect(e.slices.map((s) => [s.slice, s.excess, s.share])).toEqual([
      [{ code: 503, trunk: 'carrier-b' }, 60, 60 / 90],
      [{ code: 408, trunk: 'carrier-c' }, 30, 30 / 90],
    ]);
  });

  it('tells a drop in volume that raises the rate from new failures', () => {
    const e = explained([
      ...both((from) => [...spread(100, 200, 'carrier-a', from), ...spread(10, 486, 'carrier-a', from)]),
      ...spread(900, 200, 'carrier-b', FROM - HOUR_MS),
      ...spread(10, 486, 'carrier-b', FROM - HOUR_MS),
      ...spread(100, 200, 'carrier-b', FROM),
      ...spread(1, 486, 'carrier-b', FROM),
    ]);
    expect(e.verdict).toBe('volume');
    expect(e.slices).toEqual([]);
    expect(e.overall).toMatchObject({
      failures: 11,
      finals: 211,
      expected: 20,
      expectedFinals: 1020,
      excess: -9,
    });
    expect(e.line).toBe('failure rate up 2.7× with no extra failures: traffic fell 79% against an hour ago');
  });

  it('does not rank the noise of a tiny trunk, however high its rate', () => {
    const e = explained([
      ...both(normal),
      ...both((from) => spread(6, 200, 'tiny', from)),
      ...spread(60, 503, 'carrier-b', FROM),
      ...spread(6, 480, 'tiny', FROM),
    ]);
    expect(e.slices.map((s) => s.slice)).toEqual([{ code: 503, trunk: 'carrier-b' }]);
    expect(e.overall.excess).toBe(66);
    expect(e.slices[0]!.share).toBe(60 / 66);
  });

  it('says nothing stands out when the window is like its baseline', () => {
    const e = explained(both(normal));
    expect(e.verdict).toBe('steady');
    expect(e.slices).toEqual([]);
    expect(e.line).toBe('Nothing stands out: failures as usual');
  });

  describe('against a baseline the server ran only part of', () => {
    const storm = () => [
      ...normal(FROM),
      // An hour earlier the server ran the last 3 of the 5 minutes: 3/5 of the usual traffic.
      ...['carrier-a', 'carrier-b', 'carrier-c'].flatMap((t) => [
        ...spread(60, 200, t, FROM - HOUR_MS + 120_000, 180_000),
        ...spread(3, 486, t, FROM - HOUR_MS + 120_000, 180_000),
      ]),
      ...spread(60, 503, 'carrier-b', NOW - 60_000, 60_000),
    ];

    it('scales what it saw to the whole window: 9 486s seen in 3/5 of it expect 15', () => {
      const e = explained(storm(), 0.6);
      expect(e.baseline.covered).toBe(0.6);
      expect(e.overall).toMatchObject({ failures: 72, expected: 15, excess: 57 });
      expect(e.verdict).toBe('slices');
      expect(e.slices[0]).toMatchObject({
        slice: { code: 503, trunk: 'carrier-b' },
        expected: 0,
        excess: 60,
      });
    });

    it('below half of it, leaves the baseline out: slices by their failures alone, no lift, "no baseline yet"', () => {
      const e = explained(storm(), 0.4);
      expect(e.baseline.covered).toBe(0.4);
      expect(e.overall).toMatchObject({
        failures: 72,
        expected: 0,
        excess: 72,
        baselineRate: null,
        lift: null,
      });
      expect(e.verdict).toBe('slices');
      expect(e.slices.map((s) => [s.slice, s.failures, s.lift])).toEqual([
        [{ code: 503, trunk: 'carrier-b' }, 60, null],
        [{ code: 486 }, 12, null],
      ]);
      expect(e.slices[0]!.share).toBeCloseTo(60 / 72, 12);
      expect(e.line).toBe(
        '503 Service Unavailable from carrier-b: 60 failures, no baseline yet, since 11:59:00 UTC',
      );
    });

    it('with a few failures and no baseline says so, not "as usual"; with none it is steady', () => {
      const calm = normal(FROM).filter((ev) => ev.code === 200);
      const e = explained([...calm, ...spread(3, 486, 'carrier-a', FROM)], 0.1);
      expect(e.verdict).toBe('no-baseline');
      expect(e.slices).toEqual([]);
      expect(e.line).toBe('No baseline yet: sipwatch has not run long enough to know what is usual');
      expect(explained(calm, 0.1).verdict).toBe('steady');
    });
  });
});
