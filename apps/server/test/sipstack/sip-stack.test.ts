import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { classify } from '@sipwatch/codes';
import { createApplication } from '../../src/app.js';
import type { Application, ListeningPorts } from '../../src/app.js';
import { parseConfig } from '../../src/config.js';
import { until } from '@sipwatch/testing';
import type { CallDetail, CallsPage, LadderArrow, Summary } from '@sipwatch/wire';
import { arrowLabel, buildLadder } from '@sipwatch/wire';
import type { TimingResponse } from '@sipwatch/wire';
import { HEP_CAPTURE_ID, NAMESPACE_WRAPPER, kamailioConfig, rsyslogConfig } from './configs.js';
import {
  INSTALL_HINT,
  checkKamailioConfig,
  fileExists,
  findTools,
  finished,
  freeUdpPort,
  sipPing,
  start,
  stop,
  udpBound,
} from './processes.js';
import type { Started } from './processes.js';
import { callTotals, lastCsvRow, receivedByCode, sippFile, sippMessages } from './sipp-results.js';
import { INTAKE_WORKER_COUNTS } from '../../src/test-support/intake-workers.js';
import type { SippMessage } from './sipp-results.js';

/**
 * sipwatch against a real SIP stack: a SIPp caller → Kamailio (proxy) → a SIPp callee that answers
 * each call with the final code the caller asked for. Kamailio mirrors requests and replies to
 * sipwatch as HEP v3 (siptrace) and logs each reply through a syslog daemon (rsyslogd, forwarding
 * over UDP). The same reply thus reaches sipwatch twice, by two channels; dedupe counts it once.
 * The suite asserts that sipwatch's counts per code, ASR and NER equal what SIPp reports.
 *
 * 408 is sent by the callee itself (not Kamailio's fr_inv_timer firing) to keep the run short.
 * Locally without the programs the suite is skipped; in CI (CI set) it must run.
 */

const SCENARIOS = fileURLToPath(new URL('./scenarios/', import.meta.url));

/** The final code of each call, interleaved so that every code is spread over the run. */
const MIX: Readonly<Record<number, number>> = {
  200: 5,
  486: 4,
  487: 3,
  503: 3,
  404: 2,
  408: 2,
  480: 2,
  603: 2,
  488: 1,
};
const CALLS = Object.values(MIX).reduce((a, b) => a + b, 0);

function callPlan(): number[] {
  const left = new Map(Object.entries(MIX).map(([c, n]) => [Number(c), n]));
  const plan: number[] = [];
  while (plan.length < CALLS) {
    for (const [code, n] of left) {
      if (n === 0) continue;
      plan.push(code);
      left.set(code, n - 1);
    }
  }
  return plan;
}

const tools = findTools();
const runIt = tools.missing.length === 0 || Boolean(process.env.CI);
if (!runIt) {
  console.warn(
    `SIP stack suite skipped: ${tools.missing.join(', ')} not installed. Install them with: ${INSTALL_HINT}`,
  );
}

