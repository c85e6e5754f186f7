import { monitorEventLoopDelay, PerformanceObserver } from 'node:perf_hooks';
import { createApplication } from '../src/app.js';
import type { Application, ListeningPorts } from '../src/app.js';
import { parseConfig } from '../src/config.js';
import type { ConfigInput } from '../src/config.js';
import { openSqliteStore } from '../src/store/sqlite-store.js';
import type { SipEvent } from '@sipwatch/wire';
import { runSender, UDP_SENDER } from './ingest.js';
import { line, mainThreadCpuMs, percentile, settle, tempDir, udpReceiveBufferErrors } from './support.js';

/**
 * How long the event loop stalls while the real server ticks and flushes to SQLite under load,
 * with the real tick and flush timers running and the raw-event table already full
 * (storage.rawEventsMax), so every flush also trims it, as on a server that has been up a while.
 *
 * 1. In process: 50,000 HEP-like events per second (with their raw SIP text, three in five of them
 *    failures) handed to the application's sink in small batches, as the listeners do. No sockets
 *    and no sender competing for the CPU: the stalls are the server's own.
 * 2. Over UDP: 50,000 syslog lines per second for 10 s from a child process, counting what is lost.
 *
 * A stall longer than the time the UDP receive buffer covers (about 80 ms at 50,000 datagrams/s
 * with an 8 MB buffer) loses datagrams.
 */

const RATE = Number(process.env.SIPWATCH_BENCH_STALL_RATE ?? 50_000);
const SECONDS = 12;
const WARMUP_SECONDS = 3;
const UDP_SECONDS = 10;
const TRUNKS = 20;
const AIM_STALL_MS = 20;

const CODES = [180, 200, 486, 503, 404];
const RAW = [
  'SIP/2.0 503 Service Unavailable',
  'Via: SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bK776asdhds',
  'From: "Alice" <sip:***@example.com>;tag=1928301774',
  'To: <sip:***@carrier.example.net>;tag=a6c85cf',
  'Call-ID: bench-0000000000@192.0.2.10',
  'CSeq: 1 INVITE',
  'Contact: <sip:198.51.100.20:5060>',
  'Content-Length: 0',
  '',
  '',
].join('\r\n');

function event(n: number, now: number): SipEvent {
  return {
    ts: now,
    receivedAt: now,
    code: CODES[n % CODES.length]!,
    reason: 'Service Unavailable',
    method: 'INVITE',
    scope: 'transaction',
    callId: `bench-${n}@192.0.2.10`,
    cseq: 1,
    from: 'sip:***@example.com',
    to: 'sip:***@carrier.example.net',
    srcIp: '198.51.100.20',
    srcPort: 5060,
    dstIp: '192.0.2.10',
    dstPort: 5060,
    trunk: `trunk-${n % TRUNKS}`,
    direction: 'outbound',
    source: { channel: 'hep', format: 'hep3', host: 'bench' },
    raw: RAW,
  };
}

/** A server on a database whose raw-event table is full, so the measured flushes trim it. */
async function startServer(
  dir: string,
  input: ConfigInput,
): Promise<{ app: Application; ports: ListeningPorts }> {
  const config = parseConfig({
    host: '127.0.0.1',
    logLevel: 'silent',
    http: { port: 0 },
    syslog: { port: 0, udp: false, tcp: false },
    hep: { port: 0, udp: false, tcp: false },
    storage: { dataDir: dir },
    demo: { enabled: false },
    ...input,
  });
  const store = openSqliteStore(`${dir}/sipwatch.db`);
  const now = Date.now();
  const count = config.storage.rawEventsMax;
  for (let n = 0; n < count; n += 5000) {
    const events = Array.from({ length: Math.min(5000, count - n) }, (_, i) => event(n + i, now));
    store.write({ seconds: [], minutes: [], minuteDeltas: [], dimensions: [], events });
  }
  store.close();
  const app = await createApplication(config);
  return { app, ports: await app.listen() };
}

interface FlushSample {
  durationMs: number;
  /** Absent before the writer thread existed: the whole flush ran on the event loop. */
  loopMs?: number;
  events: number;
}

