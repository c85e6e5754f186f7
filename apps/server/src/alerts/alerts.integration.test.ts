import { T0 } from '@sipwatch/testing';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createApplication } from '../app.js';
import type { Application } from '../app.js';
import { ManualClock } from '../clock.js';
import { parseConfig } from '../config.js';
import type { Config } from '../config.js';
import type { AlertTransition, AlertView } from '@sipwatch/wire';
import type { SipEvent } from '@sipwatch/wire';
import type { AlertWebhookBody } from './payload.js';
import { SIGNATURE_HEADER, TIMESTAMP_HEADER, verifySignature } from './payload.js';
import { startReceiver } from './testing/receiver.js';
import type { Receiver } from './testing/receiver.js';

/**
 * The whole product: a rule created over the API, a 503 spike through the real webhook intake,
 * pending then firing on the server's own tick, a signed notification to a real HTTP receiver,
 * a restart on the same database in between, and recovery resolving the alert.
 */

const ADMIN = 'integration-admin-token';
const SECRET = 'integration-webhook-secret';

let dir: string;
let clock: ManualClock;
let receiver: Receiver;
let app: Application | undefined;
let base = '';
let callSeq = 0;
/** How events went in: the webhook route when the intake serves it, app.ingest otherwise. */
const paths = new Set<string>();

beforeEach(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'sipwatch-alerts-it-'));
  clock = new ManualClock(T0);
  receiver = await startReceiver();
});

afterEach(async () => {
  await app?.close();
  app = undefined;
  await receiver.close();
  rmSync(dir, { recursive: true, force: true });
});

function config(): Config {
  return parseConfig({
    host: '127.0.0.1',
    http: { port: 0 },
    syslog: { port: 0, udp: false, tcp: false },
    hep: { port: 0, udp: false, tcp: false },
    demo: { enabled: false },
    storage: { dataDir: dir },
    auth: { admin: [ADMIN] },
    alerts: { allowTargets: ['127.0.0.1/32'] },
  });
}

async function start(): Promise<void> {
  app = await createApplication(config(), { clock, timers: false });
  const ports = await app.listen();
  base = `http://127.0.0.1:${ports.http}`;
}

async function api(pathname: string, init: RequestInit & { json?: unknown } = {}): Promise<Response> {
  const { json, ...rest } = init;
  const headers = new Headers(rest.headers);
  headers.set('authorization', `Bearer ${ADMIN}`);
  if (json !== undefined) headers.set('content-type', 'application/json');
  return fetch(`${base}${pathname}`, {
    ...rest,
    headers,
    ...(json !== undefined ? { body: JSON.stringify(json) } : {}),
  });
}

/** One second of traffic on carrier-a: `ok` answered calls and `failed` 503s, then the tick. */
async function second(ok: number, failed: number): Promise<void> {
  const items = [...Array<number>(ok).fill(200), ...Array<number>(failed).fill(503)].map((code) => ({
    ts: clock.now(),
    code,
    method: 'INVITE',
    scope: 'call',
    callId: `call-${++callSeq}@it`,
    cseq: 1,
    trunk: 'carrier-a',
  }));
  const res = await fetch(`${base}/api/v1/events`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(items),
  });
  if (res.status === 404) {
    paths.add('app.ingest');
    app!.ingest(
      items.map((i): SipEvent => ({
        ...i,
        scope: 'call',
        receivedAt: clock.now(),
        source: { channel: 'http', format: 'json', host: '127.0.0.1' },
      })),
    );
  } else {
    expect(res.status, await res.clone().text()).toBeLessThan(300);
    paths.add('webhook');
  }
  clock.advance(1_000);
  app!.tickNow();
}

async function view(id: string): Promise<AlertView> {
  return (await (await fetch(`${base}/api/v1/alerts/rules/${id}`)).json()) as AlertView;
}

