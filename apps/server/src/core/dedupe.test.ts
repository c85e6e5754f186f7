import { describe, expect, it } from 'vitest';
import { sipEvent, T0 } from '@sipwatch/testing';
import { Dedupe } from './dedupe.js';

describe('Dedupe', () => {
  it('counts a retransmitted response once within the window', () => {
    const d = new Dedupe(32_000, 1000);
    const e = sipEvent({ code: 200, callId: 'x', cseq: 1 });
    expect(d.admit(e, T0)).toBe(true);
    expect(d.admit({ ...e, ts: e.ts + 500 }, T0 + 500)).toBe(false);
    expect(d.duplicates).toBe(1);
  });

  it('counts it again once the window has passed', () => {
    const d = new Dedupe(32_000, 1000);
    const e = sipEvent({ code: 200, callId: 'x', cseq: 1 });
    d.admit(e, T0);
    d.expire(T0 + 32_001);
    expect(d.admit(e, T0 + 32_001)).toBe(true);
  });

  it('tells apart responses that differ in code, CSeq, method or scope', () => {
    const d = new Dedupe(32_000, 1000);
    const base = sipEvent({ code: 487, callId: 'x', cseq: 1 });
    expect(d.admit(base, T0)).toBe(true);
    expect(d.admit({ ...base, code: 200 }, T0)).toBe(true);
    expect(d.admit({ ...base, cseq: 2 }, T0)).toBe(true);
    // The 200 to the CANCEL shares the INVITE's CSeq number.
    expect(d.admit({ ...base, code: 200, method: 'CANCEL' }, T0)).toBe(true);
    expect(d.admit({ ...base, scope: 'call' }, T0)).toBe(true);
    expect(d.admit({ ...base, callId: 'y' }, T0)).toBe(true);
    expect(d.duplicates).toBe(0);
  });

  it('lets events without a Call-ID through (nothing to match them by)', () => {
    const d = new Dedupe(32_000, 1000);
    const e = sipEvent({ code: 503 });
    expect(d.admit(e, T0)).toBe(true);
    expect(d.admit(e, T0)).toBe(true);
  });

  it('a window of 0 turns it off', () => {
    const d = new Dedupe(0, 1000);
    const e = sipEvent({ code: 200, callId: 'x' });
    expect(d.admit(e, T0)).toBe(true);
    expect(d.admit(e, T0)).toBe(true);
  });

  it('never holds more than maxEntries, forgetting the oldest first', () => {
    const d = new Dedupe(32_000, 100);
    for (let i = 0; i < 1000; i++) d.admit(sipEvent({ code: 200, callId: `c${i}` }), T0);
    expect(d.size).toBeLessThanOrEqual(100);
    expect(d.admit(sipEvent({ code: 200, callId: 'c999' }), T0)).toBe(false);
    expect(d.admit(sipEvent({ code: 200, callId: 'c0' }), T0)).toBe(true);
  });

  it('forgets entries as time passes: memory follows the window, not the traffic', () => {
    const d = new Dedupe(1000, 1_000_000);
    // 100 events per second for 60 seconds.
    for (let i = 0; i < 6000; i++) d.admit(sipEvent({ code: 200, callId: `c${i}` }), T0 + i * 10);
    expect(d.size).toBeLessThanOrEqual(200);
    d.expire(T0 + 60_000 + 2000);
    expect(d.size).toBe(0);
  });

  it('remembers every entry for the whole window, across generations', () => {
    const d = new Dedupe(1000, 1_000_000);
    for (let i = 0; i < 300; i++) {
      const now = T0 + i * 10;
      d.admit(sipEvent({ code: 200, callId: `c${i}` }), now);
      // The event of 900 ms ago is still known.
      if (i >= 90) expect(d.admit(sipEvent({ code: 200, callId: `c${i - 90}` }), now)).toBe(false);
    }
  });

  it('the window boundary: just inside is a duplicate, at the window it is new', () => {
    const d = new Dedupe(32_000, 1000);
    const e = sipEvent({ code: 200, callId: 'x', cseq: 1 });
    d.admit(e, T0);
    expect(d.admit(e, T0 + 31_900)).toBe(false);
    expect(new Dedupe(32_000, 1000).admit(e, T0)).toBe(true);
    const d2 = new Dedupe(32_000, 1000);
    d2.admit(e, T0);
    expect(d2.admit(e, T0 + 32_000)).toBe(true);
  });
});
