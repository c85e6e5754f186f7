import type { Clock } from '../clock.js';
import type { Logger } from '../logger.js';
import type { AlertRemovedEvent, AlertRule, AlertRuleSpec, AlertStateEvent, AlertTransition, AlertView, AlertsSnapshot, BacktestResult, DeliveryOutcome, FieldError, ImportSummary, Silence } from '../wire/alerts.js';
import type { MetricSource, ObserveSources, TimeRange } from './metric.js';
import type { Notifier } from './notifier.js';
import type { AlertRepository, HistoryQuery } from './repository.js';
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
    emit?: AlertEmitter | undefined;
    /** History, acks and ended silences older than this are pruned. */
    retentionMs: number;
}
export type Outcome<T> = {
    ok: true;
    value: T;
} | {
    ok: false;
    status: 400 | 404 | 409 | 503;
    error: string;
    errors?: FieldError[];
};
export declare class AlertService {
    private readonly deps;
    private readonly rules;
    private readonly states;
    private silences;
    private lastPrune;
    private readonly observeFailures;
    constructor(deps: AlertServiceDeps);
    list(): AlertView[];
    view(id: string): AlertView | undefined;
    rule(id: string): AlertRule | undefined;
    now(): number;
    snapshot(): AlertsSnapshot;
    activeSilences(): Silence[];
    history(q: HistoryQuery): AlertTransition[];
    create(input: unknown): Outcome<AlertRule>;
    /** PUT: the body is the whole rule. */
    replace(id: string, input: unknown): Outcome<AlertRule>;
    /** PATCH: the body's top-level fields replace the stored ones. */
    patch(id: string, input: unknown): Outcome<AlertRule>;
    remove(id: string): Outcome<null>;
    /** Config as code: upserts every rule (matched by id, else by name), all or nothing. */
    import(inputs: unknown, options: {
        prune: boolean;
    }): Outcome<ImportSummary>;
    /** Rules as a rule file holds them: the spec and id, no timestamps. */
    exportRules(): (AlertRuleSpec & {
        id: string;
    })[];
    ack(ruleId: string, input: unknown): Outcome<AlertView>;
    silence(input: unknown, by: string): Outcome<Silence>;
    unsilence(id: string): Outcome<null>;
    testNotification(ruleId: string): Promise<Outcome<DeliveryOutcome[]>>;
    /** "On the last 24 hours this rule would have fired N times." The rule need not be saved. */
    preview(input: unknown): Outcome<BacktestResult>;
    /** One evaluation of every enabled rule at `now`; returns the transitions taken. */
    evaluate(now: number): AlertTransition[];
    private update;
    private settleDisabled;
    /** Writes states and transitions in one transaction, then tells the dashboards and targets. */
    private record;
    /** Shows new silences (and ended ones) in the states at once, not at the next evaluation. */
    private applySilences;
    private changed;
    private viewOf;
    private nameClash;
    /** A readable id from the name: "503 storm on carrier-a" → "503-storm-on-carrier-a". */
    private newId;
}
/** What a wall display may see: targets without their credentials. */
export declare function publicView(view: AlertView): AlertView;
