import { describe, expect, it } from 'vitest';
import { syslogFixture } from '../../../../test/fixtures/load.js';
import { parseSyslog } from '../header.js';
import { accExtractor, keyValueExtractor, parseKeyValues } from './kv.js';

const message = (n: number) => parseSyslog(syslogFixture(n)).message;

describe('parseKeyValues', () => {
  it('splits the ";" form, keeping values with spaces and empty values', () => {
    const kv = parseKeyValues('a=1;reason=Request Timeout;to_tag=;x="quoted; value"');
    expect(Object.fromEntries(kv)).toEqual({
      a: '1',
      reason: 'Request Timeout',
      to_tag: '',
      x: 'quoted; value',
    });
  });

  it('splits the ", " form and whitespace-separated xlog pairs with $ keys', () => {
    expect(
      Object.fromEntries(parseKeyValues('method=INVITE, code=200, ua=AVM FRITZ!Box (UI), target=pstn')),
    ).toEqual({ method: 'INVITE', code: '200', ua: 'AVM FRITZ!Box (UI)', target: 'pstn' });
    expect(Object.fromEntries(parseKeyValues('reply $rs=404 $rr=Not Found $ci=abc@h'))).toEqual({
      rs: '404',
      rr: 'Not Found',
      ci: 'abc@h',
    });
  });
});

describe('accExtractor', () => {
  it('reads a Kamailio acc line (fixture 01)', () => {
    expect(accExtractor.extract(message(1))).toEqual({
      code: 200,
      scope: 'call',
      reason: 'OK',
      method: 'OPTIONS',
      callId: '2xJd0KCt-P',
      from: 'sip:918888888888@localhost',
      to: '<sip:+918866213320@sip.call.org>',
      srcIp: '1.0.0.127',
      ts: '1504783013',
    });
  });

  it('reads the OpenSER comma form with name-addr From/To and CSeq (fixtures 02, 03)', () => {
    expect(accExtractor.extract(message(2))).toEqual({
      code: 200,
      scope: 'call',
      method: 'INVITE',
      callId: '7E63292EE55C28E6@91.7.39.166',
      from: '<sip:496220911323@1und1.de>',
      to: '<sip:491379404040@1und1.de>',
      cseq: '1167',
    });
    expect(accExtractor.extract(message(3))).toMatchObject({ code: 486, method: 'INVITE', cseq: '21' });
  });

  it('reads OpenSIPS "call missed" and "call ended" records (fixtures 07, 08)', () => {
    expect(accExtractor.extract(message(7))).toEqual({
      code: 408,
      scope: 'call',
      reason: 'Request Timeout',
      method: 'INVITE',
      callId: '182969767',
      ts: '1474637733',
    });
    expect(accExtractor.extract(message(8))).toEqual({
      code: 200,
      scope: 'call',
      reason: 'OK',
      method: 'INVITE',
      callId: '604787970',
      srcIp: '10.0.0.101',
      dstIp: '10.0.0.203',
    });
  });

  it('assumes INVITE only for records that say "call"', () => {
    expect(accExtractor.extract('ACC: call missed: code=486')).toMatchObject({ method: 'INVITE' });
    expect(accExtractor.extract('ACC: transaction answered: code=200')).not.toHaveProperty('method');
  });

  it('claims an ACC line without a code as no event and ignores other lines', () => {
    expect(accExtractor.extract('ACC: call ended: created=1;duration=5')).toBeNull();
    expect(accExtractor.extract(message(11))).toBeUndefined();
  });
});

describe('keyValueExtractor', () => {
  it('reads $rs-style xlog lines (fixture 09)', () => {
    expect(keyValueExtractor.extract(message(9))).toEqual({ code: 408 });
    expect(
      keyValueExtractor.extract('onreply rs=486 rr=Busy Here rm=INVITE ci=a1@b si=203.0.113.5 sp=5060'),
    ).toEqual({
      code: 486,
      reason: 'Busy Here',
      method: 'INVITE',
      callId: 'a1@b',
      srcIp: '203.0.113.5',
      srcPort: '5060',
    });
  });

  it('reads "code: NNN" in a line about SIP (fixture 05)', () => {
    expect(keyValueExtractor.extract(message(5))).toEqual({ code: 408 });
  });

  it('takes code=/status= only next to other SIP fields or in a line about SIP', () => {
    expect(keyValueExtractor.extract('status=503 method=INVITE')).toEqual({ code: 503, method: 'INVITE' });
    expect(keyValueExtractor.extract('SIP reply code=480')).toEqual({ code: 480 });
    expect(keyValueExtractor.extract('GET /index.html status=200 bytes=512')).toBeUndefined();
    expect(keyValueExtractor.extract('gateway state status=DOWN method=OPTIONS')).toBeUndefined();
  });

  it('finds nothing in lines that carry no code (fixtures 04, 06, 10, 14)', () => {
    for (const n of [4, 6, 10, 14]) expect(keyValueExtractor.extract(message(n))).toBeUndefined();
  });

  it('keeps only epoch timestamps', () => {
    expect(keyValueExtractor.extract('sip_code=200 timestamp=yesterday')).toEqual({ code: 200 });
    expect(keyValueExtractor.extract('sip_code=200 timestamp=1700000000.5')).toEqual({
      code: 200,
      ts: '1700000000.5',
    });
  });
});
