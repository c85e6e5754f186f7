import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Hash53 } from './hash53.js';

const hash = new Hash53();
const of = (...parts: string[]): number => {
  hash.reset();
  for (const p of parts) hash.string(p);
  return hash.value();
};

describe('Hash53', () => {
  it('is a safe, non-zero integer and the same for the same input', () => {
    fc.assert(
      fc.property(fc.array(fc.string()), (parts) => {
        const h = of(...parts);
        expect(Number.isSafeInteger(h)).toBe(true);
        expect(h).toBeGreaterThan(0);
        expect(of(...parts)).toBe(h);
      }),
    );
  });

  it('tells apart keys that only differ in where one field ends', () => {
    expect(of('ab', 'c')).not.toBe(of('a', 'bc'));
    expect(of('abc')).not.toBe(of('ab', 'c'));
  });

  it('feeds integers as their decimal text and ASCII letters upper-cased', () => {
    fc.assert(
      fc.property(fc.nat(), fc.string({ unit: 'binary-ascii' }), (n, s) => {
        const viaText = hash.reset().string(String(n)).string(s.toUpperCase()).value();
        expect(hash.reset().integer(n).upperAscii(s).value()).toBe(viaText);
      }),
    );
  });

  it('spreads a million Call-IDs without a collision', () => {
    const seen = new Set<number>();
    for (let i = 0; i < 1_000_000; i++) seen.add(of(`${i}-a84b4c76e66710@pc33.atlanta.example.com`));
    expect(seen.size).toBe(1_000_000);
  });

  it('gives other values under another seed, the same under the same one', () => {
    const a = new Hash53([1, 2]);
    const b = new Hash53([1, 3]);
    const ids = Array.from({ length: 1000 }, (_, i) => `call-${i}`);
    const under = (h: Hash53) => ids.map((id) => h.reset().string(id).value());
    expect(under(a)).toEqual(under(new Hash53([1, 2])));
    expect(under(a).filter((v, i) => v === under(b)[i])).toEqual([]);
  });
});
