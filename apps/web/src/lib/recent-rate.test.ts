import { describe, expect, it } from 'vitest';
import type { SeriesPoint } from '@sipwatch/wire';
import { point, T0 } from '@sipwatch/testing';
import { recentRate } from './recent-rate';

/** A dense ring of one-second points, as a snapshot carries: `quiet` empty seconds, then `busy` at `n`/s. */
function ring(quiet: number, busy: number, n: number): SeriesPoint[] {
  return Array.from({ length: quiet + busy }, (_, i) => point(T0 + i * 1000, i < quiet ? {} : { 200: n }));
}

describe('the current rate', () => {
  it('is the mean of the last 60 seconds once traffic has run that long', () => {
    expect(recentRate(ring(0, 900, 40))).toEqual({ perSec: 40, seconds: 60 });
    // 40/s until 30 s ago, then 10/s: the last minute's mean.
    const mixed = [...ring(0, 870, 40), ...ring(0, 30, 10).map((p) => ({ ...p, t: p.t + 870_000 }))];
    expect(recentRate(mixed)).toEqual({ perSec: 25, seconds: 60 });
    const half = [...ring(0, 870, 40), ...ring(0, 30, 0).map((p) => ({ ...p, t: p.t + 870_000 }))];
    expect(recentRate(half)?.perSec).toBe(20);
  });

  it('covers only the seconds since traffic began on a server that just started', () => {
    // 880 empty seconds (before the server started), then 20 s of 40/s: the chart shows 40/s.
    expect(recentRate(ring(880, 20, 40))).toEqual({ perSec: 40, seconds: 20 });
    // Traffic 3 s old is still averaged over 10 s, not over its first second.
    expect(recentRate(ring(897, 3, 40))).toEqual({ perSec: 12, seconds: 10 });
  });

  it('reads zero over the full span when there is no traffic, and nothing without points', () => {
    expect(recentRate(ring(900, 0, 0))).toEqual({ perSec: 0, seconds: 60 });
    expect(recentRate([])).toBeNull();
  });

  it('averages the points it holds when seconds are missing or the ring is short', () => {
    expect(recentRate([point(T0, { 200: 40 })])).toEqual({ perSec: 40, seconds: 1 });
    // Earlier traffic: a full 60 s span, in which only two points arrived.
    const gappy = [point(T0, { 200: 5 }), point(T0 + 100_000, { 200: 30 }), point(T0 + 130_000, { 200: 10 })];
    expect(recentRate(gappy)).toEqual({ perSec: 20, seconds: 2 });
  });
});
