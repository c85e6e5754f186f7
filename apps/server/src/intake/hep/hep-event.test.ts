import { T0 } from '@sipwatch/testing';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createNormaliser } from '../normalise.js';
import type { NormaliseOptions, SourceMeta } from '../normalise.js';
import { compileTrunkMap } from '../trunk-map.js';
import { createHepEventBuilder } from './hep-event.js';
import type { HepResponseFields } from './hep-event.js';

const options = (maskUserParts: boolean, rawMaxBytes = 300): NormaliseOptions => ({
  futureSkewMs: 5000,
  rawMaxBytes,
  maskUserParts,
  trunks: compileTrunkMap([
    { name: 'carrier-a', cidrs: ['203.0.113.0/24'] },
    { name: 'carrier-v6', cidrs: ['2001:db8::/32'] },
  ]),
});

const header = fc.oneof(
  fc.string({ maxLength: 80 }),
  fc.constantFrom(
    '"Alice" <sip:+4930123@example.com;user=phone>;tag=1',
    'sip:bob@example.net;tag=2',
    '<tel:+15551234567>',
    '  <sip:carol@[2001:db8::5]:5061;transport=tls>  ',
    '"A <B>" <sip:x@y>',
  ),
);

const fields: fc.Arbitrary<HepResponseFields> = fc.record(
  {
    code: fc.integer({ min: 100, max: 699 }),
    ts: fc.integer({ min: T0 - 86_400_000, max: T0 + 60_000 }),
    reason: fc.string({ maxLength: 300 }),
    method: fc.constantFrom('INVITE', 'BYE', 'REGISTER', 'X-CUSTOM_1'),
    callId: fc.oneof(fc.string({ maxLength: 300 }), fc.uuid()),
    cseq: fc.integer({ min: 0, max: 2 ** 31 - 1 }),
    inDialog: fc.boolean(),
    cancelled: fc.boolean(),
    from: header,
    to: header,
    srcIp: fc.oneof(fc.ipV4(), fc.ipV6(), fc.constant('203.0.113.7')),
    srcPort: fc.integer({ min: 0, max: 65535 }),
    dstIp: fc.oneof(fc.ipV4(), fc.constant('2001:db8::1')),
    dstPort: fc.integer({ min: 0, max: 65535 }),
  },
  { requiredKeys: ['code', 'ts'] },
);

const meta = (raw: string | undefined): SourceMeta => ({
  source: { channel: 'hep', format: 'hep3-sip', host: '2001' },
  receivedAt: T0,
  scope: 'transaction',
  ...(raw === undefined ? {} : { raw }),
});

describe('createHepEventBuilder', () => {
  it('gives exactly what the intake normaliser gives for the same fields', () => {
    fc.assert(
      fc.property(
        fields,
        fc.option(fc.string({ maxLength: 600 }), { nil: undefined }),
        fc.boolean(),
        (f, raw, mask) => {
          const opts = options(mask);
          expect(createHepEventBuilder(opts)(f, meta(raw))).toEqual(createNormaliser(opts)(f, meta(raw)));
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('masks, maps the trunk and clamps a future time like every channel', () => {
    const r = createHepEventBuilder(options(true))(
      {
        code: 486,
        ts: T0 + 3_600_000,
        from: '"Alice" <sip:+4930123@example.com>;tag=1',
        srcIp: '203.0.113.7',
        dstIp: '192.0.2.1',
      },
      meta('SIP/2.0 486 Busy Here\r\nFrom: "Alice" <sip:+4930123@example.com>;tag=1'),
    );
    expect(r).toMatchObject({
      ok: true,
      clamped: true,
      event: {
        ts: T0,
        from: 'sip:***@example.com',
        trunk: 'carrier-a',
        raw: 'SIP/2.0 486 Busy Here\r\nFrom: "Alice" <sip:***@example.com>;tag=1',
      },
    });
  });
});
