import { describe, expect, it } from 'vitest';
import { syslogFixture } from '../../../../test/fixtures/load.js';
import { parseSyslog } from '../header.js';
import { freeswitchSofiaExtractor, sofiaNtaExtractor } from './freeswitch.js';

const message = (n: number) => parseSyslog(syslogFixture(n)).message;

describe('freeswitchSofiaExtractor', () => {
  it('reads a failed gateway ping as an OPTIONS outcome of that gateway (fixture 18)', () => {
    expect(freeswitchSofiaExtractor.extract(message(18))).toEqual({
      code: 408,
      method: 'OPTIONS',
      trunk: 'test',
    });
  });

  it('yields nothing for the sofia-internal 904 (fixture 19) but reads real registration codes', () => {
    expect(freeswitchSofiaExtractor.extract(message(19))).toBeNull();
    expect(
      freeswitchSofiaExtractor.extract(
        '[ERR] sofia_reg.c:2367 carrier-a Failed Registration with status Forbidden [403]. failure #2',
      ),
    ).toEqual({ code: 403, reason: 'Forbidden', method: 'REGISTER', trunk: 'carrier-a' });
  });

  it('claims lines that mention SIP causes without a reply as no event (fixtures 17, 20)', () => {
    expect(freeswitchSofiaExtractor.extract(message(17))).toBeNull();
    expect(freeswitchSofiaExtractor.extract(message(20))).toBeNull();
  });
});

describe('sofiaNtaExtractor', () => {
  it('reads the transaction layer line (fixture 21)', () => {
    expect(sofiaNtaExtractor.extract(message(21))).toEqual({
      code: 480,
      reason: 'Temporarily Unavailable',
      method: 'INVITE',
    });
  });
});
