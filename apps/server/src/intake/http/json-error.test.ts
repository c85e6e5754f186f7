import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { locateSyntaxError, parseJson } from './json-error.js';

describe('parseJson', () => {
  it('parses valid JSON', () => {
    expect(parseJson('{"code":486}')).toEqual({ ok: true, value: { code: 486 } });
  });

  it('reports the position, line and column of the first error', () => {
    const r = parseJson('[\n  {"code": 486},\n  {"code": 4x}\n]');
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error).toMatchObject({ line: 3, column: 13, position: 31 });
    expect(r.error.message).toMatch(/JSON/);
  });

  it('points at the end for a body cut short and after the value for trailing garbage', () => {
    expect(locateSyntaxError('{"code": 486')).toBe(12);
    expect(locateSyntaxError('{"a":1} x')).toBe(8);
    expect(locateSyntaxError('{"a":1,}')).toBe(7);
    expect(locateSyntaxError("{'a':1}")).toBe(1);
    expect(locateSyntaxError('')).toBe(0);
    expect(locateSyntaxError('"\\q"')).toBe(2);
  });

  it('adds a line offset (NDJSON lines)', () => {
    const r = parseJson('{"code":}', 6);
    expect(!r.ok && r.error).toMatchObject({ line: 7, column: 9 });
  });

  it('agrees with JSON.parse on what is valid (property)', () => {
    fc.assert(
      fc.property(fc.oneof(fc.json(), fc.string({ maxLength: 30 })), (text) => {
        let valid = true;
        try {
          JSON.parse(text);
        } catch {
          valid = false;
        }
        const r = parseJson(text);
        expect(r.ok).toBe(valid);
        if (!r.ok) expect(r.error.position).toBeLessThanOrEqual(text.length);
      }),
      { numRuns: 1000 },
    );
  });
});
