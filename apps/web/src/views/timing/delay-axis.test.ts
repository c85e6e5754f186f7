import { describe, expect, it } from 'vitest';
import { delayTicks, formatDelay } from './delay-axis';

describe('formatDelay', () => {
  it('keeps milliseconds under a second and tenths of a second above', () => {
    expect([0, 850, 999.4, 999.6, 1_000, 4_200, 4_249, 21_000, 30_500, 99_940].map(formatDelay)).toEqual([
      '0 ms',
      '850 ms',
      '999 ms',
      '1 s',
      '1 s',
      '4.2 s',
      '4.2 s',
      '21 s',
      '30.5 s',
      '99.9 s',
    ]);
  });

  it('rounds to whole seconds from 100 s, and shows a dash for no value', () => {
    expect([99_960, 125_400].map(formatDelay)).toEqual(['100 s', '125 s']);
    expect([null, undefined, Number.NaN].map(formatDelay)).toEqual(['—', '—', '—']);
  });
});

describe('delayTicks', () => {
  it('spaces ticks on round delays from 0 up to the highest value', () => {
    expect(delayTicks(2_500)).toEqual([0, 1_000, 2_000, 3_000]);
    expect(delayTicks(8_400)).toEqual([0, 2_500, 5_000, 7_500, 10_000]);
    expect(delayTicks(150)).toEqual([0, 50, 100, 150]);
    expect(delayTicks(31_000)).toEqual([0, 10_000, 20_000, 30_000, 40_000]);
  });

  it('goes on in whole minutes past the round steps, and copes with no delay', () => {
    expect(delayTicks(400_000)).toEqual([0, 120_000, 240_000, 360_000, 480_000]);
    expect(delayTicks(0)).toEqual([0, 50]);
  });
});
