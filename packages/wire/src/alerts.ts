import { z } from 'zod';
import { SIP_CLASSES } from '@sipwatch/codes';
import {
  ALERT_METRICS,
  ALERT_METRIC_SPECS,
  COMPARISONS,
  isBelowMetric,
  isRatioMetric,
} from './alert-metrics.js';
import type { AlertMetric, Comparison, MetricUnit } from './alert-metrics.js';
import type { FieldError } from './errors.js';
import {
  DAY_MS,
  HOUR_MS,
  DURATION_MESSAGE,
  TIME_MESSAGE,
  formatDuration,
  parseDuration,
  parseTime,
} from './time.js';

/**
 * Alert rules, their states and history, as they cross the wire (REST, Socket.IO, rule files).
 *
 * Durations and times are written in the one grammar of time.ts ("30s", "5m", "1h"; epoch ms or ISO 8601).
 * The metrics themselves (names, units, live-only) live in alert-metrics.ts, which has no zod.
 */

export {
  ALERT_METRICS,
  ALERT_METRIC_SPECS,
  BELOW_METRICS,
  COMPARISONS,
  LIVE_ONLY_METRICS,
  METRIC_UNIT,
  METRIC_UNITS,
  RATIO_METRICS,
  TIMING_METRICS,
  breaches,
  isBelowMetric,
  isLiveOnlyMetric,
  isRatioMetric,
  isTimingMetric,
  metricWords,
} from './alert-metrics.js';
export type {
  AlertMetric,
  Comparison,
  MetricScope,
  MetricSpec,
  MetricUnit,
  TimingMetric,
} from './alert-metrics.js';

export const SEVERITIES = ['warning', 'critical'] as const;
export type Severity = (typeof SEVERITIES)[number];

/** What a rule does when there is no value, or less traffic than its minimum volume. */
export const NO_DATA_MODES = ['ok', 'alerting', 'keep'] as const;
export type NoDataMode = (typeof NO_DATA_MODES)[number];

export const ALERT_STATES = ['ok', 'pending', 'firing', 'resolved'] as const;
export type AlertStateName = (typeof ALERT_STATES)[number];

export const NOTIFY_TARGET_TYPES = [
  'webhook',
  'slack',
  'pagerduty',
  'opsgenie',
  'teams',
  'alertmanager',
  'email',
] as const;
export type NotifyTargetType = (typeof NOTIFY_TARGET_TYPES)[number];

/** Shown instead of secrets and webhook URLs to readers without the admin token. */
export const REDACTED = '********';

/** Ids the alerts API uses as path segments, so no rule may take them. */
export const RESERVED_RULE_IDS = ['rules', 'silences', 'history'] as const;

function durationSchema(min: number, max: number) {
  return z.string({ error: DURATION_MESSAGE }).check((ctx) => {
    const ms = parseDuration(ctx.value);
    if (ms === undefined) {
      ctx.issues.push({ code: 'custom', input: ctx.value, message: DURATION_MESSAGE });
    } else if (ms < min || ms > max) {
      ctx.issues.push({
        code: 'custom',
        input: ctx.value,
        message: `must be between ${formatDuration(min)} and ${formatDuration(max)}`,
      });
    }
  });
}

export const DurationSchema = durationSchema(0, 7 * DAY_MS);

const sipCode = z
  .number({ error: 'must be a SIP response code (a number from 100 to 699)' })
  .int('must be a whole number')
  .min(100, 'must be a SIP response code from 100 to 699')
  .max(699, 'must be a SIP response code from 100 to 699');

/** Which traffic a rule watches; every field narrows, none means all traffic. */
export const AlertScopeSchema = z
  .object({
    trunk: z.string().min(1).max(128).optional(),
    source: z.string().min(1).max(255).optional(),
    method: z.string().min(1).max(32).optional(),
    code: sipCode.optional(),
  })
  .strict();
export type AlertScope = z.infer<typeof AlertScopeSchema>;

const httpUrl = z
  .string({ error: 'must be an http(s) URL' })
  .max(2048)
  .refine((s) => {
    try {
      const u = new URL(s);
      return u.protocol === 'http:' || u.protocol === 'https:';
    } catch {
      return false;
    }
  }, 'must be an http(s) URL');

export const WebhookTargetSchema = z
  .object({
    type: z.literal('webhook'),
    url: httpUrl,
    /** When set, each request carries an HMAC-SHA256 signature (see docs/alerts.md). */
    secret: z
      .string()
      .max(256)
      .refine((v) => v === REDACTED || v.length >= 16, 'must be at least 16 characters')
      .optional(),
    /** Also notify when the alert resolves. */
    sendResolved: z.boolean().default(true),
  })
  .strict();

