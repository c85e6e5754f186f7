import type { AlertNotification } from '../payload.js';
import type { Tone } from '../payload.js';
import { scopeText, summaryLine, toneOf, whatChanged } from '../payload.js';
import type { NotificationDetails } from '../details.js';

/**
 * A Microsoft Teams incoming webhook message carrying one adaptive card
 * (https://learn.microsoft.com/en-us/microsoftteams/platform/webhooks-and-connectors/how-to/connectors-using).
 */

/** Adaptive card text is Markdown; rule names, scopes and labels are shown as text. */
export function markdownEscape(text: string): string {
  return text.replace(/[\\`*_~[\]<>]/g, (c) => `\\${c}`);
}

const CARD_COLORS: Record<Tone, string> = {
  test: 'Accent',
  resolved: 'Good',
  critical: 'Attention',
  warning: 'Warning',
};

export function teamsMessage(n: AlertNotification, details: NotificationDetails) {
  const { rule } = n;
  const color = CARD_COLORS[toneOf(n)];
  const facts = [
    { title: 'Severity', value: rule.severity },
    { title: 'Slice', value: scopeText(rule.scope) },
    { title: 'Rule', value: rule.id },
    { title: 'At', value: new Date(n.at).toISOString() },
    ...Object.entries(rule.labels).map(([k, v]) => ({ title: k, value: v })),
  ].map((f) => ({ title: markdownEscape(f.title), value: markdownEscape(f.value) }));
  const body: unknown[] = [
    { type: 'TextBlock', text: markdownEscape(summaryLine(n)), weight: 'Bolder', color, wrap: true },
    { type: 'FactSet', facts },
  ];
  const changed = whatChanged(details);
  if (changed) body.splice(1, 0, { type: 'TextBlock', text: markdownEscape(changed), wrap: true });
  if (details.checks.length)
    body.push(
      { type: 'TextBlock', text: 'First checks', weight: 'Bolder', wrap: true },
      ...details.checks.map((c) => ({ type: 'TextBlock', text: `- ${markdownEscape(c)}`, wrap: true })),
    );
  return {
    type: 'message',
    attachments: [
      {
        contentType: 'application/vnd.microsoft.card.adaptive',
        contentUrl: null,
        content: {
          $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
          type: 'AdaptiveCard',
          version: '1.4',
          body,
          ...(details.dashboardUrl && {
            actions: [{ type: 'Action.OpenUrl', title: 'Open the dashboard', url: details.dashboardUrl }],
          }),
        },
      },
    ],
  };
}
