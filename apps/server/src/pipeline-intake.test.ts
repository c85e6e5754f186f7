import path from 'node:path';
import { existsSync } from 'node:fs';
import { createSocket } from 'node:dgram';
import { io as connect } from 'socket.io-client';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createApplication } from './app.js';
import { ManualClock, systemClock } from './clock.js';
import { parseConfig } from './config.js';
import { acceptedBy, startLiveApp, tempDir } from './test-support/live-app.js';
import type { LiveApp } from './test-support/live-app.js';
import type { Summary } from '@sipwatch/wire';
import type { Snapshot, Tick } from '@sipwatch/wire';
import type { SipEvent } from '@sipwatch/wire';
import type { TimingResponse } from '@sipwatch/wire';
import { hepUdpTransport } from './demo/hep-transport.js';
import { DemoPlan } from './demo/plan.js';
import { DEMO_HEP_GATEWAY, DEMO_TRUNK_MAP } from './demo/traffic.js';
import { T0 } from '@sipwatch/testing';
import { INTAKE_WORKER_COUNTS } from './test-support/intake-workers.js';

/**
 * The whole path a user relies on: events sent as equipment sends them (an HTTP webhook, syslog
 * over UDP) reach the aggregator, the next tick on a real Socket.IO client, and the database.
 */

let tmp: ReturnType<typeof tempDir>;
let live: LiveApp;
/** The intake.workers of the describe running; undefined: the default. */
let workers: number | undefined;

beforeEach(async () => {
  tmp = tempDir();
  live = await startLiveApp(tmp.dir, workers === undefined ? {} : { config: { intake: { workers } } });
  live.clock.set(T0 + 60_000);
});
afterEach(async () => {
  await live.stop();
  tmp.cleanup();
});

const accepted = (n: number): Promise<SipEvent[]> => acceptedBy(live.app, n);

async function sendSyslog(lines: string[]): Promise<void> {
  const socket = createSocket('udp4');
  try {
    for (const line of lines) {
      await new Promise<void>((resolve, reject) =>
        socket.send(line, live.ports.syslogUdp!, '127.0.0.1', (err) => (err ? reject(err) : resolve())),
      );
    }
  } finally {
    socket.close();
  }
}

