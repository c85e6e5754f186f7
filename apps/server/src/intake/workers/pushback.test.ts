import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { until } from '@sipwatch/testing';
import type { Summary } from '@sipwatch/wire';
import { useIntakeApps } from '../../../test/fixtures/intake-app.js';
import type { IntakeApp } from '../../../test/fixtures/intake-app.js';
import { startLiveApp } from '../../test-support/live-app.js';
import { sendUdp } from '../../test-support/udp.js';

/**
 * When the intake workers fall behind, every listener shows it: HTTP answers 503 with Retry-After,
 * TCP stops reading (and loses nothing), UDP drops and counts per listener and per host. The one
 * worker is held (IntakePool.hold) so the backlog is there for certain, not by timing.
 */

const { start, tcpClient } = useIntakeApps();
/** One byte waiting in the worker is already "behind". */
const BEHIND = { intake: { workers: 1, maxBacklogBytes: 1 } };

const line = (id: string, code = 503) =>
  `<134>1 - sbc-1 kamailio - - - reply: rs=${code} rm=INVITE ci=${id} cs=1`;
const ndjson = (...ids: string[]) => ids.map((id) => JSON.stringify({ code: 486, callId: id })).join('\n');

function post(a: IntakeApp, body: string): Promise<Response> {
  return fetch(`${a.base}/api/v1/events`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-ndjson' },
    body,
  });
}

const backlogged = (a: IntakeApp) =>
  until(() => a.app.intakePool!.backlogBytes > 0, 'a batch waiting in the worker');

describe('pushback while the intake workers are behind', () => {
  it('HTTP: a request is refused with 503, Retry-After and the one error body; the waiting one is answered', async () => {
    const a = await start(BEHIND);
    const release = a.app.intakePool!.hold(0);
    const first = post(a, ndjson('h1', 'h2'));
    await backlogged(a);

    const refused = await post(a, ndjson('h3'));
    expect(refused.status).toBe(503);
    expect(refused.headers.get('retry-after')).toBe('1');
    expect(await refused.json()).toMatchObject({
      error: 'unavailable',
      reason: 'intake-behind',
      retryAfterMs: 1000,
    });

    release();
    const answered = await first;
    expect(answered.status).toBe(200);
    expect(await answered.json()).toMatchObject({ accepted: 2 });
    const stats = a.stats();
    expect(stats.channels.http.sinceStart).toMatchObject({ accepted: 2, rejected: { 'intake-behind': 1 } });
    expect(stats.listeners.http).toEqual({ dropped: 0, pushedBack: 1 });
    expect(a.events.map((e) => e.callId)).toEqual(['h1', 'h2']);
    const metrics = await (await fetch(`${a.base}/metrics`)).text();
    expect(metrics).toContain('sipwatch_ingest_pushback_total{listener="http"} 1');
  });

  it('TCP: the connection stops being read, and every line arrives once the worker catches up', async () => {
    const a = await start(BEHIND);
    const release = a.app.intakePool!.hold(0);
    const c = await tcpClient(a.ports.syslogTcp!);
    c.write(`${line('t0')}\n`);
    await backlogged(a);
    const ids = Array.from({ length: 200 }, (_, i) => `t${i + 1}`);
    c.write(ids.map((id) => `${line(id)}\n`).join(''));
    await until(() => a.stats().listeners['syslog-tcp']?.pushedBack === 1, 'the socket paused');

    release();
    await a.accepted(201);
    expect(a.events.map((e) => e.callId)).toEqual(['t0', ...ids]);
    expect(a.stats().channels.syslog.sinceStart).toMatchObject({ accepted: 201, rejected: {} });
  });

  it('UDP: datagrams past the backlog are dropped and counted per listener and per host', async () => {
    const a = await start(BEHIND);
    const release = a.app.intakePool!.hold(0);
    await sendUdp(a.ports.syslogUdp!, [line('u0')]);
    await backlogged(a);
    await sendUdp(a.ports.syslogUdp!, [line('u1'), line('u2'), line('u3')]);
    await until(() => a.stats().listeners['syslog-udp']?.dropped === 3, 'three datagrams dropped');

    release();
    await a.accepted(1);
    const stats = a.stats();
    expect(stats.channels.syslog.sinceStart).toMatchObject({ accepted: 1, rejected: { 'queue-full': 3 } });
    expect(
      stats.hosts.find((h) => h.channel === 'syslog' && h.host === '127.0.0.1')?.sinceStart,
    ).toMatchObject({
      rejected: { 'queue-full': 3 },
    });
    expect(a.events.map((e) => e.callId)).toEqual(['u0']);
    const metrics = await (await fetch(`${a.base}/metrics`)).text();
    expect(metrics).toContain('sipwatch_ingest_dropped_total{listener="syslog-udp"} 3');
  });
});