export const SlackTargetSchema = z
  .object({
    type: z.literal('slack'),
    /** A Slack-compatible incoming webhook URL (Slack, Mattermost, Rocket.Chat, ...). */
    url: httpUrl,
    sendResolved: z.boolean().default(true),
  })
  .strict();

/** A credential: at least `min` characters, or REDACTED to keep the stored one. */
function secretSchema(min: number, max = 256) {
  return z
    .string({ error: 'is required' })
    .max(max)
    .refine((v) => v === REDACTED || v.length >= min, `must be at least ${min} characters`);
}

export const PAGERDUTY_EVENTS_URL = 'https://events.pagerduty.com/v2/enqueue';

/** PagerDuty Events API v2: a trigger per firing, a resolve with the same dedup key. */
export const PagerDutyTargetSchema = z
  .object({
    type: z.literal('pagerduty'),
    /** The integration (routing) key of an Events API v2 integration. */
    routingKey: secretSchema(20, 64),
    /** The events endpoint; the EU service region and proxies differ. */
    url: httpUrl.default(PAGERDUTY_EVENTS_URL),
    sendResolved: z.boolean().default(true),
  })
  .strict();

export const OPSGENIE_API_URLS = {
  us: 'https://api.opsgenie.com',
  eu: 'https://api.eu.opsgenie.com',
} as const;

/** Opsgenie Alert API: create with an alias per rule, close by that alias. */
export const OpsgenieTargetSchema = z
  .object({
    type: z.literal('opsgenie'),
    /** An API integration key (sent as `Authorization: GenieKey <key>`). */
    apiKey: secretSchema(8, 128),
    /** The API base URL: https://api.opsgenie.com, or https://api.eu.opsgenie.com for the EU region. */
    url: httpUrl.default(OPSGENIE_API_URLS.us),
    sendResolved: z.boolean().default(true),
  })
  .strict();

/** Microsoft Teams incoming webhook (Workflows or the older connector): an adaptive card. The URL is the credential. */
export const TeamsTargetSchema = z
  .object({
    type: z.literal('teams'),
    url: httpUrl,
    sendResolved: z.boolean().default(true),
  })
  .strict();

/** An Alertmanager (or compatible) to push to: POST <url>/api/v2/alerts. */
export const AlertmanagerTargetSchema = z
  .object({
    type: z.literal('alertmanager'),
    /** The Alertmanager base URL, e.g. http://alertmanager:9093. */
    url: httpUrl,
    sendResolved: z.boolean().default(true),
  })
  .strict();

export const SMTP_TLS_MODES = ['tls', 'starttls', 'none'] as const;
export type SmtpTlsMode = (typeof SMTP_TLS_MODES)[number];

const emailAddress = z.email({ error: 'must be an e-mail address' }).max(254);

/** E-mail over SMTP: plain text and HTML. */
export const EmailTargetSchema = z
  .object({
    type: z.literal('email'),
    host: z
      .string({ error: 'is required' })
      .min(1, 'is required')
      .max(253)
      .regex(/^[A-Za-z0-9.:[\]_-]+$/, 'must be a host name or an address'),
    port: z.number().int().min(1).max(65535).default(587),
    /** tls: TLS from the start (port 465); starttls: upgrade required (587); none: plain (tests, local relays). */
    tls: z.enum(SMTP_TLS_MODES, { error: 'must be tls, starttls or none' }).default('starttls'),
    username: z.string().min(1).max(256).optional(),
    password: secretSchema(1).optional(),
    from: emailAddress,
    to: z.array(emailAddress).min(1, 'give at least one recipient').max(20),
    sendResolved: z.boolean().default(true),
  })
  .strict()
  .refine((t) => (t.username === undefined) === (t.password === undefined), {
    message: 'give both a username and a password, or neither',
    path: ['password'],
  });

export const NotifyTargetSchema = z.discriminatedUnion(
  'type',
  [
    WebhookTargetSchema,
    SlackTargetSchema,
    PagerDutyTargetSchema,
    OpsgenieTargetSchema,
    TeamsTargetSchema,
    AlertmanagerTargetSchema,
    EmailTargetSchema,
  ],
  { error: `must be a target of type ${NOTIFY_TARGET_TYPES.map((t) => `"${t}"`).join(', ')}` },
);
export type NotifyTarget = z.output<typeof NotifyTargetSchema>;
export type EmailTarget = Extract<NotifyTarget, { type: 'email' }>;
export type HttpNotifyTarget = Exclude<NotifyTarget, EmailTarget>;

/** The fields of each target type that hold a credential: write-only, REDACTED to readers. */
export const TARGET_SECRET_FIELDS = {
  webhook: ['secret'],
  slack: [],
  pagerduty: ['routingKey'],
  opsgenie: ['apiKey'],
  teams: [],
  alertmanager: [],
  email: ['password'],
} as const satisfies Record<NotifyTargetType, readonly string[]>;

