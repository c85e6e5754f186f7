import { T0 } from '@sipwatch/testing';
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../clock.js';
import { CallTracker } from '../core/call-tracker.js';
import type { CallOutcome } from '../core/call-tracker.js';
import { parseSipMessage } from '../intake/hep/sip-message.js';
import { scheduleExchange } from './hep-call.js';
import { DemoPlan, prng } from './plan.js';
import type { DemoEvent } from './plan.js';
import { DEMO_TRUNKS } from './traffic.js';

/** Two minutes of the plan (an incident included), grouped into exchanges. */
function exchanges(): DemoEvent[][] {
  const clock = new ManualClock(T0);
  const plan = new DemoPlan({ startedAt: T0, rate: 100, seed: 11, firstIncidentMs: 30_000 });
  const byCall = new Map<string, DemoEvent[]>();
  for (let t = 0; t < 120_000; t += 250) {
    clock.advance(250);
    for (const e of plan.due(clock.now())) byCall.set(e.callId, [...(byCall.get(e.callId) ?? []), e]);
  }
  return [...byCall.values()];
}

/** Feeds a schedule through sipwatch's own SIP parser and call tracker, as the HEP intake does. */
function track(list: DemoEvent[][]): { outcomes: Map<string, CallOutcome>; unparsed: number } {
  const tracker = new CallTracker();
  const random = prng(5);
  const outcomes = new Map<string, CallOutcome>();
  let unparsed = 0;
  list.forEach((exchange, i) => {
    const start = T0 + i * 10;
    for (const sip of scheduleExchange(exchange, random)) {
      const ts = start + sip.atMs;
      const msg = parseSipMessage(sip.payload);
      if (!msg || msg.callId === undefined || msg.cseq === undefined || msg.cseqMethod === undefined) {
        unparsed++;
        continue;
      }
      if (msg.kind === 'request') {
        tracker.request(
          { ts, callId: msg.callId, method: msg.method, cseq: msg.cseq, hasToTag: msg.toTag !== undefined },
          ts,
        );
      } else {
        const v = tracker.response(
          { ts, callId: msg.callId, code: msg.code, method: msg.cseqMethod, cseq: msg.cseq },
          ts,
        );
        if (v.outcome) outcomes.set(msg.callId, v.outcome);
      }
    }
  });
  return { outcomes, unparsed };
}

describe('the demo calls as a HEP capture sees them', () => {
  const list = exchanges();
  const calls = list.filter((x) => x[0]!.method === 'INVITE');
  const { outcomes, unparsed } = track(list);

  it('are SIP that sipwatch reads, one outcome per call with the plan final', () => {
    expect(unparsed).toBe(0);
    expect(calls.length).toBeGreaterThan(500);
    expect(outcomes.size).toBe(calls.length);
    for (const call of calls) {
      const final = call.find((e) => e.method === 'INVITE' && e.code >= 200 && e.code !== 407)!;
      expect(outcomes.get(call[0]!.callId)?.code).toBe(final.code);
    }
    // A 487 follows the caller's CANCEL: abandoned, not failed.
    const cancelled = [...outcomes.values()].filter((o) => o.code === 487);
    expect(cancelled.length).toBeGreaterThan(0);
    expect(cancelled.every((o) => o.result === 'abandoned')).toBe(true);
  });

  it('ring after their trunk’s post-dial delay and are answered after some ringing', () => {
    let rang = 0;
    for (const call of calls) {
      const trunk = DEMO_TRUNKS.find((t) => t.name === call[0]!.trunk)!;
      const o = outcomes.get(call[0]!.callId)!;
      // Timed from the first INVITE, so a challenge adds its 60 ms.
      expect(o.setupMs).toBeGreaterThan(0);
      if (o.pddMs === undefined) continue;
      rang++;
      expect(o.pddMs).toBeGreaterThanOrEqual(trunk.pddMs[0]);
      expect(o.pddMs).toBeLessThanOrEqual(trunk.pddMs[1] + 60);
      if (o.result === 'answered') expect(o.setupMs!).toBeGreaterThanOrEqual(o.pddMs + 2_000);
    }
    expect(rang).toBeGreaterThan(calls.length / 2);
  });
});