/** Event-loop delay, GC pauses, flushes and main-thread CPU from `start()` to `stop()`. */
function loopMeter(app: Application) {
  const delay = monitorEventLoopDelay({ resolution: 1 });
  const gcPauses: number[] = [];
  const observer = new PerformanceObserver((list) => {
    for (const e of list.getEntries()) gcPauses.push(e.duration);
  });
  const flushes: FlushSample[] = [];
  let seen: unknown = app.live.pipeline.lastFlush;
  let cpuStart = 0;
  let cpuMs = 0;
  let poll: NodeJS.Timeout | undefined;
  return {
    start() {
      delay.enable();
      observer.observe({ entryTypes: ['gc'] });
      cpuStart = mainThreadCpuMs();
      poll = setInterval(() => {
        const flush = app.live.pipeline.lastFlush;
        if (flush && flush !== seen) flushes.push((seen = flush) as FlushSample);
      }, 5);
    },
    stop() {
      clearInterval(poll);
      cpuMs = mainThreadCpuMs() - cpuStart;
      delay.disable();
      observer.disconnect();
    },
    report(events: number, seconds: number) {
      const ms = (ns: number): string => `${(ns / 1e6).toFixed(0)} ms`;
      line('event-loop delay p50 / p99', `${ms(delay.percentile(50))} / ${ms(delay.percentile(99))}`);
      line('event-loop delay, longest', ms(delay.max), `under ${AIM_STALL_MS} ms`);
      gcPauses.sort((a, b) => a - b);
      line(
        'GC pauses on the event loop: longest / total',
        `${(gcPauses.at(-1) ?? 0).toFixed(0)} / ${gcPauses.reduce((a, b) => a + b, 0).toFixed(0)} ms`,
      );
      const loop = flushes.map((f) => f.loopMs ?? f.durationMs).sort((a, b) => a - b);
      const wall = flushes.map((f) => f.durationMs).sort((a, b) => a - b);
      line('flushes (raw events in the first)', `${flushes.length} (${flushes[0]?.events ?? '-'})`);
      line(
        'flush time on the event loop p50 / max',
        `${percentile(loop, 50).toFixed(1)} / ${(loop.at(-1) ?? NaN).toFixed(1)} ms`,
      );
      line(
        'flush until written p50 / max',
        `${percentile(wall, 50).toFixed(0)} / ${(wall.at(-1) ?? NaN).toFixed(0)} ms`,
      );
      line('main-thread CPU', `${((100 * cpuMs) / (seconds * 1000)).toFixed(0)}% of a core`);
      line('main-thread CPU per event', `${((cpuMs * 1000) / events).toFixed(2)} µs`);
    },
  };
}

async function inProcess(): Promise<void> {
  process.stdout.write(
    `in process: ${RATE.toLocaleString('en')} HEP-like events/s into the sink, ${SECONDS - WARMUP_SECONDS} s measured\n`,
  );
  const tmp = tempDir('sipwatch-bench-stall-');
  const { app } = await startServer(tmp.dir, {});
  const meter = loopMeter(app);
  let measuring = false;
  let measured = 0;
  let sent = 0;
  const started = Date.now();
  await new Promise<void>((resolve) => {
    const pump = (): void => {
      const elapsed = Date.now() - started;
      if (!measuring && elapsed >= WARMUP_SECONDS * 1000) {
        measuring = true;
        meter.start();
      }
      if (elapsed >= SECONDS * 1000) {
        resolve();
        return;
      }
      // Small batches, as the listeners hand over per event-loop turn.
      const due = Math.floor((elapsed * RATE) / 1000);
      const now = Date.now();
      while (sent < due) {
        const batch: SipEvent[] = [];
        for (let i = 0; i < 50 && sent < due; i++) batch.push(event(sent++, now));
        app.ingest(batch);
        if (measuring) measured += batch.length;
      }
      // A timer, not setImmediate: the loop idles between batches, so its CPU time is the server's.
      setTimeout(pump, 1);
    };
    pump();
  });
  meter.stop();
  await app.close();
  tmp.cleanup();
  line('events handed to the sink (measured)', measured.toLocaleString('en'));
  meter.report(measured, SECONDS - WARMUP_SECONDS);
}

async function overUdp(): Promise<void> {
  process.stdout.write(
    `\nUDP syslog: ${RATE.toLocaleString('en')} lines/s for ${UDP_SECONDS} s from a child process\n`,
  );
  const tmp = tempDir('sipwatch-bench-stall-udp-');
  const { app, ports } = await startServer(tmp.dir, { syslog: { port: 0, udp: true, tcp: false } });
  const port = ports.syslogUdp!;
  let received = 0;
  app.onAccepted((events) => {
    received += events.length;
  });
  const meter = loopMeter(app);
  const kernelBefore = udpReceiveBufferErrors();
  meter.start();
  const { lines } = await runSender(UDP_SENDER, [port, RATE, UDP_SECONDS]);
  const sent = lines.at(-1)!.sent!;
  await settle(() => received, sent);
  meter.stop();
  const kernelDropped = udpReceiveBufferErrors() - kernelBefore;
  await app.close();
  tmp.cleanup();
  line('received / sent', `${received.toLocaleString('en')} / ${sent.toLocaleString('en')}`);
  line('lost', `${((100 * (sent - received)) / sent).toFixed(2)}%`, '0%');
  if (!Number.isNaN(kernelDropped)) line('dropped by the kernel (socket buffer full)', String(kernelDropped));
  meter.report(received, UDP_SECONDS);
}

export async function run(): Promise<void> {
  process.stdout.write('event-loop stalls under load (raw-event table full, real tick and flush timers)\n');
  await inProcess();
  await overUdp();
}