export const RuleIdSchema = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, 'must be 1-64 letters, digits, ".", "_" or "-"')
  .refine((id) => !(RESERVED_RULE_IDS as readonly string[]).includes(id), 'is a reserved word');

const RuleFieldsSchema = z
  .object({
    /** Optional on create (the server assigns one); keeps a rule's identity across import/export. */
    id: RuleIdSchema.optional(),
    name: z.string({ error: 'is required' }).trim().min(1, 'is required').max(128),
    description: z.string().max(1000).optional(),
    metric: z.enum(ALERT_METRICS, { error: `must be one of ${ALERT_METRICS.join(', ')}` }),
    /** The class for `class_share`, e.g. "5xx". */
    class: z.enum(SIP_CLASSES, { error: `must be one of ${SIP_CLASSES.join(', ')}` }).optional(),
    /** The code for `code_count` and `code_rate`, e.g. 503. */
    code: sipCode.optional(),
    scope: AlertScopeSchema.default({}),
    /** Defaults to `gt`, or `lt` for the *_below metrics. */
    comparison: z.enum(COMPARISONS, { error: 'must be one of gt, gte, lt, lte' }).optional(),
    threshold: z.number({ error: 'must be a number' }).finite(),
    /** Hysteresis: once firing, the value must cross back past this to recover. */
    recoverAt: z.number({ error: 'must be a number' }).finite().optional(),
    window: durationSchema(10_000, HOUR_MS).default('5m'),
    /** Below this many finals (calls for ASR/NER, calls timed for timing, lines for unparsed_rate) the rule has no data. */
    minVolume: z.number().int('must be a whole number').min(0).max(1e9).default(10),
    pendingFor: durationSchema(0, DAY_MS).default('1m'),
    /** Hysteresis: once firing, stay firing until the condition has been clear this long. */
    keepFiringFor: durationSchema(0, DAY_MS).default('0s'),
    severity: z.enum(SEVERITIES, { error: 'must be warning or critical' }).default('warning'),
    noData: z.enum(NO_DATA_MODES, { error: 'must be ok, alerting or keep' }).default('keep'),
    enabled: z.boolean().default(true),
    labels: z
      .record(
        z
          .string()
          .regex(/^[A-Za-z_][A-Za-z0-9_.-]{0,63}$/, 'label names are letters, digits, "_", "." or "-"'),
        z.string().max(256, 'label values are at most 256 characters'),
      )
      .default({}),
    notify: z.array(NotifyTargetSchema).max(10, 'at most 10 targets').default([]),
  })
  .strict();

export function defaultComparison(metric: AlertMetric): Comparison {
  return isBelowMetric(metric) ? 'lt' : 'gt';
}

/** A rule as written by a user: validated, defaults filled in, comparison resolved. */
export const AlertRuleSpecSchema = RuleFieldsSchema.superRefine((r, ctx) => {
  const issue = (path: string, message: string) => ctx.addIssue({ code: 'custom', path: [path], message });
  const spec = ALERT_METRIC_SPECS[r.metric];
  for (const field of ['class', 'code'] as const) {
    const users = ALERT_METRICS.filter((m) => ALERT_METRIC_SPECS[m].needs === field);
    if (spec.needs === field && r[field] === undefined) issue(field, `is required for ${r.metric}`);
    if (spec.needs !== field && r[field] !== undefined)
      issue(field, `is only used by ${users.join(' and ')}`);
  }
  const scoped = Object.keys(r.scope);
  if (spec.scope === 'none' && scoped.length > 0)
    issue('scope', `does not apply to ${r.metric}, which covers all intake`);
  if (spec.scope === 'trunk') {
    const other = scoped.filter((k) => k !== 'trunk');
    if (other.length > 0)
      issue(
        'scope',
        `${r.metric} narrows by trunk only (call timing is kept per trunk), not by ${other.join(', ')}`,
      );
  }
  const cmp = r.comparison ?? defaultComparison(r.metric);
  if (isBelowMetric(r.metric) && (cmp === 'gt' || cmp === 'gte'))
    issue('comparison', `must be lt or lte for ${r.metric}`);
  if (isRatioMetric(r.metric)) {
    if (r.threshold < 0 || r.threshold > 1)
      issue('threshold', `must be a fraction from 0 to 1 for ${r.metric} (0.2 means 20%)`);
    if (r.recoverAt !== undefined && (r.recoverAt < 0 || r.recoverAt > 1))
      issue('recoverAt', `must be a fraction from 0 to 1 for ${r.metric}`);
  } else if (r.threshold < 0) {
    issue('threshold', 'must not be negative');
  }
  if (r.recoverAt !== undefined) {
    if ((cmp === 'gt' || cmp === 'gte') && r.recoverAt > r.threshold)
      issue('recoverAt', `must not be above the threshold (${r.threshold}) when alerting on values above it`);
    if ((cmp === 'lt' || cmp === 'lte') && r.recoverAt < r.threshold)
      issue('recoverAt', `must not be below the threshold (${r.threshold}) when alerting on values below it`);
  }
}).transform((r) => ({ ...r, comparison: r.comparison ?? defaultComparison(r.metric) }));

