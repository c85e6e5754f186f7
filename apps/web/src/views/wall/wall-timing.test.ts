import { describe, expect, it } from 'vitest';
import { timingResponse, timingRow } from '@sipwatch/testing';
import { wallTiming, worstTrunksByPdd } from './wall-timing';

const ROWS = [
  timingRow('a', [1_000, 3_000, 10], [5_000, 9_000, 10]),
  timingRow('b', [2_000, 6_000, 4], [6_000, 12_000, 4]),
  timingRow('c', [null, null, 0], [700, 900, 3]),
  timingRow('d', [1_500, 6_000, 9], [5_500, 9_500, 9]),
  timingRow('e', [900, 2_000, 30], [4_000, 8_000, 30]),
];

const LIVE = { live: true, disconnected: false, trunkFiltered: false };

describe('the wall timing block', () => {
  it('ranks trunks by PDD p95, the better-sampled first on a tie, leaving out trunks with under 5 rang calls', () => {
    const tied = [...ROWS, timingRow('f', [2_000, 6_000, 5], [6_000, 12_000, 5])];
    expect(worstTrunksByPdd(tied, 3).map((r) => r.trunk)).toEqual(['d', 'f', 'a']);
    // b (4 calls) and c (never rang) are not ranked however slow.
    expect(worstTrunksByPdd(ROWS, 10).map((r) => r.trunk)).toEqual(['d', 'a', 'e']);
  });

  it('is absent until an answer arrives and when no call was timed, so the wall stays as it was', () => {
    expect(wallTiming({ data: undefined, error: undefined, loading: true }, LIVE)).toBeNull();
    expect(wallTiming({ data: undefined, error: new Error('down'), loading: false }, LIVE)).toBeNull();
    const none = timingResponse([]);
    expect(wallTiming({ data: none, error: undefined, loading: false }, LIVE)).toBeNull();
    const untimed = timingResponse([timingRow('a', [null, null, 0], [null, null, 0])]);
    expect(wallTiming({ data: untimed, error: undefined, loading: false }, LIVE)).toBeNull();
  });

  it('marks live figures stale when their refresh failed or the socket dropped, never history ones', () => {
    const data = { ...timingResponse(ROWS), window: { from: 0, to: 42_000 } };
    const ok = { data, error: undefined, loading: false };
    const failed = { data, error: new Error('HTTP 502'), loading: false };
    expect(wallTiming(ok, LIVE)).toMatchObject({ stale: false, asOf: 42_000 });
    expect(wallTiming(failed, LIVE)?.stale).toBe(true);
    expect(wallTiming(ok, { ...LIVE, disconnected: true })?.stale).toBe(true);
    expect(wallTiming(ok, { ...LIVE, live: false, disconnected: true })?.stale).toBe(false);
  });

  it('names no slowest trunks when the view is narrowed to one trunk', () => {
    const data = timingResponse(ROWS, 'b');
    const model = wallTiming({ data, error: undefined, loading: false }, { ...LIVE, trunkFiltered: true });
    expect(model?.worst).toEqual([]);
    expect(model?.total.pdd.p95).toBe(6_000);
  });
});
