import { describe, expect, it } from 'vitest';
import { dimensionName, NAME_MAX_CHARS } from './names.js';

describe('dimensionName', () => {
  it('trims, drops control characters and keeps ordinary names as they are', () => {
    expect(dimensionName('  carrier-a\r\n')).toBe('carrier-a');
    expect(dimensionName('sbc\u0000-\u001b[31meast\u007f')).toBe('sbc-[31meast');
    expect(dimensionName('Büro-PBX')).toBe('Büro-PBX');
    expect(dimensionName(' \t ')).toBe('');
  });

  it('cuts a long name to 128 characters ending in …, never half a surrogate pair', () => {
    const cut = dimensionName('h'.repeat(60 * 1024));
    expect(cut).toHaveLength(NAME_MAX_CHARS);
    expect(cut.endsWith('…')).toBe(true);
    const emoji = dimensionName('x'.repeat(126) + '😀'.repeat(10));
    expect(emoji).toBe('x'.repeat(126) + '…');
    expect(dimensionName('a'.repeat(128))).toBe('a'.repeat(128));
  });

  it('is idempotent: a cleaned name cleans to itself', () => {
    for (const raw of ['x'.repeat(500), ' a\u0007b ', 'plain']) {
      const once = dimensionName(raw);
      expect(dimensionName(once)).toBe(once);
    }
  });
});
