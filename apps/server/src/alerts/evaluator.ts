import type { Clock } from '../clock.js';
import type { Logger } from '../logger.js';
import { alertExplainQuery, HOUR_MS, METRIC_UNIT } from '@sipwatch/wire';
import type {
  AlertRemovedEvent,
  AlertRule,
  AlertState,
  AlertStateEvent,
  AlertTransition,
  AlertView,
  AlertsSnapshot,
  ExplainBaseline,
  Explanation,
  EventFilter,
} from '@sipwatch/wire';
import type { MetricSource, ObserveSources, TimeRange } from './metric.js';
import { publicView } from './redact.js';
import { observe } from './metric.js';
import type { Notifier } from './notifier.js';
import type { AlertNotification } from './payload.js';
import type { AlertStore, NewTransition } from './repository.js';
import type { RulesCache } from './rules-cache.js';
import { silencedUntil } from './silences.js';
import { disable, step } from './state-machine.js';
import type { TransitionDraft } from './state-machine.js';

const PRUNE_EVERY_MS = HOUR_MS;
/**
 * Transitions kept in memory while the database refuses them (busy or failing), saved with the
 * next evaluation that gets through; past this the oldest are dropped, counted and logged.
 */
export const MAX_UNSAVED_TRANSITIONS = 10_000;

export interface AlertSources extends ObserveSources {
  /** Minute rollups over a past range, for backtests; absent when there is no store. */
  history?: ((range: TimeRange) => MetricSource) | undefined;
  /** Spike attribution over a range (what GET /api/v1/explain answers), for firing notifications. */
  explain?: ((range: TimeRange, baseline: ExplainBaseline, filter: EventFilter) => Explanation) | undefined;
}

export interface AlertEmitter {
  state(event: AlertStateEvent): void;
  snapshot(snapshot: AlertsSnapshot): void;
  removed(event: AlertRemovedEvent): void;
}

export interface EvaluatorDeps {
  cache: RulesCache;
  repo: AlertStore;
  clock: Clock;
  logger: Logger;
  sources: AlertSources;
  notifier: Notifier;
  emit?: AlertEmitter | undefined;
  retentionNow?: (() => number) | undefined;
  retentionMs: number;
  /** On a cluster node, states and transitions are written by the alert leader only (cluster/alert-leader.ts). */
  clustered?: boolean | undefined;
}

export interface Draft {
  rule: AlertRule;
  t: TransitionDraft;
}

/** The history rows of transitions taken. */
export function rowsOf(drafts: readonly Draft[]): NewTransition[] {
  return drafts.map(({ rule, t }) => ({
    ruleId: rule.id,
    ruleName: rule.name,
    severity: rule.severity,
    from: t.from,
    to: t.to,
    metric: rule.metric,
    unit: METRIC_UNIT[rule.metric],
    value: t.value,
    threshold: t.threshold,
    at: t.at,
    reason: t.reason,
  }));
}

/**
 * The evaluation loop and what follows a state change: the rules stepped on the aggregates, the
 * states and transitions saved (or kept while the database refuses them), the dashboards told and
 * the notifications queued.
 */
export class AlertEvaluator {
  private lastPrune = -Infinity;
  /** States and transitions the database did not take yet (see `record`). */
  private readonly unsavedStates = new Map<string, AlertState>();
  private unsavedRows: NewTransition[] = [];
  /** Transitions dropped unsaved past MAX_UNSAVED_TRANSITIONS. */
  unsavedDropped = 0;
  /** The last save was refused (its log line is written once per streak). */
  private refused = false;
  private readonly observeFailures = new Set<string>();

  constructor(private readonly deps: EvaluatorDeps) {}

  /** One evaluation of every enabled rule at `now`; returns the transitions taken. */
  evaluate(now: number): AlertTransition[] {
    const { dirty, drafts } = this.stepAll(now);
    const transitions = this.record(dirty, drafts);
    if (now - this.lastPrune >= PRUNE_EVERY_MS) {
      try {
        this.deps.repo.prune((this.deps.retentionNow?.() ?? now) - this.deps.retentionMs);
        this.lastPrune = now;
      } catch (err) {
        // Tried again at the next evaluation.
        this.deps.logger.debug({ err }, 'alert history could not be pruned yet');
      }
    }
    return transitions;
  }

