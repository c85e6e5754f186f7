import { randomBytes } from 'node:crypto';
import type { Clock } from '../clock.js';
import type { Logger } from '../logger.js';
import { DomainError } from '../domain-error.js';
import type { ErrorDetails } from '../domain-error.js';
import {
  AckInputSchema,
  AlertRuleSpecSchema,
  fieldErrors,
  parseRuleSpec,
  SilenceInputSchema,
} from '@sipwatch/wire';
import type {
  ApiErrorCode,
  AlertRule,
  AlertRuleSpec,
  AlertState,
  AlertTransition,
  AlertView,
  AlertsSnapshot,
  BacktestResult,
  DeliveryOutcome,
  FieldError,
  ImportSummary,
  Silence,
} from '@sipwatch/wire';
import { backtest, backtestRefusal, backtestSpanMs } from './backtest.js';
import { AlertEvaluator } from './evaluator.js';
import type { AlertEmitter, AlertSources } from './evaluator.js';
import { importList, planImport } from './import-plan.js';
import { windowMs } from './metric.js';
import type { Notifier } from './notifier.js';
import type { AlertNotification } from './payload.js';
import { targetEndpoint } from './payload.js';
import { publicView, restoreRedacted } from './redact.js';
import type { AlertStore, HistoryQuery } from './repository.js';
import { canonical, RulesCache } from './rules-cache.js';
import type { TargetPolicy } from './target-policy.js';
import { urlProblem } from './target-policy.js';
import { acknowledge, initialState } from './state-machine.js';

/**
 * What operators and dashboards ask of alerting: rules written through to the repository and the
 * cache (rules-cache.ts), imports planned by import-plan.ts, acknowledgements, silences, test
 * notifications and previews. The evaluation loop is evaluator.ts; every change is told to the
 * dashboards (through `emit`) and transitions that notify go to the notifier.
 */

export interface AlertServiceDeps {
  repo: AlertStore;
  clock: Clock;
  logger: Logger;
  sources: AlertSources;
  notifier: Notifier;
  /** On a cluster node: states and transitions are the alert leader's to write. */
  clustered?: boolean;
  /** Where notification targets may be: rules naming a refused address literal are refused. */
  targets: TargetPolicy;
  emit?: AlertEmitter | undefined;
  /** The "now" retention counts from (the store's RetentionReference); the evaluation time without one. */
  retentionNow?: () => number;
  /** History, acks and ended silences older than this are pruned. */
  retentionMs: number;
}

/** What a change or a query came to: its value, or the refusal in the one error model. */
export type Outcome<T> = { ok: true; value: T } | { ok: false; error: DomainError };

const fail = (
  code: ApiErrorCode,
  message: string,
  errors?: FieldError[],
  details: ErrorDetails = {},
): Outcome<never> => ({
  ok: false,
  error: new DomainError(code, message, errors ? { errors, ...details } : details),
});

/** Test notifications per rule: at most one this often, so they cannot be used to probe a network. */
export const TEST_NOTIFICATION_EVERY_MS = 10_000;

export class AlertService {
  private readonly cache: RulesCache;
  private readonly evaluator: AlertEvaluator;
  private readonly lastTest = new Map<string, number>();

  constructor(private readonly deps: AlertServiceDeps) {
    this.cache = new RulesCache(deps.repo, deps.clock.now());
    this.evaluator = new AlertEvaluator({ ...deps, cache: this.cache });
  }

  // ---- reads -------------------------------------------------------------------------------

  list(): AlertView[] {
    return [...this.cache.rules.values()].map((r) => this.viewOf(r));
  }

  view(id: string): AlertView | undefined {
    const rule = this.cache.rules.get(id);
    return rule ? this.viewOf(rule) : undefined;
  }

  rule(id: string): AlertRule | undefined {
    return this.cache.rules.get(id);
  }

  now(): number {
    return this.deps.clock.now();
  }

  snapshot(): AlertsSnapshot {
    return { serverTime: this.deps.clock.now(), alerts: this.list().map(publicView) };
  }

  activeSilences(): Silence[] {
    const now = this.deps.clock.now();
    return this.cache.silences.filter((s) => s.until > now);
  }

  history(q: HistoryQuery): Promise<AlertTransition[]> {
    return Promise.resolve(this.deps.repo.history(q));
  }

