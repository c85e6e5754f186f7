import { T0 } from '@sipwatch/testing';
import { afterEach, describe, expect, it } from 'vitest';
import type { AlertRule, AlertRuleInput, NotifyTarget } from '@sipwatch/wire';
import type { AlertNotification } from './payload.js';
import { notifierWithLog, storedRule } from './testing/notifier-setup.js';
import { startReceiver } from './testing/receiver.js';
import type { Receiver } from './testing/receiver.js';

/** The receivers' bodies are read field by field, as each service's own schema would. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

const ROUTING_KEY = 'R0UT1NGKEY0123456789abcdef012345';
const GENIE_KEY = 'c6f1a1e2-genie-key-0000-secret';
const PUBLIC_URL = 'https://noc.example.com/sipwatch';

const open: Receiver[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((r) => r.close()));
});

/** A receiver answering 503 to the first `failures` requests, then 202 as these APIs do. */
async function receiver(failures = 0): Promise<Receiver> {
  const r = await startReceiver((_req, n, res) => {
    res.statusCode = n <= failures ? 503 : 202;
  });
  open.push(r);
  return r;
}

function rule(notify: NotifyTarget[], over: Partial<AlertRuleInput> = {}): AlertRule {
  return storedRule({
    name: '503 storm <carrier-a>',
    metric: 'code_rate',
    code: 503,
    threshold: 5,
    scope: { trunk: 'carrier-a', source: 'sbc-1' },
    severity: 'critical',
    labels: { team: 'voice', 'site.region': 'eu-1' },
    ...over,
    notify,
  });
}

function notification(
  r: AlertRule,
  status: 'firing' | 'resolved',
  kind: 'alert' | 'test' = 'alert',
): AlertNotification {
  return {
    kind,
    status,
    rule: r,
    value: status === 'firing' ? 12 : 1,
    threshold: r.threshold,
    from: status === 'firing' ? 'pending' : 'firing',
    at: T0,
    reason: status === 'firing' ? 'condition met' : 'recovered',
  };
}

const setup = () => notifierWithLog({ publicUrl: PUBLIC_URL });

/** Trigger (refused once with 503, retried), then resolve; returns the bodies the receiver got. */
async function fireRetryResolve(hook: Receiver, r: AlertRule) {
  const { notifier, scheduler, log } = setup();
  notifier.enqueue(r, notification(r, 'firing'));
  await notifier.idle();
  expect(scheduler.pending()).toEqual([1_000]);
  scheduler.advance(1_000);
  await notifier.idle();
  notifier.enqueue(r, notification(r, 'resolved'));
  await notifier.idle();
  expect(notifier.delivery(r)[0]).toMatchObject({ sent: 2, retried: 1, failed: 0, lastError: null });
  expect(hook.requests).toHaveLength(3);
  expect(log()).toContain('alert notification failed');
  await notifier.close();
  return { requests: hook.requests, log: log() };
}

const CHECKS_OF_503 = expect.arrayContaining([expect.any(String)]);

describe('PagerDuty Events API v2', () => {
  it('triggers with a dedup key per rule and labels, retries a 5xx, resolves with the same key', async () => {
    const hook = await receiver(1);
    const r = rule([{ type: 'pagerduty', routingKey: ROUTING_KEY, url: hook.url, sendResolved: true }]);
    const { requests, log } = await fireRetryResolve(hook, r);
    const [first, retried, resolve] = requests.map((q) => JSON.parse(q.body) as Json);
    expect(retried).toEqual(first);
    expect(first).toMatchObject({
      routing_key: ROUTING_KEY,
      event_action: 'trigger',
      dedup_key: expect.stringMatching(/^sipwatch\/storm-a\/[0-9a-f]{12}$/),
      payload: {
        summary:
          '[FIRING] 503 storm <carrier-a>: 503 rate 12/min > 5/min over 5m (trunk=carrier-a, source=sbc-1)',
        source: 'carrier-a',
        severity: 'critical',
        timestamp: new Date(T0).toISOString(),
        custom_details: {
          value: 12,
          threshold: 5,
          trunk: 'carrier-a',
          source: 'sbc-1',
          code: 503,
          checks: CHECKS_OF_503,
        },
      },
      links: [{ href: expect.stringContaining(`${PUBLIC_URL}/codes/503?range=custom`) }],
    });
    expect(first!.payload.custom_details.checks.length).toBeGreaterThan(0);
    expect(resolve).toEqual({
      routing_key: ROUTING_KEY,
      event_action: 'resolve',
      dedup_key: first!.dedup_key,
    });
    expect(log).not.toContain(ROUTING_KEY);

    const relabelled = rule(r.notify, { labels: { team: 'data' } });
    const { notifier } = setup();
    notifier.enqueue(relabelled, notification(relabelled, 'firing'));
    await notifier.idle();
    expect(JSON.parse(hook.requests[3]!.body).dedup_key).not.toBe(first!.dedup_key);
    await notifier.close();
  });

  it('maps warning to warning and a test to info, with a key of its own', async () => {
    const hook = await receiver();
    const r = rule([{ type: 'pagerduty', routingKey: ROUTING_KEY, url: hook.url, sendResolved: true }], {
      severity: 'warning',
    });
    const { notifier } = setup();
    notifier.enqueue(r, notification(r, 'firing'));
    await notifier.idle();
    const [outcome] = await notifier.sendTest(r, notification(r, 'firing', 'test'));
    expect(outcome).toMatchObject({ ok: true, status: 202 });
    const [alert, test] = hook.requests.map((q) => JSON.parse(q.body) as Json);
    expect(alert!.payload.severity).toBe('warning');
    expect(test!.payload.severity).toBe('info');
    expect(test!.dedup_key).toBe('sipwatch/storm-a/test');
    await notifier.close();
  });
});

