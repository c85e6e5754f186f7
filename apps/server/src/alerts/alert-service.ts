import { randomBytes } from 'node:crypto';
import type { Clock } from '../clock.js';
import type { Logger } from '../logger.js';
import {
  AckInputSchema,
  AlertRuleSpecSchema,
  RESERVED_RULE_IDS,
  METRIC_UNIT,
  SilenceInputSchema,
  fieldErrors,
  parseRuleSpec,
} from '../wire/alerts.js';
import type {
  AlertRemovedEvent,
  AlertRule,
  AlertRuleSpec,
  AlertState,
  AlertStateEvent,
  AlertTransition,
  AlertView,
  AlertsSnapshot,
  BacktestResult,
  DeliveryOutcome,
  FieldError,
  ImportSummary,
  Silence,
} from '../wire/alerts.js';
import { backtest, backtestRefusal, backtestSpanMs } from './backtest.js';
import type { MetricSource, ObserveSources, TimeRange } from './metric.js';
import { observe, windowMs } from './metric.js';
import type { Notifier } from './notifier.js';
import type { AlertNotification } from './payload.js';
import { redactRule, restoreRedacted } from './redact.js';
import type { AlertRepository, HistoryQuery, NewTransition } from './repository.js';
import { silencedUntil } from './silences.js';
import type { TargetPolicy } from './target-policy.js';
import { urlProblem } from './target-policy.js';
import { acknowledge, disable, initialState, step } from './state-machine.js';
import type { TransitionDraft } from './state-machine.js';

/**
 * The alerting shell's state: rules, their states and the silences, cached in memory and written
 * through to the repository. Evaluation runs on the aggregates each tick; every change is told to
 * the dashboards (through `emit`) and transitions that notify go to the notifier.
 */

export interface AlertSources extends ObserveSources {
  /** Minute rollups over a past range, for backtests; absent when there is no store. */
  history?: ((range: TimeRange) => MetricSource) | undefined;
}

export interface AlertEmitter {
  state(event: AlertStateEvent): void;
  snapshot(snapshot: AlertsSnapshot): void;
  removed(event: AlertRemovedEvent): void;
}

export interface AlertServiceDeps {
  repo: AlertRepository;
  clock: Clock;
  logger: Logger;
  sources: AlertSources;
  notifier: Notifier;
  /** Where notification targets may be: rules naming a refused address literal are refused. */
  targets: TargetPolicy;
  emit?: AlertEmitter | undefined;
  /** The "now" retention counts from (the store's RetentionReference); the evaluation time without one. */
  retentionNow?: () => number;
  /** History, acks and ended silences older than this are pruned. */
  retentionMs: number;
}

export type Outcome<T> =
  | { ok: true; value: T }
  | {
      ok: false;
      status: 400 | 404 | 409 | 429 | 503;
      error: string;
      errors?: FieldError[];
      /** With 429: when to try again. */
      retryAfterMs?: number;
    };

const fail = (status: 400 | 404 | 409 | 503, error: string, errors?: FieldError[]): Outcome<never> =>
  errors ? { ok: false, status, error, errors } : { ok: false, status, error };

const PRUNE_EVERY_MS = 3_600_000;

/** Test notifications per rule: at most one this often, so they cannot be used to probe a network. */
export const TEST_NOTIFICATION_EVERY_MS = 10_000;

export class AlertService {
  private readonly rules = new Map<string, AlertRule>();
  private readonly states = new Map<string, AlertState>();
  private silences: Silence[];
  private lastPrune = -Infinity;
  private readonly observeFailures = new Set<string>();
  private readonly lastTest = new Map<string, number>();

  constructor(private readonly deps: AlertServiceDeps) {
    const now = deps.clock.now();
    for (const rule of deps.repo.listRules()) this.rules.set(rule.id, rule);
    const stored = deps.repo.loadStates();
    for (const rule of this.rules.values())
      this.states.set(rule.id, stored.get(rule.id) ?? initialState(rule.id, rule.threshold, now));
    this.silences = deps.repo.activeSilences(now);
  }

  // ---- reads -------------------------------------------------------------------------------

  list(): AlertView[] {
    return [...this.rules.values()].map((r) => this.viewOf(r));
  }

  view(id: string): AlertView | undefined {
    const rule = this.rules.get(id);
    return rule ? this.viewOf(rule) : undefined;
  }

  rule(id: string): AlertRule | undefined {
    return this.rules.get(id);
  }

  now(): number {
    return this.deps.clock.now();
  }

  snapshot(): AlertsSnapshot {
    return { serverTime: this.deps.clock.now(), alerts: this.list().map(publicView) };
  }

