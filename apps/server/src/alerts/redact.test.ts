import { describe, expect, it } from 'vitest';
import { AlertRuleSpecSchema, REDACTED } from '@sipwatch/wire';
import type { NotifyTarget } from '@sipwatch/wire';
import { redactTarget, restoreRedacted } from './redact.js';

const targets: NotifyTarget[] = [
  {
    type: 'pagerduty',
    routingKey: 'R0UT1NGKEY0123456789abcdef012345',
    url: 'https://events.pagerduty.com/v2/enqueue',
    sendResolved: true,
  },
  {
    type: 'opsgenie',
    apiKey: 'c6f1a1e2-genie-key-0000-secret',
    url: 'https://api.eu.opsgenie.com',
    sendResolved: true,
  },
  { type: 'teams', url: 'https://contoso.webhook.office.com/webhookb2/the-token', sendResolved: true },
  { type: 'alertmanager', url: 'https://am.example.com/prefix', sendResolved: true },
  {
    type: 'email',
    host: 'smtp.example.com',
    port: 587,
    tls: 'starttls',
    username: 'alerts',
    password: 'smtp-Pa55word',
    from: 'sipwatch@example.com',
    to: ['noc@example.com'],
    sendResolved: true,
  },
];

describe('credentials of the channels', () => {
  it('are hidden from readers without the admin token, and an edit sending them back keeps them', () => {
    const redacted = targets.map(redactTarget);
    const text = JSON.stringify(redacted);
    for (const secret of ['R0UT1NGKEY', 'genie-key', 'the-token', 'Pa55word'])
      expect(text).not.toContain(secret);
    expect(redacted[4]).toMatchObject({ host: 'smtp.example.com', username: 'alerts', password: REDACTED });

    const spec = AlertRuleSpecSchema.parse({
      name: 'r',
      metric: 'asr_below',
      threshold: 0.5,
      notify: redacted,
    });
    const restored = restoreRedacted(spec, { notify: targets });
    expect(restored).toEqual({ ok: true, spec: { ...spec, notify: targets } });
  });

  it('a redacted key with no stored one to restore is refused with the field named', () => {
    const spec = AlertRuleSpecSchema.parse({
      name: 'r',
      metric: 'asr_below',
      threshold: 0.5,
      notify: [{ type: 'opsgenie', apiKey: REDACTED }],
    });
    expect(restoreRedacted(spec, { notify: [] })).toMatchObject({
      ok: false,
      errors: [{ field: 'notify[0].apiKey' }],
    });
  });
});
