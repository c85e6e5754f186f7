import { connect } from 'node:net';
import type { Socket } from 'node:net';
import { describe, expect, it } from 'vitest';
import { useIntakeApps } from '../../../test/fixtures/intake-app.js';
import { syslogFixture } from '../../../test/fixtures/load.js';
import { ConfigError, parseConfig } from '../../config.js';

import type { UnparsedSample } from '@sipwatch/wire';
import { sendUdp } from '../../test-support/udp.js';
import { T0, until } from '@sipwatch/testing';
import { INTAKE_WORKER_COUNTS } from '../../test-support/intake-workers.js';
import type { ConfigInput } from '../../config.js';

const apps = useIntakeApps();
const { tcpClient } = apps;

function write(socket: Socket, data: string | Buffer): Promise<void> {
  return new Promise((resolve, reject) => socket.write(data, (err) => (err ? reject(err) : resolve())));
}

const octet = (msg: string) => `${Buffer.byteLength(msg)} ${msg}`;
const line = (code: number, id: string) => `<134>1 - proxy-1 kamailio - - - reply rs=${code} ci=${id}`;

const EVENT_FIXTURES = [1, 2, 3, 5, 7, 8, 9, 11, 12, 13, 18, 21, 23, 24];
const UNPARSED_FIXTURES = [4, 6, 10, 14, 15, 16, 17, 19, 20, 22];

describe('syslog listeners', () => {
  const { start } = apps;
  it('report their bound ports and stop on close', async () => {
    const a = await start();
    expect(a.ports.syslogUdp).toBeGreaterThan(0);
    expect(a.ports.syslogTcp).toBeGreaterThan(0);
    await a.stop();
    const refused = await new Promise<string>((resolve) => {
      const s = connect({ port: a.ports.syslogTcp!, host: '127.0.0.1' });
      s.on('error', (err: NodeJS.ErrnoException) => resolve(err.code ?? 'error'));
      s.on('connect', () => {
        s.destroy();
        resolve('connected');
      });
    });
    expect(refused).toBe('ECONNREFUSED');
  });

  it('refuses a user extractor that is not a valid regular expression at start', () => {
    expect(() =>
      parseConfig({ syslog: { extractors: [{ name: 'bad', pattern: '(?<code>\\d{3}' }] } }),
    ).toThrow(ConfigError);
    expect(() =>
      parseConfig({ syslog: { extractors: [{ name: 'bad', pattern: '(?<code>\\d{3}' }] } }),
    ).toThrow(/syslog\.extractors\.0\.pattern: invalid regular expression/);
    expect(() => parseConfig({ syslog: { extractors: [{ name: 'x', pattern: '\\d{3}' }] } })).toThrow(/code/);
  });
});

describe.each(INTAKE_WORKER_COUNTS)('syslog over UDP (intake.workers %i)', (workers) => {
  const start = (config: ConfigInput = {}) => apps.start({ intake: { workers }, ...config });
  it('turns every corpus line into its event or an unparsed sample, one datagram each', async () => {
    const a = await start();
    const lines = [...EVENT_FIXTURES, ...UNPARSED_FIXTURES].map(syslogFixture);
    await sendUdp(a.ports.syslogUdp!, lines);
    await a.accepted(EVENT_FIXTURES.length);
    await until(
      () => a.stats().channels.syslog.sinceStart.unparsed === UNPARSED_FIXTURES.length,
      'unparsed lines',
    );
    expect(a.events.map((e) => e.code)).toEqual([
      200, 200, 486, 408, 408, 200, 408, 503, 486, 408, 408, 480, 487, 200,
    ]);
    expect(a.events.every((e) => e.source.channel === 'syslog' && e.receivedAt === T0)).toBe(true);
    expect(a.events[1]!.source).toEqual({ channel: 'syslog', format: 'acc', host: 'sipproxy1' });
    expect(a.events[7]!.source.host).toBe('127.0.0.1');

    const res = await fetch(`${a.base}/api/v1/ingest/unparsed?channel=syslog`);
    const { samples } = (await res.json()) as { samples: UnparsedSample[] };
    expect(samples.map((s) => s.line).reverse()).toEqual(UNPARSED_FIXTURES.map(syslogFixture));
    expect(samples.find((s) => s.line === syslogFixture(4))).toMatchObject({ host: 'proxy1', at: T0 });
    const hosts = a.stats().hosts.filter((h) => h.channel === 'syslog');
    expect(hosts.find((h) => h.host === 'proxy1')?.sinceStart.unparsed).toBe(1);
  });

  it('rejects an oversize datagram, survives binary garbage and keeps serving', async () => {
    const a = await start({ syslog: { maxMessageBytes: 200 } });
    const garbage = Buffer.from(Array.from({ length: 150 }, (_, i) => (i * 73 + 11) % 256));
    await sendUdp(a.ports.syslogUdp!, [
      `<13>${'x'.repeat(300)}`,
      garbage,
      Buffer.alloc(0),
      line(503, 'after'),
    ]);
    await a.accepted(1);
    await until(() => a.stats().channels.syslog.sinceStart.unparsed === 1, 'garbage counted');
    expect(a.events.map((e) => e.callId)).toEqual(['after']);
    expect(a.stats().channels.syslog.sinceStart.rejected).toEqual({ 'oversize-frame': 1 });
  });
});

