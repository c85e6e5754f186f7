import { ALERT_METRIC_SPECS, REDACTED, TARGET_SECRET_FIELDS, parseRuleSpec } from '@sipwatch/wire';
import type {
  AlertMetric,
  AlertRule,
  AlertRuleSpec,
  Comparison,
  FieldError,
  MetricScope,
  NoDataMode,
  NotifyTarget,
  NotifyTargetType,
  SmtpTlsMode,
  Severity,
} from '@sipwatch/wire';

/**
 * The rule form's state (text as typed) and its translation to the rule the API takes. Validation
 * runs the server's own schema (parseRuleSpec from the wire module), so the form shows exactly the
 * field errors the server would answer with, before anything is sent. Pure.
 */

export interface TargetDraft {
  type: NotifyTargetType;
  /**
   * As typed. For a stored target whose URL the server hid: empty keeps the stored URL. PagerDuty
   * and Opsgenie: empty means the service's default endpoint. Not used by e-mail.
   */
  url: string;
  /**
   * The type's credential (`secretField`): the webhook signing secret, the PagerDuty routing key,
   * the Opsgenie API key or the SMTP password. Empty means none, or for a stored hidden one, keep it.
   */
  secret: string;
  sendResolved: boolean;
  /** E-mail only, as typed. */
  email: { host: string; port: string; tls: SmtpTlsMode; username: string; from: string; to: string };
  /**
   * What the server hid of the stored target (readers without an admin token get REDACTED in
   * place of credentials). The form never shows REDACTED as text to edit: it marks the value as
   * set, and sends REDACTED back when left alone, which the server reads as "keep the stored one".
   */
  stored?: {
    type: NotifyTargetType;
    /** The URL as the server showed it (its origin and REDACTED), or null when shown in full. */
    url: string | null;
    secret: boolean;
  };
}

export interface RuleDraft {
  /** Set when editing: the rule's identity, which the form does not change. */
  id?: string;
  name: string;
  description: string;
  metric: AlertMetric;
  cls: string;
  code: string;
  scopeTrunk: string;
  scopeSource: string;
  scopeMethod: string;
  scopeCode: string;
  /** Empty: the metric's default (gt, or lt for the *_below metrics). */
  comparison: Comparison | '';
  threshold: string;
  recoverAt: string;
  window: string;
  minVolume: string;
  pendingFor: string;
  keepFiringFor: string;
  severity: Severity;
  noData: NoDataMode;
  enabled: boolean;
  /** One `name=value` per line. */
  labels: string;
  notify: TargetDraft[];
}

export function emptyDraft(): RuleDraft {
  return {
    name: '',
    description: '',
    metric: 'failure_rate',
    cls: '5xx',
    code: '',
    scopeTrunk: '',
    scopeSource: '',
    scopeMethod: '',
    scopeCode: '',
    comparison: '',
    threshold: '',
    recoverAt: '',
    window: '5m',
    minVolume: '10',
    pendingFor: '1m',
    keepFiringFor: '0s',
    severity: 'warning',
    noData: 'keep',
    enabled: true,
    labels: '',
    notify: [],
  };
}

const EMPTY_EMAIL: TargetDraft['email'] = {
  host: '',
  port: '587',
  tls: 'starttls',
  username: '',
  from: '',
  to: '',
};

export function emptyTarget(type: NotifyTargetType = 'webhook'): TargetDraft {
  return { type, url: '', secret: '', sendResolved: true, email: { ...EMPTY_EMAIL } };
}

/** The field holding a type's credential, if it has one. */
export function secretField(type: NotifyTargetType): string | undefined {
  return (TARGET_SECRET_FIELDS[type] as readonly string[])[0];
}

function targetDraft(t: NotifyTarget): TargetDraft {
  const fields = t as unknown as Partial<Record<string, string>>;
  const name = secretField(t.type);
  const secret = (name && fields[name]) ?? '';
  const url = fields.url ?? '';
  const urlHidden = url.includes(REDACTED);
  const secretHidden = secret === REDACTED;
  return {
    type: t.type,
    url: urlHidden ? '' : url,
    secret: secretHidden ? '' : secret,
    sendResolved: t.sendResolved,
    email:
      t.type === 'email'
        ? {
            host: t.host,
            port: String(t.port),
            tls: t.tls,
            username: t.username ?? '',
            from: t.from,
            to: t.to.join(', '),
          }
        : { ...EMPTY_EMAIL },
    ...(urlHidden || secretHidden
      ? { stored: { type: t.type, url: urlHidden ? url : null, secret: secretHidden } }
      : {}),
  };
}

const text = (v: string | number | undefined) => (v === undefined ? '' : String(v));

export function draftFromRule(rule: AlertRule): RuleDraft {
  return {
    id: rule.id,
    name: rule.name,
    description: rule.description ?? '',
    metric: rule.metric,
    cls: rule.class ?? '5xx',
    code: text(rule.code),
    scopeTrunk: rule.scope.trunk ?? '',
    scopeSource: rule.scope.source ?? '',
    scopeMethod: rule.scope.method ?? '',
    scopeCode: text(rule.scope.code),
    comparison: rule.comparison,
    threshold: text(rule.threshold),
    recoverAt: text(rule.recoverAt),
    window: rule.window,
    minVolume: text(rule.minVolume),
    pendingFor: rule.pendingFor,
    keepFiringFor: rule.keepFiringFor,
    severity: rule.severity,
    noData: rule.noData,
    enabled: rule.enabled,
    labels: Object.entries(rule.labels)
      .map(([k, v]) => `${k}=${v}`)
      .join('\n'),
    notify: rule.notify.map(targetDraft),
  };
}

