import { z } from 'zod';
/**
 * Alert rules, their states and history, as they cross the wire (REST, Socket.IO, rule files).
 *
 * Durations are strings: a whole number and a unit, `ms`, `s`, `m`, `h` or `d` ("30s", "5m", "1h").
 * Ratios (failure rate, shares, ASR, NER, unparsed rate) are fractions from 0 to 1, like the KPIs.
 * Call timing (post-dial delay, setup time) is in milliseconds, like GET /api/v1/timing.
 */
export declare const ALERT_METRICS: readonly ["failure_rate", "class_share", "code_count", "code_rate", "asr_below", "ner_below", "volume_below", "unparsed_rate", "pdd_p95", "pdd_p50", "setup_p95", "setup_p50"];
export type AlertMetric = (typeof ALERT_METRICS)[number];
/** Metrics whose value is a fraction from 0 to 1. */
export declare const RATIO_METRICS: readonly ["failure_rate", "class_share", "asr_below", "ner_below", "unparsed_rate"];
/**
 * Per-call timing from HEP (p95 or p50 of post-dial delay or setup time, in ms). They narrow by
 * trunk only, count calls timed as their volume, and keep no stored history (no backtest).
 */
export declare const TIMING_METRICS: readonly ["pdd_p95", "pdd_p50", "setup_p95", "setup_p50"];
export type TimingMetric = (typeof TIMING_METRICS)[number];
export declare function isTimingMetric(metric: AlertMetric): metric is TimingMetric;
/** Metrics observed only live, with nothing stored to replay: the preview cannot backtest them. */
export declare const LIVE_ONLY_METRICS: readonly ["unparsed_rate", "pdd_p95", "pdd_p50", "setup_p95", "setup_p50"];
/** How a metric's value reads: a fraction (shown as %), a count, a rate per minute, or milliseconds. */
export declare const METRIC_UNITS: readonly ["fraction", "count", "per_minute", "ms"];
export type MetricUnit = (typeof METRIC_UNITS)[number];
export declare const METRIC_UNIT: Readonly<Record<AlertMetric, MetricUnit>>;
/** Metrics that alert when the value drops: only `lt` and `lte` make sense for them. */
export declare const BELOW_METRICS: readonly ["asr_below", "ner_below", "volume_below"];
export declare const COMPARISONS: readonly ["gt", "gte", "lt", "lte"];
export type Comparison = (typeof COMPARISONS)[number];
export declare const SEVERITIES: readonly ["warning", "critical"];
export type Severity = (typeof SEVERITIES)[number];
/** What a rule does when there is no value, or less traffic than its minimum volume. */
export declare const NO_DATA_MODES: readonly ["ok", "alerting", "keep"];
export type NoDataMode = (typeof NO_DATA_MODES)[number];
export declare const ALERT_STATES: readonly ["ok", "pending", "firing", "resolved"];
export type AlertStateName = (typeof ALERT_STATES)[number];
export declare const NOTIFY_TARGET_TYPES: readonly ["webhook", "slack"];
export type NotifyTargetType = (typeof NOTIFY_TARGET_TYPES)[number];
/** Shown instead of secrets and webhook URLs to readers without the admin token. */
export declare const REDACTED = "********";
/** Ids the alerts API uses as path segments, so no rule may take them. */
export declare const RESERVED_RULE_IDS: readonly ["rules", "silences", "history"];
/** "30s" → 30000; undefined when the text is not a duration. */
export declare function parseDuration(text: string): number | undefined;
/** 300000 → "5m": the largest unit that divides the value. */
export declare function formatDuration(ms: number): string;
export declare const DurationSchema: z.ZodString;
/** Which traffic a rule watches; every field narrows, none means all traffic. */
export declare const AlertScopeSchema: z.ZodObject<{
    trunk: z.ZodOptional<z.ZodString>;
    source: z.ZodOptional<z.ZodString>;
    method: z.ZodOptional<z.ZodString>;
    code: z.ZodOptional<z.ZodNumber>;
}, z.core.$strict>;
export type AlertScope = z.infer<typeof AlertScopeSchema>;
export declare const WebhookTargetSchema: z.ZodObject<{
    type: z.ZodLiteral<"webhook">;
    url: z.ZodString;
    secret: z.ZodOptional<z.ZodString>;
    sendResolved: z.ZodDefault<z.ZodBoolean>;
}, z.core.$strict>;
export declare const SlackTargetSchema: z.ZodObject<{
    type: z.ZodLiteral<"slack">;
    url: z.ZodString;
    sendResolved: z.ZodDefault<z.ZodBoolean>;
}, z.core.$strict>;
export declare const NotifyTargetSchema: z.ZodDiscriminatedUnion<[z.ZodObject<{
    type: z.ZodLiteral<"webhook">;
    url: z.ZodString;
    secret: z.ZodOptional<z.ZodString>;
    sendResolved: z.ZodDefault<z.ZodBoolean>;
}, z.core.$strict>, z.ZodObject<{
    type: z.ZodLiteral<"slack">;
    url: z.ZodString;
    sendResolved: z.ZodDefault<z.ZodBoolean>;
}, z.core.$strict>], "type">;
export type NotifyTarget = z.output<typeof NotifyTargetSchema>;
export declare const RuleIdSchema: z.ZodString;
export declare function defaultComparison(metric: AlertMetric): Comparison;
/** A rule as written by a user: validated, defaults filled in, comparison resolved. */
export declare const AlertRuleSpecSchema: z.ZodPipe<z.ZodObject<{
    id: z.ZodOptional<z.ZodString>;
    name: z.ZodString;
    description: z.ZodOptional<z.ZodString>;
    metric: z.ZodEnum<{
        failure_rate: "failure_rate";
        class_share: "class_share";
        code_count: "code_count";
        code_rate: "code_rate";
        asr_below: "asr_below";
        ner_below: "ner_below";
        volume_below: "volume_below";
        unparsed_rate: "unparsed_rate";
        pdd_p95: "pdd_p95";
        pdd_p50: "pdd_p50";
        setup_p95: "setup_p95";
        setup_p50: "setup_p50";
    }>;
    class: z.ZodOptional<z.ZodEnum<{
        "1xx": "1xx";
        "2xx": "2xx";
        "3xx": "3xx";
        "4xx": "4xx";
        "5xx": "5xx";
        "6xx": "6xx";
    }>>;
    code: z.ZodOptional<z.ZodNumber>;
    scope: z.ZodDefault<z.ZodObject<{
        trunk: z.ZodOptional<z.ZodString>;
        source: z.ZodOptional<z.ZodString>;
        method: z.ZodOptional<z.ZodString>;
        code: z.ZodOptional<z.ZodNumber>;
    }, z.core.$strict>>;
    comparison: z.ZodOptional<z.ZodEnum<{
        gt: "gt";
        gte: "gte";
        lt: "lt";
        lte: "lte";
    }>>;
    threshold: z.ZodNumber;
    recoverAt: z.ZodOptional<z.ZodNumber>;
    window: z.ZodDefault<z.ZodString>;
    minVolume: z.ZodDefault<z.ZodNumber>;
    pendingFor: z.ZodDefault<z.ZodString>;
    keepFiringFor: z.ZodDefault<z.ZodString>;
    severity: z.ZodDefault<z.ZodEnum<{
        warning: "warning";
        critical: "critical";
    }>>;
    noData: z.ZodDefault<z.ZodEnum<{
        ok: "ok";
        alerting: "alerting";
        keep: "keep";
    }>>;
    enabled: z.ZodDefault<z.ZodBoolean>;
    labels: z.ZodDefault<z.ZodRecord<z.ZodString, z.ZodString>>;
    notify: z.ZodDefault<z.ZodArray<z.ZodDiscriminatedUnion<[z.ZodObject<{
        type: z.ZodLiteral<"webhook">;
        url: z.ZodString;
        secret: z.ZodOptional<z.ZodString>;
        sendResolved: z.ZodDefault<z.ZodBoolean>;
    }, z.core.$strict>, z.ZodObject<{
        type: z.ZodLiteral<"slack">;
        url: z.ZodString;
        sendResolved: z.ZodDefault<z.ZodBoolean>;
    }, z.core.$strict>], "type">>>;
}, z.core.$strict>, z.ZodTransform<{
    comparison: "gt" | "gte" | "lt" | "lte";
    name: string;
    metric: "failure_rate" | "class_share" | "code_count" | "code_rate" | "asr_below" | "ner_below" | "volume_below" | "unparsed_rate" | "pdd_p95" | "pdd_p50" | "setup_p95" | "setup_p50";
    scope: {
        trunk?: string | undefined;
        source?: string | undefined;
        method?: string | undefined;
        code?: number | undefined;
    };
    threshold: number;
    window: string;
    minVolume: number;
    pendingFor: string;
    keepFiringFor: string;
    severity: "warning" | "critical";
    noData: "ok" | "alerting" | "keep";
    enabled: boolean;
    labels: Record<string, string>;
    notify: ({
        type: "webhook";
        url: string;
        sendResolved: boolean;
        secret?: string | undefined;
    } | {
        type: "slack";
        url: string;
        sendResolved: boolean;
    })[];
    id?: string | undefined;
    description?: string | undefined;
    class?: "1xx" | "2xx" | "3xx" | "4xx" | "5xx" | "6xx" | undefined;
    code?: number | undefined;
    recoverAt?: number | undefined;
}, {
    name: string;
    metric: "failure_rate" | "class_share" | "code_count" | "code_rate" | "asr_below" | "ner_below" | "volume_below" | "unparsed_rate" | "pdd_p95" | "pdd_p50" | "setup_p95" | "setup_p50";
    scope: {
        trunk?: string | undefined;
        source?: string | undefined;
        method?: string | undefined;
        code?: number | undefined;
    };
    threshold: number;
    window: string;
    minVolume: number;
    pendingFor: string;
    keepFiringFor: string;
    severity: "warning" | "critical";
    noData: "ok" | "alerting" | "keep";
    enabled: boolean;
    labels: Record<string, string>;
    notify: ({
        type: "webhook";
        url: string;
        sendResolved: boolean;
        secret?: string | undefined;
    } | {
        type: "slack";
        url: string;
        sendResolved: boolean;
    })[];
    id?: string | undefined;
    description?: string | undefined;
    class?: "1xx" | "2xx" | "3xx" | "4xx" | "5xx" | "6xx" | undefined;
    code?: number | undefined;
    comparison?: "gt" | "gte" | "lt" | "lte" | undefined;
    recoverAt?: number | undefined;
}>>;
export type AlertRuleInput = z.input<typeof AlertRuleSpecSchema>;
export type AlertRuleSpec = z.output<typeof AlertRuleSpecSchema>;
/** A stored rule. */
export type AlertRule = AlertRuleSpec & {
    id: string;
    createdAt: number;
    updatedAt: number;
};
export interface AlertAck {
    by: string;
    note: string;
    at: number;
}
/** Where a rule stands now. */
export interface AlertState {
    ruleId: string;
    state: AlertStateName;
    /** When the current state was entered, ms. */
    since: number;
    /** The last observed value; null when there was no data. */
    value: number | null;
    /** The traffic behind the value (finals, calls or lines, depending on the metric). */
    volume: number;
    /** The threshold in force: the recovery threshold while firing, when the rule has one. */
    threshold: number;
    /** The last evaluation was below the minimum volume or had no value. */
    noData: boolean;
    evaluatedAt: number | null;
    firingSince: number | null;
    /** While firing: since when the condition has been clear (keepFiringFor counts from here). */
    recoveringSince: number | null;
    ack: AlertAck | null;
    /** Notifications are suppressed until then; the rule is still evaluated. */
    silencedUntil: number | null;
}
/** One row of the alert history. */
export interface AlertTransition {
    id: number;
    ruleId: string;
    ruleName: string;
    severity: Severity;
    from: AlertStateName;
    to: AlertStateName;
    /** The rule's metric at the time; null on rows recorded before sipwatch kept it. */
    metric: AlertMetric | null;
    /** How to read `value` and `threshold`, even once the rule is deleted; null with `metric`. */
    unit: MetricUnit | null;
    value: number | null;
    threshold: number;
    at: number;
    /** Why, in a few words: "condition met", "recovered", "no data", "rule disabled", ... */
    reason: string;
}
/** A point in time as epoch ms or an ISO 8601 string with a zone; parsed to epoch ms. */
export declare const TimeSchema: z.ZodPipe<z.ZodUnion<readonly [z.ZodNumber, z.ZodString]>, z.ZodTransform<number, string | number>>;
/** Silences a rule, or every rule whose scope includes the given scope, until a time. */
export declare const SilenceInputSchema: z.ZodObject<{
    ruleId: z.ZodOptional<z.ZodString>;
    scope: z.ZodOptional<z.ZodObject<{
        trunk: z.ZodOptional<z.ZodString>;
        source: z.ZodOptional<z.ZodString>;
        method: z.ZodOptional<z.ZodString>;
        code: z.ZodOptional<z.ZodNumber>;
    }, z.core.$strict>>;
    until: z.ZodPipe<z.ZodUnion<readonly [z.ZodNumber, z.ZodString]>, z.ZodTransform<number, string | number>>;
    comment: z.ZodDefault<z.ZodString>;
}, z.core.$strict>;
export type SilenceInput = z.input<typeof SilenceInputSchema>;
export interface Silence {
    id: string;
    ruleId: string | null;
    scope: AlertScope | null;
    until: number;
    comment: string;
    createdAt: number;
    createdBy: string;
}
export declare const AckInputSchema: z.ZodObject<{
    note: z.ZodDefault<z.ZodString>;
    by: z.ZodDefault<z.ZodString>;
}, z.core.$strict>;
/** Delivery counts of one notification target of a rule. */
export interface TargetDeliveryStats {
    /** Stable key of the target (its type and a hash of its URL). */
    key: string;
    type: NotifyTargetType;
    /** Notifications delivered (a 2xx answer). */
    sent: number;
    /** Notifications given up on: retries exhausted, a 4xx answer, or the queue was full. */
    failed: number;
    /** Attempts that failed and were tried again. */
    retried: number;
    lastError: string | null;
    lastAttemptAt: number | null;
}
/** A rule with where it stands, as lists and the dashboard show it. */
export interface AlertView {
    rule: AlertRule;
    state: AlertState;
    delivery: TargetDeliveryStats[];
}
/** Socket.IO 'alert:state': one rule's state changed (transition, ack, silence or rule edit). */
export interface AlertStateEvent {
    serverTime: number;
    view: AlertView;
    /** Present when the change was a transition. */
    transition?: AlertTransition;
}
/** Socket.IO 'alerts:snapshot': every rule and its state; sent on connect and periodically. */
export interface AlertsSnapshot {
    serverTime: number;
    alerts: AlertView[];
}
/** Socket.IO 'alert:removed': a rule was deleted. */
export interface AlertRemovedEvent {
    serverTime: number;
    ruleId: string;
}
/** What POST /api/v1/alerts/rules/preview answers: the rule backtested on stored rollups. */
export interface BacktestResult {
    from: number;
    to: number;
    stepMs: number;
    /** How many times the rule would have gone to firing. */
    firings: number;
    intervals: {
        from: number;
        to: number | null;
    }[];
    /** Evaluations with no data (no value, or below minVolume). */
    noDataSteps: number;
    steps: number;
}
/** What POST /api/v1/alerts/rules/import answers: the rule ids it created, updated and deleted. */
export interface ImportSummary {
    created: string[];
    updated: string[];
    deleted: string[];
}
/** What "send test notification" answers for each target of the rule (POST /rules/:id/test-notification). */
export interface DeliveryOutcome {
    /** The target's stable key, as in `TargetDeliveryStats`. */
    key: string;
    type: NotifyTargetType;
    /** The target answered 2xx. */
    ok: boolean;
    /** The HTTP status, or null when there was no answer (network error, timeout). */
    status: number | null;
    error: string | null;
}
/** One validation problem, naming the field (dotted path) and the reason. */
export interface FieldError {
    field: string;
    reason: string;
}
export declare function fieldErrors(error: z.ZodError, prefix?: string): FieldError[];
export type ParseResult<T> = {
    ok: true;
    value: T;
} | {
    ok: false;
    errors: FieldError[];
};
export declare function parseRuleSpec(input: unknown, prefix?: string): ParseResult<AlertRuleSpec>;
