import { describe, expect, it } from 'vitest';
import { hasBaseline, rankFailures } from './kpi.js';

describe('rankFailures: the one top-failure ranking', () => {
  // A 503 storm amid busy tones, with cancelled calls and challenges the failure rate leaves out.
  const now = {
    failures: { 503: 180, 486: 240, 480: 90 },
    abandoned: { 487: 400 },
    challenges: { 401: 300, 407: 120 },
  };
  const usual = {
    failures: { 503: 6, 486: 230, 480: 95 },
    abandoned: { 487: 380 },
    challenges: { 401: 290, 407: 100 },
  };

  it('ranks failures by excess over the baseline; abandoned calls and challenges each apart', () => {
    const r = rankFailures(now, usual);
    expect(r.failures).toEqual([
      { code: 503, count: 180, usual: 6, excess: 174 },
      { code: 486, count: 240, usual: 230, excess: 10 },
      { code: 480, count: 90, usual: 95, excess: -5 },
    ]);
    expect(r.abandoned).toEqual([{ code: 487, count: 400, usual: 380, excess: 20 }]);
    expect(r.challenges.map((c) => [c.code, c.excess])).toEqual([
      [407, 20],
      [401, 10],
    ]);
  });

  it('ranks by count when the baseline counted nothing, and keeps the limit', () => {
    const empty = { failures: {}, abandoned: {}, challenges: {} };
    expect(hasBaseline(empty)).toBe(false);
    const r = rankFailures(now, empty, 2);
    expect(r.failures.map((f) => [f.code, f.excess])).toEqual([
      [486, null],
      [503, null],
    ]);
  });
});