  /**
   * Steps every rule at `now` on the cached states (which it updates): the states that changed and
   * the transitions taken, not saved yet. A disabled rule that is not settled (disabled on another
   * node of a cluster) settles here.
   */
  stepAll(now: number): { dirty: AlertState[]; drafts: Draft[] } {
    this.deps.cache.silences = this.deps.cache.silences.filter((s) => s.until > now);
    const drafts: Draft[] = [];
    const dirty: AlertState[] = [];
    for (const rule of this.deps.cache.rules.values()) {
      const prev = this.deps.cache.states.get(rule.id)!;
      if (!rule.enabled) {
        if (prev.state === 'ok') continue;
        const settled = disable(prev, now);
        this.deps.cache.states.set(rule.id, settled.state);
        dirty.push(settled.state);
        for (const t of settled.transitions) drafts.push({ rule, t });
        continue;
      }
      let obs;
      try {
        obs = observe(rule, this.deps.sources, now);
        this.observeFailures.delete(rule.id);
      } catch (err) {
        if (!this.observeFailures.has(rule.id))
          this.deps.logger.error({ err, rule: rule.id }, 'alert rule could not be evaluated');
        this.observeFailures.add(rule.id);
        continue;
      }
      const result = step(rule, prev, obs, silencedUntil(rule, this.deps.cache.silences, now));
      this.deps.cache.states.set(rule.id, result.state);
      if (significant(prev, result.state)) dirty.push(result.state);
      for (const t of result.transitions) drafts.push({ rule, t });
    }
    return { dirty, drafts };
  }

  /** A rule just disabled: its state settles (a firing alert resolves), and that is recorded. */
  settleDisabled(rule: AlertRule, now: number): void {
    if (this.deps.clustered) {
      // The leader's next evaluation settles it (stepAll) and records the transition.
      this.changed(rule);
      return;
    }
    const result = disable(this.deps.cache.states.get(rule.id)!, now);
    this.deps.cache.states.set(rule.id, result.state);
    const transitions = this.record(
      [result.state],
      result.transitions.map((t) => ({ rule, t })),
    );
    if (transitions.length === 0) this.changed(rule);
  }

  /** Writes states and transitions in one transaction, then tells the dashboards and targets. */
  record(dirty: AlertState[], drafts: Draft[]): AlertTransition[] {
    const waiting = this.unsavedStates.size > 0 || this.unsavedRows.length > 0;
    if (dirty.length === 0 && drafts.length === 0 && !waiting) return [];
    const saved = this.save(dirty, rowsOf(drafts));
    this.announce(drafts, saved);
    drafts.forEach((draft, i) => {
      const notification = this.notificationOf(draft, saved[i]!.id);
      if (notification) this.deps.notifier.enqueue(draft.rule, notification);
    });
    return saved;
  }

  /** Tells the dashboards of transitions saved (`saved[i]` is `drafts[i]` with its id). */
  announce(drafts: readonly Draft[], saved: readonly AlertTransition[]): void {
    drafts.forEach(({ rule }, i) => {
      this.deps.emit?.state({
        serverTime: this.deps.clock.now(),
        view: publicView(this.viewOf(rule)),
        transition: saved[i]!,
      });
    });
  }

  /** The notification a transition sends (firing or resolved), with its id as the idempotency key (0: unsaved). */
  notificationOf({ rule, t }: Draft, transitionId: number): AlertNotification | undefined {
    if (!t.notify || (t.to !== 'firing' && t.to !== 'resolved')) return undefined;
    const explanation = t.to === 'firing' ? this.explainFiring(rule, t.at) : null;
    return {
      kind: 'alert',
      status: t.to,
      rule,
      value: t.value,
      threshold: t.threshold,
      from: t.from,
      at: t.at,
      reason: t.reason,
      ...(explanation && { explanation }),
      ...(transitionId > 0 && { transitionId }),
    };
  }

