import { describe, expect, it } from 'vitest';
import { readFixture, seedRows } from './fixtures/fixtures.js';
import { CLASS_NAMES, REGISTRY, getCode } from './index.js';

// The seed page (fixtures/portsip-sip-response-codes.md, a vendor's SIP code list) disagrees with the
// IANA registry in the places below. Each case first shows the seed really says the wrong thing, then
// pins what the registry says instead.

const seed = seedRows();
const seedByCode = new Map(seed.map((r) => [r.code, r]));
const seedPage = readFixture('portsip-sip-response-codes.md');

function seedRow(code: number) {
  const row = seedByCode.get(code);
  if (!row) throw new Error(`seed has no row for ${code}`);
  return row;
}

function entry(code: number) {
  const e = getCode(code);
  if (!e) throw new Error(`registry has no ${code}`);
  return e;
}

describe('seed page corrections', () => {
  it('reads the seed tables', () => {
    expect(seed.length).toBeGreaterThan(70);
  });

  it('606 Not Acceptable: the seed copies the description of 604 (user does not exist anywhere)', () => {
    expect(seedRow(606).description).toBe(seedRow(604).description);
    expect(seedRow(606).description).toMatch(/does not exist anywhere/);
    const e606 = entry(606);
    expect(e606.meaning).not.toMatch(/exist/i);
    expect(e606.meaning).toMatch(/session|media|codec/i);
    expect(e606.meaning).not.toBe(entry(604).meaning);
    expect(e606.category).toBe('request');
    expect(entry(604).category).toBe('user');
  });

  it.each([
    [202, 'Accepted', 'Accepted (Deprecated)'],
    [414, 'Request URI too long', 'Request-URI Too Long'],
    [436, 'Identity info', 'Bad Identity Info'],
    [437, 'Unsupported certificate', 'Unsupported Credential'],
  ])('%i: the seed calls it %j, the registered phrase is %j', (code, wrong, right) => {
    expect(seedRow(code).phrase).toBe(wrong);
    expect(entry(code).phrase).toBe(right);
  });

  it('202: the seed presents it as current; the registry says it is deprecated (RFC 6665)', () => {
    expect(seedRow(202).description).not.toMatch(/deprecat/i);
    expect(entry(202).rfcs).toEqual(['RFC6665']);
    expect(entry(202).meaning).toMatch(/deprecated/);
  });

  it('425 Bad Alert Message (RFC 8876) is missing from the seed and present in the registry', () => {
    expect(seedByCode.has(425)).toBe(false);
    expect(entry(425)).toMatchObject({ phrase: 'Bad Alert Message', rfcs: ['RFC8876'], final: true });
    const missing = REGISTRY.filter((e) => !seedByCode.has(e.code)).map((e) => e.code);
    expect(missing).toEqual([425]);
  });

  it('every other seed phrase is wrong only in letter case; the registry keeps the registered case', () => {
    const wordErrors = new Set([202, 414, 436, 437]);
    const caseOnly = seed.filter((r) => !wordErrors.has(r.code) && r.phrase !== entry(r.code).phrase);
    for (const row of caseOnly) expect(row.phrase.toLowerCase()).toBe(entry(row.code).phrase.toLowerCase());
    expect(caseOnly.length).toBeGreaterThan(50);
    expect(seedRow(181).phrase).toBe('Call is being forwarded');
    expect(entry(181).phrase).toBe('Call Is Being Forwarded');
    expect(seedRow(504).phrase).toBe('Server time-out');
    expect(entry(504).phrase).toBe('Server Time-out');
  });

  it('204 No Notification: the seed says no response comes; it is the response, and no NOTIFY follows', () => {
    expect(seedRow(204).description).toMatch(/no response will be received/);
    expect(entry(204).meaning).toMatch(/no notification will be sent/);
  });

  it('416 Unsupported URI Scheme: the seed says the Request-URI is unknown; it is the scheme', () => {
    expect(seedRow(416).description).toMatch(/Request-URI is unknown/);
    expect(entry(416).meaning).toMatch(/scheme/);
  });

  it('409 and 411: the seed mixes them in with registered codes; the registry flags them historic (RFC 2543)', () => {
    for (const code of [409, 411]) {
      expect(seedByCode.has(code)).toBe(true);
      expect(entry(code)).toMatchObject({ historic: true, rfcs: ['RFC2543'] });
    }
  });

  it('the seed says the codes are defined in RFC 3261; many come from later RFCs', () => {
    expect(seedPage).toMatch(/SIP response codes are defined in \[RFC 3261\]/);
    const elsewhere = REGISTRY.filter((e) => !e.rfcs.includes('RFC3261')).map((e) => [e.code, e.rfcs[0]]);
    expect(elsewhere).toEqual([
      [199, 'RFC6228'],
      [202, 'RFC6665'],
      [204, 'RFC5839'],
      [409, 'RFC2543'],
      [411, 'RFC2543'],
      [412, 'RFC3903'],
      [417, 'RFC4412'],
      [422, 'RFC4028'],
      [424, 'RFC6442'],
      [425, 'RFC8876'],
      [428, 'RFC8224'],
      [429, 'RFC3892'],
      [430, 'RFC5626'],
      [433, 'RFC5079'],
      [436, 'RFC8224'],
      [437, 'RFC8224'],
      [438, 'RFC8224'],
      [439, 'RFC5626'],
      [440, 'RFC5393'],
      [469, 'RFC6086'],
      [470, 'RFC5360'],
      [489, 'RFC6665'],
      [494, 'RFC3329'],
      [555, 'RFC8599'],
      [580, 'RFC3312'],
      [607, 'RFC8197'],
      [608, 'RFC8688'],
    ]);
  });

  it('the seed names the classes Informational, Client Error and Server Error; SIP calls them otherwise', () => {
    expect(seedPage).toMatch(/Informational responses \(1xx\)/);
    expect(seedPage).toMatch(/Client Error responses \(4xx\)/);
    expect(seedPage).toMatch(/Server Error responses \(5xx\)/);
    expect(CLASS_NAMES['1xx']).toBe('Provisional');
    expect(CLASS_NAMES['4xx']).toBe('Request Failure');
    expect(CLASS_NAMES['5xx']).toBe('Server Failure');
  });

  it('494: the seed description carries stray HTML; registry text is plain', () => {
    expect(seedRow(494).description).toMatch(/<p>/);
    const text = REGISTRY.flatMap((e) => [e.phrase, e.meaning, ...e.causes, ...e.checks]);
    expect(text.filter((t) => /<\/?[a-z][^>]*>/i.test(t))).toEqual([]);
  });
});
