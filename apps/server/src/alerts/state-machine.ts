import { ALERT_METRIC_SPECS, breaches, parseDuration } from '@sipwatch/wire';
import type { AlertAck, AlertRuleSpec, AlertState, AlertStateName } from '@sipwatch/wire';

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
export const RESOLVED_HOLD_MS = 5 * 60_000;

export interface Observation {
  /** The metric's value, or null when there is nothing to compute it from. */
  value: number | null;
  /** The traffic behind the value (finals, calls or lines, depending on the metric). */
  volume: number;
  at: number;
}

/** The part of a rule the state machine reads. */
export type EvaluableRule = Pick<
  AlertRuleSpec,
  | 'metric'
  | 'comparison'
  | 'threshold'
  | 'recoverAt'
  | 'minVolume'
  | 'pendingFor'
  | 'keepFiringFor'
  | 'noData'
>;

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

export function initialState(ruleId: string, threshold: number, at: number): AlertState {
  return {
    ruleId,
    state: 'ok',
    since: at,
    value: null,
    volume: 0,
    threshold,
    noData: false,
    evaluatedAt: null,
    firingSince: null,
    recoveringSince: null,
    ack: null,
    silencedUntil: null,
  };
}

function ms(duration: string): number {
  return parseDuration(duration) ?? 0;
}

/**
 * One evaluation: the rule, where it stood, what was observed, and until when it is silenced
 * (null when it is not). Returns the next state and the transitions taken (at most one).
 */
export function step(
  rule: EvaluableRule,
  prev: AlertState,
  obs: Observation,
  silencedUntil: number | null = null,
): StepResult {
  const at = obs.at;
  const silenced = silencedUntil !== null && silencedUntil > at;
  const noData =
    obs.value === null || (ALERT_METRIC_SPECS[rule.metric].minVolume && obs.volume < rule.minVolume);
  const value = noData ? null : obs.value;

  const base: AlertState = {
    ...prev,
    value,
    volume: obs.volume,
    noData,
    evaluatedAt: at,
    silencedUntil: silenced ? silencedUntil : null,
    threshold: prev.state === 'firing' && rule.recoverAt !== undefined ? rule.recoverAt : rule.threshold,
  };

  if (noData && rule.noData === 'keep') return { state: base, transitions: [] };

  const met = noData ? rule.noData === 'alerting' : breaches(rule.comparison, value!, rule.threshold);
  const why = (text: string) => (noData ? `no data (${rule.noData})` : text);

  const go = (
    to: AlertStateName,
    reason: string,
    patch: Partial<AlertState>,
    notify: boolean,
  ): StepResult => {
    const state: AlertState = { ...base, ...patch, state: to, since: at };
    return {
      state,
      transitions: [
        { from: prev.state, to, value, threshold: state.threshold, at, reason, notify: notify && !silenced },
      ],
    };
  };
  const pendingFor = ms(rule.pendingFor);

  switch (prev.state) {
    case 'ok':
    case 'resolved':
      if (met) {
        if (pendingFor === 0) return go('firing', why('condition met'), firingPatch(rule, at), true);
        return go('pending', why('condition met'), { threshold: rule.threshold }, false);
      }
      if (prev.state === 'resolved' && at - prev.since >= RESOLVED_HOLD_MS)
        return go('ok', 'settled', { threshold: rule.threshold }, false);
      return { state: base, transitions: [] };

    case 'pending':
      if (!met) return go('ok', why('cleared before pendingFor'), {}, false);
      if (at - prev.since >= pendingFor)
        return go('firing', why(`condition held for ${rule.pendingFor}`), firingPatch(rule, at), true);
      return { state: base, transitions: [] };

    case 'firing': {
      const stillBad =
        noData || rule.recoverAt === undefined ? met : breaches(rule.comparison, value!, rule.recoverAt);
      if (stillBad) return { state: { ...base, recoveringSince: null }, transitions: [] };
      const recoveringSince = prev.recoveringSince ?? at;
      if (at - recoveringSince >= ms(rule.keepFiringFor)) {
        return go(
          'resolved',
          why('recovered'),
          { threshold: base.threshold, firingSince: null, recoveringSince: null, ack: null },
          true,
        );
      }
      return { state: { ...base, recoveringSince }, transitions: [] };
    }
  }
}

function firingPatch(rule: EvaluableRule, at: number): Partial<AlertState> {
  return {
    firingSince: at,
    recoveringSince: null,
    ack: null,
    threshold: rule.recoverAt ?? rule.threshold,
  };
}

/** A rule that is switched off settles to ok without notifying anyone. */
export function disable(prev: AlertState, at: number): StepResult {
  if (prev.state === 'ok') return { state: prev, transitions: [] };
  const state: AlertState = {
    ...prev,
    state: 'ok',
    since: at,
    firingSince: null,
    recoveringSince: null,
    ack: null,
    value: null,
    noData: false,
  };
  return {
    state,
    transitions: [
      {
        from: prev.state,
        to: 'ok',
        value: null,
        threshold: prev.threshold,
        at,
        reason: 'rule disabled',
        notify: false,
      },
    ],
  };
}

export type AckResult = { ok: true; state: AlertState } | { ok: false; reason: string };

/** Acknowledging marks a firing alert as seen; it clears when the alert resolves. */
export function acknowledge(prev: AlertState, ack: AlertAck): AckResult {
  if (prev.state !== 'firing')
    return { ok: false, reason: `only a firing alert can be acknowledged (it is ${prev.state})` };
  return { ok: true, state: { ...prev, ack } };
}
