import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { syslogFixture } from '../../../test/fixtures/load.js';
import type { SipEvent } from '@sipwatch/wire';
import { createNormaliser } from '../normalise.js';
import type { NormaliseResult } from '../normalise.js';
import { compileTrunkMap } from '../trunk-map.js';
import type { IntakeBatch } from '../intake.js';
import { createExtractorChain } from './extractors/index.js';
import { ingestLogLine, readLogLine } from './interpret.js';

const NOW = Date.UTC(2025, 5, 1, 10, 0, 0);
const chain = createExtractorChain();
const normalise = createNormaliser({
  futureSkewMs: 5000,
  rawMaxBytes: 4096,
  maskUserParts: false,
  trunks: compileTrunkMap([]),
});

/** A batch that only records what the line became (the real one also counts stats and feeds the sink). */
function recordingBatch() {
  const events: SipEvent[] = [];
  const unparsed: { host: string; line: string }[] = [];
  const rejected: string[] = [];
  const batch: IntakeBatch = {
    events,
    add: (input, meta) => {
      const r = normalise(input, meta);
      batch.record(r, meta.source.host);
      return r;
    },
    record: (r: NormaliseResult) => {
      if (r.ok) events.push(r.event);
      else rejected.push(r.rejection.field);
    },
    reject: () => {},
    unparsed: (host, line) => unparsed.push({ host, line }),
    commit: () => {},
  };
  return { batch, events, unparsed, rejected };
}

function ingest(line: string, peer = '192.0.2.10', withChain = chain) {
  const r = recordingBatch();
  ingestLogLine(r.batch, line, { channel: 'syslog', peer, receivedAt: NOW, chain: withChain, normalise });
  return r;
}

type Expected = Partial<SipEvent> | 'unparsed';

/** Every corpus line and what it must become. */
const CORPUS: Record<number, Expected> = {
  1: { code: 200, method: 'OPTIONS', scope: 'call', callId: '2xJd0KCt-P', ts: 1_504_783_013_000 },
  2: { code: 200, method: 'INVITE', scope: 'call', cseq: 1167, from: 'sip:496220911323@1und1.de' },
  3: { code: 486, method: 'INVITE', scope: 'call', callId: '1021733396@84.188.96.108' },
  4: 'unparsed',
  5: { code: 408, scope: 'transaction' },
  6: 'unparsed',
  7: { code: 408, reason: 'Request Timeout', method: 'INVITE', scope: 'call', callId: '182969767' },
  8: { code: 200, method: 'INVITE', scope: 'call', srcIp: '10.0.0.101', dstIp: '10.0.0.203' },
  9: { code: 408, scope: 'transaction' },
  10: 'unparsed',
  11: {
    code: 503,
    reason: 'Service Unavailable',
    scope: 'transaction',
    srcIp: '23.246.247.146',
    srcPort: 5060,
  },
  12: { code: 486, reason: 'Busy Here', srcIp: '54.172.60.3' },
  13: { code: 408, method: 'REGISTER', scope: 'transaction' },
  14: 'unparsed',
  15: 'unparsed',
  16: 'unparsed',
  17: 'unparsed',
  18: { code: 408, method: 'OPTIONS', trunk: 'test', scope: 'transaction' },
  19: 'unparsed',
  20: 'unparsed',
  21: { code: 480, reason: 'Temporarily Unavailable', method: 'INVITE' },
  22: 'unparsed',
  23: { code: 487, cancelled: true, method: 'INVITE', scope: 'call', from: '103@audiocodes.com' },
  24: { code: 200, method: 'INVITE', scope: 'call', to: '6001@10.33.45.80' },
};

const FORMATS: Record<number, string> = {
  1: 'acc',
  2: 'acc',
  3: 'acc',
  5: 'kv',
  7: 'acc',
  8: 'acc',
  9: 'kv',
  11: 'asterisk-chan-sip',
  12: 'asterisk-chan-sip',
  13: 'asterisk-pjsip',
  18: 'freeswitch-sofia',
  21: 'sofia-sip',
  23: 'audiocodes-cdr',
  24: 'audiocodes-cdr',
};

describe('the public corpus through the extractor chain', () => {
  for (const [n, expected] of Object.entries(CORPUS)) {
    const line = syslogFixture(Number(n));
    if (expected === 'unparsed') {
      it(`fixture ${n} yields no event and is kept as unparsed`, () => {
        const r = ingest(line);
        expect(r.events).toEqual([]);
        expect(r.rejected).toEqual([]);
        expect(r.unparsed).toHaveLength(1);
        expect(r.unparsed[0]!.line).toBe(line);
      });
    } else {
      it(`fixture ${n} yields one ${expected.code} event`, () => {
        const r = ingest(line);
        expect(r.unparsed).toEqual([]);
        expect(r.events).toHaveLength(1);
        expect(r.events[0]).toMatchObject({ ...expected, receivedAt: NOW, raw: line });
        expect(r.events[0]!.source).toMatchObject({ channel: 'syslog', format: FORMATS[Number(n)] });
      });
    }
  }

  it('names the host from the syslog header, else the peer address', () => {
    expect(ingest(syslogFixture(2)).events[0]!.source.host).toBe('sipproxy1');
    expect(ingest(syslogFixture(11), '198.51.100.4').events[0]!.source.host).toBe('198.51.100.4');
    expect(ingest(syslogFixture(4)).unparsed[0]!.host).toBe('proxy1');
  });

  it('takes a zoned RFC 5424 time as the event time when the message has none', () => {
    const line = '<134>1 2025-06-01T09:59:58.500Z sbc1 app - - - SIP/2.0 503 Service Unavailable';
    expect(ingest(line).events[0]).toMatchObject({ ts: NOW - 1500, code: 503, source: { host: 'sbc1' } });
  });

  it('drops an optional field that does not validate instead of the whole event', () => {
    const r = ingest('onreply rs=486 rm=INVITE/ACK sp=99999 ci=abc');
    expect(r.events).toHaveLength(1);
    expect(r.events[0]).toMatchObject({ code: 486, callId: 'abc' });
    expect(r.events[0]).not.toHaveProperty('method');
    expect(r.events[0]).not.toHaveProperty('srcPort');
  });

  it('rejects (not unparsed) a line whose extractor found a code the codes package refuses', () => {
    const loose = createExtractorChain([{ name: 'loose', pattern: 'result (?<code>\\S+)' }]);
    const r = ingest('call result 2OO', '192.0.2.10', loose);
    expect(r.events).toEqual([]);
    expect(r.unparsed).toEqual([]);
    expect(r.rejected).toEqual(['code']);
  });

  it('never throws on arbitrary input (property)', () => {
    const interesting = fc.constantFrom(
      'ACC:',
      'code=',
      'rs=',
      'SIP/2.0 ',
      '|CALL_END |SBC |',
      'Got SIP response ',
      'Ping failed ',
      '<134>1 ',
      '#012',
      ' ',
      ';',
      ',',
      '"',
      '486',
      '[',
      ']',
    );
    const line = fc.oneof(
      fc.string({ unit: 'binary' }),
      fc.array(fc.oneof(interesting, fc.string({ maxLength: 5 })), { maxLength: 30 }).map((p) => p.join('')),
    );
    fc.assert(
      fc.property(line, fc.string({ maxLength: 20 }), (text, peer) => {
        readLogLine(text, peer, chain);
        const r = ingest(text, peer);
        expect(r.events.length + r.unparsed.length + r.rejected.length).toBe(1);
      }),
      { numRuns: 3000 },
    );
  });
});
