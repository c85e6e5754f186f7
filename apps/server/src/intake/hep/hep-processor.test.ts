import { T0 } from '@sipwatch/testing';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CallTimings } from '../../core/call-timing.js';
import { CallTracker } from '../../core/call-tracker.js';
import type { SipEvent } from '@sipwatch/wire';
import { SipEventSchema } from '@sipwatch/wire';
import { createNormaliser } from '../normalise.js';
import { eventSource } from '../normalise.js';
import { createExtractorChain } from '../syslog/extractors/index.js';
import { readLogLine } from '../syslog/interpret.js';
import { compileTrunkMap } from '../trunk-map.js';
import { HEP_PROTO } from '@sipwatch/hep';
import { createHepEventBuilder } from './hep-event.js';
import { encodeHep } from '@sipwatch/hep';
import type { HepPacketSpec } from '@sipwatch/hep';
import { HepProcessor } from './hep-processor.js';
import type { HepProcessorDeps } from './hep-processor.js';

const fixture = readFileSync(new URL('../../../test/fixtures/hep/hep3-synthetic-486.bin', import.meta.url));
const trunks = compileTrunkMap([{ name: 'carrier-x', cidrs: ['203.0.113.0/24'] }]);

/** The processor with the intake's event rules and extractor chain behind it, as in the shell. */
function processor(overrides: Partial<HepProcessorDeps> = {}, options: { mask?: boolean } = {}) {
  const deps: HepProcessorDeps = {
    tracker: new CallTracker(),
    timings: new CallTimings(),
    trunkOf: (src, dst) => trunks.lookup(src) ?? trunks.lookup(dst),
    rawMaxBytes: 2048,
    ...overrides,
  };
  const normaliseOptions = {
    futureSkewMs: 5000,
    rawMaxBytes: deps.rawMaxBytes,
    maskUserParts: options.mask ?? false,
    trunks,
  };
  const normalise = createNormaliser(normaliseOptions);
  const build = createHepEventBuilder(normaliseOptions);
  const chain = createExtractorChain();
  const p = new HepProcessor(deps);
  const run = (packets: Buffer[], peer: string, at: number) => {
    const events: SipEvent[] = [];
    const rejected: { host: string; reason: string }[] = [];
    const unparsed: { host: string; line: string }[] = [];
    const keep = (r: ReturnType<typeof normalise>) => {
      if (!r.ok) throw new Error(`normaliser refused ${r.rejection.field}: ${r.rejection.reason}`);
      events.push(r.event);
    };
    const tally = p.process(packets, peer, at, {
      response: (fields, meta) => keep(build(fields, meta)),
      logLine: (text, host, receivedAt) => {
        const reading = readLogLine(text, host, chain);
        if (reading.kind === 'unparsed') return unparsed.push({ host, line: text });
        keep(
          normalise(
            { ...reading.fields },
            {
              source: eventSource('hep', reading.format, reading.host),
              receivedAt,
              scope: 'transaction',
              raw: text,
            },
          ),
        );
      },
      reject: (host, reason) => rejected.push({ host, reason }),
      unparsed: (host, line) => unparsed.push({ host, line }),
    });
    return { events, rejected, unparsed, ...tally };
  };
  return { deps, run };
}

function sip(startLine: string, callId: string, cseq: string, toTag = ''): string {
  return [
    startLine,
    'Via: SIP/2.0/UDP 192.0.2.1:5060;branch=z9hG4bK1',
    'From: <sip:alice@example.com>;tag=f1',
    `To: <sip:+15550001111@carrier.example>${toTag}`,
    `Call-ID: ${callId}`,
    `CSeq: ${cseq}`,
    'Content-Length: 0',
    '',
    '',
  ].join('\r\n');
}

const carrierSide = { srcIp: '203.0.113.9', dstIp: '192.0.2.1', srcPort: 5060, dstPort: 5060 };
const toCarrier = { srcIp: '192.0.2.1', dstIp: '203.0.113.9', srcPort: 5060, dstPort: 5060 };
const pkt = (spec: Partial<HepPacketSpec> & Pick<HepPacketSpec, 'payload'>): Buffer =>
  encodeHep({ captureId: 2001, ...spec });

