import { describe, expect, it } from 'vitest';
import { sipEvent, T0 } from '@sipwatch/testing';
import type { SipEvent } from '@sipwatch/wire';
import { Aggregator } from './aggregator.js';
import { kpisOf } from './kpis.js';
import type { OutcomeRules } from './outcome.js';
import { DEFAULT_RULES } from './outcome.js';
import { resolveFilter, Tally } from './tally.js';

/**
 * One of each situation a proxy log shows, at transaction scope. Hand count (defaults):
 *   responses 15; finals 13; challenges 2 (407, 401); abandoned 1 (487)
 *   counted finals 13 - 2 - 1 = 10; failures 486, 503, 404, 403, 488 = 5; network 503 = 1
 *   call outcomes: A 200 answered, B 486 user (its 407 is not an outcome), C 503 network,
 *   D 487 abandoned, E 302 redirect, F 404 user, G 403 request: 7 attempts
 *   call denominator 7 - 1 redirect - 1 abandoned = 5
 */
function proxyLog(): SipEvent[] {
  const inv = (callId: string, code: number, extra: Partial<SipEvent> = {}) =>
    sipEvent({ ts: T0 + 1000, code, callId, cseq: 1, ...extra });
  return [
    inv('A', 100),
    inv('A', 180),
    inv('A', 200),
    inv('A', 488, { cseq: 2, inDialog: true }), // re-INVITE refused: a failure, not a call attempt
    inv('B', 407),
    inv('B', 486, { cseq: 2 }),
    inv('C', 503),
    inv('D', 487),
    inv('E', 302),
    inv('F', 404),
    inv('G', 403),
    inv('R', 401, { method: 'REGISTER' }),
    inv('R', 200, { method: 'REGISTER', cseq: 2 }),
    inv('A', 200, { method: 'BYE', cseq: 3, inDialog: true }),
    inv('O', 200, { method: 'OPTIONS' }),
  ];
}

function kpisFor(events: SipEvent[], rules: OutcomeRules = DEFAULT_RULES, seconds = 10) {
  const agg = new Aggregator({ liveSeconds: 3600, retentionDays: 30, maxTrunks: 10, maxSources: 10, rules });
  const now = T0 + 10_000;
  expect(agg.add(events, now)).toEqual([]);
  const cov = agg.tablesFor(T0, T0 + seconds * 1000);
  const tally = new Tally(agg.profiles, resolveFilter({}, agg), agg).addTables(cov.tables);
  return kpisOf(tally, seconds, rules);
}

describe('KPIs over a proxy log (transaction scope)', () => {
  it('count responses, finals, challenges and abandoned calls', () => {
    const k = kpisFor(proxyLog());
    expect(k).toMatchObject({
      responses: 15,
      finals: 13,
      challenges: 2,
      abandoned: 1,
      countedFinals: 10,
      failures: 5,
    });
  });

  it('rates are per second of the window', () => {
    const k = kpisFor(proxyLog());
    expect(k.responsesPerSec).toBeCloseTo(1.5);
    expect(k.finalsPerSec).toBeCloseTo(1.3);
  });

  it('failure rate = failures / counted finals; network failure rate = network finals / counted finals', () => {
    const k = kpisFor(proxyLog());
    expect(k.failureRate).toBeCloseTo(5 / 10);
    expect(k.networkFailureRate).toBeCloseTo(1 / 10);
  });

  it('call counts follow the outcome of each initial INVITE', () => {
    expect(kpisFor(proxyLog()).calls).toEqual({
      attempts: 7,
      answered: 1,
      user: 2,
      network: 1,
      request: 1,
      redirect: 1,
      abandoned: 1,
      ineffective: 1,
    });
  });

  it('ASR = answered / (attempts - 3xx - abandoned); NER adds user outcomes; ISA = 408/500/503/504', () => {
    const k = kpisFor(proxyLog());
    expect(k.asr).toBeCloseTo(1 / 5);
    expect(k.ner).toBeCloseTo(3 / 5);
    expect(k.isa).toBeCloseTo(1 / 5);
  });

  it('with challenges included they are counted finals and failures; call ratios do not change', () => {
    const k = kpisFor(proxyLog(), { ...DEFAULT_RULES, excludeChallenges: false });
    expect(k.countedFinals).toBe(12);
    expect(k.failureRate).toBeCloseTo(7 / 12);
    expect(k.asr).toBeCloseTo(1 / 5);
  });

  it('with abandoned calls included they are failures and in the call denominator', () => {
    const k = kpisFor(proxyLog(), { ...DEFAULT_RULES, excludeAbandoned: false });
    expect(k.countedFinals).toBe(11);
    expect(k.failureRate).toBeCloseTo(6 / 11);
    expect(k.networkFailureRate).toBeCloseTo(1 / 11);
    expect(k.asr).toBeCloseTo(1 / 6);
    expect(k.ner).toBeCloseTo(3 / 6);
    expect(k.isa).toBeCloseTo(1 / 6);
  });

  it('category overrides move a code between user, network and request', () => {
    const k = kpisFor(proxyLog(), { ...DEFAULT_RULES, categoryOverrides: { '404': 'request' } });
    expect(k.calls).toMatchObject({ user: 1, request: 2 });
    expect(k.ner).toBeCloseTo(2 / 5);
  });
});

describe('KPIs over CDRs (call scope)', () => {
  // answered 2, busy 1 (user), 503 1 (network, ISA), cancelled 1 (abandoned), 302 1 (redirect)
  const cdrs = [200, 200, 486, 503, 487, 302].map((code, i) =>
    sipEvent({
      ts: T0 + 1000,
      code,
      scope: 'call',
      method: undefined,
      callId: `c${i}`,
      cancelled: code === 487,
    }),
  );

  it('every final is a call outcome', () => {
    const k = kpisFor(cdrs);
    expect(k.calls).toMatchObject({
      attempts: 6,
      answered: 2,
      user: 1,
      network: 1,
      abandoned: 1,
      redirect: 1,
    });
    // denominator 6 - 1 - 1 = 4
    expect(k.asr).toBeCloseTo(2 / 4);
    expect(k.ner).toBeCloseTo(3 / 4);
    expect(k.isa).toBeCloseTo(1 / 4);
    // counted finals 6 - 1 abandoned = 5; failures 486, 503 = 2
    expect(k.failureRate).toBeCloseTo(2 / 5);
  });
});

describe('empty windows', () => {
  it('ratios are null, rates 0, never NaN', () => {
    const k = kpisFor([]);
    expect(k).toMatchObject({
      responsesPerSec: 0,
      failureRate: null,
      networkFailureRate: null,
      asr: null,
      ner: null,
      isa: null,
    });
  });

  it('only provisional responses: no finals, failure rate null', () => {
    const k = kpisFor([sipEvent({ ts: T0, code: 180 }), sipEvent({ ts: T0, code: 100 })]);
    expect(k.responses).toBe(2);
    expect(k.failureRate).toBeNull();
  });

  it('only challenges: no counted finals, failure rate null', () => {
    expect(kpisFor([sipEvent({ ts: T0, code: 407 })]).failureRate).toBeNull();
  });
});
