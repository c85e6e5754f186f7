import { describe, expect, it } from 'vitest';
import { createNormaliser, eventSource } from './normalise.js';
import type { SourceMeta } from './normalise.js';
import { compileTrunkMap } from './trunk-map.js';

const NOW = Date.UTC(2025, 5, 1, 10, 0, 0);
const trunks = compileTrunkMap([{ name: 'carrier-a', cidrs: ['203.0.113.0/24', '2001:db8::/32'] }]);
const normalise = createNormaliser({ futureSkewMs: 5000, rawMaxBytes: 32, maskUserParts: false, trunks });
const meta: SourceMeta = {
  source: eventSource('http', 'json', '10.0.0.1'),
  receivedAt: NOW,
  scope: 'transaction',
};

function ok(input: unknown, m: SourceMeta = meta) {
  const r = normalise(input, m);
  if (!r.ok) throw new Error(`rejected: ${r.rejection.field}: ${r.rejection.reason}`);
  return r;
}

function rejection(input: unknown) {
  const r = normalise(input, meta);
  if (r.ok) throw new Error('accepted');
  return r.rejection;
}

describe('normalise', () => {
  it('fills ts and receivedAt with the arrival time and keeps the source', () => {
    expect(ok({ code: 486 }).event).toEqual({
      ts: NOW,
      receivedAt: NOW,
      code: 486,
      scope: 'transaction',
      source: { channel: 'http', format: 'json', host: '10.0.0.1' },
    });
  });

  it('accepts codes as numbers or numeric strings and refuses out-of-range or non-numeric codes', () => {
    expect(ok({ code: '503' }).event.code).toBe(503);
    expect(ok({ code: ' 180 ' }).event.code).toBe(180);
    // The reasons come from @sipwatch/codes; they name the value that was refused.
    expect(rejection({ code: 99 })).toMatchObject({
      field: 'code',
      reason: expect.stringMatching(/100.*699.*99/),
    });
    expect(rejection({ code: 700 })).toMatchObject({ field: 'code', reason: expect.stringMatching(/700/) });
    expect(rejection({ code: '2OO' })).toMatchObject({ field: 'code', reason: expect.stringMatching(/2OO/) });
    expect(rejection({ code: 200.5 })).toMatchObject({
      field: 'code',
      reason: expect.stringMatching(/integer/),
    });
    expect(rejection({ code: true })).toMatchObject({
      field: 'code',
      reason: expect.stringMatching(/boolean/),
    });
    expect(rejection({ reason: 'Busy' })).toEqual({
      field: 'code',
      reason: 'required: a SIP response code (100-699)',
    });
  });

  it('refuses items that are not objects', () => {
    expect(rejection(42)).toEqual({ field: '(item)', reason: 'expected a JSON object' });
    expect(rejection([{ code: 200 }]).field).toBe('(item)');
    expect(rejection(null).field).toBe('(item)');
  });

  it('reads ts as epoch ms, seconds or ISO, and clamps the far future to the arrival time', () => {
    expect(ok({ code: 200, ts: NOW - 1000 }).event.ts).toBe(NOW - 1000);
    expect(ok({ code: 200, ts: (NOW - 2000) / 1000 }).event.ts).toBe(NOW - 2000);
    expect(ok({ code: 200, ts: new Date(NOW - 3000).toISOString() }).event.ts).toBe(NOW - 3000);
    expect(ok({ code: 200, ts: NOW + 4000 })).toMatchObject({ event: { ts: NOW + 4000 }, clamped: false });
    expect(ok({ code: 200, ts: NOW + 3_600_000 })).toMatchObject({ event: { ts: NOW }, clamped: true });
    expect(rejection({ code: 200, ts: 'soon' }).field).toBe('ts');
    expect(rejection({ code: 200, ts: {} }).field).toBe('ts');
  });

  it('names the field and the reason for wrong types', () => {
    expect(rejection({ code: 200, srcPort: 70000 })).toMatchObject({ field: 'srcPort' });
    expect(rejection({ code: 200, method: 'IN VITE' })).toMatchObject({ field: 'method' });
    expect(rejection({ code: 200, scope: 'dialog' })).toMatchObject({ field: 'scope' });
    expect(rejection({ code: 200, cancelled: 'maybe' })).toMatchObject({ field: 'cancelled' });
    expect(rejection({ code: 200, reason: { a: 1 } })).toMatchObject({ field: 'reason' });
  });

  it('normalises the optional fields', () => {
    const { event } = ok(
      {
        code: '487',
        reason: ' Request Terminated ',
        method: 'invite',
        scope: 'call',
        callId: 1021733396,
        cseq: '21 INVITE',
        cancelled: true,
        from: '"Bob" <sip:496220911323@1und1.de>;tag=9B65',
        to: 'sip:491379404040@1und1.de;tag=3875',
        srcIp: '[2001:db8::5]',
        srcPort: '5060',
        dstIp: '10.0.0.9',
        direction: 'outbound-api',
        unknownField: 'dropped',
        raw: 'x'.repeat(40),
      },
      { ...meta, scope: 'transaction' },
    );
    expect(event).toEqual({
      ts: NOW,
      receivedAt: NOW,
      code: 487,
      reason: 'Request Terminated',
      method: 'INVITE',
      scope: 'call',
      callId: '1021733396',
      cseq: 21,
      cancelled: true,
      from: 'sip:496220911323@1und1.de',
      to: 'sip:491379404040@1und1.de',
      srcIp: '2001:db8::5',
      srcPort: 5060,
      dstIp: '10.0.0.9',
      trunk: 'carrier-a',
      direction: 'outbound',
      source: meta.source,
      raw: 'x'.repeat(32),
    });
  });

  it('takes scope, method and raw defaults from the source when the item is silent', () => {
    const { event } = ok({ code: 200 }, { ...meta, scope: 'call', method: 'INVITE', raw: 'the line' });
    expect(event).toMatchObject({ scope: 'call', method: 'INVITE', raw: 'the line' });
  });

  it('maps the trunk from srcIp, then dstIp, unless the item names one', () => {
    expect(ok({ code: 200, srcIp: '203.0.113.5' }).event.trunk).toBe('carrier-a');
    expect(ok({ code: 200, srcIp: '192.0.2.1', dstIp: '203.0.113.5' }).event.trunk).toBe('carrier-a');
    expect(ok({ code: 200, srcIp: '203.0.113.5', trunk: 'named' }).event.trunk).toBe('named');
    expect(ok({ code: 200, srcIp: '192.0.2.1' }).event.trunk).toBeUndefined();
  });

  it('treats null and empty strings as absent', () => {
    const { event } = ok({ code: 200, callId: '', reason: null, ts: null, from: '  ' });
    expect(event).not.toHaveProperty('callId');
    expect(event).not.toHaveProperty('reason');
    expect(event).not.toHaveProperty('from');
    expect(event.ts).toBe(NOW);
  });

  it('masks user parts of From/To and inside raw when configured', () => {
    const masking = createNormaliser({ futureSkewMs: 0, rawMaxBytes: 2048, maskUserParts: true, trunks });
    const r = masking(
      { code: 200, from: '<sip:+4930123@carrier>;tag=1', to: '+12013800532' },
      { ...meta, raw: 'from=sip:+4930123@carrier to=+12013800532' },
    );
    expect(r.ok && r.event).toMatchObject({
      from: 'sip:***@carrier',
      to: '***',
      raw: 'from=sip:***@carrier to=+12013800532',
    });
  });

  it('drops raw entirely when rawMaxBytes is 0', () => {
    const noRaw = createNormaliser({ futureSkewMs: 0, rawMaxBytes: 0, maskUserParts: false, trunks });
    const r = noRaw({ code: 200 }, { ...meta, raw: 'line' });
    expect(r.ok && r.event).not.toHaveProperty('raw');
  });
});