export type AlertRuleInput = z.input<typeof AlertRuleSpecSchema>;
export type AlertRuleSpec = z.output<typeof AlertRuleSpecSchema>;

/** A stored rule. */
export type AlertRule = AlertRuleSpec & { id: string; createdAt: number; updatedAt: number };

/** The code a rule watches: its metric's code (`code_count`, `code_rate`) or its scope's. */
export function ruleCode(rule: Pick<AlertRule, 'code' | 'scope'>): number | undefined {
  return rule.code ?? rule.scope.code;
}

/**
 * The dashboard page an alert is looked into on, from the dashboard's root: its code's page, its
 * class's, or the overview ("/codes/503", "/classes/5xx", "/"). Links in notifications and on the
 * firing banner both start here.
 */
export function ruleViewPath(rule: Pick<AlertRule, 'code' | 'scope' | 'class'>): string {
  const code = ruleCode(rule);
  return code !== undefined ? `/codes/${code}` : rule.class !== undefined ? `/classes/${rule.class}` : '/';
}

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

/** A point in time in the one grammar of time.ts (epoch ms, or ISO 8601; UTC without a zone). */
export const TimeSchema = z.union([z.number(), z.string()], { error: TIME_MESSAGE }).transform((v, ctx) => {
  const ms = parseTime(v);
  if (ms === undefined) {
    ctx.addIssue({ code: 'custom', message: TIME_MESSAGE });
    return z.NEVER;
  }
  return ms;
});

/** Silences a rule, or every rule whose scope includes the given scope, until a time. */
export const SilenceInputSchema = z
  .object({
    ruleId: RuleIdSchema.optional(),
    /** `{}` silences every rule (a maintenance window). */
    scope: AlertScopeSchema.optional(),
    /** Epoch ms or an ISO 8601 time. */
    until: TimeSchema,
    comment: z.string().max(1000).default(''),
  })
  .strict()
  .superRefine((s, ctx) => {
    if (s.ruleId === undefined && s.scope === undefined)
      ctx.addIssue({ code: 'custom', path: ['ruleId'], message: 'give a ruleId or a scope' });
    if (s.ruleId !== undefined && s.scope !== undefined)
      ctx.addIssue({ code: 'custom', path: ['scope'], message: 'give a ruleId or a scope, not both' });
  });
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

export const AckInputSchema = z
  .object({
    note: z.string().max(1000).default(''),
  })
  .strict();

/** Delivery counts of one notification target of a rule. */
export interface TargetDeliveryStats {
  /** Stable key of the target (its type and a hash of its endpoint, never a credential in clear). */
  key: string;
  type: NotifyTargetType;
  /** Notifications delivered (a 2xx answer, or mail the SMTP server accepted). */
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
  intervals: { from: number; to: number | null }[];
  /** Evaluations with no data (no value, or below minVolume). */
  noDataSteps: number;
  steps: number;
  /** The value at the end of every step, null where there was no data: the preview's chart. */
  points: { at: number; value: number | null }[];
  /** The step furthest past the threshold in the rule's direction (the highest value for gt/gte, the lowest for lt/lte); null with no data at all. */
  peak: { at: number; value: number } | null;
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
  /** The target answered 2xx (or the SMTP server accepted the mail). */
  ok: boolean;
  /**
   * The HTTP status; for e-mail the SMTP reply code of a refusal (null once sent); null when there
   * was no answer (network error, timeout).
   */
  status: number | null;
  error: string | null;
}

export function fieldErrors(error: z.ZodError, prefix = ''): FieldError[] {
  return error.issues.map((i) => {
    const path = i.path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('');
    const field = `${prefix}${path}`.replace(/\.\./g, '.').replace(/^\./, '') || '(body)';
    return { field, reason: reasonOf(i) };
  });
}

/** A bad record key comes as "Invalid key in record"; the key schema's own message says why. */
function reasonOf(issue: z.core.$ZodIssue): string {
  if (issue.code === 'invalid_key' && issue.issues.length > 0)
    return issue.issues.map((inner) => inner.message).join('; ');
  return issue.message;
}

export type ParseResult<T> = { ok: true; value: T } | { ok: false; errors: FieldError[] };

export function parseRuleSpec(input: unknown, prefix = ''): ParseResult<AlertRuleSpec> {
  const r = AlertRuleSpecSchema.safeParse(input);
  return r.success ? { ok: true, value: r.data } : { ok: false, errors: fieldErrors(r.error, prefix) };
}
