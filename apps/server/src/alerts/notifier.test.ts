import { T0 } from '@sipwatch/testing';
import { createServer } from 'node:http';
import { createServer as createTcpServer } from 'node:net';
import type { AddressInfo, Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../clock.js';
import type { AlertRule, AlertRuleInput } from '@sipwatch/wire';
import { Notifier } from './notifier.js';
import type { AlertNotification, AlertWebhookBody } from './payload.js';
import { SIGNATURE_HEADER, TIMESTAMP_HEADER, verifySignature } from './payload.js';
import { ManualScheduler } from './scheduler.js';
import type { Resolver } from './target-agent.js';
import { targetPolicy } from './target-policy.js';
import type { TargetPolicy } from './target-policy.js';
import { storedRule } from './testing/notifier-setup.js';
import { startReceiver } from './testing/receiver.js';
import type { Receiver } from './testing/receiver.js';

const SECRET = 'a-long-shared-secret-123';

const open: { close(): Promise<void> }[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((r) => r.close()));
});

async function receiver(...args: Parameters<typeof startReceiver>): Promise<Receiver> {
  const r = await startReceiver(...args);
  open.push(r);
  return r;
}

function rule(over: Partial<AlertRuleInput>): AlertRule {
  return storedRule({
    name: '503 storm <carrier-a>',
    metric: 'code_rate',
    code: 503,
    threshold: 5,
    scope: { trunk: 'carrier-a' },
    severity: 'critical',
    labels: { team: 'voice' },
    ...over,
  });
}

function firing(r: AlertRule, value = 12): AlertNotification {
  return {
    kind: 'alert',
    status: 'firing',
    rule: r,
    value,
    threshold: r.threshold,
    from: 'pending',
    at: T0,
    reason: 'condition met',
  };
}

function setup(
  options: {
    maxAttempts?: number;
    maxQueued?: number;
    timeoutMs?: number;
    policy?: TargetPolicy;
    lookup?: Resolver;
  } = {},
) {
  const clock = new ManualClock(T0);
  const scheduler = new ManualScheduler(clock);
  const notifier = new Notifier({
    clock,
    scheduler,
    baseDelayMs: 1_000,
    maxDelayMs: 8_000,
    policy: targetPolicy(['127.0.0.1/32']),
    ...options,
  });
  return { clock, scheduler, notifier };
}

describe('generic webhook', () => {
  it('posts the alert as JSON with a signature the receiver can verify', async () => {
    const hook = await receiver();
    const { notifier, clock } = setup();
    clock.set(T0 + 5_000);
    const r = rule({ notify: [{ type: 'webhook', url: hook.url, secret: SECRET }] });
    notifier.enqueue(r, firing(r));
    await notifier.idle();

    expect(hook.requests).toHaveLength(1);
    const req = hook.requests[0]!;
    expect(req.headers['content-type']).toBe('application/json');
    expect(req.headers[TIMESTAMP_HEADER]).toBe(String(T0 + 5_000));
    const signature = req.headers[SIGNATURE_HEADER] as string;
    expect(signature).toMatch(/^sha256=[0-9a-f]{64}$/);
    expect(verifySignature(SECRET, String(T0 + 5_000), req.body, signature)).toBe(true);
    expect(verifySignature('another-secret-of-16+', String(T0 + 5_000), req.body, signature)).toBe(false);
    expect(verifySignature(SECRET, String(T0 + 5_000), req.body.replace('12', '13'), signature)).toBe(false);

    const body = JSON.parse(req.body) as AlertWebhookBody;
    expect(body).toMatchObject({
      version: 1,
      kind: 'alert',
      status: 'firing',
      severity: 'critical',
      value: 12,
      threshold: 5,
      rule: {
        id: 'storm-a',
        metric: 'code_rate',
        code: 503,
        scope: { trunk: 'carrier-a' },
        labels: { team: 'voice' },
      },
      at: new Date(T0).toISOString(),
    });
    expect(body.summary).toBe(
      '[FIRING] 503 storm <carrier-a>: 503 rate 12/min > 5/min over 5m (trunk=carrier-a)',
    );
    expect(notifier.delivery(r)).toEqual([expect.objectContaining({ type: 'webhook', sent: 1, failed: 0 })]);
  });

  it('sends no signature header without a secret', async () => {
    const hook = await receiver();
    const { notifier } = setup();
    const r = rule({ notify: [{ type: 'webhook', url: hook.url }] });
    notifier.enqueue(r, firing(r));
    await notifier.idle();
    expect(hook.requests[0]!.headers[SIGNATURE_HEADER]).toBeUndefined();
  });

  it('skips resolved notifications for targets that do not want them', async () => {
    const hook = await receiver();
    const { notifier } = setup();
    const r = rule({ notify: [{ type: 'webhook', url: hook.url, sendResolved: false }] });
    notifier.enqueue(r, { ...firing(r, 1), status: 'resolved', from: 'firing' });
    await notifier.idle();
    expect(hook.requests).toHaveLength(0);
  });
});