  /**
   * Resolves once the changes made so far are durable: at once on SQLite (written before the call
   * returned); on a cluster node, once PostgreSQL has them, with the refusal when it did not.
   */
  async durable(): Promise<Outcome<null>> {
    const err = await this.deps.repo.settled?.();
    if (!err) return { ok: true, value: null };
    return fail('unavailable', `the cluster database did not take the change: ${err.message}`);
  }

  /** The cache replaced by what the store holds now (another node changed it); dashboards told. */
  reload(rules: AlertRule[], states: ReadonlyMap<string, AlertState>, silences: Silence[]): void {
    this.cache.replaceAll(rules, states, silences, this.deps.clock.now());
    this.deps.emit?.snapshot(this.snapshot());
  }

  /** The rules cache and evaluator (the cluster's alert leader steps and records through them). */
  get parts(): { cache: RulesCache; evaluator: AlertEvaluator } {
    return { cache: this.cache, evaluator: this.evaluator };
  }

  // ---- rule writes ---------------------------------------------------------------------------

  create(input: unknown): Outcome<AlertRule> {
    const parsed = parseRuleSpec(input);
    if (!parsed.ok) return fail('invalid', 'invalid rule', parsed.errors);
    const restored = restoreRedacted(parsed.value, undefined);
    if (!restored.ok) return fail('invalid', 'invalid rule', restored.errors);
    const refused = this.targetErrors(restored.spec);
    if (refused.length) return fail('invalid', 'invalid rule', refused);
    const spec = restored.spec;
    if (spec.id !== undefined && this.cache.rules.has(spec.id))
      return fail('conflict', 'a rule with this id exists', [
        { field: 'id', reason: `is taken by another rule` },
      ]);
    const clash = this.cache.nameClash(spec.name, undefined);
    if (clash) return fail('conflict', 'a rule with this name exists', [clash]);
    const now = this.deps.clock.now();
    const rule: AlertRule = canonical({
      ...spec,
      id: spec.id ?? this.cache.newId(spec.name),
      createdAt: now,
      updatedAt: now,
    });
    const state = initialState(rule.id, rule.threshold, now);
    this.deps.repo.transaction(() => {
      this.deps.repo.saveRule(rule);
      this.deps.repo.saveStates([state]);
    });
    this.cache.rules.set(rule.id, rule);
    this.cache.states.set(rule.id, state);
    this.changed(rule);
    return { ok: true, value: rule };
  }

  /** PUT: the body is the whole rule. */
  replace(id: string, input: unknown): Outcome<AlertRule> {
    const stored = this.cache.rules.get(id);
    if (!stored) return fail('not-found', `no rule with id ${id}`);
    const parsed = parseRuleSpec(input);
    if (!parsed.ok) return fail('invalid', 'invalid rule', parsed.errors);
    return this.update(stored, parsed.value);
  }

  /** PATCH: the body's top-level fields replace the stored ones. */
  patch(id: string, input: unknown): Outcome<AlertRule> {
    const stored = this.cache.rules.get(id);
    if (!stored) return fail('not-found', `no rule with id ${id}`);
    if (typeof input !== 'object' || input === null || Array.isArray(input))
      return fail('invalid', 'invalid rule', [{ field: '(body)', reason: 'must be a JSON object' }]);
    const { createdAt: _c, updatedAt: _u, ...current } = stored;
    const parsed = parseRuleSpec({ ...current, ...input });
    if (!parsed.ok) return fail('invalid', 'invalid rule', parsed.errors);
    return this.update(stored, parsed.value);
  }

  remove(id: string): Outcome<null> {
    if (!this.cache.rules.has(id)) return fail('not-found', `no rule with id ${id}`);
    this.deps.repo.deleteRule(id);
    this.forget(id);
    this.deps.emit?.removed({ serverTime: this.deps.clock.now(), ruleId: id });
    return { ok: true, value: null };
  }

