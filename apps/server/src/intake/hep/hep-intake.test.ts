import { T0 } from '@sipwatch/testing';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Application, ListeningPorts } from '../../app.js';
import { createApplication } from '../../app.js';
import { ManualClock } from '../../clock.js';
import { parseConfig } from '../../config.js';
import type { ConfigInput } from '../../config.js';
import type { SipEvent } from '@sipwatch/wire';
import type { TimingResponse } from '@sipwatch/wire';
import type { UiConfig } from '@sipwatch/wire';
import { encodeHep } from '@sipwatch/hep';
import { sendUdp } from '../../test-support/udp.js';

// Just after the fixture's capture time, so its event lies inside the retention.
const fixture = readFileSync(new URL('../../../test/fixtures/hep/hep3-synthetic-486.bin', import.meta.url));

interface Running {
  app: Application;
  ports: ListeningPorts;
  clock: ManualClock;
  events: SipEvent[];
  /** Resolves once `n` events in all have been accepted (fails the test after 5 s). */
  received(n: number): Promise<SipEvent[]>;
}

const running: { app: Application; dir: string }[] = [];

afterEach(async () => {
  for (const r of running.splice(0)) {
    await r.app.close();
    rmSync(r.dir, { recursive: true, force: true });
  }
});

async function start(
  overrides: ConfigInput = {},
  dir = mkdtempSync(path.join(tmpdir(), 'sipwatch-hep-')),
): Promise<Running> {
  const config = parseConfig({
    host: '127.0.0.1',
    http: { port: 0 },
    syslog: { port: 0, udp: false, tcp: false },
    hep: { port: 0 },
    demo: { enabled: false },
    storage: { dataDir: dir },
    ...overrides,
  });
  const clock = new ManualClock(T0);
  const app = await createApplication(config, { clock });
  running.push({ app, dir });
  const events: SipEvent[] = [];
  const waiters: { n: number; resolve: () => void }[] = [];
  app.onAccepted((batch) => {
    events.push(...batch);
    for (const w of waiters) if (events.length >= w.n) w.resolve();
  });
  const ports = await app.listen();
  return {
    app,
    ports,
    clock,
    events,
    received(n) {
      if (events.length >= n) return Promise.resolve(events);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`only ${events.length} of ${n} events arrived`)),
          5000,
        );
        waiters.push({
          n,
          resolve: () => {
            clearTimeout(timer);
            resolve(events);
          },
        });
      });
    },
  };
}

function reply(code: string, callId: string, cseq: string): string {
  return `SIP/2.0 ${code}\r\nFrom: <sip:a@x>;tag=1\r\nTo: <sip:b@y>;tag=2\r\nCall-ID: ${callId}\r\nCSeq: ${cseq}\r\n\r\n`;
}

