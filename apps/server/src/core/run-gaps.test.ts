import { describe, expect, it } from 'vitest';
import { coveredShare, serverGaps } from './run-gaps.js';

const MIN = 60_000;
const T = 1_800_000_000_000;

describe('server gaps from run records', () => {
  it('gives the span between a stop and the next start, and the time before the first start', () => {
    const runs = [
      { start: T, end: T + 20 * MIN },
      { start: T + 30 * MIN, end: T + 60 * MIN },
    ];
    expect(serverGaps(runs, T - 10 * MIN, T + 60 * MIN, 5000)).toEqual([
      { from: T - 10 * MIN, to: T },
      { from: T + 20 * MIN, to: T + 30 * MIN },
    ]);
  });

  it('leaves out restarts shorter than the minimum, and overlapping runs count once', () => {
    const runs = [
      { start: T, end: T + 10 * MIN },
      { start: T + 10 * MIN + 3000, end: T + 20 * MIN },
      { start: T + 5 * MIN, end: T + 8 * MIN },
    ];
    expect(serverGaps(runs, T, T + 20 * MIN, 5000)).toEqual([]);
  });

  it('clips a gap to the range asked and gives the tail after the last flush', () => {
    const runs = [{ start: T, end: T + 10 * MIN }];
    expect(serverGaps(runs, T + 5 * MIN, T + 15 * MIN, 5000)).toEqual([
      { from: T + 10 * MIN, to: T + 15 * MIN },
    ]);
  });

  it('gives the covered share of a baseline window: 10 of 60 minutes for a server 10 minutes old', () => {
    const runs = [{ start: T + 50 * MIN, end: T + 70 * MIN }];
    expect(coveredShare(runs, T, T + 60 * MIN, 5000)).toBeCloseTo(10 / 60, 10);
    expect(coveredShare([], T, T + 60 * MIN, 5000)).toBe(0);
    expect(coveredShare(runs, T + 55 * MIN, T + 65 * MIN, 5000)).toBe(1);
  });
});