describe.each(INTAKE_WORKER_COUNTS)('syslog over TCP (intake.workers %i)', (workers) => {
  const start = (config: ConfigInput = {}) => apps.start({ intake: { workers }, ...config });
  it('reads LF-framed lines coalesced in one write', async () => {
    const a = await start();
    const c = await tcpClient(a.ports.syslogTcp!);
    await write(c, `${line(200, 'a')}\n${line(486, 'b')}\r\n${syslogFixture(2)}\n`);
    await a.accepted(3);
    expect(a.events.map((e) => [e.code, e.callId ?? null])).toEqual([
      [200, 'a'],
      [486, 'b'],
      [200, '7E63292EE55C28E6@91.7.39.166'],
    ]);
  });

  it('reads octet-counted frames split across writes, and both framings on one connection', async () => {
    const a = await start();
    const c = await tcpClient(a.ports.syslogTcp!);
    const multi =
      '<133>1 - sbc1 sbc - - - Outgoing message\nSIP/2.0 503 Service Unavailable\nCall-ID: x1@sbc\nCSeq: 7 INVITE\n';
    const stream = `${octet(line(408, 'c1'))}${octet(multi)}${line(480, 'lf')}\n${octet(line(404, 'c2'))}`;
    for (let i = 0; i < stream.length; i += 7) {
      await write(c, stream.slice(i, i + 7));
      await new Promise((r) => setImmediate(r));
    }
    await a.accepted(4);
    expect(a.events.map((e) => [e.code, e.callId, e.method ?? null])).toEqual([
      [408, 'c1', null],
      [503, 'x1@sbc', 'INVITE'],
      [480, 'lf', null],
      [404, 'c2', null],
    ]);
    expect(a.events[1]!.source).toMatchObject({ format: 'sip-status-line', host: 'sbc1' });
  });

  it('skips a frame longer than the limit, counts it, and keeps the connection', async () => {
    const a = await start({ syslog: { maxMessageBytes: 256 } });
    const c = await tcpClient(a.ports.syslogTcp!);
    const big = `<13>${'y'.repeat(1000)}`;
    await write(c, `${octet(big)}${octet(line(200, 'after-octet'))}`);
    await write(c, `${big}\n${line(200, 'after-lf')}\n`);
    await a.accepted(2);
    expect(a.events.map((e) => e.callId)).toEqual(['after-octet', 'after-lf']);
    expect(a.stats().channels.syslog.sinceStart.rejected).toEqual({ 'oversize-frame': 2 });
  });

  it('survives binary garbage on one connection while another is served', async () => {
    const a = await start();
    const bad = await tcpClient(a.ports.syslogTcp!);
    const good = await tcpClient(a.ports.syslogTcp!);
    const garbage = Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 131 + 7) % 256));
    await write(bad, garbage);
    await write(good, `${line(500, 'good')}\n`);
    await a.accepted(1);
    expect(a.events[0]!.callId).toBe('good');
    await write(bad, `\n${line(502, 'bad-recovers')}\n`);
    await a.accepted(2);
    expect(a.events[1]!.callId).toBe('bad-recovers');
  });

  it('closes a half-open client after the idle time without stalling the others', async () => {
    const a = await start({ syslog: { idleTimeoutMs: 200 } });
    const stalled = await tcpClient(a.ports.syslogTcp!);
    const closed = new Promise<void>((resolve) => stalled.once('close', () => resolve()));
    await write(stalled, `${octet(line(200, 'never')).slice(0, 20)}`);
    const other = await tcpClient(a.ports.syslogTcp!);
    await write(other, `${line(200, 'served')}\n`);
    await a.accepted(1);
    expect(a.events[0]!.callId).toBe('served');
    await closed;
    expect(a.events.map((e) => e.callId)).toEqual(['served']);
  });

  it('takes an unterminated last line when the client ends, and counts a cut octet frame', async () => {
    const a = await start();
    const lf = await tcpClient(a.ports.syslogTcp!);
    await write(lf, line(603, 'last-words'));
    lf.end();
    await a.accepted(1);
    expect(a.events[0]!.callId).toBe('last-words');
    const cut = await tcpClient(a.ports.syslogTcp!);
    await write(cut, octet(line(200, 'cut')).slice(0, 30));
    cut.end();
    await until(
      () => a.stats().channels.syslog.sinceStart.rejected['truncated-frame'] === 1,
      'truncated frame',
    );
  });

  it('refuses connections beyond the limit and counts them', async () => {
    const a = await start({ syslog: { maxConnections: 2 } });
    const first = await tcpClient(a.ports.syslogTcp!);
    await tcpClient(a.ports.syslogTcp!);
    const third = await tcpClient(a.ports.syslogTcp!);
    await new Promise<void>((resolve) => third.once('close', () => resolve()));
    await until(
      () => a.stats().channels.syslog.sinceStart.rejected['too-many-connections'] === 1,
      'drop counted',
    );
    await write(first, `${line(200, 'still-served')}\n`);
    await a.accepted(1);
  });

  it('runs user extractors from the config before the built-ins', async () => {
    const a = await start({
      syslog: {
        extractors: [
          {
            name: 'pbx',
            pattern: 'call (?<callId>\\S+) via (?<trunk>\\S+) ended (?<code>\\d{3})',
            scope: 'call',
          },
        ],
      },
    });
    await sendUdp(a.ports.syslogUdp!, ['<14>Jan  6 12:00:00 pbx7 pbx: call c9 via carrier-x ended 503']);
    await a.accepted(1);
    expect(a.events[0]).toMatchObject({
      code: 503,
      callId: 'c9',
      trunk: 'carrier-x',
      scope: 'call',
      source: { format: 'user:pbx', host: 'pbx7' },
    });
  });
});