describe('HepProcessor', () => {
  it('turns the 486 fixture into one valid SipEvent, source host from the capture agent', () => {
    const { run } = processor();
    const batch = run([fixture], '10.9.9.9', T0);
    expect(batch.rejected).toEqual([]);
    expect(batch.events).toHaveLength(1);
    const e = batch.events[0]!;
    expect(SipEventSchema.parse(e)).toEqual(e);
    expect(e).toMatchObject({
      code: 486,
      reason: 'Busy Here',
      method: 'INVITE',
      cseq: 314159,
      callId: 'a84b4c76e66710@pc33.example.com',
      from: 'sip:alice@example.com',
      to: 'sip:bob@example.net',
      srcIp: '198.51.100.20',
      dstIp: '192.0.2.10',
      srcPort: 5060,
      scope: 'transaction',
      inDialog: false,
      source: { channel: 'hep', format: 'hep3-sip', host: '2001' },
      receivedAt: T0,
    });
    expect(e.ts).toBe(0x6553f100 * 1000 + 123);
    expect(e.raw).toMatch(/^SIP\/2\.0 486 Busy Here\r\nVia: .*Content-Length: 0$/s);
  });

  it('checks the auth key when one is configured', () => {
    expect(processor({ authKey: 'myHep' }).run([fixture], 'peer', T0).events).toHaveLength(1);
    const wrong = processor({ authKey: 'other' }).run([fixture], 'peer', T0);
    expect(wrong.events).toEqual([]);
    expect(wrong.rejected).toEqual([{ host: '2001', reason: 'hep-auth' }]);
    const none = processor({ authKey: 'myHep' }).run([pkt({ payload: 'SIP/2.0 200 OK\r\n' })], 'peer', T0);
    expect(none.rejected).toHaveLength(1);
  });

  it('keeps the good packets of a batch beside a broken one', () => {
    const broken = Buffer.from(fixture);
    broken.writeUInt16BE(9999, 4);
    const batch = processor().run([fixture, broken, fixture.subarray(0, 10)], 'peer', T0);
    expect(batch.events).toHaveLength(1);
    expect(batch.rejected).toEqual([
      { host: 'peer', reason: 'hep-invalid' },
      { host: 'peer', reason: 'hep-invalid' },
    ]);
  });

  it('tracks a call across packets: trunk, cancel, retransmission, timing', () => {
    const { run, deps } = processor();
    const out = (spec: Parameters<typeof pkt>[0], at: number) => run([pkt(spec)], 'peer', at).events;
    expect(
      out({ ...toCarrier, tsMs: T0, payload: sip('INVITE sip:x SIP/2.0', 'c1', '1 INVITE') }, T0),
    ).toEqual([]);
    const ringing = out(
      { ...carrierSide, tsMs: T0 + 1500, payload: sip('SIP/2.0 180 Ringing', 'c1', '1 INVITE', ';tag=t') },
      T0 + 1500,
    );
    expect(ringing[0]).toMatchObject({ code: 180, trunk: 'carrier-x', inDialog: false });
    out({ ...toCarrier, tsMs: T0 + 4000, payload: sip('CANCEL sip:x SIP/2.0', 'c1', '1 CANCEL') }, T0 + 4000);
    const terminated = out(
      {
        ...carrierSide,
        tsMs: T0 + 4100,
        payload: sip('SIP/2.0 487 Request Terminated', 'c1', '1 INVITE', ';tag=t'),
      },
      T0 + 4100,
    );
    expect(terminated[0]).toMatchObject({ code: 487, cancelled: true, inDialog: false });
    const again = run(
      [pkt({ ...carrierSide, payload: sip('SIP/2.0 487 Request Terminated', 'c1', '1 INVITE', ';tag=t') })],
      'peer',
      T0 + 4600,
    );
    expect(again.events).toEqual([]);
    expect(again.retransmissions).toBe(1);

    out({ ...toCarrier, tsMs: T0, payload: sip('INVITE sip:x SIP/2.0', 'c2', '1 INVITE') }, T0 + 5000);
    out(
      {
        ...carrierSide,
        tsMs: T0 + 2000,
        payload: sip('SIP/2.0 183 Session Progress', 'c2', '1 INVITE', ';tag=u'),
      },
      T0 + 5000,
    );
    out(
      { ...carrierSide, tsMs: T0 + 7000, payload: sip('SIP/2.0 200 OK', 'c2', '1 INVITE', ';tag=u') },
      T0 + 7000,
    );
    // PDD 1500 ms (c1, 180) and 2000 ms (c2, 183); setup only for c2, as c1 was abandoned.
    const rows = deps.timings.query({ from: T0 - 60_000, to: T0 + 60_000 });
    expect(rows).toEqual([
      {
        trunk: 'carrier-x',
        pdd: { p50: 1500, p95: 1950, count: 2 },
        setup: { p50: 7000, p95: 7000, count: 1 },
      },
    ]);
  });

  it('passes log lines (type 100) through the syslog extractors, one event per matching line', () => {
    const { run } = processor();
    const batch = run(
      [
        pkt({
          protoType: HEP_PROTO.log,
          nodeName: 'kam-1',
          payload: 'NOTICE: code=503 method=INVITE callid=abc\nnothing to see here\n',
        }),
      ],
      'peer',
      T0,
    );
    expect(batch.events).toHaveLength(1);
    expect(batch.events[0]).toMatchObject({
      code: 503,
      method: 'INVITE',
      callId: 'abc',
      scope: 'transaction',
      // The format names the extractor that read the line; the channel says it came over HEP.
      source: { channel: 'hep', format: 'kv', host: 'kam-1' },
      raw: 'NOTICE: code=503 method=INVITE callid=abc',
    });
    expect(batch.unparsed).toEqual([{ host: 'kam-1', line: 'nothing to see here' }]);
  });

  it('a HEP node name is a dimension name: control characters dropped, cut to 128 characters', () => {
    const { run } = processor();
    const node = `\u0007${'n'.repeat(60 * 1024)}`;
    const batch = run(
      [pkt({ protoType: HEP_PROTO.log, nodeName: node, payload: 'code=503 method=INVITE callid=n1\n' })],
      'peer',
      T0,
    );
    expect(batch.events[0]!.source.host).toBe(`${'n'.repeat(127)}…`);
  });

  it('cuts a log line longer than the syslog message limit, still reading its start', () => {
    const { run } = processor({ maxLogLineBytes: 100 });
    const long = `code=486 callid=long pad=${'x'.repeat(500)}`;
    const batch = run([pkt({ protoType: HEP_PROTO.log, payload: `${long}\nshort line` })], 'peer', T0);
    expect(batch.events).toMatchObject([{ code: 486, callId: 'long', raw: long.slice(0, 100) }]);
    expect(batch.unparsed.map((u) => u.line)).toEqual(['short line']);
  });

  it('masks From/To and the user parts in raw when masking is on', () => {
    const [e] = processor({}, { mask: true }).run([fixture], 'peer', T0).events;
    expect(e).toMatchObject({ from: 'sip:***@example.com', to: 'sip:***@example.net' });
    expect(e?.raw).toContain('From: <sip:***@example.com>;tag=1928301774');
    expect(e?.raw).not.toMatch(/alice|bob/);
  });

  it('keeps the headers, not the body, as raw, cut to the configured size', () => {
    const withBody = pkt({
      payload: 'SIP/2.0 200 OK\r\nCall-ID: b\r\nCSeq: 1 INVITE\r\n\r\nv=0\r\no=secret',
    });
    expect(processor().run([withBody], 'peer', T0).events[0]?.raw).toBe(
      'SIP/2.0 200 OK\r\nCall-ID: b\r\nCSeq: 1 INVITE',
    );
    const [e] = processor({ rawMaxBytes: 21 }).run([fixture], 'peer', T0).events;
    expect(e?.raw).toBe('SIP/2.0 486 Busy Here');
    expect(processor({ rawMaxBytes: 0 }).run([fixture], 'peer', T0).events[0]?.raw).toBeUndefined();
  });

  it('counts payloads that are not SIP as unparsed and ignores other protocols', () => {
    const batch = processor().run(
      [pkt({ payload: 'hello' }), pkt({ protoType: 5, payload: '{"rtcp":1}' })],
      'peer',
      T0,
    );
    expect(batch.events).toEqual([]);
    expect(batch.unparsed).toEqual([{ host: '2001', line: 'hello' }]);
    expect(batch.ignored).toBe(1);
  });
});
