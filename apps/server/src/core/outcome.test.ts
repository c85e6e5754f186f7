import { describe, expect, it } from 'vitest';
import { sipEvent } from '@sipwatch/testing';
import { FLAG_ABANDONED, FLAG_CALL_OUTCOME } from './cell-key.js';
import { DEFAULT_RULES, eventFlags, isAbandoned, isCallOutcome, profileOf } from './outcome.js';

describe('call outcomes', () => {
  it('an initial INVITE final in a proxy log is a call outcome', () => {
    expect(isCallOutcome(sipEvent({ code: 486 }))).toBe(true);
  });
  it('a re-INVITE or other in-dialog request is not a new attempt', () => {
    expect(isCallOutcome(sipEvent({ code: 200, inDialog: true }))).toBe(false);
    expect(isCallOutcome(sipEvent({ code: 491, inDialog: true }))).toBe(false);
  });
  it('provisional responses are never outcomes', () => {
    expect(isCallOutcome(sipEvent({ code: 180 }))).toBe(false);
    expect(isCallOutcome(sipEvent({ code: 183, scope: 'call' }))).toBe(false);
  });
  it('other methods are not call outcomes', () => {
    expect(isCallOutcome(sipEvent({ code: 200, method: 'BYE' }))).toBe(false);
    expect(isCallOutcome(sipEvent({ code: 401, method: 'REGISTER' }))).toBe(false);
    expect(isCallOutcome(sipEvent({ code: 200, method: 'invite' }))).toBe(true);
  });
  it('a call-scoped event without a method is an INVITE outcome, a transaction without one is not', () => {
    expect(isCallOutcome(sipEvent({ code: 503, scope: 'call', method: undefined }))).toBe(true);
    expect(isCallOutcome(sipEvent({ code: 503, scope: 'transaction', method: undefined }))).toBe(false);
  });
  it('a call-scoped event counts even when the source marked it in-dialog', () => {
    expect(isCallOutcome(sipEvent({ code: 200, scope: 'call', inDialog: true }))).toBe(true);
  });
});

describe('abandoned calls', () => {
  it('a 487 flagged cancelled is abandoned', () => {
    expect(isAbandoned(sipEvent({ code: 487, cancelled: true }))).toBe(true);
  });
  it('a 487 to an INVITE is abandoned when the source does not say', () => {
    expect(isAbandoned(sipEvent({ code: 487 }))).toBe(true);
    expect(isAbandoned(sipEvent({ code: 487, scope: 'call', method: undefined }))).toBe(true);
  });
  it('cancelled: false keeps a plain 487; a 487 to another method is not abandoned', () => {
    expect(isAbandoned(sipEvent({ code: 487, cancelled: false }))).toBe(false);
    expect(isAbandoned(sipEvent({ code: 487, method: 'SUBSCRIBE' }))).toBe(false);
  });
  it('only 487 is ever abandoned', () => {
    expect(isAbandoned(sipEvent({ code: 486, cancelled: true }))).toBe(false);
  });
  it('flags combine', () => {
    expect(eventFlags(sipEvent({ code: 487 }))).toBe(FLAG_CALL_OUTCOME | FLAG_ABANDONED);
    expect(eventFlags(sipEvent({ code: 200, method: 'OPTIONS' }))).toBe(0);
  });
});

describe('code profiles', () => {
  it('challenges are left out of the failure rate by default, and counted as failures when included', () => {
    const p = profileOf(407, FLAG_CALL_OUTCOME, DEFAULT_RULES);
    expect(p).toMatchObject({ challenge: true, counted: false, failure: false, callKind: 'none' });
    const included = profileOf(407, 0, { ...DEFAULT_RULES, excludeChallenges: false });
    expect(included).toMatchObject({ counted: true, failure: true });
  });
  it('abandoned calls are left out by default, and are failures when included', () => {
    const flags = FLAG_CALL_OUTCOME | FLAG_ABANDONED;
    expect(profileOf(487, flags, DEFAULT_RULES)).toMatchObject({
      abandoned: true,
      counted: false,
      callKind: 'abandoned',
    });
    expect(profileOf(487, flags, { ...DEFAULT_RULES, excludeAbandoned: false })).toMatchObject({
      counted: true,
      failure: true,
      network: false,
    });
  });
  it('3xx are counted finals but not failures', () => {
    expect(profileOf(302, FLAG_CALL_OUTCOME, DEFAULT_RULES)).toMatchObject({
      counted: true,
      failure: false,
      callKind: 'redirect',
    });
  });
  it('408, 500, 503 and 504 are ineffective (ISA); 502 is a network failure but not ISA', () => {
    for (const code of [408, 500, 503, 504]) {
      expect(profileOf(code, FLAG_CALL_OUTCOME, DEFAULT_RULES)).toMatchObject({
        ineffective: true,
        network: true,
      });
    }
    expect(profileOf(502, FLAG_CALL_OUTCOME, DEFAULT_RULES)).toMatchObject({
      ineffective: false,
      network: true,
    });
  });
  it('category overrides replace the registry category', () => {
    expect(profileOf(404, FLAG_CALL_OUTCOME, DEFAULT_RULES).callKind).toBe('user');
    const rules = { ...DEFAULT_RULES, categoryOverrides: { '404': 'network' as const } };
    expect(profileOf(404, FLAG_CALL_OUTCOME, rules)).toMatchObject({ callKind: 'network', network: true });
  });
  it('unregistered codes behave as their class x00', () => {
    expect(profileOf(599, FLAG_CALL_OUTCOME, DEFAULT_RULES)).toMatchObject({
      category: 'network',
      failure: true,
    });
    expect(profileOf(299, FLAG_CALL_OUTCOME, DEFAULT_RULES)).toMatchObject({ callKind: 'answered' });
  });
});