describe('Opsgenie', () => {
  it('creates with an alias and a GenieKey, retries a 5xx, closes by alias', async () => {
    const hook = await receiver(1);
    const r = rule([
      { type: 'opsgenie', apiKey: GENIE_KEY, url: `http://127.0.0.1:${hook.port}`, sendResolved: true },
    ]);
    const { requests, log } = await fireRetryResolve(hook, r);
    expect(requests.map((q) => `${q.method} ${q.path}`)).toEqual([
      'POST /v2/alerts',
      'POST /v2/alerts',
      expect.stringMatching(
        /^POST \/v2\/alerts\/sipwatch%2Fstorm-a%2F[0-9a-f]{12}\/close\?identifierType=alias$/,
      ),
    ]);
    expect(requests.every((q) => q.headers.authorization === `GenieKey ${GENIE_KEY}`)).toBe(true);
    const create = JSON.parse(requests[0]!.body) as Json;
    expect(create).toMatchObject({
      alias: expect.stringMatching(/^sipwatch\/storm-a\//),
      priority: 'P1',
      entity: 'carrier-a',
      details: { value: '12', threshold: '5', trunk: 'carrier-a', code: '503' },
    });
    expect(create.message.length).toBeLessThanOrEqual(130);
    expect(create.description).toContain('First checks:');
    expect(create.description).toContain(`Dashboard: ${PUBLIC_URL}/codes/503?range=custom`);
    expect(requests[2]!.path).toContain(encodeURIComponent(create.alias));
    expect(JSON.parse(requests[2]!.body)).toMatchObject({ source: 'sipwatch' });
    expect(log).not.toContain(GENIE_KEY);
  });
});

describe('Microsoft Teams', () => {
  it('posts an adaptive card with markdown escaped, retries a 5xx, and never logs the URL', async () => {
    const hook = await receiver(1);
    const r = rule([{ type: 'teams', url: hook.url, sendResolved: true }]);
    const { requests, log } = await fireRetryResolve(hook, r);
    const card = JSON.parse(requests[0]!.body) as Json;
    expect(card.type).toBe('message');
    const attachment = card.attachments[0];
    expect(attachment.contentType).toBe('application/vnd.microsoft.card.adaptive');
    expect(attachment.content).toMatchObject({ type: 'AdaptiveCard', version: '1.4' });
    expect(attachment.content.body[0].text).toContain('503 storm \\<carrier-a\\>');
    expect(attachment.content.body[0].color).toBe('Attention');
    expect(attachment.content.actions[0]).toMatchObject({
      type: 'Action.OpenUrl',
      url: expect.stringContaining(PUBLIC_URL),
    });
    const resolved = JSON.parse(requests[2]!.body) as Json;
    expect(resolved.attachments[0].content.body[0]).toMatchObject({
      color: 'Good',
      text: expect.stringContaining('\\[RESOLVED\\]'),
    });
    expect(log).not.toContain(hook.url);
    expect(log).not.toContain('/hook');
  });
});

describe('Alertmanager', () => {
  it('pushes labels and annotations to /api/v2/alerts, retries a 5xx, resolves with endsAt', async () => {
    const hook = await receiver(1);
    const r = rule([{ type: 'alertmanager', url: `http://127.0.0.1:${hook.port}/`, sendResolved: true }]);
    const { requests } = await fireRetryResolve(hook, r);
    expect(requests.map((q) => q.path)).toEqual(['/api/v2/alerts', '/api/v2/alerts', '/api/v2/alerts']);
    const [firing] = JSON.parse(requests[0]!.body) as Json[];
    const [resolved] = JSON.parse(requests[2]!.body) as Json[];
    expect(firing).toMatchObject({
      labels: {
        alertname: '503 storm <carrier-a>',
        rule_id: 'storm-a',
        severity: 'critical',
        trunk: 'carrier-a',
        source: 'sbc-1',
        code: '503',
        team: 'voice',
        site_region: 'eu-1',
      },
      annotations: { summary: expect.stringContaining('[FIRING]'), checks: expect.any(String) },
      startsAt: new Date(T0).toISOString(),
      generatorURL: expect.stringContaining(PUBLIC_URL),
    });
    // Valid for four resend intervals, as Prometheus sends: re-sent while firing (alertmanager-resend.test.ts).
    expect(firing!.endsAt).toBe(new Date(T0 + 4 * 60_000).toISOString());
    expect(resolved!.labels).toEqual(firing!.labels);
    expect(resolved!.endsAt).toBe(new Date(T0).toISOString());
  });
});
