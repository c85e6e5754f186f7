import type { AlertNotification } from '../payload.js';
import { summaryLine } from '../payload.js';
import type { NotificationDetails } from '../details.js';
import { incidentKey } from './incident-key.js';

/** PagerDuty Events API v2 (https://developer.pagerduty.com/docs/events-api-v2/trigger-events/). */

/** PagerDuty's summary limit. */
const SUMMARY_MAX = 1024;

export type PagerDutySeverity = 'critical' | 'error' | 'warning' | 'info';

export function pagerDutySeverity(n: AlertNotification): PagerDutySeverity {
  if (n.kind === 'test') return 'info';
  return n.rule.severity === 'critical' ? 'critical' : 'warning';
}

export function pagerDutyEvent(routingKey: string, n: AlertNotification, details: NotificationDetails) {
  const dedupKey = incidentKey(n);
  if (n.status === 'resolved' && n.kind === 'alert')
    return { routing_key: routingKey, event_action: 'resolve', dedup_key: dedupKey };
  const { rule } = n;
  return {
    routing_key: routingKey,
    event_action: 'trigger',
    dedup_key: dedupKey,
    payload: {
      summary: summaryLine(n).slice(0, SUMMARY_MAX),
      source: details.slice.trunk ?? details.slice.source ?? 'sipwatch',
      severity: pagerDutySeverity(n),
      timestamp: new Date(n.at).toISOString(),
      component: details.slice.trunk,
      group: details.slice.source,
      class: rule.metric,
      custom_details: {
        rule: rule.name,
        ruleId: rule.id,
        value: n.value,
        threshold: n.threshold,
        window: rule.window,
        ...(details.explanation && { whatChanged: details.explanation.line }),
        ...details.slice,
        labels: rule.labels,
        checks: details.checks,
      },
    },
    client: 'sipwatch',
    ...(details.dashboardUrl && {
      client_url: details.dashboardUrl,
      links: [{ href: details.dashboardUrl, text: 'sipwatch dashboard' }],
    }),
  };
}