describe('datagrams the kernel drops while the event loop is busy', () => {
  it('are counted for the listener, so every datagram sent is accepted or counted lost', async () => {
    const a = await start({ syslog: { udpReceiveBufferBytes: 4096 }, intake: { workers: 1 } });
    const dir = mkdtempSync(path.join(tmpdir(), 'sipwatch-udp-'));
    const done = path.join(dir, 'sent');
    const sent = 2000;
    // The sender is another process; this event loop is blocked until it has sent every datagram,
    // so the socket's small buffer overflows for certain.
    const sender = spawn(process.execPath, ['-e', UDP_BURST, String(a.ports.syslogUdp), String(sent), done], {
      stdio: 'ignore',
    });
    const wait = new Int32Array(new SharedArrayBuffer(4));
    while (!existsSync(done)) Atomics.wait(wait, 0, 0, 5);
    await new Promise((resolve) => sender.once('exit', resolve));
    rmSync(dir, { recursive: true, force: true });

    const kernelDropped = () => a.stats().listeners['syslog-udp']?.kernelDropped ?? 0;
    await until(() => a.stats().channels.syslog.sinceStart.accepted + kernelDropped() === sent, {
      what: () => `accepted + dropped = ${sent} (${JSON.stringify(a.stats().listeners)})`,
    });
    expect(kernelDropped()).toBeGreaterThan(0);
    const metrics = await (await fetch(`${a.base}/metrics`)).text();
    expect(metrics).toContain(`sipwatch_udp_kernel_drops_total{listener="syslog-udp"} ${kernelDropped()}`);
  });
});

/** Sends argv[2] datagrams to 127.0.0.1:argv[1], one after the other, then writes the file argv[3]. */
const UDP_BURST = `
const dgram = require('node:dgram');
const fs = require('node:fs');
const [port, count, done] = process.argv.slice(1);
const socket = dgram.createSocket('udp4');
let n = 0;
const next = () => {
  if (n === Number(count)) { fs.writeFileSync(done, ''); socket.close(); return; }
  socket.send('<134>1 - sbc-1 kamailio - - - reply: rs=200 rm=INVITE ci=k' + n++ + ' cs=1', Number(port), '127.0.0.1', next);
};
next();
`;

describe('a worker that dies', () => {
  it('has its messages counted as worker-lost, and the next ones are read by a new thread', async () => {
    const a = await start({ intake: { workers: 1 } });
    a.app.intakePool!.hold(0);
    const c = await tcpClient(a.ports.syslogTcp!);
    c.write(['w1', 'w2', 'w3'].map((id) => `${line(id)}\n`).join(''));
    await backlogged(a);

    await a.app.intakePool!.kill(0);
    await until(() => a.stats().channels.syslog.sinceStart.rejected['worker-lost'] === 3, 'three lines lost');
    c.write(`${line('after')}\n`);
    await a.accepted(1);
    expect(a.events.map((e) => e.callId)).toEqual(['after']);
    expect(a.app.intakePool!.restarts).toBe(1);
  });
});

describe('closing with batches in the workers', () => {
  it('waits for them: the final flush holds every line the listeners had taken', async () => {
    const a = await start({ intake: { workers: 1 } });
    const release = a.app.intakePool!.hold(0);
    const c = await tcpClient(a.ports.syslogTcp!);
    const ids = Array.from({ length: 50 }, (_, i) => `close-${i}`);
    c.write(ids.map((id) => `${line(id, 486)}\n`).join(''));
    await backlogged(a);

    const closed = a.stop();
    release();
    await closed;

    const again = await startLiveApp(a.dir, { clock: a.clock });
    try {
      a.clock.set(a.clock.now() + 1000);
      const summary = (await (await fetch(`${again.base}/api/v1/summary?window=1m`)).json()) as Summary;
      expect(summary.byCode).toMatchObject({ '486': 50 });
    } finally {
      await again.stop();
    }
  });
});