  /** What changed over the rule's window as it fired; null when it is not about failures. */
  private explainFiring(rule: AlertRule, at: number): Explanation | null {
    const q = alertExplainQuery(rule, at);
    if (!q || !this.deps.sources.explain) return null;
    try {
      return this.deps.sources.explain(q, q.baseline, q.filter);
    } catch (err) {
      // The notification still goes, without the explanation.
      this.deps.logger.warn({ err, rule: rule.id }, 'alert explanation could not be computed');
      return null;
    }
  }

  /**
   * Writes states and transitions, with any the database refused before, in one transaction. The
   * connection waits only briefly for the lock (see EVENT_LOOP_BUSY_TIMEOUT_MS): when the writer
   * holds it, or the database fails, they are kept and saved with the next evaluation that gets
   * through, so the event loop never waits on the disk. Unsaved transitions are sent with id 0.
   */
  private save(dirty: AlertState[], rows: NewTransition[]): AlertTransition[] {
    for (const st of dirty) this.unsavedStates.set(st.ruleId, st);
    const earlier = this.unsavedRows.length;
    this.unsavedRows.push(...rows);
    try {
      const all = this.deps.repo.transaction(() => {
        this.deps.repo.saveStates([...this.unsavedStates.values()]);
        return this.deps.repo.appendTransitions(this.unsavedRows);
      });
      if (this.refused)
        this.deps.logger.info(
          { transitions: all.length },
          'alert states saved again after the database refused them',
        );
      this.unsavedStates.clear();
      this.unsavedRows = [];
      this.refused = false;
      return all.slice(earlier);
    } catch (err) {
      if (!this.refused)
        this.deps.logger.warn(
          { err },
          'alert states could not be saved yet; kept and retried at each evaluation',
        );
      const over = this.unsavedRows.length - MAX_UNSAVED_TRANSITIONS;
      if (over > 0) {
        this.unsavedRows.splice(0, over);
        this.unsavedDropped += over;
        this.deps.logger.error(
          { dropped: this.unsavedDropped },
          'alert transitions dropped unsaved: the database has refused writes for too long',
        );
      }
      this.refused = true;
      return rows.map((r) => ({ ...r, id: 0 }));
    }
  }

  /** Whether states or transitions wait to be saved (the database refused them). */
  get unsaved(): { states: number; transitions: number } {
    return { states: this.unsavedStates.size, transitions: this.unsavedRows.length };
  }

  /** Shows new silences (and ended ones) in the states at once, not at the next evaluation. */
  applySilences(now: number): void {
    const dirty: AlertState[] = [];
    for (const rule of this.deps.cache.rules.values()) {
      const state = this.deps.cache.states.get(rule.id)!;
      const until = silencedUntil(rule, this.deps.cache.silences, now);
      if (until === state.silencedUntil) continue;
      const next = { ...state, silencedUntil: until };
      this.deps.cache.states.set(rule.id, next);
      dirty.push(next);
    }
    this.deps.repo.saveStates(dirty);
    for (const st of dirty) this.changed(this.deps.cache.rules.get(st.ruleId)!);
  }

  changed(rule: AlertRule): void {
    this.deps.emit?.state({ serverTime: this.deps.clock.now(), view: publicView(this.viewOf(rule)) });
  }

  viewOf(rule: AlertRule): AlertView {
    return { rule, state: this.deps.cache.states.get(rule.id)!, delivery: this.deps.notifier.delivery(rule) };
  }

  /** Tries again to save the states and transitions the database refused, without evaluating. */
  saveWaiting(): void {
    this.record([], []);
  }

  /** A rule removed: nothing of it waits to be saved. */
  forget(id: string): void {
    this.unsavedStates.delete(id);
  }
}

function significant(a: AlertState, b: AlertState): boolean {
  return (
    a.state !== b.state ||
    a.since !== b.since ||
    a.firingSince !== b.firingSince ||
    a.recoveringSince !== b.recoveringSince ||
    a.noData !== b.noData ||
    a.silencedUntil !== b.silencedUntil ||
    a.ack !== b.ack
  );
}
