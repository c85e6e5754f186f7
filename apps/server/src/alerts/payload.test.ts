import { describe, expect, it } from 'vitest';
import { ALERT_METRICS, parseRuleSpec } from '@sipwatch/wire';
import type { AlertMetric, AlertRule, Explanation } from '@sipwatch/wire';
import { alertmanagerAlerts } from './channels/alertmanager.js';
import { emailMessage } from './channels/email.js';
import { opsgenieCall } from './channels/opsgenie.js';
import { pagerDutyEvent } from './channels/pagerduty.js';
import { teamsMessage } from './channels/teams.js';
import { notificationDetails } from './details.js';
import type { AlertNotification } from './payload.js';
import { slackBody, summaryLine, webhookBody } from './payload.js';

function rule(metric: AlertMetric, extra: Record<string, unknown> = {}): AlertRule {
  const parsed = parseRuleSpec({ name: 'r', metric, threshold: metric === 'code_count' ? 5 : 0.5, ...extra });
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
  return { ...parsed.value, id: 'r', createdAt: 0, updatedAt: 0 };
}

const line = (r: AlertRule, value: number) =>
  summaryLine({
    kind: 'alert',
    status: 'firing',
    rule: r,
    value,
    threshold: r.threshold,
    from: 'pending',
    at: 0,
    reason: '',
  });

describe('notification wording', () => {
  it('names a metric in the dashboard’s words', () => {
    expect(line(rule('code_count', { code: 503 }), 12)).toBe(
      '[FIRING] r: 503 responses 12 > 5 over 5m (all traffic)',
    );
    expect(line(rule('volume_below', { threshold: 10 }), 3)).toContain('finals per minute 3/min < 10/min');
  });

  it('has words for every metric, with no placeholder left', () => {
    for (const metric of ALERT_METRICS) {
      const extra =
        metric === 'class_share' ? { class: '5xx' } : metric.startsWith('code_') ? { code: 503 } : {};
      const text = line(rule(metric, metric === 'volume_below' ? { threshold: 10 } : extra), 1);
      expect(text).not.toMatch(/[{}?]/);
    }
  });
});

describe('the explanation in every channel', () => {
  const r = rule('failure_rate', { scope: { trunk: 'carrier-b' } });
  const explained = {
    line: '503 Service Unavailable from carrier-b: 412 of 460 extra failures (90%), 14× its rate an hour ago',
  } as Explanation;
  const n: AlertNotification = {
    kind: 'alert',
    status: 'firing',
    rule: r,
    value: 0.6,
    threshold: 0.5,
    from: 'pending',
    at: 0,
    reason: '',
    explanation: explained,
  };
  const details = notificationDetails(n, undefined);
  const what = `What changed: ${explained.line}`;

  it('is in the webhook body, Slack, Teams, e-mail, PagerDuty, Opsgenie and Alertmanager', () => {
    expect(webhookBody(n, details).explanation).toBe(explained);
    expect(JSON.stringify(slackBody(n, details))).toContain(what);
    expect(JSON.stringify(teamsMessage(n, details))).toContain(what);
    const mail = emailMessage(n, details);
    expect(mail.text).toContain(what);
    expect(mail.html).toContain(what);
    const paged = pagerDutyEvent('key', n, details) as { payload?: { custom_details: object } };
    expect(paged.payload?.custom_details).toMatchObject({
      whatChanged: explained.line,
    });
    expect((opsgenieCall(n, details).body as { description: string }).description).toContain(what);
    expect(alertmanagerAlerts(n, details)[0]!.annotations).toMatchObject({ what_changed: explained.line });
  });

  it('is left out when there is none (a resolve, a test, a timing rule)', () => {
    const plain = notificationDetails({ ...n, explanation: null }, undefined);
    expect(plain.explanation).toBeNull();
    expect(JSON.stringify(slackBody(n, plain))).not.toContain('What changed');
    expect(emailMessage(n, plain).text).not.toContain('What changed');
  });
});
