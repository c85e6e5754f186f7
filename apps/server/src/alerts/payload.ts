import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { formatMetricValue } from '../wire/alert-metrics.js';
import type { AlertMetric, AlertRule, AlertStateName, NotifyTarget } from '../wire/alerts.js';

/**
 * What notification targets receive. Pure: building bodies, signing and verifying.
 *
 * Generic webhooks get JSON (`AlertWebhookBody`). With a secret, two headers are added:
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
}

export interface AlertWebhookBody {
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
}

export function formatValue(metric: AlertMetric, value: number | null): string {
  return formatMetricValue(metric, value, { finePercent: true });
}

const COMPARISON_TEXT = { gt: '>', gte: '≥', lt: '<', lte: '≤' } as const;

export function metricLabel(rule: Pick<AlertRule, 'metric' | 'class' | 'code'>): string {
  switch (rule.metric) {
    case 'failure_rate':
      return 'failure rate';
    case 'class_share':
      return `${rule.class} share`;
    case 'code_count':
      return `${rule.code} count`;
    case 'code_rate':
      return `${rule.code} rate`;
    case 'asr_below':
      return 'ASR';
    case 'ner_below':
      return 'NER';
    case 'volume_below':
      return 'volume';
    case 'unparsed_rate':
      return 'unparsed lines';
    case 'pdd_p95':
      return 'PDD p95';
    case 'pdd_p50':
      return 'PDD p50';
    case 'setup_p95':
      return 'setup time p95';
    case 'setup_p50':
      return 'setup time p50';
  }
}

export function scopeText(scope: AlertRule['scope']): string {
  const parts = Object.entries(scope).map(([k, v]) => `${k}=${String(v)}`);
  return parts.length ? parts.join(', ') : 'all traffic';
}

/** One line: "[FIRING] 503 storm: 503 rate 12/min > 5/min over 5m (trunk=carrier-a)". */
export function summaryLine(n: AlertNotification): string {
  const tag = n.kind === 'test' ? 'TEST' : n.status.toUpperCase();
  const { rule } = n;
  return (
    `[${tag}] ${rule.name}: ${metricLabel(rule)} ${formatValue(rule.metric, n.value)} ` +
    `${COMPARISON_TEXT[rule.comparison]} ${formatValue(rule.metric, n.threshold)} over ${rule.window} ` +
    `(${scopeText(rule.scope)})`
  );
}

export function webhookBody(n: AlertNotification): AlertWebhookBody {
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
  };
}

/** Slack mrkdwn treats &, < and > as markup; rule names and scopes are shown as text. */
export function slackEscape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** A Slack-compatible incoming-webhook payload: `text` for notifications, `blocks` for the message. */
export function slackBody(n: AlertNotification): { text: string; blocks: unknown[] } {
  const { rule } = n;
  const icon =
    n.kind === 'test'
      ? ':information_source:'
      : n.status === 'resolved'
        ? ':white_check_mark:'
        : rule.severity === 'critical'
          ? ':rotating_light:'
          : ':warning:';
  const text = slackEscape(summaryLine(n));
  const labels = Object.entries(rule.labels).map(([k, v]) => `${k}=${v}`);
  return {
    text,
    blocks: [
      { type: 'section', text: { type: 'mrkdwn', text: `${icon} *${text}*` } },
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

/** A stable key for a target's delivery stats: its type and a hash of its URL (never the URL). */
export function targetKey(target: Pick<NotifyTarget, 'type' | 'url'>): string {
  return `${target.type}-${createHash('sha256').update(target.url).digest('hex').slice(0, 12)}`;
}

export interface HttpRequest {
  url: string;
  headers: Record<string, string>;
  body: string;
}

/** The HTTP request that delivers a notification to a target. */
export function buildRequest(target: NotifyTarget, n: AlertNotification, timestamp: number): HttpRequest {
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    'user-agent': 'sipwatch-alerts/1',
  };
  if (target.type === 'slack') return { url: target.url, headers, body: JSON.stringify(slackBody(n)) };
  const body = JSON.stringify(webhookBody(n));
  headers[EVENT_HEADER] = n.kind;
  headers[TIMESTAMP_HEADER] = String(timestamp);
  if (target.secret) headers[SIGNATURE_HEADER] = sign(target.secret, String(timestamp), body);
  return { url: target.url, headers, body };
}