  activeSilences(): Silence[] {
    const now = this.deps.clock.now();
    return this.silences.filter((s) => s.until > now);
  }

  history(q: HistoryQuery): AlertTransition[] {
    return this.deps.repo.history(q);
  }

  // ---- rule writes ---------------------------------------------------------------------------

  create(input: unknown): Outcome<AlertRule> {
    const parsed = parseRuleSpec(input);
    if (!parsed.ok) return fail(400, 'invalid rule', parsed.errors);
    const restored = restoreRedacted(parsed.value, undefined);
    if (!restored.ok) return fail(400, 'invalid rule', restored.errors);
    const refused = this.targetErrors(restored.spec);
    if (refused.length) return fail(400, 'invalid rule', refused);
    const spec = restored.spec;
    if (spec.id !== undefined && this.rules.has(spec.id))
      return fail(409, 'a rule with this id exists', [{ field: 'id', reason: `is taken by another rule` }]);
    const clash = this.nameClash(spec.name, undefined);
    if (clash) return fail(409, 'a rule with this name exists', [clash]);
    const now = this.deps.clock.now();
    const rule: AlertRule = canonical({
      ...spec,
      id: spec.id ?? this.newId(spec.name),
      createdAt: now,
      updatedAt: now,
    });
    const state = initialState(rule.id, rule.threshold, now);
    this.deps.repo.transaction(() => {
      this.deps.repo.saveRule(rule);
      this.deps.repo.saveStates([state]);
    });
    this.rules.set(rule.id, rule);
    this.states.set(rule.id, state);
    this.changed(rule);
    return { ok: true, value: rule };
  }

  /** PUT: the body is the whole rule. */
  replace(id: string, input: unknown): Outcome<AlertRule> {
    const stored = this.rules.get(id);
    if (!stored) return fail(404, `no rule with id ${id}`);
    const parsed = parseRuleSpec(input);
    if (!parsed.ok) return fail(400, 'invalid rule', parsed.errors);
    return this.update(stored, parsed.value);
  }

  /** PATCH: the body's top-level fields replace the stored ones. */
  patch(id: string, input: unknown): Outcome<AlertRule> {
    const stored = this.rules.get(id);
    if (!stored) return fail(404, `no rule with id ${id}`);
    if (typeof input !== 'object' || input === null || Array.isArray(input))
      return fail(400, 'invalid rule', [{ field: '(body)', reason: 'must be a JSON object' }]);
    const { createdAt: _c, updatedAt: _u, ...current } = stored;
    const parsed = parseRuleSpec({ ...current, ...input });
    if (!parsed.ok) return fail(400, 'invalid rule', parsed.errors);
    return this.update(stored, parsed.value);
  }

  remove(id: string): Outcome<null> {
    if (!this.rules.has(id)) return fail(404, `no rule with id ${id}`);
    this.deps.repo.deleteRule(id);
    this.rules.delete(id);
    this.states.delete(id);
    this.lastTest.delete(id);
    this.silences = this.silences.filter((s) => s.ruleId !== id);
    this.deps.emit?.removed({ serverTime: this.deps.clock.now(), ruleId: id });
    return { ok: true, value: null };
  }

