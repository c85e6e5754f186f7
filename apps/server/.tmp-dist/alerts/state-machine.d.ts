import type { AlertAck, AlertRuleSpec, AlertState, AlertStateName, Comparison } from '../wire/alerts.js';
/**
 * The alert state machine of one rule: pure, no clock, no I/O.
 *
 *   ok ──condition──► pending ──held for pendingFor──► firing ──recovered──► resolved
 *    ▲                  │ cleared                        (recoverAt, keepFiringFor)  │
 *    └──────────────────┘◄─────────────────── clear for RESOLVED_HOLD_MS ────────────┘
 *
 * A resolved rule whose condition comes back goes to pending again. With pendingFor 0 a rule
 * goes from ok (or resolved) straight to firing.
 *
 * No data (no value, or less traffic than minVolume; volume_below has no minimum) follows the
 * rule's noData mode: `ok` counts as the condition being clear, `alerting` as it being met, and
 * `keep` leaves the state and its timers as they are.
 *
 * Silences do not stop evaluation: states and transitions are recorded as usual; only the
 * notifications of transitions are suppressed.
 */
/** How long `resolved` shows before the rule settles back to `ok`. */
export declare const RESOLVED_HOLD_MS: number;
export interface Observation {
    /** The metric's value, or null when there is nothing to compute it from. */
    value: number | null;
    /** The traffic behind the value (finals, calls or lines, depending on the metric). */
    volume: number;
    at: number;
}
/** The part of a rule the state machine reads. */
export type EvaluableRule = Pick<AlertRuleSpec, 'metric' | 'comparison' | 'threshold' | 'recoverAt' | 'minVolume' | 'pendingFor' | 'keepFiringFor' | 'noData'>;
export interface TransitionDraft {
    from: AlertStateName;
    to: AlertStateName;
    value: number | null;
    threshold: number;
    at: number;
    reason: string;
    /** Whether targets should be told (firing and resolved, unless silenced). */
    notify: boolean;
}
export interface StepResult {
    state: AlertState;
    transitions: TransitionDraft[];
}
export declare function initialState(ruleId: string, threshold: number, at: number): AlertState;
export declare function breaches(comparison: Comparison, value: number, threshold: number): boolean;
/**
 * One evaluation: the rule, where it stood, what was observed, and until when it is silenced
 * (null when it is not). Returns the next state and the transitions taken (at most one).
 */
export declare function step(rule: EvaluableRule, prev: AlertState, obs: Observation, silencedUntil?: number | null): StepResult;
/** A rule that is switched off settles to ok without notifying anyone. */
export declare function disable(prev: AlertState, at: number): StepResult;
export type AckResult = {
    ok: true;
    state: AlertState;
} | {
    ok: false;
    reason: string;
};
/** Acknowledging marks a firing alert as seen; it clears when the alert resolves. */
export declare function acknowledge(prev: AlertState, ack: AlertAck): AckResult;
