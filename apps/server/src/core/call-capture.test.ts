import { describe, expect, it } from 'vitest';
import { CallCapture } from './call-capture.js';
import type { CallCaptureOptions, CaptureOutcome } from './call-capture.js';

const OPTIONS: CallCaptureOptions = {
  failedPerMinute: 2,
  sampleShare: 0,
  maxMessagesPerCall: 4,
  maxPendingCalls: 100,
  maxPendingBytes: 1_000_000,
  pendingTimeoutMs: 300_000,
  lingerMs: 32_000,
  dialogTimeoutMs: 7_200_000,
  maxKeptCalls: 100,
};

const make = (over: Partial<CallCaptureOptions> = {}) => new CallCapture<string>({ ...OPTIONS, ...over });
const invite = (c: CallCapture<string>, callId: string, now: number, bytes = 10) =>
  c.message(callId, () => `${callId} INVITE`, bytes, true, false, now);
const msg = (c: CallCapture<string>, callId: string, text: string, now: number, ends = false) =>
  c.message(callId, () => `${callId} ${text}`, 10, false, ends, now);
/** The final response that is the call's outcome. */
const final = (
  c: CallCapture<string>,
  callId: string,
  now: number,
  result: CaptureOutcome['result'] = 'failed',
) =>
  c.message(
    callId,
    () => `${callId} final`,
    10,
    true,
    false,
    now,
    result,
    () => outcome(callId, result),
  );
const outcome = (callId: string, result: CaptureOutcome['result'] = 'failed'): CaptureOutcome => ({
  callId,
  code: result === 'answered' ? 200 : 503,
  result,
  source: 'proxy',
});

