import { describe, expect, it } from 'vitest';
import { ianaRows } from './fixtures/fixtures.js';
import { CLASS_NAMES, HISTORIC_CODES, REGISTRY, SIP_CLASSES, getCode } from './index.js';

const rows = ianaRows();

describe('registry against the IANA fixture', () => {
  it('reads a fixture with every class in it', () => {
    expect(rows.length).toBeGreaterThanOrEqual(77);
    expect(new Set(rows.map((r) => r.class))).toEqual(new Set(SIP_CLASSES));
  });

  it.each(rows)('$code $phrase is registered with its exact phrase, RFC, class and kind', (row) => {
    const entry = getCode(row.code);
    expect(entry).toBeDefined();
    expect(entry?.phrase).toBe(row.phrase);
    expect(entry?.rfcs).toEqual([row.reference]);
    expect(entry?.class).toBe(row.class);
    expect(entry?.final).toBe(row.kind === 'final');
    expect(entry?.historic).toBe(!row.ianaRegistered);
  });

  it('holds nothing beyond the fixture and the historic list, each code once, in order', () => {
    const fixtureCodes = rows.map((r) => r.code);
    expect(REGISTRY.map((e) => e.code)).toEqual(fixtureCodes.toSorted((a, b) => a - b));
    expect(new Set(REGISTRY.map((e) => e.code)).size).toBe(REGISTRY.length);
    for (const code of HISTORIC_CODES) expect(fixtureCodes).toContain(code);
  });

  it('flags exactly 409 Conflict and 411 Length Required as historic (RFC 2543)', () => {
    const historic = REGISTRY.filter((e) => e.historic);
    expect(historic.map((e) => [e.code, e.phrase, e.rfcs])).toEqual([
      [409, 'Conflict', ['RFC2543']],
      [411, 'Length Required', ['RFC2543']],
    ]);
  });

  it('has an x00 entry for every class, so unknown codes always have something to behave as', () => {
    for (const cls of SIP_CLASSES) {
      const x00 = getCode(Number(cls[0]) * 100);
      expect(x00?.class).toBe(cls);
    }
    expect(Object.keys(CLASS_NAMES)).toEqual([...SIP_CLASSES]);
  });
});

describe('guidance for every code', () => {
  it.each(REGISTRY.map((e) => [e.code, e] as const))(
    '%i has a one-line meaning, 2-4 causes and 2-4 checks',
    (_, e) => {
      expect(e.meaning.trim().length).toBeGreaterThan(20);
      expect(e.meaning).not.toMatch(/\n|TODO/);
      expect(e.causes.length).toBeGreaterThanOrEqual(2);
      expect(e.causes.length).toBeLessThanOrEqual(4);
      expect(e.checks.length).toBeGreaterThanOrEqual(2);
      expect(e.checks.length).toBeLessThanOrEqual(4);
      for (const line of [...e.causes, ...e.checks]) {
        expect(line.trim().length).toBeGreaterThan(10);
        expect(line).not.toMatch(/TODO|<[a-z/]/i);
      }
    },
  );

  it('never repeats a meaning between codes (the seed page copied 604 onto 606)', () => {
    const meanings = REGISTRY.map((e) => e.meaning);
    expect(new Set(meanings).size).toBe(meanings.length);
  });
});
