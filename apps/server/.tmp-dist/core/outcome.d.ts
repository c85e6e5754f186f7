import type { OutcomeCategory } from '@sipwatch/codes';
import type { SipEvent } from '../wire/event.js';
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
export declare const DEFAULT_RULES: OutcomeRules;
/** RFC 6076 ISA: the responses that say the network could not even try. */
export declare const INEFFECTIVE_CODES: readonly number[];
type OutcomeFields = Pick<SipEvent, 'code' | 'method' | 'scope' | 'inDialog' | 'cancelled'>;
/** The request was an INVITE; a call-scoped event without a method is taken as one. */
export declare function isInvite(e: Pick<SipEvent, 'method' | 'scope'>): boolean;
/**
 * A call outcome is the final response to a call's initial INVITE: a call-scoped event (CDR, call
 * webhook), or a transaction-scoped final to an INVITE outside a dialog. Re-INVITEs and other
 * in-dialog requests are not new call attempts.
 */
export declare function isCallOutcome(e: OutcomeFields): boolean;
/**
 * Abandoned: a 487 the caller caused by cancelling. Flagged `cancelled` by the source, or, when
 * the source does not say, any 487 to an INVITE (an INVITE is only terminated by a CANCEL).
 * `cancelled: false` keeps it a plain 487.
 */
export declare function isAbandoned(e: OutcomeFields): boolean;
export declare function eventFlags(e: OutcomeFields): number;
/** What a call outcome counts as (CallCounts); `none` is not a call outcome. */
export declare const CALL_KINDS: readonly ["none", "answered", "redirect", "user", "network", "request", "abandoned"];
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
export declare function categoryOf(code: number, rules: OutcomeRules): OutcomeCategory;
export declare function profileOf(code: number, flags: number, rules: OutcomeRules): CodeProfile;
/** Every (code, flags) profile under one set of rules, indexed by profileIndexOfLow. */
export declare class ProfileTable {
    readonly rules: OutcomeRules;
    private readonly profiles;
    constructor(rules: OutcomeRules);
    at(index: number): CodeProfile;
    of(code: number, flags: number): CodeProfile;
}
export {};