  /** Config as code: upserts every rule (matched by id, else by name), all or nothing. */
  import(inputs: unknown, options: { prune: boolean }): Outcome<ImportSummary> {
    const list = Array.isArray(inputs)
      ? inputs
      : typeof inputs === 'object' && inputs !== null && Array.isArray((inputs as { rules?: unknown }).rules)
        ? (inputs as { rules: unknown[] }).rules
        : undefined;
    if (!list) return fail(400, 'invalid import', [{ field: 'rules', reason: 'must be a list of rules' }]);
    const errors: FieldError[] = [];
    const plan: { spec: AlertRuleSpec; stored: AlertRule | undefined }[] = [];
    const seenIds = new Set<string>();
    const seenNames = new Set<string>();
    list.forEach((item, i) => {
      const prefix = `rules[${i}].`;
      const parsed = parseRuleSpec(item, prefix);
      if (!parsed.ok) return void errors.push(...parsed.errors);
      const spec = parsed.value;
      const stored =
        spec.id !== undefined
          ? this.rules.get(spec.id)
          : [...this.rules.values()].find((r) => r.name === spec.name);
      const restored = restoreRedacted(spec, stored, prefix);
      if (!restored.ok) return void errors.push(...restored.errors);
      errors.push(...this.targetErrors(restored.spec, prefix));
      if (spec.id !== undefined && seenIds.has(spec.id))
        errors.push({ field: `${prefix}id`, reason: 'appears twice in the import' });
      if (seenNames.has(spec.name))
        errors.push({ field: `${prefix}name`, reason: 'appears twice in the import' });
      if (spec.id !== undefined) seenIds.add(spec.id);
      seenNames.add(spec.name);
      plan.push({ spec: restored.spec, stored });
    });
    // A name may move between rules within the import, but not onto a rule the import leaves alone.
    const touched = new Set(plan.flatMap((p) => (p.stored ? [p.stored.id] : p.spec.id ? [p.spec.id] : [])));
    plan.forEach(({ spec }, i) => {
      const owner = [...this.rules.values()].find((r) => r.name === spec.name);
      if (owner && !touched.has(owner.id) && !options.prune)
        errors.push({
          field: `rules[${i}].name`,
          reason: `is taken by rule ${owner.id}, which the import does not change`,
        });
    });
    if (errors.length) return fail(400, 'invalid import: nothing was changed', errors);

    const now = this.deps.clock.now();
    const summary: ImportSummary = { created: [], updated: [], deleted: [] };
    const keep = new Set<string>();
    const next: AlertRule[] = plan.map(({ spec, stored }) => {
      const id = stored?.id ?? spec.id ?? this.newId(spec.name, keep);
      keep.add(id);
      (stored ? summary.updated : summary.created).push(id);
      return canonical({ ...spec, id, createdAt: stored?.createdAt ?? now, updatedAt: now });
    });
    const doomed = options.prune ? [...this.rules.keys()].filter((id) => !keep.has(id)) : [];
    try {
      this.deps.repo.transaction(() => {
        for (const id of doomed) this.deps.repo.deleteRule(id);
        // Free every name first so rules can swap names within one import.
        for (const rule of next)
          if (this.rules.has(rule.id)) this.deps.repo.saveRule({ ...rule, name: `\0${rule.id}` });
        for (const rule of next) this.deps.repo.saveRule(rule);
      });
    } catch (err) {
      return fail(409, `import refused by the database: ${(err as Error).message}`);
    }
    for (const id of doomed) {
      this.rules.delete(id);
      this.states.delete(id);
      this.lastTest.delete(id);
      summary.deleted.push(id);
    }
    for (const rule of next) {
      const prev = this.rules.get(rule.id);
      this.rules.set(rule.id, rule);
      if (!prev) {
        const state = initialState(rule.id, rule.threshold, now);
        this.states.set(rule.id, state);
        this.deps.repo.saveStates([state]);
      } else if (prev.enabled && !rule.enabled) {
        this.settleDisabled(rule, now);
      }
    }
    for (const id of doomed) this.deps.emit?.removed({ serverTime: now, ruleId: id });
    this.deps.emit?.snapshot(this.snapshot());
    return { ok: true, value: summary };
  }

  /** Rules as a rule file holds them: the spec and id, no timestamps. */
  exportRules(): (AlertRuleSpec & { id: string })[] {
    return [...this.rules.values()].map(({ createdAt: _c, updatedAt: _u, ...spec }) => canonical(spec));
  }

  // ---- operator actions ----------------------------------------------------------------------

  /** `by` is who the server authenticated, never what the body claims. */
  ack(ruleId: string, input: unknown, by: string): Outcome<AlertView> {
    const rule = this.rules.get(ruleId);
    if (!rule) return fail(404, `no rule with id ${ruleId}`);
    const parsed = AckInputSchema.safeParse(input ?? {});
    if (!parsed.success) return fail(400, 'invalid acknowledgement', fieldErrors(parsed.error));
    const at = this.deps.clock.now();
    const ack = { ...parsed.data, by, at };
    const result = acknowledge(this.states.get(ruleId)!, ack);
    if (!result.ok) return fail(409, result.reason);
    this.deps.repo.transaction(() => {
      this.deps.repo.saveStates([result.state]);
      this.deps.repo.addAck(ruleId, ack);
    });
    this.states.set(ruleId, result.state);
    this.changed(rule);
    return { ok: true, value: this.viewOf(rule) };
  }

  silence(input: unknown, by: string): Outcome<Silence> {
    const parsed = SilenceInputSchema.safeParse(input ?? {});
    if (!parsed.success) return fail(400, 'invalid silence', fieldErrors(parsed.error));
    const { ruleId, scope, until, comment } = parsed.data;
    const now = this.deps.clock.now();
    if (ruleId !== undefined && !this.rules.has(ruleId))
      return fail(400, 'invalid silence', [{ field: 'ruleId', reason: `no rule has the id ${ruleId}` }]);
    if (until <= now)
      return fail(400, 'invalid silence', [{ field: 'until', reason: 'is not in the future' }]);
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
    this.silences.push(silence);
    this.applySilences(now);
    return { ok: true, value: silence };
  }

