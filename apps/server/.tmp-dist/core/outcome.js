import { classify } from '@sipwatch/codes';
import { CODE_SLOTS, FLAG_ABANDONED, FLAG_CALL_OUTCOME, FLAG_COMBINATIONS } from './cell-key.js';
export const DEFAULT_RULES = {
    excludeChallenges: true,
    excludeAbandoned: true,
    categoryOverrides: {},
};
/** RFC 6076 ISA: the responses that say the network could not even try. */
export const INEFFECTIVE_CODES = [408, 500, 503, 504];
/** The request was an INVITE; a call-scoped event without a method is taken as one. */
export function isInvite(e) {
    return e.method === undefined ? e.scope === 'call' : e.method.toUpperCase() === 'INVITE';
}
/**
 * A call outcome is the final response to a call's initial INVITE: a call-scoped event (CDR, call
 * webhook), or a transaction-scoped final to an INVITE outside a dialog. Re-INVITEs and other
 * in-dialog requests are not new call attempts.
 */
export function isCallOutcome(e) {
    if (e.code < 200 || !isInvite(e))
        return false;
    return e.scope === 'call' || e.inDialog !== true;
}
/**
 * Abandoned: a 487 the caller caused by cancelling. Flagged `cancelled` by the source, or, when
 * the source does not say, any 487 to an INVITE (an INVITE is only terminated by a CANCEL).
 * `cancelled: false` keeps it a plain 487.
 */
export function isAbandoned(e) {
    if (e.code !== 487)
        return false;
    if (e.cancelled !== undefined)
        return e.cancelled;
    return isInvite(e);
}
export function eventFlags(e) {
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
];
export function categoryOf(code, rules) {
    const override = rules.categoryOverrides[String(code)];
    if (override)
        return override;
    const c = classify(code);
    if (!c.ok)
        throw new Error(`not a SIP code: ${code}`);
    return c.category;
}
const FAILING = new Set(['user', 'network', 'request']);
export function profileOf(code, flags, rules) {
    const category = categoryOf(code, rules);
    const final = code >= 200;
    const abandoned = final && (flags & FLAG_ABANDONED) !== 0;
    const challenge = final && !abandoned && category === 'challenge';
    const counted = final && !(challenge && rules.excludeChallenges) && !(abandoned && rules.excludeAbandoned);
    const failure = counted && (abandoned || challenge || FAILING.has(category));
    const network = counted && !abandoned && category === 'network';
    let callKind = 'none';
    if ((flags & FLAG_CALL_OUTCOME) !== 0 && final) {
        if (abandoned)
            callKind = 'abandoned';
        else if (category === 'success')
            callKind = 'answered';
        else if (category === 'redirect')
            callKind = 'redirect';
        else if (category === 'user' || category === 'network' || category === 'request')
            callKind = category;
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
    rules;
    profiles;
    constructor(rules) {
        this.rules = rules;
        this.profiles = new Array(CODE_SLOTS * FLAG_COMBINATIONS);
        for (let i = 0; i < CODE_SLOTS; i++) {
            for (let f = 0; f < FLAG_COMBINATIONS; f++)
                this.profiles[i * 4 + f] = profileOf(i + 100, f, rules);
        }
    }
    at(index) {
        return this.profiles[index];
    }
    of(code, flags) {
        return this.profiles[(code - 100) * 4 + flags];
    }
}
//# sourceMappingURL=outcome.js.map