  /** Config as code: upserts every rule (matched by id, else by name), all or nothing. */
  import(inputs: unknown, options: { prune: boolean }): Outcome<ImportSummary> {
    const list = importList(inputs);
    if (!list)
      return fail('invalid', 'invalid import', [{ field: 'rules', reason: 'must be a list of rules' }]);
    const now = this.deps.clock.now();
    const planned = planImport(list, this.cache, {
      prune: options.prune,
      now,
      targetErrors: (spec, prefix) => this.targetErrors(spec, prefix),
    });
    if (!planned.ok) return fail('invalid', 'invalid import: nothing was changed', planned.errors);
    const { next, doomed, summary } = planned.plan;
    try {
      this.deps.repo.transaction(() => {
        for (const id of doomed) this.deps.repo.deleteRule(id);
        // Free every name first so rules can swap names within one import.
        for (const rule of next)
          if (this.cache.rules.has(rule.id)) this.deps.repo.saveRule({ ...rule, name: `\0${rule.id}` });
        for (const rule of next) this.deps.repo.saveRule(rule);
      });
    } catch (err) {
      return fail('conflict', `import refused by the database: ${(err as Error).message}`);
    }
    for (const id of doomed) {
      this.forget(id);
      summary.deleted.push(id);
    }
    for (const rule of next) {
      const prev = this.cache.rules.get(rule.id);
      this.cache.rules.set(rule.id, rule);
      if (!prev) {
        const state = initialState(rule.id, rule.threshold, now);
        this.cache.states.set(rule.id, state);
        this.deps.repo.saveStates([state]);
      } else if (prev.enabled && !rule.enabled) {
        this.evaluator.settleDisabled(rule, now);
      }
    }
    for (const id of doomed) this.deps.emit?.removed({ serverTime: now, ruleId: id });
    this.deps.emit?.snapshot(this.snapshot());
    return { ok: true, value: summary };
  }

  /** Rules as a rule file holds them: the spec and id, no timestamps. */
  exportRules(): (AlertRuleSpec & { id: string })[] {
    return [...this.cache.rules.values()].map(({ createdAt: _c, updatedAt: _u, ...spec }) => canonical(spec));
  }

  // ---- operator actions ----------------------------------------------------------------------

  /** `by` is who the server authenticated, never what the body claims. */
  ack(ruleId: string, input: unknown, by: string): Outcome<AlertView> {
    const rule = this.cache.rules.get(ruleId);
    if (!rule) return fail('not-found', `no rule with id ${ruleId}`);
    const parsed = AckInputSchema.safeParse(input ?? {});
    if (!parsed.success) return fail('invalid', 'invalid acknowledgement', fieldErrors(parsed.error));
    const at = this.deps.clock.now();
    const ack = { ...parsed.data, by, at };
    const result = acknowledge(this.cache.states.get(ruleId)!, ack);
    if (!result.ok) return fail('conflict', result.reason);
    this.deps.repo.transaction(() => {
      this.deps.repo.saveStates([result.state]);
      this.deps.repo.addAck(ruleId, ack);
    });
    this.cache.states.set(ruleId, result.state);
    this.changed(rule);
    return { ok: true, value: this.viewOf(rule) };
  }

  silence(input: unknown, by: string): Outcome<Silence> {
    const parsed = SilenceInputSchema.safeParse(input ?? {});
    if (!parsed.success) return fail('invalid', 'invalid silence', fieldErrors(parsed.error));
    const { ruleId, scope, until, comment } = parsed.data;
    const now = this.deps.clock.now();
    if (ruleId !== undefined && !this.cache.rules.has(ruleId))
      return fail('invalid', 'invalid silence', [
        { field: 'ruleId', reason: `no rule has the id ${ruleId}` },
      ]);
    if (until <= now)
      return fail('invalid', 'invalid silence', [{ field: 'until', reason: 'is not in the future' }]);
    const silence: Silence = {
      id: `s-${randomBytes(6).toString('hex')}`,
      ruleId: ruleId ?? null,
      scope: ruleId === undefined ? (scope ?? {}) : null,
      until,
      comment,
      createdAt: now,
      createdBy: by,
    };
    this.deps.repo.addSilence(silence);
    this.cache.silences.push(silence);
    this.evaluator.applySilences(now);
    return { ok: true, value: silence };
  }

  unsilence(id: string): Outcome<null> {
    if (!this.deps.repo.deleteSilence(id)) return fail('not-found', `no silence with id ${id}`);
    this.cache.silences = this.cache.silences.filter((s) => s.id !== id);
    this.evaluator.applySilences(this.deps.clock.now());
    return { ok: true, value: null };
  }

