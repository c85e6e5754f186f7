import type { Socket } from 'node:net';
import { describe, expect, it } from 'vitest';
import { until } from '@sipwatch/testing';
import { useIntakeApps } from '../../test/fixtures/intake-app.js';
import { encodeHep } from '@sipwatch/hep';

const { start, tcpClient: client } = useIntakeApps();

function write(socket: Socket, data: string | Buffer): Promise<void> {
  return new Promise((resolve, reject) => socket.write(data, (err) => (err ? reject(err) : resolve())));
}

const closed = (socket: Socket): Promise<void> =>
  socket.destroyed ? Promise.resolve() : new Promise((resolve) => socket.once('close', () => resolve()));

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const line = (code: number, id: string) => `<134>1 - proxy-1 kamailio - - - reply rs=${code} ci=${id}`;

describe('syslog over TCP, sent in small pieces', () => {
  it('accepts a 64 KiB frame written one byte at a time, octet-counted or LF-framed', async () => {
    const a = await start({ syslog: { frameTimeoutMs: 120_000 } });
    const pad = (id: string) => `${line(486, id)} pad=${'x'.repeat(64 * 1024 - 200)}`;
    const octet = `${Buffer.byteLength(pad('octet'))} ${pad('octet')}`;
    const c = await client(a.ports.syslogTcp!);
    for (const data of [octet, `${pad('lf')}\n`]) {
      const bytes = Buffer.from(data);
      for (let i = 0; i < bytes.length; i++) await write(c, bytes.subarray(i, i + 1));
    }
    await a.accepted(2);
    expect(a.events.map((e) => e.callId)).toEqual(['octet', 'lf']);
    expect(a.stats().channels.syslog.sinceStart.rejected).toEqual({});
  });

  it('closes a connection whose frame is not whole within syslog.frameTimeoutMs, however steadily it trickles', async () => {
    const a = await start({ syslog: { frameTimeoutMs: 300 } });
    const trickler = await client(a.ports.syslogTcp!);
    const gone = closed(trickler);
    // A byte every 50 ms: never idle, never a whole frame.
    for (let i = 0; i < 40 && !trickler.destroyed; i++) {
      trickler.write('y');
      await sleep(50);
    }
    await gone;
    expect(a.stats().channels.syslog.sinceStart.rejected).toEqual({ 'frame-timeout': 1 });
  });

  it('keeps a busy connection whose reads keep ending inside a frame, as long as frames complete', async () => {
    const a = await start({ syslog: { frameTimeoutMs: 300 } });
    const busy = await client(a.ports.syslogTcp!);
    // Each write ends the last frame and starts the next one, for twice the frame timeout.
    const frames = Array.from({ length: 13 }, (_, i) => `${line(200, `b${i}`)}\n`);
    const stream = frames.join('');
    const step = Math.ceil(stream.length / 12);
    for (let at = 0; at < stream.length; at += step) {
      await write(busy, stream.slice(at, at + step));
      await sleep(50);
    }
    await a.accepted(frames.length);
    expect(busy.destroyed).toBe(false);
    expect(a.stats().channels.syslog.sinceStart.rejected).toEqual({});
  });
});

describe('connections per client address', () => {
  it('syslog: refuses those past syslog.maxConnectionsPerIp and counts them; other addresses are served', async () => {
    const a = await start({ syslog: { maxConnectionsPerIp: 3 } });
    const port = a.ports.syslogTcp!;
    const held = [await client(port), await client(port), await client(port)];
    const refused = await client(port);
    await closed(refused);
    const other = await client(port, '127.0.0.2');
    await write(other, `${line(503, 'other-address')}\n`);
    await write(held[0]!, `${line(200, 'held')}\n`);
    await a.accepted(2);
    expect(a.events.map((e) => e.callId).sort()).toEqual(['held', 'other-address']);
    expect(a.stats().channels.syslog.sinceStart.rejected).toEqual({ 'too-many-connections-per-ip': 1 });

    // A slot given back is free again.
    held[1]!.destroy();
    await until(
      () => a.stats().channels.syslog.sinceStart.rejected['too-many-connections-per-ip'] === 1,
      'count',
    );
    await sleep(50);
    const again = await client(port);
    await write(again, `${line(486, 'again')}\n`);
    await a.accepted(3);
    expect(again.destroyed).toBe(false);
  });

  it('HEP: refuses those past hep.maxConnectionsPerIp and counts them; other addresses are served', async () => {
    const a = await start({ hep: { maxConnectionsPerIp: 2 } });
    const port = a.ports.hepTcp!;
    await client(port);
    await client(port);
    const refused = await client(port);
    await closed(refused);
    const other = await client(port, '127.0.0.3');
    await write(
      other,
      encodeHep({ payload: 'SIP/2.0 480 Temporarily Unavailable\r\nCall-ID: h1\r\nCSeq: 1 INVITE\r\n\r\n' }),
    );
    await a.accepted(1);
    expect(a.events[0]).toMatchObject({ code: 480, callId: 'h1' });
    await until(
      () => a.stats().channels.hep.sinceStart.rejected['too-many-connections-per-ip'] === 1,
      'refusal counted',
    );
  });
});
