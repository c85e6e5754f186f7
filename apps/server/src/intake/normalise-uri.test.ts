import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { maskUserPartsInTextRegex } from '../test-support/regex-masking.js';
import { addressUri, MASK, maskUserPart, maskUserPartsInText } from './normalise-uri.js';
import { truncateChars, truncateUtf8 } from './normalise-text.js';

describe('addressUri', () => {
  it('takes the URI out of name-addr and drops header parameters', () => {
    expect(addressUri('<sip:496220911323@1und1.de>;tag=9B65E5B7F6111BC7')).toBe('sip:496220911323@1und1.de');
    expect(addressUri('"1000" <sip:1000@10.0.0.1>')).toBe('sip:1000@10.0.0.1');
    expect(addressUri('sip:918888888888@localhost;tag=abc')).toBe('sip:918888888888@localhost');
    expect(addressUri('sip:you@kamailio.org;transport=tcp')).toBe('sip:you@kamailio.org;transport=tcp');
    expect(addressUri('+12013800532')).toBe('+12013800532');
  });
});

describe('maskUserPart', () => {
  it('replaces the user part and keeps the host', () => {
    expect(maskUserPart('sip:+918866213320@sip.call.org')).toBe('sip:***@sip.call.org');
    expect(maskUserPart('sips:alice:secret@example.com;transport=tls')).toBe(
      'sips:***@example.com;transport=tls',
    );
    expect(maskUserPart('103@audiocodes.com')).toBe('***@audiocodes.com');
    expect(maskUserPart('tel:+4930123456;phone-context=example.com')).toBe(
      'tel:***;phone-context=example.com',
    );
  });

  it('masks bare numbers whole and leaves host-only URIs alone', () => {
    expect(maskUserPart('+12013800532')).toBe('***');
    expect(maskUserPart('sip:carrier.example.com')).toBe('sip:carrier.example.com');
  });
});

describe('maskUserPartsInText', () => {
  it('masks every user@host and tel: number in a line', () => {
    const line =
      'ACC: call ended: from=sip:918888888888@localhost;to=<sip:+918866213320@sip.call.org>;uri=sip:you@kamailio.org |103@audiocodes.com | tel:+4930123';
    expect(maskUserPartsInText(line)).toBe(
      'ACC: call ended: from=sip:***@localhost;to=<sip:***@sip.call.org>;uri=sip:***@kamailio.org |***@audiocodes.com | tel:***',
    );
  });

  it('leaves lines without user parts unchanged', () => {
    const line = 'Got SIP response 503 "Service Unavailable" back from 23.246.247.146:5060';
    expect(maskUserPartsInText(line)).toBe(line);
  });

  it('masks exactly as the former regular expression did (property)', () => {
    fc.assert(
      fc.property(maskingText, (text) => {
        expect(maskUserPartsInText(text)).toBe(maskUserPartsInTextRegex(text));
      }),
      { numRuns: 3000 },
    );
  });

  it('masks runs of separators and passwords the former expression read in quadratic time (property)', () => {
    // Sizes the reference still reads quickly; the 1 MiB case below is what it could not.
    fc.assert(
      fc.property(longMaskingText(4096), (text) => {
        expect(maskUserPartsInText(text)).toBe(maskUserPartsInTextRegex(text));
      }),
      { numRuns: 40 },
    );
  });

  it('masks a 1 MiB line of `a:a:a:…` ending in a user part', () => {
    const line = `${'a:'.repeat(512 * 1024)}@host`;
    expect(maskUserPartsInText(line)).toBe(`${MASK}@host`);
    const passwords = `${'sip:a:'.repeat(170_000)}x`;
    expect(maskUserPartsInText(passwords)).toBe(passwords);
    const many = 'to=sip:1@h;'.repeat(90_000);
    expect(maskUserPartsInText(many)).toBe(`to=sip:${MASK}@h;`.repeat(90_000));
  });
});

/** What user parts are made of and what ends them: schemes, separators, `@`, passwords, spaces. */
const MASK_PIECES = [
  'sip:',
  'SIPS:',
  'sips:',
  'tel:',
  'tel:+49(30)1-2.3',
  'alice',
  '+4930123',
  ':secret',
  '@',
  '@host',
  '@[2001:db8::1]',
  '@_',
  '@.',
  '<',
  '>',
  ':',
  '|',
  '=',
  ';',
  ',',
  '"',
  "'",
  '(',
  ')',
  '[',
  ']',
  '{',
  '}',
  ' ',
  '\t',
  '\n',
  '\u00a0',
  '\u2028',
  'a',
  '1',
  '.',
  '-',
] as const;

const maskingText = fc
  .array(fc.oneof(fc.constantFrom(...MASK_PIECES), fc.string({ maxLength: 2 })), { maxLength: 16 })
  .map((parts) => parts.join(''));

/** A head and a unit of pieces repeated to about `size` characters, then a tail. */
const longMaskingText = (size: number) =>
  fc
    .tuple(
      fc.array(fc.constantFrom(...MASK_PIECES), { maxLength: 3 }),
      fc.array(fc.constantFrom(...MASK_PIECES), { minLength: 1, maxLength: 3 }),
      fc.array(fc.constantFrom(...MASK_PIECES), { maxLength: 3 }),
    )
    .map(([head, unit, tail]) => {
      const piece = unit.join('');
      return head.join('') + piece.repeat(Math.ceil(size / piece.length)) + tail.join('');
    });

describe('truncation', () => {
  it('cuts UTF-8 on a character boundary', () => {
    expect(truncateUtf8('abcdef', 4)).toBe('abcd');
    expect(truncateUtf8('ééé', 5)).toBe('éé');
    expect(truncateUtf8('a😀b', 4)).toBe('a');
    expect(truncateUtf8('a😀b', 5)).toBe('a😀');
    expect(truncateUtf8('short', 2048)).toBe('short');
    expect(truncateUtf8('abc', 0)).toBe('');
  });

  it('cuts characters without leaving half a surrogate pair', () => {
    expect(truncateChars('ab😀', 3)).toBe('ab');
    expect(truncateChars('abc', 5)).toBe('abc');
  });
});