  async testNotification(ruleId: string): Promise<Outcome<DeliveryOutcome[]>> {
    const rule = this.cache.rules.get(ruleId);
    if (!rule) return fail('not-found', `no rule with id ${ruleId}`);
    if (rule.notify.length === 0)
      return fail('invalid', 'this rule has no notification targets', [
        { field: 'notify', reason: 'is empty' },
      ]);
    const now = this.deps.clock.now();
    const wait = (this.lastTest.get(ruleId) ?? -Infinity) + TEST_NOTIFICATION_EVERY_MS - now;
    if (wait > 0) {
      return fail(
        'rate-limited',
        `a test notification was sent for this rule less than ${TEST_NOTIFICATION_EVERY_MS / 1000} s ago; try again in ${Math.ceil(wait / 1000)} s`,
        undefined,
        { retryAfterMs: wait },
      );
    }
    this.lastTest.set(ruleId, now);
    const state = this.cache.states.get(ruleId)!;
    const notification: AlertNotification = {
      kind: 'test',
      status: 'firing',
      rule,
      value: state.value,
      threshold: rule.threshold,
      from: state.state,
      at: now,
      reason: 'test notification',
    };
    const outcomes = await this.deps.notifier.sendTest(rule, notification);
    this.changed(rule);
    return { ok: true, value: outcomes };
  }

  /**
   * "On the last 24 hours this rule would have fired N times" (timing rules: on the live window).
   * The rule need not be saved.
   */
  preview(input: unknown): Outcome<BacktestResult> {
    const body = typeof input === 'object' && input !== null && !Array.isArray(input) ? input : {};
    const parsed = AlertRuleSpecSchema.safeParse({ name: 'preview', ...body });
    if (!parsed.success) return fail('invalid', 'invalid rule', fieldErrors(parsed.error));
    const spec = parsed.data;
    const refusal = backtestRefusal(spec.metric);
    if (refusal !== undefined) return fail('invalid', refusal, [{ field: 'metric', reason: refusal }]);
    const history = this.deps.sources.history;
    if (!history) return fail('unavailable', 'backtesting needs the stored rollups, and there is no store');
    const now = this.deps.clock.now();
    const { timings } = this.deps.sources;
    const span = backtestSpanMs(spec.metric, timings);
    const metrics = history({ from: now - span - windowMs(spec), to: now });
    return { ok: true, value: backtest(spec, { metrics, timings }, now, span) };
  }

  // ---- evaluation ----------------------------------------------------------------------------

  /** One evaluation of every enabled rule at `now`; returns the transitions taken. */
  evaluate(now: number): AlertTransition[] {
    return this.evaluator.evaluate(now);
  }

  /** Whether states or transitions wait to be saved (the database refused them). */
  get unsaved(): { states: number; transitions: number } {
    return this.evaluator.unsaved;
  }

  /** Saves what the database refused before, now (at shutdown; tests after moving time). */
  saveUnsaved(): void {
    this.evaluator.saveWaiting();
  }

  get unsavedDropped(): number {
    return this.evaluator.unsavedDropped;
  }

  // ---- internals -----------------------------------------------------------------------------

  private update(stored: AlertRule, parsedSpec: AlertRuleSpec): Outcome<AlertRule> {
    if (parsedSpec.id !== undefined && parsedSpec.id !== stored.id)
      return fail('invalid', 'invalid rule', [
        { field: 'id', reason: `does not match the rule in the path (${stored.id})` },
      ]);
    const restored = restoreRedacted(parsedSpec, stored);
    if (!restored.ok) return fail('invalid', 'invalid rule', restored.errors);
    const refused = this.targetErrors(restored.spec);
    if (refused.length) return fail('invalid', 'invalid rule', refused);
    const clash = this.cache.nameClash(restored.spec.name, stored.id);
    if (clash) return fail('conflict', 'a rule with this name exists', [clash]);
    const now = this.deps.clock.now();
    const rule: AlertRule = canonical({
      ...restored.spec,
      id: stored.id,
      createdAt: stored.createdAt,
      updatedAt: now,
    });
    this.deps.repo.saveRule(rule);
    this.cache.rules.set(rule.id, rule);
    if (stored.enabled && !rule.enabled) this.evaluator.settleDisabled(rule, now);
    else this.changed(rule);
    return { ok: true, value: rule };
  }

  private changed(rule: AlertRule): void {
    this.evaluator.changed(rule);
  }

  private viewOf(rule: AlertRule): AlertView {
    return this.evaluator.viewOf(rule);
  }

  private forget(id: string): void {
    this.cache.forget(id);
    this.evaluator.forget(id);
    this.lastTest.delete(id);
  }

  private targetErrors(spec: AlertRuleSpec, prefix = ''): FieldError[] {
    return spec.notify.flatMap((target, i) => {
      const reason = urlProblem(targetEndpoint(target), this.deps.targets);
      const name = target.type === 'email' ? 'host' : 'url';
      return reason ? [{ field: `${prefix}notify[${i}].${name}`, reason }] : [];
    });
  }
}