describe('slack-compatible webhook', () => {
  it('posts text and blocks with markup characters escaped', async () => {
    const hook = await receiver();
    const { notifier } = setup();
    const r = rule({ notify: [{ type: 'slack', url: hook.url }] });
    notifier.enqueue(r, firing(r));
    await notifier.idle();
    const body = JSON.parse(hook.requests[0]!.body) as { text: string; blocks: { type: string }[] };
    expect(body.text).toBe(
      '[FIRING] 503 storm &lt;carrier-a&gt;: 503 rate 12/min &gt; 5/min over 5m (trunk=carrier-a)',
    );
    expect(body.blocks.map((b) => b.type)).toEqual(['section', 'context']);
    expect(hook.requests[0]!.body).not.toContain('<carrier-a>');
  });
});

describe('retries', () => {
  it('retries a failing receiver with exponential backoff until it succeeds', async () => {
    const hook = await receiver((_req, n, res) => {
      if (n <= 2) res.statusCode = 503;
    });
    const { notifier, scheduler } = setup();
    const r = rule({ notify: [{ type: 'webhook', url: hook.url, secret: SECRET }] });
    notifier.enqueue(r, firing(r));

    await notifier.idle();
    expect(hook.requests).toHaveLength(1);
    expect(scheduler.pending()).toEqual([1_000]);
    expect(notifier.delivery(r)[0]).toMatchObject({ sent: 0, retried: 1, lastError: 'HTTP 503' });

    scheduler.advance(999);
    await notifier.idle();
    expect(hook.requests).toHaveLength(1);

    scheduler.advance(1);
    await notifier.idle();
    expect(hook.requests).toHaveLength(2);
    expect(scheduler.pending()).toEqual([2_000]);

    scheduler.advance(2_000);
    await notifier.idle();
    expect(hook.requests).toHaveLength(3);
    expect(scheduler.pending()).toEqual([]);
    expect(notifier.delivery(r)[0]).toMatchObject({ sent: 1, failed: 0, retried: 2, lastError: null });
    // Each attempt is signed afresh, with the time it was sent.
    const last = hook.requests[2]!;
    expect(last.headers[TIMESTAMP_HEADER]).toBe(String(T0 + 3_000));
    expect(
      verifySignature(SECRET, String(T0 + 3_000), last.body, last.headers[SIGNATURE_HEADER] as string),
    ).toBe(true);
  });

  it('gives up after maxAttempts and counts the failure against the rule and target', async () => {
    const hook = await receiver((_req, _n, res) => {
      res.statusCode = 500;
    });
    const { notifier, scheduler } = setup({ maxAttempts: 3 });
    const r = rule({ notify: [{ type: 'webhook', url: hook.url }] });
    notifier.enqueue(r, firing(r));
    for (const delay of [1_000, 2_000]) {
      await notifier.idle();
      scheduler.advance(delay);
    }
    await notifier.idle();
    expect(hook.requests).toHaveLength(3);
    expect(scheduler.pending()).toEqual([]);
    expect(notifier.delivery(r)[0]).toMatchObject({ sent: 0, failed: 1, retried: 2, lastError: 'HTTP 500' });
  });

  it('does not retry a request the receiver refuses as bad (4xx)', async () => {
    const hook = await receiver((_req, _n, res) => {
      res.statusCode = 404;
    });
    const { notifier, scheduler } = setup();
    const r = rule({ notify: [{ type: 'webhook', url: hook.url }] });
    notifier.enqueue(r, firing(r));
    await notifier.idle();
    expect(scheduler.pending()).toEqual([]);
    expect(notifier.delivery(r)[0]).toMatchObject({ failed: 1, retried: 0, lastError: 'HTTP 404' });
  });

  it('retries when nothing listens, and the backoff is capped', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const { port } = closed.address() as AddressInfo;
    await new Promise<void>((resolve) => closed.close(() => resolve()));

    const { notifier, scheduler } = setup({ maxAttempts: 6 });
    const r = rule({ notify: [{ type: 'webhook', url: `http://127.0.0.1:${port}/gone` }] });
    notifier.enqueue(r, firing(r));
    const delays: number[] = [];
    for (let i = 0; i < 5; i++) {
      await notifier.idle();
      const [next] = scheduler.pending();
      delays.push(next!);
      scheduler.advance(next!);
    }
    await notifier.idle();
    expect(delays).toEqual([1_000, 2_000, 4_000, 8_000, 8_000]);
    expect(notifier.delivery(r)[0]).toMatchObject({ failed: 1, retried: 5, lastError: 'connection failed' });
  });

  it('close drops waiting retries', async () => {
    const hook = await receiver((_req, _n, res) => {
      res.statusCode = 503;
    });
    const { notifier, scheduler } = setup();
    const r = rule({ notify: [{ type: 'webhook', url: hook.url }] });
    notifier.enqueue(r, firing(r));
    await notifier.idle();
    expect(notifier.queued).toBe(1);
    await notifier.close();
    scheduler.advance(60_000);
    await notifier.idle();
    expect(hook.requests).toHaveLength(1);
  });

  it('a full queue refuses new jobs and counts them as failed', async () => {
    const hook = await receiver((_req, _n, res) => {
      res.statusCode = 503;
    });
    const { notifier } = setup({ maxQueued: 1 });
    const r = rule({ notify: [{ type: 'webhook', url: hook.url }] });
    notifier.enqueue(r, firing(r));
    notifier.enqueue(r, firing(r));
    await notifier.idle();
    expect(hook.requests).toHaveLength(1);
    expect(notifier.delivery(r)[0]).toMatchObject({ failed: 1, lastError: 'HTTP 503' });
  });
});

