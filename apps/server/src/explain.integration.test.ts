import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { T0 } from '@sipwatch/testing';
import type { Explanation } from '@sipwatch/wire';
import type { AlertWebhookBody } from './alerts/payload.js';
import { startReceiver } from './alerts/testing/receiver.js';
import type { Receiver } from './alerts/testing/receiver.js';
import { acceptedBy, startLiveApp, tempDir } from './test-support/live-app.js';
import type { LiveApp } from './test-support/live-app.js';
import { sendUdp } from './test-support/udp.js';

/**
 * Two causes at once, sent as equipment sends them: a 503 storm in syslog from one gateway
 * (sbc-east) and a 408 rise on one trunk (carrier-c) posted over HTTP, after half an hour of the
 * same ordinary traffic every minute. /explain names both slices with their shares of the extra
 * failures, and the failure-rate alert that fires on them carries the same explanation to a real
 * webhook receiver.
 */

const MINUTE = 60_000;
const BASELINE_MINUTES = 30;
const STORM_503 = 120;
const RISE_408 = 60;
const TRUNKS = ['carrier-a', 'carrier-b', 'carrier-c'];

let tmp: ReturnType<typeof tempDir>;
let live: LiveApp;
let receiver: Receiver;
let callSeq = 0;

beforeEach(async () => {
  tmp = tempDir();
  receiver = await startReceiver();
  live = await startLiveApp(tmp.dir, {
    config: {
      syslog: { port: 0, udp: true, tcp: false },
      alerts: { allowTargets: ['127.0.0.1/32'] },
    },
  });
});
afterEach(async () => {
  await live.stop();
  await receiver.close();
  tmp.cleanup();
});

async function postEvents(items: object[]): Promise<void> {
  const res = await fetch(`${live.base}/api/v1/events`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(items),
  });
  expect(res.status, await res.clone().text()).toBeLessThan(300);
}

/** Kamailio-style reply lines (RFC 5424) from one gateway, waited for until the intake took them. */
async function syslog(host: string, lines: { ts: number; code: number; reason: string; trunk: string }[]) {
  const taken = acceptedBy(live.app, lines.length);
  await sendUdp(
    live.ports.syslogUdp!,
    lines.map(
      (l) =>
        `<134>1 ${new Date(l.ts).toISOString()} ${host} kamailio - - - reply: rs=${l.code} ` +
        `rr="${l.reason}" rm=INVITE ci=sys-${++callSeq} cs=1 trunk=${l.trunk}`,
    ),
  );
  await taken;
}

function httpEvent(ts: number, code: number, trunk: string) {
  return { ts, code, method: 'INVITE', scope: 'transaction', callId: `http-${++callSeq}`, cseq: 1, trunk };
}

/** Every minute: per trunk 10 answered and 2 busy over HTTP; 5 answered from each gateway. */
async function ordinaryMinute(start: number): Promise<void> {
  const items = TRUNKS.flatMap((trunk, t) =>
    [...Array<number>(10).fill(200), 486, 486].map((code, i) =>
      httpEvent(start + 1000 + t * 200 + i * 4000, code, trunk),
    ),
  );
  await postEvents(items);
  for (const host of ['sbc-east', 'sbc-west'])
    await syslog(
      host,
      Array.from({ length: 5 }, (_, i) => ({
        ts: start + 2000 + i * 9000,
        code: 200,
        reason: 'OK',
        trunk: 'carrier-a',
      })),
    );
}

describe('explaining a spike end to end', () => {
  it('names a syslog 503 storm from one gateway and an HTTP 408 rise on one trunk, and the alert carries it', async () => {
    const created = await fetch(`${live.base}/api/v1/alerts/rules`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        id: 'failures-up',
        name: 'failures up',
        metric: 'failure_rate',
        threshold: 0.3,
        window: '1m',
        pendingFor: '0s',
        minVolume: 10,
        notify: [{ type: 'webhook', url: receiver.url }],
      }),
    });
    expect(created.status, await created.clone().text()).toBe(201);

    for (let m = 0; m < BASELINE_MINUTES; m++) {
      const start = T0 + m * MINUTE;
      await ordinaryMinute(start);
      live.clock.set(start + MINUTE);
      live.app.tickNow();
    }
    live.app.flushNow();

    const w = T0 + BASELINE_MINUTES * MINUTE;
    await ordinaryMinute(w);
    await syslog(
      'sbc-east',
      Array.from({ length: STORM_503 }, (_, i) => ({
        ts: w + 500 + i * 450,
        code: 503,
        reason: 'Service Unavailable',
        trunk: TRUNKS[i % 3]!,
      })),
    );
    await postEvents(
      Array.from({ length: RISE_408 }, (_, i) => httpEvent(w + 700 + i * 900, 408, 'carrier-c')),
    );
    live.clock.set(w + MINUTE);
    live.app.tickNow();

    const res = await fetch(`${live.base}/api/v1/explain?from=${w}&to=${w + MINUTE}`);
    expect(res.status).toBe(200);
    const e = (await res.json()) as Explanation;
    // An hour earlier there was nothing: the half hour before the window is the baseline.
    expect(e.baseline).toEqual({ kind: 'previous', from: w - 30 * MINUTE, to: w, covered: 1 });
    expect(e.verdict).toBe('slices');
    expect(e.overall.excess).toBeCloseTo(STORM_503 + RISE_408, 6);
    expect(e.slices.map((s) => s.slice)).toEqual([
      { code: 503, source: 'sbc-east' },
      { code: 408, trunk: 'carrier-c' },
    ]);
    expect(e.slices[0]!.excess).toBeCloseTo(STORM_503, 6);
    expect(e.slices[0]!.share).toBeCloseTo(2 / 3, 6);
    expect(e.slices[1]!.excess).toBeCloseTo(RISE_408, 6);
    expect(e.slices[1]!.share).toBeCloseTo(1 / 3, 6);
    expect(e.line).toMatch(
      /^503 Service Unavailable via sbc-east: 120 of 180 extra failures \(67%\), none in the previous 30 minutes/,
    );

    // The failure rate (186 of 226 counted finals) fired at the tick; its notification explains it.
    const view = (await (await fetch(`${live.base}/api/v1/alerts/rules/failures-up`)).json()) as {
      state: { state: string; firingSince: number };
    };
    expect(view.state.state).toBe('firing');
    await live.app.alerting.notifier.idle();
    expect(receiver.requests).toHaveLength(1);
    const body = JSON.parse(receiver.requests[0]!.body) as AlertWebhookBody;
    expect(body.status).toBe('firing');
    expect(body.explanation).toEqual(e);
  });
});
