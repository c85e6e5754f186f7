import { afterEach, describe, expect, it } from 'vitest';
import { encodeHep } from '@sipwatch/hep';
import { startLiveApp, tempDir } from '../test-support/live-app.js';
import type { LiveApp } from '../test-support/live-app.js';
import type { AlertTransition, AlertView, BacktestResult } from '@sipwatch/wire';
import type { AlertWebhookBody } from './payload.js';
import { startReceiver } from './testing/receiver.js';
import type { Receiver } from './testing/receiver.js';
import { sendUdp } from '../test-support/udp.js';

/**
 * A pdd_p95 rule through the whole server: calls captured as HEP v3 over UDP (INVITE, 180, 200)
 * go through the real HEP intake and call tracking into the call timings; the server's tick
 * evaluates the rule on them, it fires and notifies a real HTTP receiver.
 */

const ADMIN = 'timing-admin-token';
const CALLER = '192.0.2.1';
const CARRIER_A = '203.0.113.5';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

/** Resolves once the server has accepted `n` events in all; fails the test after 5 s otherwise. */
type Accepted = (n: number) => Promise<void>;

async function start(): Promise<{ live: LiveApp; receiver: Receiver; accepted: Accepted }> {
  const dir = tempDir();
  cleanups.push(dir.cleanup);
  const live = await startLiveApp(dir.dir, {
    config: {
      hep: { udp: true, tcp: false },
      syslog: { udp: false, tcp: false },
      auth: { admin: [ADMIN] },
      ingest: { trunks: [{ name: 'carrier-a', cidrs: ['203.0.113.0/24'] }] },
      alerts: { allowTargets: ['127.0.0.1/32'] },
    },
  });
  cleanups.push(() => live.stop());
  const receiver = await startReceiver();
  cleanups.push(() => receiver.close());
  let count = 0;
  const waiters = new Set<{ n: number; done: () => void }>();
  live.app.onAccepted((batch) => {
    count += batch.length;
    for (const w of waiters) if (count >= w.n) w.done();
  });
  const accepted: Accepted = (n) =>
    new Promise<void>((resolve, reject) => {
      if (count >= n) return resolve();
      const timer = setTimeout(() => reject(new Error(`only ${count} of ${n} events arrived`)), 5_000);
      const waiter = {
        n,
        done: () => {
          clearTimeout(timer);
          waiters.delete(waiter);
          resolve();
        },
      };
      waiters.add(waiter);
    });
  return { live, receiver, accepted };
}

let callSeq = 0;

/** The three packets of one answered call on carrier-a: INVITE at `at`, 180 after `pddMs`, 200 a second later. */
function call(at: number, pddMs: number): Buffer[] {
  const id = `pdd-${++callSeq}@it`;
  const headers = (to: string) =>
    `From: <sip:alice@example.net>;tag=a${callSeq}\r\nTo: ${to}\r\nCall-ID: ${id}\r\nCSeq: 1 INVITE\r\n\r\n`;
  const out = (tsMs: number, payload: string) =>
    encodeHep({ srcIp: CALLER, dstIp: CARRIER_A, tsMs, payload });
  const back = (tsMs: number, payload: string) =>
    encodeHep({ srcIp: CARRIER_A, dstIp: CALLER, tsMs, payload });
  return [
    out(at, `INVITE sip:bob@example.org SIP/2.0\r\n${headers('<sip:bob@example.org>')}`),
    back(at + pddMs, `SIP/2.0 180 Ringing\r\n${headers('<sip:bob@example.org>;tag=b')}`),
    back(at + pddMs + 1_000, `SIP/2.0 200 OK\r\n${headers('<sip:bob@example.org>;tag=b')}`),
  ];
}

