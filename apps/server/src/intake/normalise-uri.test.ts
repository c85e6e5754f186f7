import { describe, expect, it } from 'vitest';
import { addressUri, maskUserPart, maskUserPartsInText } from './normalise-uri.js';
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
