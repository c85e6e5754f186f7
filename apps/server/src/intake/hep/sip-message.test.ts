import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseSipMessage } from './sip-message.js';

const INVITE = [
  'INVITE sip:+15551234567@carrier.example.net;user=phone SIP/2.0',
  'Via: SIP/2.0/UDP 10.0.0.5:5060;branch=z9hG4bK-top;rport',
  'Via: SIP/2.0/UDP 10.0.0.9:5060;branch=z9hG4bK-second',
  'From: "Alice; the \\"boss\\"" <sip:alice@example.com;transport=udp>;tag=a1',
  'To: <sip:+15551234567@carrier.example.net;user=phone>',
  'Call-ID: abc123@10.0.0.5',
  'CSeq: 1 INVITE',
  'Content-Type: application/sdp',
  'Content-Length: 4',
  '',
  'v=0;',
].join('\r\n');

describe('parseSipMessage', () => {
  it('reads an initial INVITE: method, request-URI, Call-ID, CSeq, From/To and the top Via branch', () => {
    expect(parseSipMessage(Buffer.from(INVITE))).toEqual({
      kind: 'request',
      method: 'INVITE',
      requestUri: 'sip:+15551234567@carrier.example.net;user=phone',
      viaBranch: 'z9hG4bK-top',
      from: '"Alice; the \\"boss\\"" <sip:alice@example.com;transport=udp>;tag=a1',
      fromTag: 'a1',
      to: '<sip:+15551234567@carrier.example.net;user=phone>',
      callId: 'abc123@10.0.0.5',
      cseq: 1,
      cseqMethod: 'INVITE',
    });
  });

  it('reads a response: code and reason from the status line, the method from CSeq, the To tag', () => {
    const msg = parseSipMessage(
      'SIP/2.0 486 Busy Here\r\nv: SIP/2.0/UDP h;branch=z9hG4bKx\r\nf: sip:a@b;tag=1\r\n' +
        't: Bob <sip:bob@c>;tag=99\r\ni: cid-1\r\nCSeq:  7  invite\r\n\r\n',
    );
    expect(msg).toEqual({
      kind: 'response',
      code: 486,
      reason: 'Busy Here',
      viaBranch: 'z9hG4bKx',
      from: 'sip:a@b;tag=1',
      fromTag: '1',
      to: 'Bob <sip:bob@c>;tag=99',
      toTag: '99',
      callId: 'cid-1',
      cseq: 7,
      cseqMethod: 'INVITE',
    });
  });

  it('does not take a URI parameter named tag for the To tag', () => {
    const msg = parseSipMessage('BYE sip:x SIP/2.0\nTo: <sip:bob@c;tag=fake>\nCall-ID: z\nCSeq: 2 BYE\n\n');
    expect(msg?.toTag).toBeUndefined();
    expect(msg?.callId).toBe('z');
  });

  it('joins folded header lines and ignores the body', () => {
    const msg = parseSipMessage(
      'SIP/2.0 200 OK\r\nCall-ID:\r\n  folded-id\r\nCSeq: 3 BYE\r\n\r\nCall-ID: body\r\n',
    );
    expect(msg).toMatchObject({ callId: 'folded-id', cseq: 3, cseqMethod: 'BYE' });
  });

  it('takes only the first of each header and skips a CSeq it cannot read', () => {
    const msg = parseSipMessage(
      'SIP/2.0 200 OK\r\nCall-ID: one\r\nCall-ID: two\r\nCSeq: 99999999999 INVITE\r\nVia: a;branch=top\r\nVia: b;branch=low\r\n\r\n',
    );
    expect(msg).toEqual({ kind: 'response', code: 200, reason: 'OK', callId: 'one', viaBranch: 'top' });
    expect(parseSipMessage('SIP/2.0 200 OK\r\nCSeq: 1 IN/VITE\r\n\r\n')?.cseq).toBeUndefined();
  });

  it('returns undefined for anything that is not a SIP message', () => {
    expect(parseSipMessage('HTTP/1.1 200 OK\r\n\r\n')).toBeUndefined();
    expect(parseSipMessage('SIP/2.0 99 Too Low\r\n')).toBeUndefined();
    expect(parseSipMessage('hello world')).toBeUndefined();
    expect(parseSipMessage('')).toBeUndefined();
  });

  it('reads the headers after thousands of lines without a colon', () => {
    const junk = 'x\r\n'.repeat(6000);
    const msg = parseSipMessage(`SIP/2.0 486 Busy Here\r\n${junk}Call-ID: late\r\n\r\n`);
    // Past the 16 k characters read, the Call-ID is not seen; before them, it is.
    expect(msg).toMatchObject({ kind: 'response', code: 486 });
    expect(msg?.callId).toBeUndefined();
    expect(parseSipMessage(`SIP/2.0 486 Busy Here\r\n${'x\r\n'.repeat(4000)}i: early\r\n\r\n`)?.callId).toBe(
      'early',
    );
  });

  it('never throws on arbitrary text after a valid start line', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 400 }), fc.boolean(), (tail, request) => {
        const head = request ? 'OPTIONS sip:x SIP/2.0\r\n' : 'SIP/2.0 503 Service Unavailable\r\n';
        const msg = parseSipMessage(Buffer.from(head + tail));
        expect(msg?.kind).toBe(request ? 'request' : 'response');
      }),
      { numRuns: 1000 },
    );
  });
});