describe('test notification', () => {
  it('tries every target once and answers with each outcome', async () => {
    const good = await receiver();
    const bad = await receiver((_req, _n, res) => {
      res.statusCode = 500;
    });
    const { notifier, scheduler } = setup();
    const r = rule({
      notify: [
        { type: 'webhook', url: good.url, secret: SECRET },
        { type: 'slack', url: bad.url },
      ],
    });
    const outcomes = await notifier.sendTest(r, { ...firing(r, 0), kind: 'test' });
    expect(outcomes).toEqual([
      expect.objectContaining({ type: 'webhook', ok: true, status: 200, error: null }),
      expect.objectContaining({ type: 'slack', ok: false, status: 500, error: 'HTTP 500' }),
    ]);
    expect(scheduler.pending()).toEqual([]);
    expect(JSON.parse(good.requests[0]!.body)).toMatchObject({ kind: 'test' });
    expect(good.requests[0]!.headers['x-sipwatch-event']).toBe('test');
    expect(notifier.delivery(r).map((d) => [d.sent, d.failed])).toEqual([
      [1, 0],
      [0, 1],
    ]);
  });
});

/** A test resolver: every name has the given addresses. */
function resolvesTo(...addresses: string[]): Resolver {
  return async () => addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
}

describe('where notifications may go', () => {
  const cases: {
    what: string;
    url: (v4: Receiver, v6: Receiver) => string;
    lookup?: Resolver;
    error: string;
  }[] = [
    { what: '127.0.0.1', url: (v4) => v4.url, error: 'address not allowed (loopback)' },
    {
      what: '10.0.0.1',
      url: (v4) => `http://10.0.0.1:${v4.port}/hook`,
      error: 'address not allowed (private)',
    },
    {
      what: '169.254.169.254',
      url: () => 'http://169.254.169.254/latest/meta-data/',
      error: 'address not allowed (cloud metadata)',
    },
    { what: '[::1]', url: (_v4, v6) => v6.url, error: 'address not allowed (loopback)' },
    {
      what: 'IPv4-mapped [::ffff:127.0.0.1]',
      url: (v4) => `http://[::ffff:127.0.0.1]:${v4.port}/hook`,
      error: 'address not allowed (loopback)',
    },
    {
      what: 'a name that resolves to 127.0.0.1',
      url: (v4) => `http://hooks.example.net:${v4.port}/hook`,
      lookup: resolvesTo('127.0.0.1'),
      error: 'address not allowed (loopback)',
    },
    {
      what: 'a name with a public and a loopback address',
      url: (v4) => `http://hooks.example.net:${v4.port}/hook`,
      lookup: resolvesTo('93.184.215.14', '127.0.0.1'),
      error: 'address not allowed (loopback)',
    },
  ];

  it.each(cases)('refuses $what without connecting, and does not retry', async ({ url, lookup, error }) => {
    const v4 = await receiver();
    const v6 = await receiver(undefined, '::1');
    const { notifier, scheduler } = setup({ policy: targetPolicy(), ...(lookup ? { lookup } : {}) });
    const r = rule({ notify: [{ type: 'webhook', url: url(v4, v6), secret: SECRET }] });

    const [outcome] = await notifier.sendTest(r, { ...firing(r, 0), kind: 'test' });
    expect(outcome).toMatchObject({ ok: false, status: null, error });
    notifier.enqueue(r, firing(r));
    await notifier.idle();
    expect(scheduler.pending()).toEqual([]);
    expect(notifier.delivery(r)[0]).toMatchObject({ sent: 0, failed: 2, retried: 0, lastError: error });
    expect(v4.connections + v6.connections).toBe(0);
  });

  it('an allow-listed IPv6 loopback receiver (::1/128) gets the signed notification', async () => {
    const v6 = await receiver(undefined, '::1');
    const { notifier } = setup({ policy: targetPolicy(['::1/128']) });
    const r = rule({ notify: [{ type: 'webhook', url: v6.url, secret: SECRET }] });
    notifier.enqueue(r, firing(r));
    await notifier.idle();
    expect(v6.requests).toHaveLength(1);
    const req = v6.requests[0]!;
    const ts = req.headers[TIMESTAMP_HEADER] as string;
    expect(verifySignature(SECRET, ts, req.body, req.headers[SIGNATURE_HEADER] as string)).toBe(true);
    expect(notifier.delivery(r)[0]).toMatchObject({ sent: 1, lastError: null });
  });

  it('a host-name entry allows that name wherever it resolves, and only that name', async () => {
    const hook = await receiver();
    const { notifier } = setup({
      policy: targetPolicy(['AlertManager.internal']),
      lookup: resolvesTo('127.0.0.1'),
    });
    const r = rule({
      notify: [
        { type: 'webhook', url: `http://alertmanager.internal:${hook.port}/hook` },
        { type: 'slack', url: `http://other.internal:${hook.port}/hook` },
      ],
    });
    const outcomes = await notifier.sendTest(r, { ...firing(r, 0), kind: 'test' });
    expect(outcomes.map((o) => o.error)).toEqual([null, 'address not allowed (loopback)']);
    expect(hook.requests).toHaveLength(1);
    expect(hook.requests[0]!.headers.host).toBe(`alertmanager.internal:${hook.port}`);
  });

  it('refuses redirects without following them', async () => {
    const elsewhere = await receiver();
    const hook = await receiver((_req, _n, res) => {
      res.statusCode = 302;
      res.setHeader('location', elsewhere.url);
    });
    const { notifier, scheduler } = setup();
    const r = rule({ notify: [{ type: 'webhook', url: hook.url }] });
    notifier.enqueue(r, firing(r));
    await notifier.idle();
    expect(hook.requests).toHaveLength(1);
    expect(elsewhere.connections).toBe(0);
    expect(scheduler.pending()).toEqual([]);
    expect(notifier.delivery(r)[0]).toMatchObject({ failed: 1, lastError: 'redirect refused' });
  });

  it('tells failures in fixed words, not socket errors: a closed port, a silent receiver', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const closedPort = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const sockets: Socket[] = [];
    const silent = createTcpServer((socket) => void sockets.push(socket));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    open.push({
      close: async () => {
        for (const s of sockets) s.destroy();
        await new Promise<void>((resolve) => silent.close(() => resolve()));
      },
    });

    const { notifier } = setup({
      timeoutMs: 300,
      lookup: () => Promise.reject(Object.assign(new Error('getaddrinfo ENOTFOUND'), { code: 'ENOTFOUND' })),
    });
    const silentPort = (silent.address() as AddressInfo).port;
    const r = rule({
      notify: [
        { type: 'webhook', url: `http://127.0.0.1:${closedPort}/hook` },
        { type: 'webhook', url: `http://127.0.0.1:${silentPort}/hook` },
        { type: 'webhook', url: 'http://hooks.example.net/hook' },
      ],
    });
    const outcomes = await notifier.sendTest(r, { ...firing(r, 0), kind: 'test' });
    expect(outcomes.map((o) => o.error)).toEqual(['connection failed', 'timeout', 'name not resolved']);
  });
});
