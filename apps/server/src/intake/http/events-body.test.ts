import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { countNdjsonItems, parseEventsBody } from './events-body.js';

describe('parseEventsBody', () => {
  it('takes one object or an array as items', () => {
    expect(parseEventsBody('{"code":200}', false)).toEqual({
      ok: true,
      items: [{ ok: true, value: { code: 200 }, raw: undefined }],
    });
    const r = parseEventsBody('[{"code":200},{"code":486}]', false);
    expect(r.ok && r.items.map((i) => i.ok && i.value)).toEqual([{ code: 200 }, { code: 486 }]);
  });

  it('refuses a malformed JSON document with its line and column', () => {
    const r = parseEventsBody('[{"code":200},\n{"code":}]', false);
    expect(r.ok).toBe(false);
    expect(!r.ok && r.error).toMatchObject({ line: 2, column: 9 });
  });

  it('reads NDJSON line by line, keeping each line as raw and marking bad lines', () => {
    const r = parseEventsBody('{"code":200}\r\n\n{"code":\n{"code":486}\n', true);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.items).toHaveLength(3);
    expect(r.items[0]).toEqual({ ok: true, value: { code: 200 }, raw: '{"code":200}', line: 1 });
    expect(r.items[1]).toMatchObject({ ok: false, line: 3, error: { line: 3 } });
    expect(r.items[2]).toMatchObject({ ok: true, value: { code: 486 } });
  });
});

describe('countNdjsonItems', () => {
  it('counts the items parseEventsBody reads, on the bytes, blank and Unicode-space lines skipped (property)', () => {
    const piece = fc.constantFrom(
      '{}',
      '\n',
      ' ',
      '\t',
      '\r',
      '\u00a0',
      '\u2028',
      '\u3000',
      'é',
      '😀',
      'x',
      '\ufeff',
    );
    const body = fc.array(piece, { maxLength: 40 }).map((p) => p.join(''));
    fc.assert(
      fc.property(body, (text) => {
        const parsed = parseEventsBody(text, true);
        const items = parsed.ok ? parsed.items.length : -1;
        expect(countNdjsonItems(Buffer.from(text), Infinity)).toBe(items);
      }),
      { numRuns: 2000 },
    );
  });

  it('stops one past the limit', () => {
    expect(countNdjsonItems(Buffer.from('{}\n'.repeat(1000)), 10)).toBe(11);
  });
});
