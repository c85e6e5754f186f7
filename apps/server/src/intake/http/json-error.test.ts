import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { findDeepNesting, locateSyntaxError, parseJson } from './json-error.js';

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

/** Depth of a parsed value by recursion (fine for the small values generated here). */
function depthOf(v: unknown): number {
  if (v === null || typeof v !== 'object') return 0;
  const children = Array.isArray(v) ? v : Object.values(v as object);
  return 1 + Math.max(0, ...children.map(depthOf));
}

describe('findDeepNesting', () => {
  it('measures the depth of any JSON text as the parsed value has it, brackets inside strings aside (property)', () => {
    const value = fc.letrec((tie) => ({
      node: fc.oneof(
        { depthSize: 'small' },
        fc.constantFrom('[', ']', '{"', '\\"}', 'x'),
        fc.integer(),
        fc.array(tie('node'), { maxLength: 3 }),
        fc.dictionary(fc.string({ maxLength: 3 }), tie('node'), { maxKeys: 3 }),
      ),
    })).node;
    fc.assert(
      fc.property(value, fc.integer({ min: 0, max: 6 }), (v, max) => {
        const text = JSON.stringify(v);
        expect(findDeepNesting(text, max, false).root).toBe(depthOf(v) > max);
        if (Array.isArray(v)) {
          const deep = v.flatMap((e, i) => (depthOf(e) > max ? [i] : []));
          expect(findDeepNesting(text, max, true).count).toBe(v.length);
          const found = findDeepNesting(text, max, true).elements;
          expect(found.map((e) => e.index)).toEqual(deep);
          for (const e of found) expect(JSON.parse(text.slice(e.start, e.end))).toEqual(v[e.index]);
        }
      }),
      { numRuns: 1000 },
    );
  });
});
