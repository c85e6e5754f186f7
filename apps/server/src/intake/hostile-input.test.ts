import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { until } from '@sipwatch/testing';
import { useIntakeApps } from '../../test/fixtures/intake-app.js';
import type { IntakeApp } from '../../test/fixtures/intake-app.js';
import { ConfigError, parseConfig } from '../config.js';
import { hostileLines } from '../test-support/hostile-lines.js';
import { sendUdp } from '../test-support/udp.js';
import { INTAKE_WORKER_COUNTS } from '../test-support/intake-workers.js';
import type { ConfigInput } from '../config.js';
import { HEP_CHUNK } from '@sipwatch/hep';
import { assembleHep } from '@sipwatch/hep';

const apps = useIntakeApps();
const { tcpClient } = apps;

const GOOD =
  '<134>Nov 24 10:00:00 proxy1 kamailio[1]: ACC: call missed: method=INVITE;call_id=good-1;code=503';

/**
 * Asks /healthz again and again until `done` (at most 500 times): the answers it got. A server
 * whose event loop is stuck in one message answers none of them.
 */
async function healthWhile(base: string, done: () => boolean): Promise<number[]> {
  const statuses: number[] = [];
  while (!done() && statuses.length < 500) {
    statuses.push((await fetch(`${base}/healthz`)).status);
  }
  statuses.push((await fetch(`${base}/healthz`)).status);
  return statuses;
}

/** Every message sent was accepted, found unparsed or refused: none was lost or is still being read. */
function accountedFor(a: IntakeApp, channel: 'syslog' | 'hep'): number {
  const s = a.stats().channels[channel].sinceStart;
  return s.accepted + s.unparsed + s.rejectedTotal;
}

/** A HEP log packet (type 100) of `text`, gzipped. */
const hepLog = (text: string): Buffer =>
  assembleHep([
    [HEP_CHUNK.ipFamily, Buffer.from([2])],
    [HEP_CHUNK.ipProtocol, Buffer.from([17])],
    [HEP_CHUNK.protoType, Buffer.from([100])],
    [HEP_CHUNK.nodeName, Buffer.from('capture-1')],
    [HEP_CHUNK.compressedPayload, gzipSync(text)],
  ]);

describe.each(INTAKE_WORKER_COUNTS)(
  'lines built to make the extractors backtrack (intake.workers %i)',
  (workers) => {
    const start = (config: ConfigInput = {}) => apps.start({ intake: { workers }, ...config });
    const lines = hostileLines();

    it('are read over UDP while /healthz keeps answering, and the next line is accepted', async () => {
      const a = await start();
      const sent = sendUdp(a.ports.syslogUdp!, [...lines, GOOD]);
      const health = await healthWhile(a.base, () => a.events.some((e) => e.callId === 'good-1'));
      await sent;
      await until(() => accountedFor(a, 'syslog') === lines.length + 1, 'every datagram read');
      expect(health.every((s) => s === 200)).toBe(true);
      expect(a.events.find((e) => e.callId === 'good-1')).toMatchObject({ code: 503, method: 'INVITE' });
    });

    it('are read over TCP as octet-counted frames, the connection staying open for the next', async () => {
      const a = await start();
      const c = await tcpClient(a.ports.syslogTcp!);
      const frames = [...lines, GOOD].map((l) => `${Buffer.byteLength(l)} ${l}`).join('');
      c.write(frames);
      const health = await healthWhile(a.base, () => a.events.some((e) => e.callId === 'good-1'));
      await until(() => accountedFor(a, 'syslog') === lines.length + 1, 'every frame read');
      expect(health.every((s) => s === 200)).toBe(true);
      expect(a.stats().channels.syslog.sinceStart.rejected).toEqual({});
    });

    it('a TCP sender of more lines than the queue holds waits (the socket pauses): none is dropped', async () => {
      const a = await start();
      const c = await tcpClient(a.ports.syslogTcp!);
      const count = 60_000;
      c.write(`${'x\n'.repeat(count)}${GOOD}\n`);
      const health = await healthWhile(a.base, () => a.events.some((e) => e.callId === 'good-1'));
      await until(() => accountedFor(a, 'syslog') === count + 1, 'every line read');
      expect(health.every((s) => s === 200)).toBe(true);
      expect(a.stats().channels.syslog.sinceStart).toMatchObject({ unparsed: count, rejected: {} });
    });

    it('are read inside gzipped HEP log packets (type 100) as well', async () => {
      const a = await start({ syslog: { udp: false, tcp: false } });
      // Each packet inflates to about 200 KiB: three attack lines and a good one.
      const packets = [];
      let logLines = 0;
      for (let i = 0; i < lines.length; i += 3) {
        const text = [...lines.slice(i, i + 3), GOOD.replace('good-1', `good-hep-${i}`)].join('\n');
        logLines += text.split('\n').length;
        packets.push(hepLog(text));
      }
      const sent = sendUdp(a.ports.hepUdp!, packets);
      const health = await healthWhile(
        a.base,
        () => a.events.filter((e) => e.callId?.startsWith('good-hep-')).length === packets.length,
      );
      await sent;
      await until(() => accountedFor(a, 'hep') === logLines, 'every log line read');
      expect(health.every((s) => s === 200)).toBe(true);
      expect(a.events.filter((e) => e.callId?.startsWith('good-hep-'))).toHaveLength(packets.length);
      expect(a.stats().channels.hep.sinceStart.rejected).toEqual({});
    });
  },
);

