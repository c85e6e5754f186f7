import type { AlertNotification } from '../payload.js';
import { scopeText, summaryLine, whatChanged } from '../payload.js';
import type { NotificationDetails } from '../details.js';
import { incidentKey } from './incident-key.js';

/** Opsgenie Alert API (https://docs.opsgenie.com/docs/alert-api): create, then close by alias. */

/** Opsgenie's message limit. */
const MESSAGE_MAX = 130;

export function opsgeniePriority(n: AlertNotification): 'P1' | 'P3' | 'P5' {
  if (n.kind === 'test') return 'P5';
  return n.rule.severity === 'critical' ? 'P1' : 'P3';
}

export interface OpsgenieCall {
  path: string;
  body: unknown;
}

export function opsgenieCall(n: AlertNotification, details: NotificationDetails): OpsgenieCall {
  const alias = incidentKey(n);
  if (n.status === 'resolved' && n.kind === 'alert')
    return {
      path: `/v2/alerts/${encodeURIComponent(alias)}/close?identifierType=alias`,
      body: { source: 'sipwatch', note: summaryLine(n) },
    };
  const { rule } = n;
  const description = [
    summaryLine(n),
    ...(details.explanation ? [whatChanged(details)!] : []),
    `Slice: ${scopeText(rule.scope)}`,
    ...(details.checks.length ? ['First checks:', ...details.checks.map((c) => `- ${c}`)] : []),
    ...(details.dashboardUrl ? [`Dashboard: ${details.dashboardUrl}`] : []),
  ].join('\n');
  return {
    path: '/v2/alerts',
    body: {
      message: summaryLine(n).slice(0, MESSAGE_MAX),
      alias,
      description,
      priority: opsgeniePriority(n),
      source: 'sipwatch',
      entity: details.slice.trunk ?? details.slice.source ?? rule.id,
      tags: ['sipwatch', rule.severity, ...Object.entries(rule.labels).map(([k, v]) => `${k}:${v}`)],
      details: {
        rule: rule.name,
        ruleId: rule.id,
        value: String(n.value),
        threshold: String(n.threshold),
        ...Object.fromEntries(Object.entries(details.slice).map(([k, v]) => [k, String(v)])),
        ...(details.dashboardUrl && { dashboard: details.dashboardUrl }),
      },
    },
  };
}