/**
 * Which optional fields the metric uses; the form hides the others and never sends them. `scope`:
 * every filter, the trunk only (HEP call timing is kept per trunk), or none (unparsed lines cover all intake).
 */
export function fieldsFor(metric: AlertMetric): { cls: boolean; code: boolean; scope: MetricScope } {
  const spec = ALERT_METRIC_SPECS[metric];
  return { cls: spec.needs === 'class', code: spec.needs === 'code', scope: spec.scope };
}

/** Text to a number when it is one; other text goes through as is, so the schema names the problem. */
function numberish(v: string): number | string | undefined {
  const t = v.trim();
  if (t === '') return undefined;
  const n = Number(t);
  return Number.isFinite(n) ? n : t;
}

function parseLabels(textValue: string): { labels: Record<string, string>; errors: FieldError[] } {
  const labels: Record<string, string> = {};
  const errors: FieldError[] = [];
  textValue.split('\n').forEach((line, i) => {
    const t = line.trim();
    if (t === '') return;
    const eq = t.indexOf('=');
    if (eq <= 0) {
      errors.push({ field: 'labels', reason: `line ${i + 1}: write name=value` });
      return;
    }
    labels[t.slice(0, eq).trim()] = t.slice(eq + 1).trim();
  });
  return { labels, errors };
}

function targetInput(t: TargetDraft, i: number, errors: FieldError[]): Record<string, unknown> {
  const kept = t.stored !== undefined && t.stored.type === t.type;
  const name = secretField(t.type);
  const secret = t.secret || (kept && t.stored?.secret ? REDACTED : '');
  const withSecret = name && secret ? { [name]: secret } : {};
  const base = { type: t.type, sendResolved: t.sendResolved, ...withSecret };
  if (t.type === 'email') {
    const e = t.email;
    return {
      ...base,
      host: e.host.trim(),
      port: numberish(e.port),
      tls: e.tls,
      ...(e.username.trim() ? { username: e.username.trim() } : {}),
      from: e.from.trim(),
      to: e.to
        .split(/[,;\s]+/)
        .map((a) => a.trim())
        .filter(Boolean),
    };
  }
  const url = t.url.trim() || (t.stored?.url ?? '');
  if (!t.url.trim() && t.stored?.url && t.stored.type !== t.type)
    errors.push({
      field: `notify[${i}].url`,
      reason: `give the URL: the stored one belongs to a ${t.stored.type} target`,
    });
  // PagerDuty and Opsgenie have a default endpoint; the others need one.
  const defaulted = (t.type === 'pagerduty' || t.type === 'opsgenie') && url === '';
  return { ...base, ...(defaulted ? {} : { url }) };
}

/** The body for the API, and the problems found while reading the text fields. */
export function draftToInput(d: RuleDraft): { input: Record<string, unknown>; errors: FieldError[] } {
  const uses = fieldsFor(d.metric);
  const { labels, errors } = parseLabels(d.labels);
  const scope: Record<string, unknown> = {};
  if (uses.scope !== 'none' && d.scopeTrunk.trim()) scope.trunk = d.scopeTrunk.trim();
  if (uses.scope === 'all') {
    if (d.scopeSource.trim()) scope.source = d.scopeSource.trim();
    if (d.scopeMethod.trim()) scope.method = d.scopeMethod.trim();
    if (d.scopeCode.trim()) scope.code = numberish(d.scopeCode);
  }
  const input: Record<string, unknown> = {
    name: d.name,
    metric: d.metric,
    scope,
    threshold: numberish(d.threshold),
    window: d.window.trim(),
    minVolume: numberish(d.minVolume),
    pendingFor: d.pendingFor.trim(),
    keepFiringFor: d.keepFiringFor.trim(),
    severity: d.severity,
    noData: d.noData,
    enabled: d.enabled,
    labels,
    notify: d.notify.map((t, i) => targetInput(t, i, errors)),
  };
  if (d.id !== undefined) input.id = d.id;
  if (d.description.trim()) input.description = d.description.trim();
  if (uses.cls) input.class = d.cls;
  if (uses.code) input.code = numberish(d.code);
  if (d.comparison) input.comparison = d.comparison;
  if (d.recoverAt.trim()) input.recoverAt = numberish(d.recoverAt);
  // Empty text for a field with a default: leave it out and let the default apply.
  for (const key of ['window', 'minVolume', 'pendingFor', 'keepFiringFor'] as const)
    if (input[key] === '' || input[key] === undefined) delete input[key];
  return { input, errors };
}

/** The same checks the server runs, on the form as it stands. */
export function validateDraft(d: RuleDraft): {
  input: Record<string, unknown>;
  errors: FieldError[];
  /** The rule as the server will read it (defaults filled in), when the form is valid. */
  spec: AlertRuleSpec | null;
} {
  const { input, errors } = draftToInput(d);
  const parsed = parseRuleSpec(input);
  return parsed.ok
    ? { input, errors, spec: errors.length === 0 ? parsed.value : null }
    : { input, errors: [...errors, ...parsed.errors], spec: null };
}

/** The reasons given for one field ("notify[0].url"); `labels` also collects "labels.<name>". */
export function reasonsFor(errors: readonly FieldError[], field: string): string[] {
  return errors
    .filter((e) => e.field === field || (field === 'labels' && e.field.startsWith('labels.')))
    .map((e) => (e.field === field ? e.reason : `${e.field.slice('labels.'.length)}: ${e.reason}`));
}
