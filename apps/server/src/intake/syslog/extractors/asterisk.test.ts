import { describe, expect, it } from 'vitest';
import { syslogFixture } from '../../../../test/fixtures/load.js';
import { parseSyslog } from '../header.js';
import { asteriskChanSipExtractor, asteriskPjsipExtractor } from './asterisk.js';

const message = (n: number) => parseSyslog(syslogFixture(n)).message;

describe('asteriskChanSipExtractor', () => {
  it('reads "Got SIP response" from the file log and the console (fixtures 11, 12)', () => {
    expect(asteriskChanSipExtractor.extract(message(11))).toEqual({
      code: 503,
      reason: 'Service Unavailable',
      srcIp: '23.246.247.146',
      srcPort: '5060',
    });
    expect(asteriskChanSipExtractor.extract(message(12))).toEqual({
      code: 486,
      reason: 'Busy Here',
      srcIp: '54.172.60.3',
      srcPort: '5060',
    });
  });

  it('reads an IPv6 peer', () => {
    expect(
      asteriskChanSipExtractor.extract('-- Got SIP response 404 "Not Found" back from [2001:db8::7]:5060'),
    ).toMatchObject({ srcIp: '2001:db8::7', srcPort: '5060' });
  });

  it('claims security events as no event (fixture 14) and ignores other lines (15, 16)', () => {
    expect(asteriskChanSipExtractor.extract(message(14))).toBeNull();
    expect(asteriskChanSipExtractor.extract(message(15))).toBeUndefined();
    expect(asteriskChanSipExtractor.extract(message(16))).toBeUndefined();
  });
});

describe('asteriskPjsipExtractor', () => {
  it('reads the REGISTER response debug line (fixture 13)', () => {
    expect(asteriskPjsipExtractor.extract(message(13))).toEqual({ code: 408, method: 'REGISTER' });
  });

  it('reads the registration warnings (built from the format string in res_pjsip_outbound_registration.c)', () => {
    expect(
      asteriskPjsipExtractor.extract(
        "WARNING[1234]: res_pjsip_outbound_registration.c:1003 handle_registration_response: Fatal response '403' received from 'sip:sip.example.net' on registration attempt to 'sip:1000@sip.example.net', stopping outbound registration",
      ),
    ).toEqual({ code: 403, method: 'REGISTER' });
    expect(
      asteriskPjsipExtractor.extract(
        "Temporal response '503' received from 'sip:a' on registration attempt to 'sip:b', instructed to retry in '60'",
      ),
    ).toEqual({ code: 503, method: 'REGISTER' });
  });

  it('ignores the PJSIP auth failure line (fixture 16)', () => {
    expect(asteriskPjsipExtractor.extract(message(16))).toBeUndefined();
  });
});
