import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { formatMetricValue, metricWords } from '@sipwatch/wire';
import type {
  AlertMetric,
  AlertRule,
  AlertStateName,
  Explanation,
  HttpNotifyTarget,
  NotifyTarget,
} from '@sipwatch/wire';
import { alertmanagerAlerts } from './channels/alertmanager.js';
import { opsgenieCall } from './channels/opsgenie.js';
import { pagerDutyEvent } from './channels/pagerduty.js';
import { teamsMessage } from './channels/teams.js';
import type { NotificationDetails } from './details.js';

/**
 * What notification targets receive. Pure: building bodies, signing and verifying.
 *
 * Generic webhooks get JSON (`AlertWebhookBody` and the `NotificationDetails`). With a secret, two headers are added:
 *   X-Sipwatch-Timestamp: <epoch ms>
 *   X-Sipwatch-Signature: sha256=<hex HMAC-SHA256(secret, "<timestamp>.<body>")>
 * so a receiver can check both the sender and the freshness (reject old timestamps).
 */

export const SIGNATURE_HEADER = 'x-sipwatch-signature';
export const TIMESTAMP_HEADER = 'x-sipwatch-timestamp';
export const EVENT_HEADER = 'x-sipwatch-event';

export interface AlertNotification {
  kind: 'alert' | 'test';
  /** firing or resolved (a test says firing). */
  status: Extract<AlertStateName, 'firing' | 'resolved'>;
  rule: AlertRule;
  value: number | null;
  threshold: number;
  from: AlertStateName;
  at: number;
  reason: string;
  /** When this copy is sent, when not at `at`: a still-firing alert re-sent to Alertmanager. */
  sentAt?: number;
  /** What changed over the rule's window when it fired (alertExplainQuery); absent otherwise. */
  explanation?: Explanation | null;
  /**
   * The saved transition this notification is for: the same on every copy (a retry, or a cluster
   * node that took over and sends it again), so a receiver can drop duplicates.
   */
  transitionId?: number;
}

/** The header that carries `transitionId` to webhooks. */
export const IDEMPOTENCY_HEADER = 'idempotency-key';

export interface AlertWebhookBody extends NotificationDetails {
  version: 1;
  kind: 'alert' | 'test';
  status: 'firing' | 'resolved';
  severity: AlertRule['severity'];
  summary: string;
  rule: {
    id: string;
    name: string;
    metric: AlertMetric;
    class?: string;
    code?: number;
    scope: AlertRule['scope'];
    comparison: AlertRule['comparison'];
    threshold: number;
    window: string;
    labels: Record<string, string>;
  };
  value: number | null;
  threshold: number;
  previousState: AlertStateName;
  reason: string;
  /** ISO 8601 and epoch ms. */
  at: string;
  atMs: number;
  /** The transition's id (also the Idempotency-Key header); absent on tests and unsaved transitions. */
  transitionId?: number;
}

export function formatValue(metric: AlertMetric, value: number | null): string {
  return formatMetricValue(metric, value, { finePercent: true });
}

const COMPARISON_TEXT = { gt: '>', gte: '≥', lt: '<', lte: '≤' } as const;

export function scopeText(scope: AlertRule['scope']): string {
  const parts = Object.entries(scope).map(([k, v]) => `${k}=${String(v)}`);
  return parts.length ? parts.join(', ') : 'all traffic';
}

/** One line: "[FIRING] 503 storm: 503 rate 12/min > 5/min over 5m (trunk=carrier-a)". */
export function summaryLine(n: AlertNotification): string {
  const tag = n.kind === 'test' ? 'TEST' : n.status.toUpperCase();
  const { rule } = n;
  return (
    `[${tag}] ${rule.name}: ${metricWords(rule)} ${formatValue(rule.metric, n.value)} ` +
    `${COMPARISON_TEXT[rule.comparison]} ${formatValue(rule.metric, n.threshold)} over ${rule.window} ` +
    `(${scopeText(rule.scope)})`
  );
}

/** "What changed: 503 Service Unavailable from carrier-b: 412 of 460 extra failures (90%), …". */
export function whatChanged(details: NotificationDetails): string | null {
  return details.explanation ? `What changed: ${details.explanation.line}` : null;
}

export function webhookBody(n: AlertNotification, details: NotificationDetails): AlertWebhookBody {
  const { rule } = n;
  return {
    version: 1,
    kind: n.kind,
    status: n.status,
    severity: rule.severity,
    summary: summaryLine(n),
    rule: {
      id: rule.id,
      name: rule.name,
      metric: rule.metric,
      ...(rule.class !== undefined ? { class: rule.class } : {}),
      ...(rule.code !== undefined ? { code: rule.code } : {}),
      scope: rule.scope,
      comparison: rule.comparison,
      threshold: rule.threshold,
      window: rule.window,
      labels: rule.labels,
    },
    value: n.value,
    threshold: n.threshold,
    previousState: n.from,
    reason: n.reason,
    at: new Date(n.at).toISOString(),
    atMs: n.at,
    ...(n.transitionId !== undefined && { transitionId: n.transitionId }),
    ...details,
  };
}

