import { describe, expect, it } from 'vitest';
import { computeFreshness } from './freshness';

const base = { connection: 'connected' as const, connectedAt: 0, disconnectedAt: null };

describe('freshness', () => {
  it('is live while ticks keep coming, stale after 3 missed ticks, since the last data', () => {
    const at = (now: number) => computeFreshness({ ...base, lastDataAt: 10_000, now });
    expect(at(10_000).status).toBe('live');
    expect(at(12_900).status).toBe('live');
    expect(at(13_600)).toEqual({ status: 'stale', since: 10_000 });
  });

  it('says disconnected and since when, whatever the last data', () => {
    expect(
      computeFreshness({
        connection: 'disconnected',
        connectedAt: 0,
        disconnectedAt: 42_000,
        lastDataAt: 41_500,
        now: 42_100,
      }),
    ).toEqual({ status: 'disconnected', since: 42_000 });
  });

  it('is connecting before the first data, and stale if a connected server never sends any', () => {
    expect(computeFreshness({ ...base, connectedAt: 5_000, lastDataAt: null, now: 5_100 }).status).toBe(
      'connecting',
    );
    expect(computeFreshness({ ...base, connectedAt: 5_000, lastDataAt: null, now: 9_000 })).toEqual({
      status: 'stale',
      since: 5_000,
    });
  });
});
