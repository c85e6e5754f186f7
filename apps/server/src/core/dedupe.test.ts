import { describe, expect, it } from 'vitest';
import { sipEvent } from '../test-support/sip-events.js';
import { Dedupe } from './dedupe.js';

const T0 = 1_700_000_000_000;

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
    expect(d.size).toBe(100);
    expect(d.admit(sipEvent({ code: 200, callId: 'c999' }), T0)).toBe(false);
    expect(d.admit(sipEvent({ code: 200, callId: 'c0' }), T0)).toBe(true);
  });

  it('expiry frees memory as time passes', () => {
    const d = new Dedupe(1000, 10_000);
    for (let i = 0; i < 500; i++) d.admit(sipEvent({ code: 200, callId: `c${i}` }), T0 + i);
    d.expire(T0 + 1250);
    expect(d.size).toBe(500 - 250);
  });
});
