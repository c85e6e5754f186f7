import type { AlertScope, Silence } from '../wire/alerts.js';
/**
 * Whether a silence covers a rule: a silence names a rule, or a scope. A scope silence covers
 * every rule whose own scope has each of the silence's fields with the same value, so
 * `{ trunk: "carrier-a" }` covers every rule watching carrier-a (whatever else they narrow by),
 * and `{}` covers every rule.
 */
export declare function silenceCovers(silence: Silence, rule: {
    id: string;
    scope: AlertScope;
}): boolean;
/** The latest end of the silences covering the rule at `at`, or null when none does. */
export declare function silencedUntil(rule: {
    id: string;
    scope: AlertScope;
}, silences: readonly Silence[], at: number): number | null;
