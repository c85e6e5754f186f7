import { describe, expect, it } from 'vitest';
import { syslogFixture } from '../../../../test/fixtures/load.js';
import { audiocodesCdrExtractor, parseCdrTime } from './audiocodes.js';

describe('audiocodesCdrExtractor', () => {
  it('reads a cancelled call as 487, cancelled (fixture 23)', () => {
    expect(audiocodesCdrExtractor.extract(syslogFixture(23))).toEqual({
      code: 487,
      reason: 'Request Terminated',
      cancelled: true,
      method: 'INVITE',
      scope: 'call',
      callId: '170369730753201211288@10.132.10.245',
      srcIp: '10.132.10.245',
      srcPort: '5060',
      dstIp: '10.132.10.250',
      dstPort: '5070',
      from: '103@audiocodes.com',
      to: '101@10.132.10.250',
      ts: Date.UTC(2012, 2, 2, 6, 14, 1, 175),
    });
  });

  it('reads a call cleared by BYE as answered, 200 (fixture 24)', () => {
    expect(audiocodesCdrExtractor.extract(syslogFixture(24))).toMatchObject({
      code: 200,
      scope: 'call',
      callId: '20767593291410201017029@10.33.45.80',
      ts: Date.UTC(2014, 9, 14, 17, 1, 4, 953),
    });
  });

  it('takes a numeric SIPTrmReason as the code and the IP Group name as the trunk', () => {
    const line = syslogFixture(23)
      .replace('|2 () |', '|2 (ITSP-A) |')
      .replace(/\|CANCEL$/, '|486');
    expect(audiocodesCdrExtractor.extract(line)).toMatchObject({ code: 486, trunk: 'ITSP-A' });
    expect(audiocodesCdrExtractor.extract(line)).not.toHaveProperty('cancelled');
  });

  it('yields nothing for records without a SIP outcome, cut records and other endpoint types', () => {
    expect(audiocodesCdrExtractor.extract(syslogFixture(23).replace(/\|CANCEL$/, '|'))).toBeNull();
    expect(audiocodesCdrExtractor.extract('[S=3] |CALL_END |SBC |abc@h |0 |RMT')).toBeNull();
    expect(audiocodesCdrExtractor.extract(syslogFixture(23).replace('|SBC |', '|GW |'))).toBeNull();
    expect(audiocodesCdrExtractor.extract(syslogFixture(22))).toBeUndefined();
  });
});

describe('parseCdrTime', () => {
  it('reads UTC times and leaves other zones alone', () => {
    expect(parseCdrTime('06:13:54.950 UTC Thu Mar 02 2012')).toBe(Date.UTC(2012, 2, 2, 6, 13, 54, 950));
    expect(parseCdrTime('06:13:54.950 IST Thu Mar 02 2012')).toBeUndefined();
    expect(parseCdrTime('')).toBeUndefined();
  });
});
