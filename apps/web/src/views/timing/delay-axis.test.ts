import { describe, expect, it } from 'vitest';
import { delayTicks } from './delay-axis';

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