/** Slack mrkdwn treats &, < and > as markup; rule names and scopes are shown as text. */
export function slackEscape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** How a message should look: a test, a resolve, or a firing alert of its severity. */
export type Tone = 'test' | 'resolved' | AlertRule['severity'];

export function toneOf(n: AlertNotification): Tone {
  if (n.kind === 'test') return 'test';
  return n.status === 'resolved' ? 'resolved' : n.rule.severity;
}

const SLACK_ICONS: Record<Tone, string> = {
  test: ':information_source:',
  resolved: ':white_check_mark:',
  critical: ':rotating_light:',
  warning: ':warning:',
};

/** A Slack-compatible incoming-webhook payload: `text` for notifications, `blocks` for the message. */
export function slackBody(
  n: AlertNotification,
  details: NotificationDetails,
): { text: string; blocks: unknown[] } {
  const { rule } = n;
  const icon = SLACK_ICONS[toneOf(n)];
  const text = slackEscape(summaryLine(n));
  const labels = Object.entries(rule.labels).map(([k, v]) => `${k}=${v}`);
  const changed = whatChanged(details);
  return {
    text,
    blocks: [
      { type: 'section', text: { type: 'mrkdwn', text: `${icon} *${text}*` } },
      ...(changed ? [{ type: 'section', text: { type: 'mrkdwn', text: slackEscape(changed) } }] : []),
      {
        type: 'context',
        elements: [
          {
            type: 'mrkdwn',
            text: slackEscape(
              [
                `severity: ${rule.severity}`,
                `rule: ${rule.id}`,
                new Date(n.at).toISOString(),
                ...labels,
              ].join(' · '),
            ),
          },
        ],
      },
    ],
  };
}

export function sign(secret: string, timestamp: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

/** For receivers and tests: checks a signature header in constant time. */
export function verifySignature(secret: string, timestamp: string, body: string, header: string): boolean {
  const expected = Buffer.from(sign(secret, timestamp, body));
  const given = Buffer.from(header);
  return expected.length === given.length && timingSafeEqual(expected, given);
}

/** Where a target is reached: its URL, or smtp://host:port for e-mail (what the target policy checks). */
export function targetEndpoint(target: NotifyTarget): string {
  if (target.type === 'email') return `smtp://${target.host}:${target.port}`;
  return target.url;
}

/**
 * A stable key for a target's delivery stats: its type and a hash of what tells it apart (its URL,
 * with the routing key or recipients where the URL is shared), never the URL or a secret itself.
 */
export function targetKey(target: NotifyTarget): string {
  const identity =
    target.type === 'pagerduty'
      ? `${target.url}\0${target.routingKey}`
      : target.type === 'opsgenie'
        ? `${target.url}\0${target.apiKey}`
        : target.type === 'email'
          ? `${targetEndpoint(target)}\0${target.to.join(',')}`
          : target.url;
  return `${target.type}-${createHash('sha256').update(identity).digest('hex').slice(0, 12)}`;
}

export interface HttpRequest {
  url: string;
  headers: Record<string, string>;
  body: string;
}

/** The HTTP request that delivers a notification to a target. */
export function buildRequest(
  target: HttpNotifyTarget,
  n: AlertNotification,
  timestamp: number,
  details: NotificationDetails,
): HttpRequest {
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    'user-agent': 'sipwatch-alerts/1',
  };
  const json = (url: string, body: unknown): HttpRequest => ({ url, headers, body: JSON.stringify(body) });
  switch (target.type) {
    case 'slack':
      return json(target.url, slackBody(n, details));
    case 'teams':
      return json(target.url, teamsMessage(n, details));
    case 'pagerduty':
      return json(target.url, pagerDutyEvent(target.routingKey, n, details));
    case 'alertmanager':
      return json(joinPath(target.url, '/api/v2/alerts'), alertmanagerAlerts(n, details));
    case 'opsgenie': {
      const call = opsgenieCall(n, details);
      headers.authorization = `GenieKey ${target.apiKey}`;
      return json(joinPath(target.url, call.path), call.body);
    }
    case 'webhook': {
      const body = JSON.stringify(webhookBody(n, details));
      headers[EVENT_HEADER] = n.kind;
      headers[TIMESTAMP_HEADER] = String(timestamp);
      if (n.transitionId !== undefined) headers[IDEMPOTENCY_HEADER] = String(n.transitionId);
      if (target.secret) headers[SIGNATURE_HEADER] = sign(target.secret, String(timestamp), body);
      return { url: target.url, headers, body };
    }
  }
}

/** A base URL (maybe with a path prefix, as behind a proxy) and an API path. */
function joinPath(base: string, path: string): string {
  return `${base.replace(/\/+$/, '')}${path}`;
}
