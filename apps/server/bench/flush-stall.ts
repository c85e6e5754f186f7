import { readFileSync } from 'node:fs';
import { monitorEventLoopDelay, PerformanceObserver } from 'node:perf_hooks';
import { createApplication } from '../src/app.js';
import { parseConfig } from '../src/config.js';
import { openSqliteStore } from '../src/store/sqlite-store.js';
import type { SipEvent } from '../src/wire/event.js';
import { line, percentile, tempDir } from './support.js';

/**
 * How long the event loop stalls while the real server ticks and flushes to SQLite under load:
 * 50,000 HEP-like events per second (with their raw SIP text, a fifth of them failures) handed to
 * the application's sink in small batches, as the UDP listeners do, with the real tick and flush
 * timers running. The raw-event table starts full (storage.rawEventsMax), so every flush also
 * trims it, as on a server that has been up a while. No sockets: the figures are the server's own.
 * A stall longer than the time the UDP receive buffer covers (about 80 ms at 50,000 datagrams/s
 * with an 8 MB buffer) loses datagrams.
 */

const RATE = Number(process.env.SIPWATCH_BENCH_STALL_RATE ?? 50_000);
const SECONDS = 12;
const WARMUP_SECONDS = 3;
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

/** CPU time of the main thread alone (Linux; NaN elsewhere), ms. */
function mainThreadCpuMs(): number {
  try {
    const stat = readFileSync(`/proc/self/task/${process.pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // utime and stime, fields 14 and 15 of the whole line, in clock ticks (100 per second).
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return NaN;
  }
}

/** Fills the raw-event table to its cap, so the measured flushes trim it. */
function prefill(file: string, count: number): void {
  const store = openSqliteStore(file);
  const now = Date.now();
  for (let n = 0; n < count; n += 5000) {
    const events = Array.from({ length: Math.min(5000, count - n) }, (_, i) => event(n + i, now));
    store.write({ seconds: [], minutes: [], minuteDeltas: [], dimensions: [], events });
  }
  store.close();
}

interface FlushSample {
  durationMs: number;
  /** Absent before the writer thread existed: the whole flush ran on the event loop. */
  loopMs?: number;
  events: number;
}

export async function run(): Promise<void> {
  process.stdout.write(
    `event-loop stalls under load: ${RATE.toLocaleString('en')} events/s through the sink, real tick and flush timers, ${SECONDS} s\n`,
  );
  const tmp = tempDir('sipwatch-bench-stall-');
  const config = parseConfig({
    host: '127.0.0.1',
    logLevel: 'silent',
    http: { port: 0 },
    syslog: { port: 0, udp: false, tcp: false },
    hep: { port: 0, udp: false, tcp: false },
    storage: { dataDir: tmp.dir },
    demo: { enabled: false },
  });
  prefill(`${tmp.dir}/sipwatch.db`, config.storage.rawEventsMax);
  const app = await createApplication(config);
  await app.listen();

  const flushes: FlushSample[] = [];
  let lastFlush: unknown;
  const delay = monitorEventLoopDelay({ resolution: 1 });
  const gcPauses: number[] = [];
  const gcObserver = new PerformanceObserver((list) => {
    if (delay.count > 0) for (const e of list.getEntries()) gcPauses.push(e.duration);
  });
  gcObserver.observe({ entryTypes: ['gc'] });
  let n = 0;
  let cpuStart = 0;
  let measuredEvents = 0;
  const started = Date.now();
  let sent = 0;
  await new Promise<void>((resolve) => {
    const pump = (): void => {
      const elapsed = Date.now() - started;
      const measuring = elapsed >= WARMUP_SECONDS * 1000;
      if (measuring && cpuStart === 0) {
        cpuStart = mainThreadCpuMs();
        measuredEvents = 0;
        delay.enable();
      }
      const flush = app.live.pipeline.lastFlush;
      if (flush && flush !== lastFlush) {
        lastFlush = flush;
        if (measuring) flushes.push(flush as FlushSample);
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
        for (let i = 0; i < 50 && sent < due; i++, sent++) batch.push(event(n++, now));
        app.ingest(batch);
        if (measuring) measuredEvents += batch.length;
      }
      // A timer, not setImmediate: the loop idles between batches, so its CPU time is the server's.
      setTimeout(pump, 1);
    };
    pump();
  });
  delay.disable();
  gcObserver.disconnect();
  const cpuMs = mainThreadCpuMs() - cpuStart;
  const measuredSeconds = SECONDS - WARMUP_SECONDS;
  await app.close();
  tmp.cleanup();

  const ms = (ns: number): string => `${(ns / 1e6).toFixed(0)} ms`;
  line('events handed to the sink (measured)', measuredEvents.toLocaleString('en'));
  line('event-loop delay p50 / p99', `${ms(delay.percentile(50))} / ${ms(delay.percentile(99))}`);
  line('event-loop delay, longest', ms(delay.max), `under ${AIM_STALL_MS} ms`);
  gcPauses.sort((a, b) => a - b);
  line(
    'GC pauses on the event loop: longest / total',
    `${(gcPauses.at(-1) ?? 0).toFixed(0)} / ${gcPauses.reduce((a, b) => a + b, 0).toFixed(0)} ms`,
  );
  const loop = flushes.map((f) => f.loopMs ?? f.durationMs).sort((a, b) => a - b);
  const wall = flushes.map((f) => f.durationMs).sort((a, b) => a - b);
  line('flushes measured (raw events per flush)', `${flushes.length} (${flushes[0]?.events ?? '-'})`);
  line(
    'flush time on the event loop p50 / max',
    `${percentile(loop, 50).toFixed(1)} / ${(loop.at(-1) ?? NaN).toFixed(1)} ms`,
  );
  line(
    'flush until written p50 / max',
    `${percentile(wall, 50).toFixed(0)} / ${(wall.at(-1) ?? NaN).toFixed(0)} ms`,
  );
  line(
    'main-thread CPU (incl. making the events)',
    `${((100 * cpuMs) / (measuredSeconds * 1000)).toFixed(0)}% of a core`,
  );
  line('main-thread CPU per event', `${((cpuMs * 1000) / measuredEvents).toFixed(2)} µs`);
}