describe('CallCapture', () => {
  it('keeps failed calls up to the budget of each minute', () => {
    const c = make();
    for (const id of ['a', 'b', 'c']) {
      invite(c, id, 1000);
      final(c, id, 1000);
    }
    expect(c.take().calls.map((k) => k.outcome.callId)).toEqual(['a', 'b']);
    expect(c.stats.overBudget).toBe(1);
    invite(c, 'd', 60_000);
    final(c, 'd', 60_000);
    expect(c.take().calls.map((k) => k.outcome.callId)).toEqual(['d']);
  });

  it('keeps answered calls by the sampled share: none at 0, all at 1', () => {
    for (const [share, kept] of [
      [0, 0],
      [1, 10],
    ] as const) {
      const c = make({ sampleShare: share });
      for (let i = 0; i < 10; i++) {
        invite(c, `call-${i}`, 0);
        final(c, `call-${i}`, 0, 'answered');
      }
      expect(c.take().calls).toHaveLength(kept);
    }
  });

  it('samples about the share asked for, the same calls every time', () => {
    const pick = () => {
      const c = make({ sampleShare: 0.1 });
      for (let i = 0; i < 5000; i++) {
        invite(c, `call-${i}`, 0);
        final(c, `call-${i}`, 0, 'abandoned');
      }
      return c.take().calls.map((k) => k.outcome.callId);
    };
    const first = pick();
    expect(first.length).toBeGreaterThan(400);
    expect(first.length).toBeLessThan(600);
    expect(pick()).toEqual(first);
  });

  it('follows a kept call after its outcome until it has been quiet for the linger time', () => {
    const c = make({ maxMessagesPerCall: 10 });
    invite(c, 'a', 0);
    msg(c, 'a', '100', 10);
    final(c, 'a', 20);
    msg(c, 'a', 'ACK', 30);
    expect(c.take()).toEqual({
      calls: [{ outcome: outcome('a'), messages: ['a INVITE', 'a 100', 'a final'], truncated: false }],
      appends: [{ callId: 'a', from: 3, messages: ['a ACK'], truncated: false }],
    });
    c.sweep(30 + 31_999);
    msg(c, 'a', '503 again', 30_000);
    expect(c.take().appends).toEqual([{ callId: 'a', from: 4, messages: ['a 503 again'], truncated: false }]);
    c.sweep(30_000 + 32_000);
    msg(c, 'a', 'late', 70_000);
    expect(c.take().appends).toEqual([]);
    expect(c.size).toEqual({ pending: 0, following: 0 });
  });

  it('forgets calls that are not kept and messages that start nothing', () => {
    const c = make({ failedPerMinute: 0 });
    msg(c, 'x', 'OPTIONS', 0);
    invite(c, 'a', 0);
    final(c, 'a', 0);
    msg(c, 'a', 'ACK', 1);
    expect(c.take()).toEqual({ calls: [], appends: [] });
    expect(c.size).toEqual({ pending: 0, following: 0 });
  });

  it('cuts a call at maxMessagesPerCall, before and after its outcome, and says so', () => {
    const c = make({ maxMessagesPerCall: 3 });
    invite(c, 'a', 0);
    for (let i = 0; i < 4; i++) msg(c, 'a', `100 #${i}`, 1);
    final(c, 'a', 2);
    msg(c, 'a', 'ACK', 3);
    const batch = c.take();
    expect(batch.calls[0]!.messages).toEqual(['a INVITE', 'a 100 #0', 'a 100 #1']);
    expect(batch.calls[0]!.truncated).toBe(true);
    expect(batch.appends).toEqual([{ callId: 'a', from: 3, messages: [], truncated: true }]);
    // 100 #2, 100 #3, the final and the ACK.
    expect(c.stats.messagesTruncated).toBe(4);
  });

  it('bounds what waits for an outcome by calls and by bytes, dropping the oldest call', () => {
    const byCount = make({ maxPendingCalls: 2 });
    for (const id of ['a', 'b', 'c']) invite(byCount, id, 0);
    expect(byCount.size.pending).toBe(2);
    final(byCount, 'a', 0);
    final(byCount, 'c', 0);
    // The oldest call lost what it had waiting; its final response still makes it a kept call.
    expect(byCount.take().calls.map((k) => [k.outcome.callId, k.messages])).toEqual([
      ['a', ['a final']],
      ['c', ['c INVITE', 'c final']],
    ]);

    const byBytes = make({ maxPendingBytes: 250 });
    for (const id of ['a', 'b', 'c']) invite(byBytes, id, 0, 100);
    expect(byBytes.size.pending).toBe(2);
    expect(byBytes.stats.pendingDropped).toBe(1);
  });

  it('keeps a call seen only from its final response, and builds no message for a call not kept', () => {
    const c = make({ failedPerMinute: 1 });
    let built = 0;
    const counted = (callId: string) =>
      c.message(
        callId,
        () => `${callId} ${++built}`,
        10,
        true,
        false,
        0,
        'failed',
        () => outcome(callId),
      );
    counted('a');
    counted('b');
    expect(c.take().calls.map((k) => k.messages)).toEqual([['a 1']]);
    expect(built).toBe(1);
    expect(c.size.pending).toBe(0);
  });

  it('forgets a call with no outcome after the pending timeout', () => {
    const c = make();
    invite(c, 'a', 0);
    c.sweep(299_999);
    expect(c.size.pending).toBe(1);
    c.sweep(300_000);
    expect(c.size.pending).toBe(0);
  });

  it('keeps a call with no final response as failed once it has been quiet for pendingTimeoutMs, within the budget', () => {
    const c = make({ failedPerMinute: 1 });
    const unanswered = (callId: string) => (): CaptureOutcome => ({
      callId,
      code: undefined,
      result: 'failed',
      source: 'proxy',
    });
    for (const id of ['a', 'b']) {
      c.message(id, () => `${id} INVITE`, 10, true, false, 0, undefined, undefined, unanswered(id));
      msg(c, id, '180', 100);
    }
    // Without a describer, a call that waits is forgotten as before.
    invite(c, 'x', 0);
    c.sweep(299_999);
    expect(c.take().calls).toEqual([]);
    c.sweep(300_100);
    expect(c.take().calls).toEqual([
      {
        outcome: { callId: 'a', code: undefined, result: 'failed', source: 'proxy' },
        messages: ['a INVITE', 'a 180'],
        truncated: false,
      },
    ]);
    expect(c.stats).toMatchObject({ keptUnanswered: 1, overBudget: 1 });
    expect(c.size).toEqual({ pending: 0, following: 1 });
  });
});
