import { describe, expect, it } from 'vitest';
import { outcomes, topFailure } from '@sipwatch/testing';
import { topFailureRows } from './top-failures';

describe('top failures', () => {
  // A 503 storm on one trunk amid a busy hour's usual busy tones, cancelled calls and challenges.
  const now = outcomes({ 503: 180, 486: 240, 480: 90, 408: 12, 487: 400, 401: 300, 407: 120 }, 400);
  const usual = outcomes({ 503: 6, 486: 230, 480: 95, 408: 10, 487: 380, 401: 290, 407: 100 }, 380);

  it('ranks failures by excess over the baseline, challenges and abandoned calls each apart', () => {
    const lists = topFailureRows([topFailure(503, 170, 'Overloaded')], now, 2000, usual);
    expect(lists.failures.map((r) => [r.code, r.count, r.excess])).toEqual([
      [503, 180, 174],
      [486, 240, 10],
      [408, 12, 2],
      [480, 90, -5],
    ]);
    // The server's phrase for the code it listed; the registry's for the others.
    expect(lists.failures[0]!.reason).toBe('Overloaded');
    expect(lists.failures[1]!.reason).toBe('Busy Here');
    expect(lists.failures[0]!.share).toBeCloseTo(0.09);
    expect(lists.failures[0]!.vsUsual).toBe(30);
    expect(lists.failures.map((r) => r.category)).toEqual(['network', 'user', 'network', 'user']);
    expect(lists.abandoned.map((r) => [r.code, r.count, r.excess, r.share])).toEqual([[487, 400, 20, null]]);
    expect(lists.challenges.map((r) => [r.code, r.count, r.excess])).toEqual([
      [407, 120, 20],
      [401, 300, 10],
    ]);
    expect(lists.failures.some((r) => r.code === 487 || r.code === 401 || r.code === 407)).toBe(false);
  });

  it('ranks by count without a baseline (an empty one is none)', () => {
    const lists = topFailureRows([], now, 2000, outcomes({}));
    expect(lists.failures.map((r) => [r.code, r.excess])).toEqual([
      [486, null],
      [503, null],
      [480, null],
      [408, null],
    ]);
    expect(lists.challenges.map((r) => r.code)).toEqual([401, 407]);
  });

  it('uses the server list when it has no counts by code', () => {
    const lists = topFailureRows([topFailure(503, 10, 'x', 0.5)], null, null, undefined);
    expect(lists.failures).toEqual([
      { code: 503, reason: 'x', count: 10, share: 0.5, vsUsual: null, excess: null, category: 'network' },
    ]);
  });
});
