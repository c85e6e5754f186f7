import { describe, expect, it } from 'vitest';
import { formatDelay } from './format';

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
