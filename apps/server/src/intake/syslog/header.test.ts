import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { syslogFixture } from '../../../test/fixtures/load.js';
import { parseSyslog, unescapeControls } from './header.js';

describe('parseSyslog', () => {
  it('reads RFC 5424 with structured data, a zoned time and a BOM', () => {
    const m = parseSyslog(
      '<134>1 2025-06-01T10:00:00.123+02:00 sbc1 kamailio 4242 ACC [meta x="a \\"]\\" b"][y@1 k="v"] \uFEFFACC: code=486\n',
    );
    expect(m).toEqual({
      format: 'rfc5424',
      pri: 134,
      ts: Date.UTC(2025, 5, 1, 8, 0, 0, 123),
      hostname: 'sbc1',
      appName: 'kamailio',
      procId: '4242',
      msgId: 'ACC',
      message: 'ACC: code=486',
    });
  });

  it('reads RFC 5424 with nil fields and no message', () => {
    expect(parseSyslog('<13>1 - - - - - -')).toEqual({ format: 'rfc5424', pri: 13, message: '' });
  });

  it('reads RFC 3164 with PRI, host and a path-like tag (fixture 02)', () => {
    const m = parseSyslog(syslogFixture(2));
    expect(m).toMatchObject({
      format: 'rfc3164',
      pri: 134,
      hostname: 'sipproxy1',
      appName: 'openser',
      procId: '25910',
    });
    expect(m.message.startsWith('ACC: transaction answered: method=INVITE,')).toBe(true);
    expect(m.ts).toBeUndefined();
  });

  it('reads RFC 3164 without PRI and with a single-digit day (fixtures 01, 15)', () => {
    expect(parseSyslog(syslogFixture(1))).toMatchObject({
      format: 'rfc3164',
      hostname: 'sip',
      appName: 'kamailio',
    });
    expect(parseSyslog(syslogFixture(15))).toMatchObject({
      hostname: 'localhost',
      appName: 'asterisk',
      procId: '32229',
      message: expect.stringMatching(/^NOTICE\[32257\]: chan_sip\.c/),
    });
  });

  it('reads the rsyslog high-precision form and keeps an unzoned time out of ts (fixture 17)', () => {
    const m = parseSyslog(syslogFixture(17));
    expect(m).toMatchObject({ format: 'rfc3164', hostname: 'www.srv.tld', appName: 'freeswitch' });
    expect(m.ts).toBeUndefined();
    expect(parseSyslog('2025-06-01T10:00:00Z h app: x').ts).toBe(Date.UTC(2025, 5, 1, 10));
  });

  it('does not take a bracketed word for a host (fixture 09)', () => {
    const m = parseSyslog(syslogFixture(9));
    expect(m.hostname).toBeUndefined();
    expect(m.message).toBe('[27073] DEBUG-T_FAILED1 rs=408');
  });

  it('reads the header-less <PRI> form of SBCs and undoes #012 escapes (fixture 22)', () => {
    const m = parseSyslog(syslogFixture(22));
    expect(m.format).toBe('pri');
    expect(m.pri).toBe(133);
    expect(m.message).toContain('---- \n [Time:19-12@12:45:02.514]');
    expect(unescapeControls('a#012b#011c#123')).toBe('a\nb\tc#123');
  });

  it('takes lines without any header as they are (fixtures 11, 18)', () => {
    expect(parseSyslog(syslogFixture(11))).toEqual({ format: 'none', message: syslogFixture(11) });
    expect(parseSyslog(syslogFixture(18)).format).toBe('none');
  });

  it('refuses PRI values beyond 191 as a header', () => {
    expect(parseSyslog('<999>hello')).toEqual({ format: 'none', message: '<999>hello' });
  });

  it('never throws on arbitrary input (property)', () => {
    const syslogish = fc.oneof(
      fc.string(),
      fc.string({ unit: 'binary' }),
      fc
        .tuple(
          fc.constantFrom('<13>', '<134>1 ', '<191>', ''),
          fc.string(),
          fc.constantFrom(' ', '[', ']', '"', '-'),
        )
        .map(([a, b, c]) => a + c + b + c),
    );
    fc.assert(
      fc.property(syslogish, (s) => {
        const m = parseSyslog(s);
        expect(typeof m.message).toBe('string');
      }),
      { numRuns: 2000 },
    );
  });
});
