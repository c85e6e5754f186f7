import { T0 } from '@sipwatch/testing';
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../clock.js';
import { CallTracker } from './call-tracker.js';
import type { TrackedRequest, TrackedResponse } from './call-tracker.js';

/** Drives a tracker the way the HEP intake does: event time = clock time unless told otherwise. */
function harness(options: ConstructorParameters<typeof CallTracker>[0] = {}) {
  const clock = new ManualClock(T0);
  const tracker = new CallTracker(options);
  return {
    clock,
    tracker,
    req(callId: string, method: string, cseq: number, hasToTag = false, extra: Partial<TrackedRequest> = {}) {
      tracker.request({ ts: clock.now(), callId, method, cseq, hasToTag, ...extra }, clock.now());
    },
    res(callId: string, code: number, method = 'INVITE', cseq = 1, extra: Partial<TrackedResponse> = {}) {
      return tracker.response({ ts: clock.now(), callId, code, method, cseq, ...extra }, clock.now());
    },
  };
}

describe('CallTracker', () => {
  it('takes the first final response to an initial INVITE as the call outcome, with PDD and setup time', () => {
    const h = harness();
    h.req('c1', 'INVITE', 1, false, { trunk: 'carrier-a' });
    h.clock.advance(50);
    expect(h.res('c1', 100)).toEqual({ inDialog: false, retransmission: false });
    h.clock.advance(1950);
    expect(h.res('c1', 180).outcome).toBeUndefined();
    h.clock.advance(8000);
    const v = h.res('c1', 200);
    expect(v.outcome).toEqual({
      callId: 'c1',
      code: 200,
      result: 'answered',
      ts: T0 + 10_000,
      trunk: 'carrier-a',
      pddMs: 2000,
      setupMs: 10_000,
    });
  });

  it('counts a retransmitted final response once', () => {
    const h = harness();
    h.req('c2', 'INVITE', 1);
    expect(h.res('c2', 486).outcome?.result).toBe('failed');
    h.clock.advance(500);
    const again = h.res('c2', 486);
    expect(again.retransmission).toBe(true);
    expect(again.outcome).toBeUndefined();
  });

  it("calls a 487 after the caller's CANCEL abandoned, and a 487 without CANCEL failed", () => {
    const h = harness();
    h.req('c3', 'INVITE', 1);
    h.res('c3', 180);
    h.req('c3', 'CANCEL', 1);
    h.res('c3', 200, 'CANCEL', 1);
    const v = h.res('c3', 487);
    expect(v.cancelled).toBe(true);
    expect(v.outcome?.result).toBe('abandoned');

    h.req('c4', 'INVITE', 1);
    const w = h.res('c4', 487);
    expect(w.cancelled).toBe(false);
    expect(w.outcome?.result).toBe('failed');

    // Only the reply seen: whether a CANCEL came is unknown.
    const onlyReply = h.res('c4b', 487);
    expect(onlyReply.cancelled).toBeUndefined();
    expect(onlyReply.outcome?.result).toBe('abandoned');
    expect(h.res('c4', 486, 'INVITE', 7).cancelled).toBeUndefined();
  });

  it('takes a 401/407 challenge for part of the attempt, not its outcome, timed from the first INVITE', () => {
    const h = harness();
    h.req('auth', 'INVITE', 1);
    h.clock.advance(20);
    const challenge = h.res('auth', 407, 'INVITE', 1);
    expect(challenge.outcome).toBeUndefined();
    expect(challenge.inDialog).toBe(false);
    h.req('auth', 'INVITE', 2);
    h.clock.advance(1000);
    const ok = h.res('auth', 200, 'INVITE', 2);
    expect(ok.inDialog).toBe(false);
    expect(ok.outcome).toMatchObject({ result: 'answered', setupMs: 1020 });

    // Responses only: the INVITE after the challenge is still taken as initial.
    expect(h.res('auth-2', 401, 'INVITE', 10).outcome).toBeUndefined();
    const retried = h.res('auth-2', 486, 'INVITE', 11);
    expect(retried.inDialog).toBe(false);
    expect(retried.outcome?.result).toBe('failed');
  });

  it('never takes a re-INVITE or another in-dialog request for an attempt', () => {
    const h = harness();
    h.req('c5', 'INVITE', 1);
    expect(h.res('c5', 200).outcome?.result).toBe('answered');
    h.clock.advance(60_000);
    h.req('c5', 'INVITE', 2, true);
    const reinvite = h.res('c5', 491, 'INVITE', 2);
    expect(reinvite).toEqual({ inDialog: true, retransmission: false });
    h.req('c5', 'BYE', 3, true);
    expect(h.res('c5', 200, 'BYE', 3)).toEqual({ inDialog: true, retransmission: false });
  });

  it('with responses only, takes the first INVITE CSeq seen as the initial one', () => {
    const h = harness();
    expect(h.res('c6', 180, 'INVITE', 101).inDialog).toBe(false);
    const final = h.res('c6', 200, 'INVITE', 101);
    expect(final.outcome).toMatchObject({ result: 'answered', code: 200 });
    // Without the INVITE there is no start time, hence no timing.
    expect(final.outcome?.setupMs).toBeUndefined();
    expect(h.res('c6', 200, 'INVITE', 102).inDialog).toBe(true);
    expect(h.res('other', 200, 'BYE', 5).inDialog).toBe(true);
    expect(h.res('other', 200, 'OPTIONS', 5).inDialog).toBeUndefined();
  });

  it('does not record an in-dialog request of a call it never saw', () => {
    const h = harness();
    h.req('unknown', 'BYE', 9, true);
    h.req('unknown', 'INVITE', 10, true);
    expect(h.tracker.size).toBe(0);
  });

  it('forgets a failed call after the linger time and an unanswered one after the pending timeout', () => {
    const h = harness({ lingerMs: 32_000, pendingTimeoutMs: 300_000, dialogTimeoutMs: 7_200_000 });
    h.req('failed', 'INVITE', 1);
    h.res('failed', 503);
    h.req('ringing', 'INVITE', 1);
    h.res('ringing', 180);
    h.req('answered', 'INVITE', 1);
    h.res('answered', 200);
    h.clock.advance(32_001);
    expect(h.tracker.sweep(h.clock.now())).toBe(1);
    h.clock.advance(300_000);
    expect(h.tracker.sweep(h.clock.now())).toBe(1);
    expect(h.tracker.stats.timedOut).toBe(1);
    expect(h.tracker.size).toBe(1);
    h.req('answered', 'BYE', 2, true);
    h.res('answered', 200, 'BYE', 2);
    h.clock.advance(32_001);
    expect(h.tracker.sweep(h.clock.now())).toBe(1);
    expect(h.tracker.size).toBe(0);
  });

  it('remembers the last five codes of a transaction and the last 32 transactions of a call', () => {
    const h = harness();
    h.req('c1', 'INVITE', 1);
    for (const code of [100, 180, 181, 182, 183]) expect(h.res('c1', code).retransmission).toBe(false);
    expect(h.res('c1', 183).retransmission).toBe(true);
    expect(h.res('c1', 100).retransmission).toBe(true);
    expect(h.res('c1', 200).retransmission).toBe(false);
    expect(h.res('c1', 200).retransmission).toBe(true);
    // 100 was the oldest of six codes: forgotten, so a late copy counts again.
    expect(h.res('c1', 100).retransmission).toBe(false);

    // OPTIONS with CSeq 2..33: the 33rd transaction pushes the oldest (the INVITE, CSeq 1) out.
    for (let cseq = 2; cseq <= 32; cseq++) h.res('c1', 200, 'OPTIONS', cseq);
    expect(h.res('c1', 200, 'INVITE', 1).retransmission).toBe(true);
    h.res('c1', 200, 'OPTIONS', 33);
    expect(h.res('c1', 200, 'OPTIONS', 2).retransmission).toBe(true);
    expect(h.res('c1', 200, 'INVITE', 1).retransmission).toBe(false);
  });

  it('holds at most maxCalls calls, evicting the least recently active', () => {
    const h = harness({ maxCalls: 100 });
    for (let i = 0; i < 250; i++) h.req(`call-${i}`, 'INVITE', 1);
    expect(h.tracker.size).toBe(100);
    expect(h.tracker.stats.evicted).toBe(150);
    // The newest calls survived: their outcome is still recognised.
    expect(h.res('call-249', 404).outcome?.result).toBe('failed');
  });
});