  unsilence(id: string): Outcome<null> {
    if (!this.deps.repo.deleteSilence(id)) return fail(404, `no silence with id ${id}`);
    this.silences = this.silences.filter((s) => s.id !== id);
    this.applySilences(this.deps.clock.now());
    return { ok: true, value: null };
  }

  async testNotification(ruleId: string): Promise<Outcome<DeliveryOutcome[]>> {
    const rule = this.rules.get(ruleId);
    if (!rule) return fail(404, `no rule with id ${ruleId}`);
    if (rule.notify.length === 0)
      return fail(400, 'this rule has no notification targets', [{ field: 'notify', reason: 'is empty' }]);
    const now = this.deps.clock.now();
    const wait = (this.lastTest.get(ruleId) ?? -Infinity) + TEST_NOTIFICATION_EVERY_MS - now;
    if (wait > 0) {
      return {
        ok: false,
        status: 429,
        error: `a test notification was sent for this rule less than ${TEST_NOTIFICATION_EVERY_MS / 1000} s ago; try again in ${Math.ceil(wait / 1000)} s`,
        retryAfterMs: wait,
      };
    }
    this.lastTest.set(ruleId, now);
    const state = this.states.get(ruleId)!;
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
    if (!parsed.success) return fail(400, 'invalid rule', fieldErrors(parsed.error));
    const spec = parsed.data;
    const refusal = backtestRefusal(spec.metric);
    if (refusal !== undefined) return fail(400, refusal, [{ field: 'metric', reason: refusal }]);
    const history = this.deps.sources.history;
    if (!history) return fail(503, 'backtesting needs the stored rollups, and there is no store');
    const now = this.deps.clock.now();
    const { timings } = this.deps.sources;
    const span = backtestSpanMs(spec.metric, timings);
    const metrics = history({ from: now - span - windowMs(spec), to: now });
    return { ok: true, value: backtest(spec, { metrics, timings }, now, span) };
  }

  // ---- evaluation ----------------------------------------------------------------------------

  /** One evaluation of every enabled rule at `now`; returns the transitions taken. */
  evaluate(now: number): AlertTransition[] {
    this.silences = this.silences.filter((s) => s.until > now);
    const drafts: { rule: AlertRule; t: TransitionDraft }[] = [];
    const dirty: AlertState[] = [];
    for (const rule of this.rules.values()) {
      if (!rule.enabled) continue;
      const prev = this.states.get(rule.id)!;
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
      const result = step(rule, prev, obs, silencedUntil(rule, this.silences, now));
      this.states.set(rule.id, result.state);
      if (significant(prev, result.state)) dirty.push(result.state);
      for (const t of result.transitions) drafts.push({ rule, t });
    }
    const transitions = this.record(dirty, drafts);
    if (now - this.lastPrune >= PRUNE_EVERY_MS) {
      this.lastPrune = now;
      this.deps.repo.prune((this.deps.retentionNow?.() ?? now) - this.deps.retentionMs);
    }
    return transitions;
  }

  // ---- internals -----------------------------------------------------------------------------

  private update(stored: AlertRule, parsedSpec: AlertRuleSpec): Outcome<AlertRule> {
    if (parsedSpec.id !== undefined && parsedSpec.id !== stored.id)
      return fail(400, 'invalid rule', [
        { field: 'id', reason: `does not match the rule in the path (${stored.id})` },
      ]);
    const restored = restoreRedacted(parsedSpec, stored);
    if (!restored.ok) return fail(400, 'invalid rule', restored.errors);
    const refused = this.targetErrors(restored.spec);
    if (refused.length) return fail(400, 'invalid rule', refused);
    const clash = this.nameClash(restored.spec.name, stored.id);
    if (clash) return fail(409, 'a rule with this name exists', [clash]);
    const now = this.deps.clock.now();
    const rule: AlertRule = canonical({
      ...restored.spec,
      id: stored.id,
      createdAt: stored.createdAt,
      updatedAt: now,
    });
    this.deps.repo.saveRule(rule);
    this.rules.set(rule.id, rule);
    if (stored.enabled && !rule.enabled) this.settleDisabled(rule, now);
    else this.changed(rule);
    return { ok: true, value: rule };
  }

