import { MINUTE_MS } from '@sipwatch/wire';
import type { AlertNotification } from '../payload.js';
import { summaryLine } from '../payload.js';
import type { NotificationDetails } from '../details.js';

/**
 * An alert as Alertmanager's API takes it (POST /api/v2/alerts). Alertmanager groups and routes by
 * labels, so the rule's labels and its slice are labels; a resolve is the same labels with endsAt.
 */

/** A test alert ends by itself after this, so it never needs a resolve. */
export const TEST_ALERT_LIFETIME_MS = 5 * MINUTE_MS;

/**
 * As Prometheus does: a firing alert is sent again this often, each copy valid for four times as
 * long, so Alertmanager neither resolves a long storm by its own timeout nor keeps one firing after
 * sipwatch is gone.
 */
export const ALERTMANAGER_RESEND_MS = MINUTE_MS;
export const ALERTMANAGER_VALID_MS = 4 * ALERTMANAGER_RESEND_MS;

/** Prometheus label names are [a-zA-Z_][a-zA-Z0-9_]*; rule labels may also hold "." and "-". */
export function labelName(name: string): string {
  return name.replace(/[^A-Za-z0-9_]/g, '_').replace(/^[0-9]/, '_$&');
}

export function alertmanagerAlerts(n: AlertNotification, details: NotificationDetails) {
  const { rule } = n;
  const at = new Date(n.at).toISOString();
  const labels: Record<string, string> = {};
  for (const [k, v] of Object.entries(rule.labels)) labels[labelName(k)] = v;
  for (const [k, v] of Object.entries(details.slice)) labels[k] = String(v);
  Object.assign(labels, {
    alertname: rule.name,
    rule_id: rule.id,
    severity: rule.severity,
    metric: rule.metric,
    source_system: 'sipwatch',
    ...(n.kind === 'test' && { test: 'true' }),
  });
  const annotations: Record<string, string> = {
    summary: summaryLine(n),
    value: String(n.value),
    threshold: String(n.threshold),
    ...(details.explanation && { what_changed: details.explanation.line }),
    ...(details.checks.length && { checks: details.checks.join('\n') }),
    ...(details.dashboardUrl && { dashboard: details.dashboardUrl }),
  };
  const ends =
    n.kind === 'test'
      ? { endsAt: new Date(n.at + TEST_ALERT_LIFETIME_MS).toISOString() }
      : n.status === 'resolved'
        ? { endsAt: at }
        : { endsAt: new Date((n.sentAt ?? n.at) + ALERTMANAGER_VALID_MS).toISOString() };
  return [
    {
      labels,
      annotations,
      startsAt: at,
      ...ends,
      ...(details.dashboardUrl && { generatorURL: details.dashboardUrl }),
    },
  ];
}
