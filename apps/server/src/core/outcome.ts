import { classify } from '@sipwatch/codes';
import type { OutcomeCategory } from '@sipwatch/codes';
import type { SipEvent } from '@sipwatch/wire';
import { CODE_SLOTS, FLAG_ABANDONED, FLAG_CALL_OUTCOME, FLAG_COMBINATIONS } from './cell-key.js';

/**
 * How one response counts in the KPIs. Two facts are decided per event (they need the event's
 * method, scope and dialog state) and stored in the cell flags; everything else follows from the
 * code and the rules, so it is computed once per (code, flags) in a ProfileTable.
 */

export interface OutcomeRules {
  /** Leave 401/407 out of the failure rate (they are part of normal authentication). */
  excludeChallenges: boolean;
  /** Leave abandoned calls (487 after CANCEL) out of the failure rate and the call ratios. */
  excludeAbandoned: boolean;
  /** A code's outcome category, replacing the registry's, e.g. { "404": "request" }. */
  categoryOverrides: Readonly<Record<string, OutcomeCategory>>;
}

export const DEFAULT_RULES: OutcomeRules = {
  excludeChallenges: true,
  excludeAbandoned: true,
  categoryOverrides: {},
};

/** RFC 6076 ISA: the responses that say the network could not even try. */
export const INEFFECTIVE_CODES: readonly number[] = [408, 500, 503, 504];

type OutcomeFields = Pick<SipEvent, 'code' | 'method' | 'scope' | 'inDialog' | 'cancelled'>;

/** The request was an INVITE; a call-scoped event without a method is taken as one. */
export function isInvite(e: Pick<SipEvent, 'method' | 'scope'>): boolean {
  return e.method === undefined ? e.scope === 'call' : e.method.toUpperCase() === 'INVITE';
}

/**
 * A call outcome is the final response to a call's initial INVITE: a call-scoped event (CDR, call
 * webhook), or a transaction-scoped final to an INVITE outside a dialog. Re-INVITEs and other
 * in-dialog requests are not new call attempts.
 */
export function isCallOutcome(e: OutcomeFields): boolean {
  if (e.code < 200 || !isInvite(e)) return false;
  return e.scope === 'call' || e.inDialog !== true;
}

/**
 * Abandoned: a 487 the caller caused by cancelling. Flagged `cancelled` by the source, or, when
 * the source does not say, any 487 to an INVITE (an INVITE is only terminated by a CANCEL).
 * `cancelled: false` keeps it a plain 487.
 */
export function isAbandoned(e: OutcomeFields): boolean {
  if (e.code !== 487) return false;
  if (e.cancelled !== undefined) return e.cancelled;
  return isInvite(e);
}

export function eventFlags(e: OutcomeFields): number {
  return (isCallOutcome(e) ? FLAG_CALL_OUTCOME : 0) | (isAbandoned(e) ? FLAG_ABANDONED : 0);
}

/** What a call outcome counts as (CallCounts); `none` is not a call outcome. */
export const CALL_KINDS = [
  'none',
  'answered',
  'redirect',
  'user',
  'network',
  'request',
  'abandoned',
] as const;
export type CallKind = (typeof CALL_KINDS)[number];

export interface CodeProfile {
  code: number;
  classIndex: number;
  final: boolean;
  category: OutcomeCategory;
  /** A final 401/407 (category `challenge`). */
  challenge: boolean;
  abandoned: boolean;
  /** In the failure-rate denominator ("counted finals"). */
  counted: boolean;
  /** In the failure-rate numerator. */
  failure: boolean;
  /** In the network-failure-rate numerator. */
  network: boolean;
  callKind: CallKind;
  /** RFC 6076 ISA numerator. */
  ineffective: boolean;
}

export function categoryOf(code: number, rules: OutcomeRules): OutcomeCategory {
  const override = rules.categoryOverrides[String(code)];
  if (override) return override;
  const c = classify(code);
  if (!c.ok) throw new Error(`not a SIP code: ${code}`);
  return c.category;
}

const FAILING: ReadonlySet<OutcomeCategory> = new Set(['user', 'network', 'request']);

export function profileOf(code: number, flags: number, rules: OutcomeRules): CodeProfile {
  const category = categoryOf(code, rules);
  const final = code >= 200;
  const abandoned = final && (flags & FLAG_ABANDONED) !== 0;
  const challenge = final && !abandoned && category === 'challenge';
  const counted = final && !(challenge && rules.excludeChallenges) && !(abandoned && rules.excludeAbandoned);
  const failure = counted && (abandoned || challenge || FAILING.has(category));
  const network = counted && !abandoned && category === 'network';
  let callKind: CallKind = 'none';
  if ((flags & FLAG_CALL_OUTCOME) !== 0 && final) {
    if (abandoned) callKind = 'abandoned';
    else if (category === 'success') callKind = 'answered';
    else if (category === 'redirect') callKind = 'redirect';
    else if (category === 'user' || category === 'network' || category === 'request') callKind = category;
    // A challenge is not a call outcome: the caller retries the INVITE with credentials.
  }
  return {
    code,
    classIndex: Math.floor(code / 100) - 1,
    final,
    category,
    challenge,
    abandoned,
    counted,
    failure,
    network,
    callKind,
    ineffective: callKind !== 'none' && callKind !== 'abandoned' && INEFFECTIVE_CODES.includes(code),
  };
}

/** Every (code, flags) profile under one set of rules, indexed by profileIndexOfLow. */
export class ProfileTable {
  private readonly profiles: CodeProfile[];

  constructor(readonly rules: OutcomeRules) {
    this.profiles = new Array<CodeProfile>(CODE_SLOTS * FLAG_COMBINATIONS);
    for (let i = 0; i < CODE_SLOTS; i++) {
      for (let f = 0; f < FLAG_COMBINATIONS; f++) this.profiles[i * 4 + f] = profileOf(i + 100, f, rules);
    }
  }

  at(index: number): CodeProfile {
    return this.profiles[index]!;
  }

  of(code: number, flags: number): CodeProfile {
    return this.profiles[(code - 100) * 4 + flags]!;
  }
}
