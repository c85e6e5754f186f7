import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseStatusLine } from './index.js';

describe('parseStatusLine', () => {
  it.each([
    ['SIP/2.0 486 Busy Here', 486, 'Busy Here'],
    ['SIP/2.0 200 OK\r\n', 200, 'OK'],
    ['  SIP/2.0 503 Service Unavailable  \r\n', 503, 'Service Unavailable'],
    ['\r\n\r\nSIP/2.0 180 Ringing', 180, 'Ringing'],
    ['SIP/2.0 408 Request Timeout\r', 408, 'Request Timeout'],
    ['SIP/2.0\t404\tNot Found', 404, 'Not Found'],
    ['SIP/2.0  487  Request Terminated', 487, 'Request Terminated'],
    ['SIP/2.0 603 Décliné ✆', 603, 'Décliné ✆'],
    ['SIP/2.0 500', 500, ''],
    ['SIP/2.0 500 ', 500, ''],
    ['sip/2.0 486 Busy Here', 486, 'Busy Here'],
    ['SIP/2.0 499 Carrier Specific', 499, 'Carrier Specific'],
  ])('%j → %i %j', (line, code, reason) => {
    expect(parseStatusLine(line)).toEqual({ code, reason });
  });

  it('reads the status line of a whole response and ignores the headers', () => {
    const response =
      'SIP/2.0 486 Busy Here\r\nVia: SIP/2.0/UDP 10.0.0.1;branch=z9hG4bK1\r\nCSeq: 1 INVITE\r\n\r\n';
    expect(parseStatusLine(response)).toEqual({ code: 486, reason: 'Busy Here' });
  });

  it.each([
    ['SIP/1.0 486 Busy Here', 'another SIP version'],
    ['SIP/2.1 486 Busy Here', 'another SIP version'],
    ['SIP/2 486 Busy Here', 'a truncated version'],
    ['SIP/20 486 Busy Here', 'a mangled version'],
    ['HTTP/1.1 200 OK', 'HTTP'],
    ['SIP/2.0/UDP 486 Busy', 'a Via value'],
    ['486 Busy Here', 'no version'],
    ['XSIP/2.0 486 Busy Here', 'text before the version'],
    ['INVITE sip:bob@example.com SIP/2.0', 'a request line'],
    ['SIP/2.0 4860 Busy', 'a 4-digit code'],
    ['SIP/2.0 48 Busy', 'a 2-digit code'],
    ['SIP/2.0 486Busy Here', 'no space after the code'],
    ['SIP/2.0 700 Nope', 'a code above 699'],
    ['SIP/2.0 099 Nope', 'a code below 100'],
    ['SIP/2.0 486 Busy\u0000Here', 'a control character in the reason'],
    ['SIP/2.0 486 Busy\u001b[31mHere', 'an escape sequence in the reason'],
    ['', 'nothing'],
    ['\r\n', 'only a line ending'],
  ])('rejects %j (%s)', (line) => {
    expect(parseStatusLine(line)).toBeUndefined();
  });

  it('never throws and returns a code in 100-699 whenever it accepts', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string(),
          fc.string().map((s) => `SIP/2.0 ${s}`),
        ),
        (s) => {
          const parsed = parseStatusLine(s);
          if (parsed) {
            expect(parsed.code).toBeGreaterThanOrEqual(100);
            expect(parsed.code).toBeLessThanOrEqual(699);
            expect(parsed.reason).not.toMatch(/[\r\n]/);
          }
        },
      ),
    );
  });

  it('round-trips any code and printable reason it is given', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 100, max: 699 }),
        fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9 ./()-]{0,40}[A-Za-z0-9)]$/),
        (code, reason) => {
          expect(parseStatusLine(`SIP/2.0 ${code} ${reason}\r\n`)).toEqual({ code, reason });
        },
      ),
    );
  });
});