  private settleDisabled(rule: AlertRule, now: number): void {
    const result = disable(this.states.get(rule.id)!, now);
    this.states.set(rule.id, result.state);
    const transitions = this.record(
      [result.state],
      result.transitions.map((t) => ({ rule, t })),
    );
    if (transitions.length === 0) this.changed(rule);
  }

  /** Writes states and transitions in one transaction, then tells the dashboards and targets. */
  private record(dirty: AlertState[], drafts: { rule: AlertRule; t: TransitionDraft }[]): AlertTransition[] {
    if (dirty.length === 0 && drafts.length === 0) return [];
    const rows: NewTransition[] = drafts.map(({ rule, t }) => ({
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
    let saved: AlertTransition[];
    try {
      saved = this.deps.repo.transaction(() => {
        this.deps.repo.saveStates(dirty);
        return this.deps.repo.appendTransitions(rows);
      });
    } catch (err) {
      this.deps.logger.error({ err }, 'alert states could not be saved');
      saved = rows.map((r) => ({ ...r, id: 0 }));
    }
    drafts.forEach(({ rule, t }, i) => {
      const transition = saved[i]!;
      this.deps.emit?.state({
        serverTime: this.deps.clock.now(),
        view: publicView(this.viewOf(rule)),
        transition,
      });
      if (t.notify && (t.to === 'firing' || t.to === 'resolved')) {
        this.deps.notifier.enqueue(rule, {
          kind: 'alert',
          status: t.to,
          rule,
          value: t.value,
          threshold: t.threshold,
          from: t.from,
          at: t.at,
          reason: t.reason,
        });
      }
    });
    return saved;
  }

  /** Shows new silences (and ended ones) in the states at once, not at the next evaluation. */
  private applySilences(now: number): void {
    const dirty: AlertState[] = [];
    for (const rule of this.rules.values()) {
      const state = this.states.get(rule.id)!;
      const until = silencedUntil(rule, this.silences, now);
      if (until === state.silencedUntil) continue;
      const next = { ...state, silencedUntil: until };
      this.states.set(rule.id, next);
      dirty.push(next);
    }
    this.deps.repo.saveStates(dirty);
    for (const st of dirty) this.changed(this.rules.get(st.ruleId)!);
  }

  private changed(rule: AlertRule): void {
    this.deps.emit?.state({ serverTime: this.deps.clock.now(), view: publicView(this.viewOf(rule)) });
  }

  private viewOf(rule: AlertRule): AlertView {
    return { rule, state: this.states.get(rule.id)!, delivery: this.deps.notifier.delivery(rule) };
  }

  private targetErrors(spec: AlertRuleSpec, prefix = ''): FieldError[] {
    return spec.notify.flatMap((target, i) => {
      const reason = urlProblem(target.url, this.deps.targets);
      return reason ? [{ field: `${prefix}notify[${i}].url`, reason }] : [];
    });
  }

  private nameClash(name: string, selfId: string | undefined): FieldError | undefined {
    for (const r of this.rules.values())
      if (r.name === name && r.id !== selfId) return { field: 'name', reason: `is taken by rule ${r.id}` };
    return undefined;
  }

  /** A readable id from the name: "503 storm on carrier-a" → "503-storm-on-carrier-a". */
  private newId(name: string, taken: ReadonlySet<string> = new Set()): string {
    const base =
      name
        .toLowerCase()
        .replace(/[^a-z0-9]+/g, '-')
        .replace(/^-+|-+$/g, '')
        .slice(0, 48) || 'rule';
    const free = (id: string) =>
      !this.rules.has(id) && !taken.has(id) && !(RESERVED_RULE_IDS as readonly string[]).includes(id);
    if (free(base)) return base;
    for (let n = 2; ; n++) if (free(`${base}-${n}`)) return `${base}-${n}`;
  }
}

const FIELD_ORDER = [
  'id',
  'name',
  'description',
  'metric',
  'class',
  'code',
  'scope',
  'comparison',
  'threshold',
  'recoverAt',
  'window',
  'minVolume',
  'pendingFor',
  'keepFiringFor',
  'severity',
  'noData',
  'enabled',
  'labels',
  'notify',
  'createdAt',
  'updatedAt',
] as const satisfies readonly (keyof AlertRule)[];

/** The fields in the order a person reads them, so answers read well and exported files diff cleanly. */
function canonical<T extends Partial<AlertRule>>(rule: T): T {
  const out: Record<string, unknown> = {};
  for (const key of FIELD_ORDER) if (rule[key] !== undefined) out[key] = rule[key];
  return out as T;
}

/** What a wall display may see: targets without their credentials. */
export function publicView(view: AlertView): AlertView {
  return { ...view, rule: redactRule(view.rule) };
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
