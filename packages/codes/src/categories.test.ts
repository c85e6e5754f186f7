import { describe, expect, it } from 'vitest';
import {
  CATEGORY_DESCRIPTIONS,
  NER_EFFECTIVE_CATEGORIES,
  OUTCOME_CATEGORIES,
  REGISTRY,
  RFC6076_ISA_CODES,
  RFC6076_SEER_EFFECTIVE_CODES,
  categoryOf,
  getCode,
} from './index.js';
import type { OutcomeCategory } from './index.js';

// The mapping documented in README.md, written out so any change to it is a visible decision.
const EXPECTED: Record<Exclude<OutcomeCategory, 'provisional' | 'success' | 'redirect'>, number[]> = {
  challenge: [401, 407],
  user: [404, 410, 433, 480, 484, 485, 486, 487, 600, 603, 604, 607],
  network: [408, 430, 482, 483, 500, 502, 503, 504, 513, 580],
  request: [
    400, 402, 403, 405, 406, 409, 411, 412, 413, 414, 415, 416, 417, 420, 421, 422, 423, 424, 425, 428, 429,
    436, 437, 438, 439, 440, 469, 470, 481, 488, 489, 491, 493, 494, 501, 505, 555, 606, 608,
  ],
};

describe('outcome categories', () => {
  it('puts every 1xx in provisional, 2xx in success and 3xx in redirect', () => {
    for (const e of REGISTRY) {
      if (e.class === '1xx') expect(e.category).toBe('provisional');
      if (e.class === '2xx') expect(e.category).toBe('success');
      if (e.class === '3xx') expect(e.category).toBe('redirect');
    }
  });

  it.each(Object.entries(EXPECTED))('maps the %s codes as documented', (category, codes) => {
    for (const code of codes) expect([code, getCode(code)?.category]).toEqual([code, category]);
  });

  it('covers every failure code in exactly one documented list', () => {
    const listed = Object.values(EXPECTED).flat();
    const failures = REGISTRY.filter((e) => Number(e.class[0]) >= 4).map((e) => e.code);
    expect(listed.toSorted((a, b) => a - b)).toEqual(failures);
  });

  it('treats every RFC 6076 ISA code as a network fault and every SEER code as effective for NER', () => {
    for (const code of RFC6076_ISA_CODES) expect(getCode(code)?.category).toBe('network');
    for (const code of RFC6076_SEER_EFFECTIVE_CODES) {
      expect(NER_EFFECTIVE_CATEGORIES).toContain(getCode(code)?.category);
    }
  });

  it('describes every category', () => {
    expect(Object.keys(CATEGORY_DESCRIPTIONS).toSorted()).toEqual([...OUTCOME_CATEGORIES].toSorted());
  });
});

describe('categoryOf', () => {
  it('returns the default category for known codes and the x00 category for unknown ones', () => {
    expect(categoryOf(503)).toBe('network');
    expect(categoryOf('486')).toBe('user');
    expect(categoryOf(499)).toBe('request');
    expect(categoryOf(599)).toBe('network');
    expect(categoryOf(699)).toBe('user');
  });

  it('applies overrides keyed by the code as a string, the shape of aggregation.categoryOverrides', () => {
    const overrides = { '404': 'network', '499': 'user' } as const;
    expect(categoryOf(404, overrides)).toBe('network');
    expect(categoryOf('404', overrides)).toBe('network');
    expect(categoryOf(499, overrides)).toBe('user');
    expect(categoryOf(486, overrides)).toBe('user');
  });

  it('ignores overrides for provisional codes and values that are not categories', () => {
    expect(categoryOf(180, { '180': 'network' })).toBe('provisional');
    expect(categoryOf(503, { '503': 'bogus' as OutcomeCategory })).toBe('network');
    expect(categoryOf(503, JSON.parse('{"__proto__": {"503": "user"}}'))).toBe('network');
  });

  it('returns undefined for input that is not a SIP code', () => {
    expect(categoryOf(99)).toBeUndefined();
    expect(categoryOf('abc')).toBeUndefined();
    expect(categoryOf(null)).toBeUndefined();
  });
});