function verified(n: number): AlertWebhookBody {
  const req = receiver.requests[n]!;
  const timestamp = req.headers[TIMESTAMP_HEADER] as string;
  expect(verifySignature(SECRET, timestamp, req.body, req.headers[SIGNATURE_HEADER] as string)).toBe(true);
  return JSON.parse(req.body) as AlertWebhookBody;
}

describe('alerting end to end', () => {
  it('a 503 spike fires a rule, notifies with a valid signature, survives a restart and resolves', async () => {
    await start();
    const created = await api('/api/v1/alerts/rules', {
      method: 'POST',
      json: {
        id: 'carrier-a-503',
        name: '503 storm on carrier-a',
        metric: 'code_rate',
        code: 503,
        threshold: 30,
        window: '1m',
        pendingFor: '10s',
        minVolume: 5,
        severity: 'critical',
        scope: { trunk: 'carrier-a' },
        notify: [{ type: 'webhook', url: receiver.url, secret: SECRET }],
      },
    });
    expect(created.status, await created.clone().text()).toBe(201);
    // Without the token, no writes.
    expect((await fetch(`${base}/api/v1/alerts/rules/carrier-a-503`, { method: 'DELETE' })).status).toBe(401);

    for (let s = 0; s < 20; s++) await second(10, 0);
    expect((await view('carrier-a-503')).state.state).toBe('ok');

    // The spike: 8 x 503 a second is 480 a minute once the window is full.
    const seen: string[] = [];
    for (let s = 0; s < 20; s++) {
      await second(2, 8);
      const state = (await view('carrier-a-503')).state.state;
      if (seen.at(-1) !== state) seen.push(state);
    }
    // 8, 16, 24 a minute: not yet above 30; then pending for pendingFor, then firing.
    expect(seen).toEqual(['ok', 'pending', 'firing']);
    const firing = await view('carrier-a-503');
    expect(firing.state.value).toBeGreaterThan(30);

    await app!.alerting.notifier.idle();
    expect(receiver.requests).toHaveLength(1);
    const fired = verified(0);
    expect(fired).toMatchObject({
      kind: 'alert',
      status: 'firing',
      severity: 'critical',
      previousState: 'pending',
      rule: { id: 'carrier-a-503', code: 503, scope: { trunk: 'carrier-a' } },
    });
    expect(fired.value).toBeGreaterThan(30);
    expect((await view('carrier-a-503')).delivery[0]).toMatchObject({ sent: 1, failed: 0 });

    // Restart on the same database: the rule, its firing state and the history are still there.
    await app!.close();
    app = undefined;
    await start();
    const after = await view('carrier-a-503');
    expect(after.rule.name).toBe('503 storm on carrier-a');
    expect(after.state).toMatchObject({ state: 'firing', firingSince: firing.state.firingSince });
    expect(after.delivery[0]).toMatchObject({ sent: 1 });

    // Still failing right after the restart: no second firing notification.
    await second(2, 8);
    expect((await view('carrier-a-503')).state.state).toBe('firing');

    // Recovery: once the 503s have left the 1-minute window, the alert resolves.
    for (let s = 0; s < 70; s++) await second(10, 0);
    expect((await view('carrier-a-503')).state.state).toBe('resolved');
    await app!.alerting.notifier.idle();
    expect(receiver.requests).toHaveLength(2);
    expect(verified(1)).toMatchObject({
      status: 'resolved',
      previousState: 'firing',
      rule: { id: 'carrier-a-503' },
    });

    const history = (await (await fetch(`${base}/api/v1/alerts/history?rule=carrier-a-503`)).json()) as {
      history: AlertTransition[];
    };
    expect(history.history.map((t) => `${t.from}>${t.to}`)).toEqual([
      'firing>resolved',
      'pending>firing',
      'ok>pending',
    ]);
    const [, toFiring, toPending] = history.history;
    expect(toFiring!.at - toPending!.at).toBeGreaterThanOrEqual(10_000);
    expect(toFiring).toMatchObject({
      threshold: 30,
      severity: 'critical',
      ruleName: '503 storm on carrier-a',
    });
    expect(paths.size).toBe(1);
  });
});
