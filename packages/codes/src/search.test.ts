import { describe, expect, it } from 'vitest';
import { REGISTRY, searchCodes } from './index.js';

const codes = (query: string) => searchCodes(query).map((e) => e.code);

describe('searchCodes', () => {
  it('lists every 48x for "48" and for "48x"', () => {
    const expected = [480, 481, 482, 483, 484, 485, 486, 487, 488, 489];
    expect(codes('48')).toEqual(expected);
    expect(codes('48x')).toEqual(expected);
    expect(codes(' 48X ')).toEqual(expected);
  });

  it('lists a whole class for "5" or "5xx"', () => {
    const fiveHundreds = REGISTRY.filter((e) => e.class === '5xx').map((e) => e.code);
    expect(codes('5')).toEqual(fiveHundreds);
    expect(codes('5xx')).toEqual(fiveHundreds);
    expect(codes('x')).toEqual([]);
  });

  it('finds one code by its number', () => {
    expect(codes('503')).toEqual([503]);
    expect(codes('499')).toEqual([]);
  });

  it('finds nothing for digits that cannot start a SIP code', () => {
    expect(codes('7')).toEqual([]);
    expect(codes('0')).toEqual([]);
    expect(codes('5030')).toEqual([]);
  });

  it('finds 486 and 600 for "busy", phrase matches first', () => {
    const found = codes('busy');
    expect(found.slice(0, 2)).toEqual([486, 600]);
  });

  it('matches words case-insensitively in any order across phrase and meaning', () => {
    expect(codes('BUSY here')).toContain(486);
    expect(codes('here busy')).toContain(486);
    expect(codes('codec')).toEqual(expect.arrayContaining([488, 606]));
    expect(codes("callee's")).toContain(486);
    expect(codes('timeout')).toEqual([408, 504]);
    expect(codes('time-out')).toEqual([504]);
  });

  it('finds codes by defining RFC and by category', () => {
    expect(codes('RFC8224')).toEqual([428, 436, 437, 438]);
    expect(codes('rfc 2543')).toEqual([409, 411]);
    expect(codes('challenge')).toEqual(expect.arrayContaining([401, 407]));
  });

  it('returns the whole registry for an empty query and nothing for a miss', () => {
    expect(searchCodes('')).toBe(REGISTRY);
    expect(searchCodes('   ')).toBe(REGISTRY);
    expect(codes('zzzz-not-a-word')).toEqual([]);
  });
});