describe('HEP intake over real sockets', () => {
  it('accepts the 486 fixture over UDP and hands it on as one event', async () => {
    const s = await start();
    expect(s.ports.hepUdp).toBeGreaterThan(0);
    await sendUdp(s.ports.hepUdp!, [fixture]);
    const [e] = await s.received(1);
    expect(e).toMatchObject({
      code: 486,
      method: 'INVITE',
      source: { channel: 'hep', host: '2001' },
      receivedAt: T0,
    });
  });

  it('splits a TCP stream by the length field, also across writes', async () => {
    const s = await start();
    const stream = Buffer.concat([
      encodeHep({ payload: reply('200 OK', 'a', '1 INVITE') }),
      fixture,
      encodeHep({ payload: reply('503 Service Unavailable', 'b', '1 INVITE') }),
    ]);
    const socket = connect(s.ports.hepTcp!, '127.0.0.1');
    await new Promise<void>((resolve) => socket.once('connect', resolve));
    // Cut mid-header and mid-payload; Nagle is off so these go out as separate segments.
    socket.setNoDelay(true);
    for (const [a, b] of [
      [0, 3],
      [3, 120],
      [120, stream.length],
    ] as const) {
      socket.write(stream.subarray(a, b));
      await new Promise((r) => setImmediate(r));
    }
    const events = await s.received(3);
    expect(events.map((e) => e.code)).toEqual([200, 486, 503]);
    socket.destroy();
  });

  it('drops a TCP client that sends garbage, keeps serving the others and counts the rejection', async () => {
    const s = await start();
    const bad = connect(s.ports.hepTcp!, '127.0.0.1');
    const closed = new Promise<void>((resolve) => bad.once('close', () => resolve()));
    bad.on('error', () => {});
    bad.write('GET / HTTP/1.1\r\nHost: x\r\n\r\n');
    await closed;
    const good = connect(s.ports.hepTcp!, '127.0.0.1');
    good.write(fixture);
    expect((await s.received(1))[0]?.code).toBe(486);
    good.destroy();
    const hep = s.app.stats.snapshot().channels.hep.sinceStart;
    expect(hep.rejected).toEqual({ 'hep-stream': 1 });
    expect(hep.accepted).toBe(1);
  });

  it('closes a TCP connection that stays silent, and refuses connections past the limit', async () => {
    const s = await start({ hep: { port: 0, idleTimeoutMs: 100, maxConnections: 1 } });
    const first = connect(s.ports.hepTcp!, '127.0.0.1');
    await new Promise<void>((resolve) => first.once('connect', resolve));
    first.write(fixture);
    await s.received(1);
    const second = connect(s.ports.hepTcp!, '127.0.0.1');
    second.on('error', () => {});
    await new Promise<void>((resolve) => second.once('close', () => resolve()));
    // The first one, silent since, is closed by the server's idle timeout.
    await new Promise<void>((resolve) => first.once('close', () => resolve()));
    expect(s.app.stats.snapshot().channels.hep.sinceStart.rejected).toEqual({ 'too-many-connections': 1 });
  });

  it('refuses packets without the configured auth key', async () => {
    const s = await start({ hep: { port: 0, authKey: 'myHep' } });
    await sendUdp(s.ports.hepUdp!, [
      encodeHep({ payload: reply('404 Not Found', 'n', '1 INVITE') }),
      fixture,
    ]);
    const events = await s.received(1);
    expect(events.map((e) => e.code)).toEqual([486]);
    expect(s.app.stats.snapshot().channels.hep.sinceStart.rejected).toEqual({ 'hep-auth': 1 });
  });

  it('serves p50/p95 timing per trunk at /api/v1/timing and the Call-ID link template at /api/v1/ui-config', async () => {
    const s = await start({
      ingest: { trunks: [{ name: 'carrier-a', cidrs: ['203.0.113.0/24'] }] },
      capture: { callIdUrlTemplate: 'https://homer.example/#/search?callid={callId}' },
    });
    const req = (payload: string, tsMs: number) =>
      encodeHep({ srcIp: '192.0.2.1', dstIp: '203.0.113.5', tsMs, payload });
    const res = (payload: string, tsMs: number) =>
      encodeHep({ srcIp: '203.0.113.5', dstIp: '192.0.2.1', tsMs, payload });
    await sendUdp(s.ports.hepUdp!, [
      req('INVITE sip:b@y SIP/2.0\r\nTo: <sip:b@y>\r\nCall-ID: t1\r\nCSeq: 1 INVITE\r\n\r\n', T0 - 10_000),
      res(reply('180 Ringing', 't1', '1 INVITE'), T0 - 7_000),
      res(reply('200 OK', 't1', '1 INVITE'), T0 - 2_000),
    ]);
    await s.received(2);
    const base = `http://127.0.0.1:${s.ports.http}`;
    const timing = (await (await fetch(`${base}/api/v1/timing?window=5m`)).json()) as TimingResponse;
    expect(timing.trunks).toEqual([
      {
        trunk: 'carrier-a',
        pdd: { p50: 3000, p95: 3000, count: 1 },
        setup: { p50: 8000, p95: 8000, count: 1 },
      },
    ]);
    expect(timing.total.setup.count).toBe(1);
    // The total step by step: 5 minutes in 15-second steps, the call in the step of its answer.
    expect(timing.stepMs).toBe(15_000);
    expect(timing.series.length).toBeGreaterThanOrEqual(20);
    const answered = timing.series.filter((p) => p.setup.count > 0);
    expect(answered).toHaveLength(1);
    expect(answered[0]!.at).toBeLessThanOrEqual(T0 - 2_000);
    expect(answered[0]!.at + timing.stepMs).toBeGreaterThan(T0 - 2_000);

    const bad = await fetch(`${base}/api/v1/timing?window=3d`);
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ error: 'invalid', errors: [{ field: 'window' }] });

    const ui = (await (await fetch(`${base}/api/v1/ui-config`)).json()) as UiConfig;
    expect(ui).toEqual({ callIdUrlTemplate: 'https://homer.example/#/search?callid={callId}' });
  });

  it('keeps the timing of the live window across a restart', async () => {
    const overrides: ConfigInput = { ingest: { trunks: [{ name: 'carrier-a', cidrs: ['203.0.113.0/24'] }] } };
    const first = await start(overrides);
    const dir = running.at(-1)!.dir;
    const calls = [
      { id: 'r1', ringAfter: 1_000, answerAfter: 4_000 },
      { id: 'r2', ringAfter: 2_000, answerAfter: 9_000 },
    ];
    const packets = calls.flatMap((c, i) => {
      const at = T0 - 60_000 + i * 10_000;
      return [
        encodeHep({
          srcIp: '192.0.2.1',
          dstIp: '203.0.113.5',
          tsMs: at,
          payload: `INVITE sip:b@y SIP/2.0\r\nTo: <sip:b@y>\r\nCall-ID: ${c.id}\r\nCSeq: 1 INVITE\r\n\r\n`,
        }),
        encodeHep({
          srcIp: '203.0.113.5',
          tsMs: at + c.ringAfter,
          payload: reply('180 Ringing', c.id, '1 INVITE'),
        }),
        encodeHep({
          srcIp: '203.0.113.5',
          tsMs: at + c.answerAfter,
          payload: reply('200 OK', c.id, '1 INVITE'),
        }),
      ];
    });
    await sendUdp(first.ports.hepUdp!, packets);
    await first.received(4);
    const timingOf = async (s: Running) =>
      (await (
        await fetch(`http://127.0.0.1:${s.ports.http}/api/v1/timing?window=15m`)
      ).json()) as TimingResponse;
    const before = await timingOf(first);
    expect(before.total.setup.count).toBe(2);
    expect(before.trunks.map((t) => t.trunk)).toEqual(['carrier-a']);
    await first.app.close();

    const second = await start(overrides, dir);
    second.clock.set(T0 + 5_000);
    const after = await timingOf(second);
    expect(after.trunks).toEqual(before.trunks);
    expect(after.total).toEqual(before.total);
  });

  it('reports the call table and what it dropped on /metrics', async () => {
    const s = await start({ hep: { port: 0, maxCalls: 2 } });
    const tsMs = T0 - 1_000;
    await sendUdp(s.ports.hepUdp!, [
      encodeHep({ tsMs, payload: reply('486 Busy Here', 'm1', '1 INVITE') }),
      // The same reply again: a retransmission, counted once.
      encodeHep({ tsMs, payload: reply('486 Busy Here', 'm1', '1 INVITE') }),
      encodeHep({ tsMs, payload: reply('503 Service Unavailable', 'm2', '1 INVITE') }),
      // A third call with room for two: the least recently active (m1) is forgotten.
      encodeHep({ tsMs, payload: reply('404 Not Found', 'm3', '1 INVITE') }),
      // RTCP (HEP type 5) is not read.
      encodeHep({ tsMs, protoType: 5, payload: Buffer.from([0x81, 0xc8, 0x00, 0x0c]) }),
    ]);
    await s.received(3);
    const scrape = async () => await (await fetch(`http://127.0.0.1:${s.ports.http}/metrics`)).text();
    const value = (text: string, name: string) => Number(new RegExp(`^${name} (\\S+)$`, 'm').exec(text)?.[1]);
    // The ignored packet may be read just after the last event arrived.
    await expect.poll(async () => value(await scrape(), 'sipwatch_hep_packets_ignored_total')).toBe(1);
    const text = await scrape();
    expect(value(text, 'sipwatch_hep_retransmissions_total')).toBe(1);
    expect(value(text, 'sipwatch_hep_calls_tracked')).toBe(2);
    expect(value(text, 'sipwatch_hep_calls_evicted_total')).toBe(1);
    expect(value(text, 'sipwatch_hep_calls_timed_out_total')).toBe(0);
  });

  it('never hands the dashboard a Call-ID link template that is not http(s)', async () => {
    const s = await start({ capture: { callIdUrlTemplate: 'javascript:alert(1)//{callId}' } });
    const ui = (await (await fetch(`http://127.0.0.1:${s.ports.http}/api/v1/ui-config`)).json()) as UiConfig;
    expect(ui).toEqual({ callIdUrlTemplate: null });
  });
});