describe('a pdd_p95 rule on HEP call timing', () => {
  it('fires when ringing on the trunk gets slow, and notifies with the delay in ms', async () => {
    const { live, receiver, accepted } = await start();
    const { app, clock, base } = live;
    const created = await fetch(`${base}/api/v1/alerts/rules`, {
      method: 'POST',
      headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        id: 'slow-ringing',
        name: 'Slow ringing on carrier-a',
        metric: 'pdd_p95',
        threshold: 4000,
        window: '1m',
        minVolume: 5,
        pendingFor: '0s',
        scope: { trunk: 'carrier-a' },
        notify: [{ type: 'webhook', url: receiver.url }],
      }),
    });
    expect(created.status, await created.clone().text()).toBe(201);
    const view = async () =>
      (await (await fetch(`${base}/api/v1/alerts/rules/slow-ringing`)).json()) as AlertView;
    const tick = () => {
      clock.advance(1_000);
      app.tickNow();
    };

    // Ten calls that rang after 1.5 s: fine.
    const now = clock.now();
    await sendUdp(
      live.ports.hepUdp!,
      Array.from({ length: 10 }, (_, i) => call(now - 20_000 + i, 1_500)).flat(),
    );
    await accepted(20); // the 180 and the 200 of each call
    tick();
    expect((await view()).state).toMatchObject({ state: 'ok', noData: false, volume: 10, value: 1_500 });

    // Then twenty that rang after 6 s: the 95th percentile is past 4 s.
    const later = clock.now();
    await sendUdp(
      live.ports.hepUdp!,
      Array.from({ length: 20 }, (_, i) => call(later - 15_000 + i, 6_000)).flat(),
    );
    await accepted(60);
    tick();
    const firing = (await view()).state;
    expect(firing).toMatchObject({ state: 'firing', volume: 30 });
    expect(firing.value).toBeGreaterThan(4_000);
    expect(firing.value).toBeLessThanOrEqual(6_000);

    await app.alerting.notifier.idle();
    expect(receiver.requests).toHaveLength(1);
    const sent = JSON.parse(receiver.requests[0]!.body) as AlertWebhookBody;
    expect(sent).toMatchObject({ status: 'firing', rule: { id: 'slow-ringing', metric: 'pdd_p95' } });
    expect(sent.summary).toBe(
      `[FIRING] Slow ringing on carrier-a: PDD p95 ${firing.value} ms > 4000 ms over 1m (trunk=carrier-a)`,
    );

    // The history row can be read without the rule: it carries the metric and its unit.
    await fetch(`${base}/api/v1/alerts/rules/slow-ringing`, {
      method: 'DELETE',
      headers: { authorization: `Bearer ${ADMIN}` },
    });
    const history = (await (await fetch(`${base}/api/v1/alerts/history?rule=slow-ringing`)).json()) as {
      history: AlertTransition[];
    };
    expect(history.history).toEqual([
      expect.objectContaining({ from: 'ok', to: 'firing', metric: 'pdd_p95', unit: 'ms', threshold: 4000 }),
    ]);
  });

  it('previews a timing rule on the live window of captured calls', async () => {
    const { live, accepted } = await start();
    const now = live.clock.now();
    // Ten calls slow to ring 30 minutes ago, ten normal ones 5 minutes ago.
    await sendUdp(live.ports.hepUdp!, [
      ...Array.from({ length: 10 }, (_, i) => call(now - 30 * 60_000 + i * 1_000, 6_000)).flat(),
      ...Array.from({ length: 10 }, (_, i) => call(now - 5 * 60_000 + i * 1_000, 1_500)).flat(),
    ]);
    await accepted(40);
    const res = await fetch(`${live.base}/api/v1/alerts/rules/preview`, {
      method: 'POST',
      headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        metric: 'pdd_p95',
        threshold: 4000,
        window: '5m',
        minVolume: 5,
        pendingFor: '0s',
        scope: { trunk: 'carrier-a' },
      }),
    });
    expect(res.status, await res.clone().text()).toBe(200);
    const result = (await res.json()) as BacktestResult;
    // The live window (1 hour), not 24 hours: call timing is kept that long.
    expect(result.to - result.from).toBe(60 * 60_000);
    expect(result.firings).toBe(1);
    const fired = result.intervals[0]!;
    expect(fired.from).toBeGreaterThan(now - 31 * 60_000);
    expect(fired.from).toBeLessThan(now - 28 * 60_000);
    // No calls in between: no data, and the rule holds its state until the normal calls resolve it.
    expect(result.noDataSteps).toBeGreaterThan(15);
    expect(fired.to).not.toBeNull();
    expect(fired.to!).toBeGreaterThan(now - 6 * 60_000);
    expect(fired.to!).toBeLessThan(now - 3 * 60_000);
  });
});
