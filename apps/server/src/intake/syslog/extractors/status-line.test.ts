import { describe, expect, it } from 'vitest';
import { parseSyslog } from '../header.js';
import { statusLineExtractor } from './status-line.js';

describe('statusLineExtractor', () => {
  it('finds a status line inside a one-line message', () => {
    expect(statusLineExtractor.extract('relayed reply SIP/2.0 503 Service Unavailable')).toEqual({
      code: 503,
      reason: 'Service Unavailable',
    });
    expect(statusLineExtractor.extract('SIP/2.0 180')).toEqual({ code: 180 });
  });

  it('reads Call-ID, CSeq, From and To when the whole response follows', () => {
    // An SBC message log as rsyslog relays it (#012 for line feeds), a 486 to an INVITE.
    const line =
      '<133>[S=1718544] ---- Outgoing SIP Message to 52.114.75.24:9024 ---- #012SIP/2.0 486 Busy Here#012Via: SIP/2.0/TLS 52.114.75.24:9024;branch=z9hG4bK1#012From: <sip:+4930123@sbc.example>;tag=a1#012To: <sip:+4940555@teams.example>;tag=b2#012Call-ID: 9f1c@52.114.75.24#012CSeq: 1 INVITE#012Content-Length: 0#012#012';
    expect(statusLineExtractor.extract(parseSyslog(line).message)).toEqual({
      code: 486,
      reason: 'Busy Here',
      from: '<sip:+4930123@sbc.example>;tag=a1',
      to: '<sip:+4940555@teams.example>;tag=b2',
      callId: '9f1c@52.114.75.24',
      cseq: '1',
      method: 'INVITE',
    });
  });

  it('does not read Via headers or request lines as responses', () => {
    expect(statusLineExtractor.extract('Via: SIP/2.0/UDP 10.0.0.1:5060')).toBeUndefined();
    expect(statusLineExtractor.extract('INVITE sip:bob@example.com SIP/2.0')).toBeUndefined();
    expect(statusLineExtractor.extract('SIP/2.0 999 Nope')).toBeUndefined();
    expect(statusLineExtractor.extract('SIP/2.0 2000 x')).toBeUndefined();
  });
});
