import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { T0 } from '@sipwatch/testing';
import { until } from '@sipwatch/testing';
import type { CallDetail, CallsPage } from '@sipwatch/wire';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLiveApp, tempDir } from '../test-support/live-app.js';
import type { LiveApp } from '../test-support/live-app.js';
import { sipCallMessages } from '../test-support/sip-calls.js';
import { sendUdp } from '../test-support/udp.js';
import { encodeHep } from '@sipwatch/hep';

/**
 * The pcap-ng export of a kept call, read back by Debian's tshark: the same SIP messages, in the
 * same order, between the same addresses, at the same times. IPv4 and IPv6.
 * Locally without tshark the suite is skipped; in CI (CI set) it must run.
 */

const hasTshark = (() => {
  try {
    execFileSync('tshark', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

describe.runIf(hasTshark || Boolean(process.env.CI))('pcap-ng export read by tshark', () => {
  let live: LiveApp;
  let dir: string;
  let cleanup: () => void;
  beforeAll(async () => {
    ({ dir, cleanup } = tempDir());
    live = await startLiveApp(dir, { config: { syslog: { udp: false, tcp: false } } });
  });
  afterAll(async () => {
    await live.stop();
    cleanup();
  });

  const cases = [
    { name: 'IPv4', a: { ip: '192.0.2.10', port: 5060 }, b: { ip: '203.0.113.5', port: 5070 }, family: 'ip' },
    {
      name: 'IPv6',
      a: { ip: '2001:db8::10', port: 5060 },
      b: { ip: '2001:db8:1::5', port: 5080 },
      family: 'ipv6',
    },
  ];
  for (const [i, c] of cases.entries()) {
    it(`shows the call's SIP messages over ${c.name}`, async () => {
      const spec = {
        callId: `pcap-${c.name}@proxy.example`,
        from: '+4930111',
        to: '+4940222',
        at: T0 + i * 10_000 + 0.25,
        finalCode: 503,
        finalReason: 'Service Unavailable',
        retransmitFinal: true,
      };
      const messages = sipCallMessages(spec, c.a, c.b);
      await sendUdp(
        live.ports.hepUdp!,
        messages.map((m) =>
          encodeHep({
            srcIp: m.from.ip,
            srcPort: m.from.port,
            dstIp: m.to.ip,
            dstPort: m.to.port,
            tsMs: Math.floor(m.ts),
            payload: m.text,
          }),
        ),
      );
      const url = `${live.base}/api/v1/calls/${encodeURIComponent(spec.callId)}`;
      const detail = await until(async () => {
        live.app.flushNow();
        const res = await fetch(url);
        const body = res.ok ? ((await res.json()) as CallDetail) : undefined;
        return body?.messages.length === messages.length && body;
      }, 'the call kept');
      const res = await fetch(`${url}/pcapng`);
      expect(res.headers.get('content-type')).toBe('application/x-pcapng');
      expect(res.headers.get('content-disposition')).toMatch(/attachment; filename="call-pcap-.*\.pcapng"/);
      const file = path.join(dir, `${c.name}.pcapng`);
      writeFileSync(file, Buffer.from(await res.arrayBuffer()));

      const fields = [
        'frame.time_epoch',
        `${c.family}.src`,
        'udp.srcport',
        `${c.family}.dst`,
        'udp.dstport',
        'sip.Request-Line',
        'sip.Status-Line',
        'sip.Call-ID',
        'sip.CSeq',
        'udp.checksum.status',
      ];
      const out = execFileSync(
        'tshark',
        [
          '-r',
          file,
          '-o',
          'udp.check_checksum:TRUE',
          '-T',
          'fields',
          '-E',
          'separator=|',
          ...fields.flatMap((f) => ['-e', f]),
        ],
        { encoding: 'utf8' },
      );
      const rows = out
        .trim()
        .split('\n')
        .map((l) => l.split('|'));
      expect(rows).toHaveLength(messages.length);
      rows.forEach((r, k) => {
        const m = detail.messages[k]!;
        expect(Number(r[0]) * 1000).toBeCloseTo(m.ts, 0);
        expect(r.slice(1, 5)).toEqual([m.srcIp, String(m.srcPort), m.dstIp, String(m.dstPort)]);
        expect(r[5] || r[6]).toBe(m.startLine);
        expect(r[7]).toBe(spec.callId);
        expect(r[8]).toBe(m.text.match(/CSeq: (.*)\r/)![1]);
        // 1: the UDP checksum was checked and is good (0 bad, 2 not checked).
        expect(r[9]).toBe('1');
      });
    });
  }

  it('lists the call as one search result', async () => {
    const { calls } = (await (
      await fetch(`${live.base}/api/v1/calls?callId=pcap-IPv4%40proxy.example`)
    ).json()) as CallsPage;
    expect(calls).toHaveLength(1);
  });
});
