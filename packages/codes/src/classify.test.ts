import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { REGISTRY, classify, getCode } from './index.js';

const REGISTERED = new Set(REGISTRY.map((e) => e.code));

describe('classify: known codes', () => {
  it('classifies 503 from a number and from a string', () => {
    for (const input of [503, '503', ' 503\r\n']) {
      const result = classify(input);
      expect(result).toMatchObject({
        ok: true,
        code: 503,
        class: '5xx',
        final: true,
        known: true,
        category: 'network',
      });
      if (result.ok) expect(result.entry.phrase).toBe('Service Unavailable');
    }
  });

  it('marks 1xx as not final and every other class as final', () => {
    expect(classify(183)).toMatchObject({ ok: true, final: false, category: 'provisional' });
    expect(classify(200)).toMatchObject({ ok: true, final: true, category: 'success' });
    expect(classify(401)).toMatchObject({ ok: true, final: true, category: 'challenge' });
  });

  it('round-trips every registered code as a number and as a string', () => {
    for (const entry of REGISTRY) {
      for (const input of [entry.code, String(entry.code)]) {
        const result = classify(input);
        expect(result.ok && result.code === entry.code && result.known && result.entry === entry).toBe(true);
      }
    }
  });
});

describe('classify: unknown codes behave as the x00 of their class (RFC 3261 §21)', () => {
  it.each([
    [499, 400, 'request'],
    [599, 500, 'network'],
    [150, 100, 'provisional'],
    [299, 200, 'success'],
    [399, 300, 'redirect'],
    [699, 600, 'user'],
  ])('%i behaves as %i but keeps its own number', (code, x00, category) => {
    expect(classify(code)).toMatchObject({ ok: true, code, known: false, category, entry: { code: x00 } });
  });

  it('does so for every unregistered code in 100-699', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 100, max: 699 }).filter((c) => !REGISTERED.has(c)),
        (code) => {
          const result = classify(code);
          return (
            result.ok &&
            !result.known &&
            result.code === code &&
            result.entry === getCode(Math.floor(code / 100) * 100) &&
            result.final === code >= 200
          );
        },
      ),
    );
  });
});

describe('classify: rejects what is not a SIP code, with a message and without throwing', () => {
  it.each([
    [99, /100 to 699.*99/],
    [700, /100 to 699.*700/],
    [-503, /100 to 699/],
    [503.5, /integer.*503\.5/],
    [Number.NaN, /integer.*NaN/],
    [Number.POSITIVE_INFINITY, /integer/],
    ['5030', /3-digit.*"5030"/],
    ['50', /3-digit/],
    ['099', /100 to 699.*"099"/],
    ['5O3', /3-digit/],
    ['+503', /3-digit/],
    ['503.0', /3-digit/],
    ['0x1F7', /3-digit/],
    ['', /3-digit/],
    ['SIP/2.0 503', /3-digit/],
    [null, /number or a numeric string.*null/],
    [undefined, /number or a numeric string.*undefined/],
    [503n, /bigint/],
    [{ valueOf: () => 503 }, /object/],
    [['503'], /object/],
  ])('%o', (input, message) => {
    const result = classify(input);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error).toMatch(message);
  });

  it('keeps an echoed long string short', () => {
    const result = classify('9'.repeat(10_000));
    expect(!result.ok && result.error.length < 120).toBe(true);
  });

  it('never throws for any integer, and accepts exactly 100-699', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.integer(),
          fc.maxSafeInteger(),
          fc.integer({ min: 0, max: 1000 }),
          fc.constantFrom(99, 100, 699, 700),
        ),
        (n) => {
          const result = classify(n);
          expect(result.ok).toBe(n >= 100 && n <= 699);
          if (result.ok) expect(result.class).toBe(`${Math.floor(n / 100)}xx`);
          else expect(result.error).not.toBe('');
        },
      ),
    );
  });

  it('never throws for any double', () => {
    fc.assert(
      fc.property(fc.double(), (n) => {
        const result = classify(n);
        expect(result.ok).toBe(Number.isInteger(n) && n >= 100 && n <= 699);
      }),
    );
  });

  it('never throws for any string, and accepts only 3-digit codes in 100-699', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string(),
          fc.string({ unit: 'binary' }),
          fc.stringMatching(/^\s*\d{1,4}\s*$/),
          fc.constantFrom('099', '100', '699', '700', ' 600 '),
        ),
        (s) => {
          const result = classify(s);
          const accepted = /^\s*[1-6]\d\d\s*$/.test(s);
          expect(result.ok).toBe(accepted);
          if (result.ok) expect(result.code).toBe(Number(s.trim()));
        },
      ),
    );
  });

  it('never throws for anything at all', () => {
    fc.assert(
      fc.property(fc.anything(), (value) => {
        expect(typeof classify(value).ok).toBe('boolean');
      }),
    );
  });
});