describe.runIf(runIt).each(INTAKE_WORKER_COUNTS)(
  'a real SIP stack (Kamailio + SIPp + rsyslog) feeding sipwatch (intake.workers %i)',
  (workers) => {
    let dir = '';
    let app: Application | undefined;
    let ports: ListeningPorts;
    const procs: Started[] = [];
    let uac: Started;
    let uacCounts: Map<string, string>;
    let uasCounts: Map<string, string>;
    let sipPort = 0;
    let uasPort = 0;
    let uacPort = 0;

    beforeAll(async () => {
      if (tools.missing.length > 0) {
        throw new Error(
          `CI must run the SIP stack suite; missing: ${tools.missing.join(', ')}. Install with: ${INSTALL_HINT}`,
        );
      }
      const bin = tools.found as Required<typeof tools.found>;
      dir = mkdtempSync(path.join(tmpdir(), 'sipwatch-sipstack-'));

      app = await createApplication(
        parseConfig({
          host: '127.0.0.1',
          http: { port: 0 },
          syslog: { port: 0, udp: true, tcp: false },
          hep: { port: 0, udp: true, tcp: false },
          demo: { enabled: false },
          storage: { dataDir: path.join(dir, 'data') },
          // Every call kept whole, for the ladder checks.
          calls: { sampleShare: 1 },
          intake: { workers },
        }),
      );
      ports = await app.listen();
      if (ports.syslogUdp === undefined || ports.hepUdp === undefined)
        throw new Error(`sipwatch must listen on syslog and HEP UDP, got ${JSON.stringify(ports)}`);

      const socket = path.join(dir, 'log.sock');
      const rsyslogConf = path.join(dir, 'rsyslog.conf');
      writeFileSync(rsyslogConf, rsyslogConfig({ workDir: dir, socket, syslogPort: ports.syslogUdp }));
      const rsyslog = start(
        'rsyslogd',
        bin.rsyslogd,
        ['-n', '-f', rsyslogConf, '-i', path.join(dir, 'rsyslogd.pid')],
        dir,
      );
      procs.push(rsyslog);
      await until(() => fileExists(socket), {
        what: () => `rsyslogd's socket ${socket}\n${rsyslog.output()}`,
        timeoutMs: 10_000,
      });

      sipPort = await freeUdpPort();
      uasPort = await freeUdpPort();
      uacPort = await freeUdpPort();
      const kamCfg = path.join(dir, 'kamailio.cfg');
      writeFileSync(kamCfg, kamailioConfig({ sip: sipPort, uas: uasPort, hep: ports.hepUdp }));
      checkKamailioConfig(bin.kamailio, kamCfg);
      const wrapper = path.join(dir, 'kamailio-ns.sh');
      writeFileSync(wrapper, NAMESPACE_WRAPPER);
      // As root a mount namespace is enough; otherwise a user namespace maps us to root inside it.
      const unshareArgs = process.getuid?.() === 0 ? ['-m'] : ['-r', '-m'];
      const kamailio = start(
        'kamailio',
        bin.unshare,
        [
          ...unshareArgs,
          '--propagation',
          'private',
          'sh',
          wrapper,
          dir,
          socket,
          bin.kamailio,
          '-DD',
          '-f',
          kamCfg,
          '-P',
          path.join(dir, 'kamailio.pid'),
          '-Y',
          dir,
        ],
        dir,
      );
      procs.push(kamailio);
      await sipPing(sipPort, 15_000).catch((err: unknown) => {
        // Kamailio reports start-up errors through syslog, which ends up in sipwatch's unparsed samples.
        const logged = app!.stats
          .unparsedSamples()
          .filter((u) => u.channel === 'syslog')
          .map((u) => u.line)
          .join('\n');
        throw new Error(
          `${(err as Error).message}\nkamailio output:\n${kamailio.output()}\nkamailio syslog:\n${logged}`,
        );
      });

      const sippCommon = [
        '-i',
        '127.0.0.1',
        '-nostdin',
        '-trace_counts',
        '-trace_err',
        '-trace_msg',
        '-timeout',
        '60',
      ];
      const uas = start(
        'sipp uas',
        bin.sipp,
        ['-sf', path.join(SCENARIOS, 'uas.xml'), '-p', String(uasPort), '-m', String(CALLS), ...sippCommon],
        dir,
      );
      procs.push(uas);
      const csv = path.join(dir, 'calls.csv');
      writeFileSync(csv, ['SEQUENTIAL', ...callPlan().map((c) => `${c};`), ''].join('\n'));
      // The callee must be listening before the first INVITE.
      await until(() => udpBound(uasPort), {
        what: () => `the SIPp callee to bind ${uasPort}\n${uas.output()}`,
        timeoutMs: 10_000,
      });
      uac = start(
        'sipp uac',
        bin.sipp,
        [
          `127.0.0.1:${sipPort}`,
          '-sf',
          path.join(SCENARIOS, 'uac.xml'),
          '-inf',
          csv,
          '-p',
          String(uacPort),
          '-m',
          String(CALLS),
          '-r',
          '10',
          '-trace_stat',
          '-stf',
          path.join(dir, 'uac-stat.csv'),
          ...sippCommon,
        ],
        dir,
      );
      procs.push(uac);
      const uacExit = await finished(uac, 60_000);
      if (uacExit !== 0) throw new Error(`the SIPp caller failed (exit ${uacExit}):\n${uac.output()}`);
      const uasExit = await finished(uas, 15_000);
      if (uasExit !== 0) throw new Error(`the SIPp callee failed (exit ${uasExit}):\n${uas.output()}`);
      uacCounts = lastCsvRow(sippFile(dir, 'uac_', '_counts.csv'));
      uasCounts = lastCsvRow(sippFile(dir, 'uas_', '_counts.csv'));
    }, 120_000);

    afterAll(async () => {
      for (const p of procs.reverse()) await stop(p);
      await app?.close();
      if (dir && !process.env.KEEP_SIPSTACK) rmSync(dir, { recursive: true, force: true });
    }, 30_000);

    const api = async <T>(pathAndQuery: string): Promise<T> => {
      const res = await fetch(`http://127.0.0.1:${ports.http}${pathAndQuery}`);
      if (!res.ok) throw new Error(`${pathAndQuery}: HTTP ${res.status} ${await res.text()}`);
      return (await res.json()) as T;
    };

    /** INVITE finals as sipwatch counts them, once all of SIPp's calls are in (polled, bounded). */
    const inviteSummary = (): Promise<Summary> =>
      until(
        async () => {
          const s = await api<Summary>('/api/v1/summary?window=15m&method=INVITE');
          const finals = Object.entries(s.byCode)
            .filter(([code]) => Number(code) >= 200)
            .reduce((a, [, n]) => a + n, 0);
          return finals >= CALLS ? s : undefined;
        },
        { what: `sipwatch to count ${CALLS} INVITE finals`, timeoutMs: 15_000, everyMs: 250 },
      );

    it('SIPp completed every call with the planned final codes', () => {
      const totals = callTotals(lastCsvRow(path.join(dir, 'uac-stat.csv')));
      expect(totals).toEqual({ successful: CALLS, failed: 0, created: CALLS });
      const received = receivedByCode(uacCounts);
      for (const [code, n] of Object.entries(MIX)) expect(received.get(Number(code)), `code ${code}`).toBe(n);
      expect(received.get(180)).toBe(CALLS);
    });

    it('counts each code exactly as SIPp received it (HEP and syslog copies deduplicated)', async () => {
      const summary = await inviteSummary();
      const received = receivedByCode(uacCounts);
      const expected: Record<string, number> = {};
      // The caller's 100 Trying comes from Kamailio itself; it is traced as it leaves Kamailio.
      for (const [code, n] of received) if (n > 0) expected[String(code)] = n;
      expect(summary.byCode).toEqual(expected);
      // Cross-check with what the callee says it sent.
      const sentByCallee = [...uasCounts.entries()].filter(([k]) =>
        /^\d+_4\d\d_Sent$|^\d+_[56]\d\d_Sent$/.test(k),
      );
      const failuresSent = sentByCallee.reduce((a, [, v]) => a + Number(v), 0);
      const failuresCounted = Object.entries(summary.byCode)
        .filter(([code]) => Number(code) >= 400)
        .reduce((a, [, n]) => a + n, 0);
      expect(failuresCounted).toBe(failuresSent);
    });

    it('computes ASR and NER as SIPp’s outcomes imply', async () => {
      const { kpis } = await inviteSummary();
      const received = receivedByCode(uacCounts);
      const answered = received.get(200) ?? 0;
      const abandoned = received.get(487) ?? 0;
      let user = 0;
      for (const [code, n] of received) {
        const c = classify(code);
        if (c.ok && c.final && c.category === 'user' && code !== 487) user += n;
      }
      // ASR and NER leave abandoned calls out of the denominator (aggregation.excludeAbandoned).
      const seizures = CALLS - abandoned;
      expect(kpis.calls.attempts).toBe(CALLS);
      expect(kpis.calls.answered).toBe(answered);
      expect(kpis.calls.abandoned).toBe(abandoned);
      expect(kpis.asr).toBeCloseTo(answered / seizures, 10);
      expect(kpis.ner).toBeCloseTo((answered + user) / seizures, 10);
    });

    it('heard both channels: HEP from the capture id and syslog from rsyslogd', async () => {
      await inviteSummary();
      const { channels, hosts } = app!.stats.snapshot();
      expect(channels.hep.sinceStart.accepted).toBeGreaterThan(0);
      expect(channels.syslog.sinceStart.accepted).toBeGreaterThan(0);
      expect(hosts.some((h) => h.channel === 'hep' && h.host === String(HEP_CAPTURE_ID))).toBe(true);
    });

    it('times every call from its INVITE: PDD for all, setup time for all but the abandoned', async () => {
      await inviteSummary();
      const timing = await api<TimingResponse>('/api/v1/timing?window=15m');
      const abandoned = MIX[487] ?? 0;
      expect(timing.total.pdd.count).toBe(CALLS);
      expect(timing.total.setup.count).toBe(CALLS - abandoned);
      // The callee waits 300 ms after ringing before any final answer.
      expect(timing.total.setup.p50).toBeGreaterThanOrEqual(timing.total.pdd.p50! + 250);
    });

    const loggedFor = (log: SippMessage[], callId: string): number =>
      log.filter((m) => m.callId === callId).length;

    /** Every call kept whole, once SIPp's calls are all in and their last messages written. */
    const keptCalls = (): Promise<CallsPage> =>
      until(
        async () => {
          const page = await api<CallsPage>('/api/v1/calls?limit=200');
          return page.calls.length === CALLS && page;
        },
        { what: `sipwatch to keep ${CALLS} calls`, timeoutMs: 15_000, everyMs: 250 },
      );

    type Side = { direction: string; label: string };
    const sortedSide = (side: Side[]): Side[] =>
      [...side].sort((a, b) => `${a.direction} ${a.label}`.localeCompare(`${b.direction} ${b.label}`));
    /** What one side saw of a call in sipwatch's ladder: arrows from and to its column. */
    const sideOf = (arrows: LadderArrow[], column: number): Side[] =>
      arrows
        .filter((a) => a.from === column || a.to === column)
        .map((a) => ({ direction: a.from === column ? 'sent' : 'received', label: a.label }));
    const sippSide = (log: SippMessage[], callId: string): Side[] =>
      log
        .filter((m) => m.callId === callId)
        .map((m) => {
          const status = /^SIP\/2\.0\s+(\d{3})\s*(.*)$/.exec(m.startLine);
          const label = status
            ? arrowLabel({ code: Number(status[1]), reason: status[2]!, startLine: m.startLine })
            : m.startLine.split(' ')[0]!;
          return { direction: m.direction, label };
        });

    it('keeps every call whole: its ladder matches what SIPp sent and received, message for message', async () => {
      const { calls } = await keptCalls();
      const uacLog = sippMessages(sippFile(dir, 'uac_', '_messages.log'));
      const uasLog = sippMessages(sippFile(dir, 'uas_', '_messages.log'));
      for (const code of [200, 503, 487, 408]) {
        const kept = calls.find((c) => c.code === code)!;
        expect(kept, `a kept call with final ${code}`).toBeDefined();
        const detail = await until(
          async () => {
            const d = await api<CallDetail>(`/api/v1/calls/${encodeURIComponent(kept.callId)}`);
            // Every message went between Kamailio and one of the two SIPps, so the call is whole
            // once it has as many as both logged (its last ones are written by a later flush).
            const logged = loggedFor(uacLog, kept.callId) + loggedFor(uasLog, kept.callId);
            return d.messages.length >= logged && d;
          },
          { what: `the whole call ${kept.callId}`, timeoutMs: 10_000, everyMs: 250 },
        );
        const ladder = buildLadder(detail.messages);
        const column = (port: number): number =>
          ladder.columns.findIndex((c) => c.address === `127.0.0.1:${port}`);
        // Three columns, in the order the INVITE went: the caller, Kamailio, the callee.
        expect(ladder.columns.map((c) => c.address)).toEqual([
          `127.0.0.1:${uacPort}`,
          `127.0.0.1:${sipPort}`,
          `127.0.0.1:${uasPort}`,
        ]);
        // A cancelled call's CANCEL and INVITE transactions are handled, and so traced, by
        // different Kamailio processes, so its 200 for the CANCEL and its 487 may reach sipwatch in
        // the other order than they crossed the wire: for that call the messages must match, in
        // any order.
        const inOrder = code === 487 ? sortedSide : (side: Side[]) => side;
        expect(inOrder(sideOf(ladder.arrows, column(uacPort))), `caller side of ${code}`).toEqual(
          inOrder(sippSide(uacLog, kept.callId)),
        );
        expect(inOrder(sideOf(ladder.arrows, column(uasPort))), `callee side of ${code}`).toEqual(
          inOrder(sippSide(uasLog, kept.callId)),
        );
        expect(detail.call).toMatchObject({ code, source: String(HEP_CAPTURE_ID) });
      }
    });

    it('marks the callee’s retransmitted 200 OK (the caller acknowledged late) on both hops', async () => {
      const { calls } = await keptCalls();
      const answered = calls.find((c) => c.code === 200)!;
      const detail = await api<CallDetail>(`/api/v1/calls/${encodeURIComponent(answered.callId)}`);
      const oks = detail.messages.filter((m) => m.code === 200 && m.cseq === '1 INVITE');
      // Callee → Kamailio and Kamailio → caller, each sent twice; the second of each is marked.
      expect(oks.map((m) => [m.srcPort, m.dstPort, m.retransmission])).toEqual([
        [uasPort, sipPort, false],
        [sipPort, uacPort, false],
        [uasPort, sipPort, true],
        [sipPort, uacPort, true],
      ]);
      expect(detail.messages.filter((m) => m.retransmission)).toHaveLength(2);
    });
  },
);
