import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { packCell, profileIndexOfLow, lowOf, unpackCell } from './cell-key.js';

describe('cell keys', () => {
  it('unpack what they pack, for every dimension in range', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 0xffff }),
        fc.integer({ min: 0, max: 0xffff }),
        fc.integer({ min: 0, max: 63 }),
        fc.integer({ min: 100, max: 699 }),
        fc.integer({ min: 0, max: 3 }),
        (trunk, source, method, code, flags) => {
          const key = packCell(trunk, source, method, code, flags);
          expect(Number.isSafeInteger(key)).toBe(true);
          expect(unpackCell(key)).toEqual({ trunk, source, method, code, flags });
          expect(profileIndexOfLow(lowOf(key))).toBe((code - 100) * 4 + flags);
        },
      ),
    );
  });

  it('order keys by trunk first', () => {
    expect(packCell(1, 0xffff, 63, 699, 3)).toBeLessThan(packCell(2, 0, 0, 100, 0));
  });
});