describe('a gzipped HEP log packet of 131,072 lines', () => {
  const { start } = apps;
  it('is read a slice at a time, lines past the queue counted as queue-full, while /healthz answers', async () => {
    const a = await start({ syslog: { udp: false, tcp: false } });
    // 256 KiB inflated (the most a packet may): the lines are queued one by one, at most 50,000.
    const lines = 128 * 1024;
    const bomb = hepLog('x\n'.repeat(lines));
    const good = hepLog(GOOD.replace('good-1', 'after-bomb'));
    const sent = sendUdp(a.ports.hepUdp!, [bomb, good]);
    const health = await healthWhile(a.base, () => a.events.some((e) => e.callId === 'after-bomb'));
    await sent;
    await until(() => accountedFor(a, 'hep') === lines + 1, 'every line accounted for');
    expect(health.every((s) => s === 200)).toBe(true);
    const hep = a.stats().channels.hep.sinceStart;
    expect(hep.rejected['queue-full']).toBeGreaterThan(0);
    expect(hep.unparsed + hep.rejected['queue-full']!).toBe(lines);
    expect(a.events.find((e) => e.callId === 'after-bomb')).toMatchObject({ code: 503 });
  });
});

describe.each(INTAKE_WORKER_COUNTS)('user extractors from the config (intake.workers %i)', (workers) => {
  const start = (config: ConfigInput = {}) => apps.start({ intake: { workers }, ...config });
  it('run in time linear in the line, even a pattern that backtracks exponentially', async () => {
    const a = await start({
      syslog: { extractors: [{ name: 'words', pattern: '(?<code>\\d{3}) (?:\\w+\\s?)*$' }] },
    });
    // The `!` lies inside the part extractors read, so every way of splitting the run fails.
    const attack = `<134>Nov 24 10:00:00 attacker app: 486 ${'a'.repeat(7000)}!${'a'.repeat(57_000)}`;
    const good = '<134>Nov 24 10:00:00 pbx1 app: call ended 486 busy here';
    const sent = sendUdp(a.ports.syslogUdp!, [attack, attack, attack, good]);
    const health = await healthWhile(a.base, () => a.events.length > 0);
    await sent;
    await until(() => accountedFor(a, 'syslog') === 4, 'every datagram read');
    expect(health.every((s) => s === 200)).toBe(true);
    expect(a.events).toMatchObject([{ code: 486, source: { format: 'user:words', host: 'pbx1' } }]);
  });

  it('are refused at start when they need what cannot run in linear time, naming the pattern', () => {
    const config = (pattern: string) => () =>
      parseConfig({ syslog: { extractors: [{ name: 'x', pattern }] } });
    expect(config('(?<code>\\d{3})(?= ok)')).toThrow(ConfigError);
    expect(config('(?<code>\\d{3})(?= ok)')).toThrow(
      /syslog\.extractors\.0\.pattern: uses what cannot run in time linear in the line .* \(pattern "\(\?<code>\\\\d\{3\}\)\(\?= ok\)"\)/,
    );
    expect(config('(?<q>")(?<code>\\d{3})\\k<q>')).toThrow(/a backreference `\\k<q>`/);
  });
});