describe.each(INTAKE_WORKER_COUNTS)('events through the real intake (intake.workers %i)', (count) => {
  beforeAll(() => {
    workers = count;
  });
  afterAll(() => {
    workers = undefined;
  });
  it('HTTP and syslog events show in the next tick, the summary and, after a restart, the history', async () => {
    const client = connect(live.base, { transports: ['websocket'], reconnection: false });
    const ticks: Tick[] = [];
    client.on('tick', (t) => ticks.push(t));
    await new Promise<Snapshot>((resolve) => client.once('snapshot', resolve));

    const when = T0 + 60_200;
    const http = await fetch(`${live.base}/api/v1/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify([
        {
          ts: when,
          code: 200,
          method: 'INVITE',
          scope: 'transaction',
          callId: 'h1',
          cseq: 1,
          trunk: 'carrier-a',
        },
        {
          ts: when,
          code: 503,
          method: 'INVITE',
          scope: 'transaction',
          callId: 'h2',
          cseq: 1,
          trunk: 'carrier-b',
        },
        // A retransmission of the 503: accepted by the intake, counted once.
        {
          ts: when + 500,
          code: 503,
          method: 'INVITE',
          scope: 'transaction',
          callId: 'h2',
          cseq: 1,
          trunk: 'carrier-b',
        },
      ]),
    });
    expect(await http.json()).toMatchObject({ accepted: 3 });

    const fromSyslog = accepted(2);
    const stamp = new Date(when).toISOString();
    await sendSyslog([
      `<134>1 ${stamp} sbc-east kamailio - - - reply: rs=486 rr="Busy Here" rm=INVITE ci=s1 cs=1 trunk=carrier-a`,
      `<134>1 ${stamp} sbc-east kamailio - - - reply: rs=503 rr="Service Unavailable" rm=INVITE ci=s2 cs=1 trunk=carrier-b`,
    ]);
    await fromSyslog;

    live.clock.set(T0 + 61_000);
    const tickArrived = new Promise<void>((resolve) => client.once('tick', () => resolve()));
    live.app.tickNow();
    await tickArrived;
    const tick = ticks.at(-1)!;
    expect(tick.point).toMatchObject({
      t: T0 + 60_000,
      responses: 4,
      byCode: { '200': 1, '486': 1, '503': 2 },
    });
    expect(tick.kpis).toMatchObject({ responses: 4, failures: 3, failureRate: 0.75 });
    client.disconnect();

    const summary = (await (await fetch(`${live.base}/api/v1/summary?window=1m`)).json()) as Summary;
    expect(summary.sources.map((s) => s.name).sort()).toEqual(['127.0.0.1', 'sbc-east']);
    expect(summary.topFailures[0]).toMatchObject({
      code: 503,
      count: 2,
      trunks: [{ name: 'carrier-b', count: 2 }],
    });

    await live.stop();
    live = await startLiveApp(tmp.dir, { clock: live.clock, config: { intake: { workers: count } } });
    const after = (await (await fetch(`${live.base}/api/v1/summary?window=1m`)).json()) as Summary;
    expect(after.byCode).toEqual(summary.byCode);
    expect(after.sources).toEqual(summary.sources);
  });
});

describe('the built-in demo', () => {
  it('sends syslog from two gateways and HEP from the third, each event on its trunk, into a file of its own', async () => {
    const config = parseConfig({
      host: '127.0.0.1',
      logLevel: 'silent',
      http: { port: 0 },
      syslog: { port: 0 },
      hep: { port: 0 },
      storage: { dataDir: path.join(tmp.dir, 'demo') },
      demo: { enabled: true, rate: 400 },
    });
    const app = await createApplication(config, { clock: systemClock, timers: false });
    try {
      const seen = new Map<string, SipEvent>();
      const both = new Promise<void>((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`only ${[...seen.keys()].join(', ')} arrived`)),
          5_000,
        );
        const off = app.onAccepted((events) => {
          for (const e of events) seen.set(`${e.source.channel} ${e.source.host}`, e);
          const channels = new Set([...seen.values()].map((e) => e.source.channel));
          if (channels.has('syslog') && channels.has('hep')) {
            clearTimeout(timer);
            off();
            resolve();
          }
        });
      });
      await app.listen();
      await both;
      for (const e of seen.values()) {
        if (e.source.channel === 'hep') {
          expect(e.source.host).toBe('sbc-west');
          // HEP carries addresses: the trunk comes from the demo's entries in the trunk table.
          expect(['carrier-c', 'sip-trunk-eu']).toContain(e.trunk);
        } else {
          expect(e.source.channel).toBe('syslog');
          expect(['sbc-east', 'gw-edge']).toContain(e.source.host);
          expect(e.trunk).toBeDefined();
        }
      }
    } finally {
      await app.close();
    }
    // A forgotten SIPWATCH_DEMO=0 must not leave synthetic history in the production file.
    expect(existsSync(path.join(tmp.dir, 'demo', 'sipwatch-demo.db'))).toBe(true);
    expect(existsSync(path.join(tmp.dir, 'demo', 'sipwatch.db'))).toBe(false);
  });

  it('its HEP calls fill the call timing of the HEP gateway’s trunks', async () => {
    const config = parseConfig({
      host: '127.0.0.1',
      logLevel: 'silent',
      http: { port: 0 },
      syslog: { port: 0, udp: false, tcp: false },
      hep: { port: 0, tcp: false },
      storage: { dataDir: tmp.dir, dbFile: `${tmp.dir}/hep-demo.db` },
      // The demo's trunk table; its traffic is sent below, twenty times faster than real calls.
      demo: { enabled: false },
      ingest: { trunks: DEMO_TRUNK_MAP },
    });
    const app = await createApplication(config, { clock: systemClock, timers: false });
    const ports = await app.listen();
    const transport = hepUdpTransport('127.0.0.1', ports.hepUdp!, { seed: 3, timeScale: 0.05 });
    try {
      const clock = new ManualClock(Date.now() - 30_000);
      const plan = new DemoPlan({ startedAt: clock.now(), rate: 200, seed: 4 });
      clock.advance(20_000);
      const events = plan.due(clock.now()).filter((e) => e.gateway === DEMO_HEP_GATEWAY);
      expect(events.length).toBeGreaterThan(500);
      await transport.send(events);
      const timing = async () =>
        (await (
          await fetch(`http://127.0.0.1:${ports.http}/api/v1/timing?window=5m`)
        ).json()) as TimingResponse;
      const calls = new Set(events.filter((e) => e.method === 'INVITE').map((e) => e.callId)).size;
      // Every call has ended once the last scheduled message (at most ~18 s × 0.05) is in.
      await expect
        .poll(async () => (await timing()).total.setup.count, { timeout: 5_000 })
        .toBeGreaterThan(calls * 0.7);
      const rows = (await timing()).trunks;
      expect(rows.map((r) => r.trunk)).toEqual(['carrier-c', 'sip-trunk-eu']);
      // Scaled by 0.05: carrier-c rings after 35-100 ms, sip-trunk-eu after 100-275 ms.
      const [c, eu] = rows;
      expect(c!.pdd.p50!).toBeLessThan(eu!.pdd.p50!);
      expect(eu!.pdd.p50!).toBeGreaterThanOrEqual(100);
    } finally {
      await transport.close();
      await app.close();
    }
  });
});
