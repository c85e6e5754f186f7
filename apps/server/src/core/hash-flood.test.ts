import { describe, expect, it } from 'vitest';
import { craftedCallIds, legacyDedupeKey, legacySlot } from '../test-support/crafted-call-ids.js';
import { sipEvent, T0 } from '@sipwatch/testing';
import { CallTracker } from './call-tracker.js';
import { Dedupe } from './dedupe.js';
import type { HashSeed } from './hash53.js';

const SEED: HashSeed = [0x2545f491, 0x9e3779b9];
const crafted = craftedCallIds(200_000);

describe('Call-IDs chosen against the former fixed hash', () => {
  it('are 200,000 distinct ones that all crowd the first 8,192 slots of the former dedupe table', () => {
    expect(new Set(crafted).size).toBe(200_000);
    expect(crafted.every((id) => legacySlot(legacyDedupeKey(id), 0x7ffff) < 8192)).toBe(true);
  });

  it('are each admitted once by the dedupe table, and their retransmissions each dropped', () => {
    const d = new Dedupe(32_000, 1_000_000, SEED);
    const events = crafted.map((callId) => sipEvent({ code: 486, callId, cseq: 1, method: 'INVITE' }));
    expect(events.filter((e) => d.admit(e, T0)).length).toBe(200_000);
    expect(events.filter((e) => d.admit(e, T0 + 500)).length).toBe(0);
    expect(d.duplicates).toBe(200_000);
  });

  it('are each tracked as a call of their own, with the outcome of their own INVITE', () => {
    const tracker = new CallTracker({ maxCalls: 250_000, hashSeed: SEED });
    let outcomes = 0;
    crafted.forEach((callId, i) => {
      tracker.request({ ts: T0, callId, method: 'INVITE', cseq: 1, hasToTag: false }, T0);
      const code = i % 2 === 0 ? 486 : 200;
      const verdict = tracker.response({ ts: T0 + 10, callId, code, method: 'INVITE', cseq: 1 }, T0 + 10);
      if (verdict.outcome?.callId === callId && verdict.outcome.code === code) outcomes++;
    });
    expect(outcomes).toBe(200_000);
    expect(tracker.size).toBe(200_000);
  });
});
