import { createSocket } from 'node:dgram';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { spawn, spawnSync } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { createApplication } from '../src/app.js';
import { parseConfig } from '../src/config.js';
import { encodeHep } from '../src/intake/hep/encoder.js';
import { RECV_BUFFER_BYTES } from '../src/intake/hep/udp.js';
import { line, mainThreadCpuMs, tempDir, udpReceiveBufferErrors } from './support.js';

/**
 * HEP v3 over UDP: how many packets per second the real server takes in (decode, SIP parse, call
 * tracking, normalise, dedupe, aggregate, with its tick and flush timers running) without losing
 * any, against a bare dgram socket that only counts datagrams, on the same machine and run. Another
 * process sends, on another CPU when it can (see PIN), so one core's worth of server is what is
 * measured. Aim: 50,000 packets/s. Each packet is a response of a new call (the call table's worst
 * case: every packet creates a call and, past hep.maxCalls, evicts one).
 */

/** Override with SIPWATCH_BENCH_HEP_RATES=25000,50000 (e.g. to profile one rate). */
const RATES = (process.env.SIPWATCH_BENCH_HEP_RATES ?? '25000,50000,75000,100000').split(',').map(Number);
const SECONDS = 5;
/** After the sender stops, wait until the count has not moved for this long. */
const SETTLE_MS = 500;
const AIM = 50_000;

/** Distinct Call-IDs: the digits at `offset` are rewritten per packet by the sender. */
const COUNTER_DIGITS = 10;

function templates(): { packets: Buffer[]; offsets: number[] } {
  const replies = ['180 Ringing', '200 OK', '486 Busy Here', '503 Service Unavailable', '404 Not Found'];
  const packets: Buffer[] = [];
  const offsets: number[] = [];
  for (const reply of replies) {
    const callId = `bench-${'0'.repeat(COUNTER_DIGITS)}@192.0.2.10`;
    const payload = [
      `SIP/2.0 ${reply}`,
      'Via: SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bK776asdhds',
      'From: "Alice" <sip:alice@example.com>;tag=1928301774',
      'To: <sip:+15551234567@carrier.example.net>;tag=a6c85cf',
      `Call-ID: ${callId}`,
      'CSeq: 1 INVITE',
      'Contact: <sip:198.51.100.20:5060>',
      'Content-Length: 0',
      '',
      '',
    ].join('\r\n');
    const packet = encodeHep({
      srcIp: '198.51.100.20',
      dstIp: '192.0.2.10',
      srcPort: 5060,
      dstPort: 5060,
      tsMs: 0,
      captureId: 2001,
      nodeName: 'bench',
      payload,
    });
    packets.push(packet);
    offsets.push(packet.indexOf(`bench-${'0'.repeat(COUNTER_DIGITS)}`) + 'bench-'.length);
  }
  return { packets, offsets };
}

/**
 * Paced sender in its own process, as a capture agent would be (CommonJS source, so it runs without a
 * TypeScript loader): reads its settings as JSON on stdin, prints what it sent as JSON on stdout.
 */
const SENDER = `
const dgram = require('node:dgram');
let input = '';
process.stdin.on('data', (d) => (input += d));
process.stdin.on('end', () => {
  const { port, rate, seconds, packets, offsets, digits } = JSON.parse(input);
  const templates = packets.map((p) => Buffer.from(p, 'base64'));
  const socket = dgram.createSocket('udp4');
  const total = rate * seconds;
  let sent = 0;
  const start = Date.now();
  function pump() {
    const due = Math.min(total, Math.floor(((Date.now() - start) * rate) / 1000));
    while (sent < due) {
      const i = sent % templates.length;
      const buf = Buffer.from(templates[i]);
      buf.write(String(sent).padStart(digits, '0'), offsets[i], 'latin1');
      socket.send(buf, port, '127.0.0.1');
      sent++;
    }
    // Sleep until the next millisecond's packets are due rather than spin: on a small machine a
    // spinning sender would take the CPU the server under test needs.
    if (sent < total) setTimeout(pump, 1);
    else setTimeout(() => socket.close(() => process.stdout.write(JSON.stringify({ sent }))), 50);
  }
  pump();
});
`;

/**
 * Pinning: when the machine has two or more CPUs and `taskset` is available, every thread of this
 * process (event loop, database writer, GC helpers) is held to CPU 0 and the sender runs on CPU 1,
 * so "per core" figures mean exactly one core. SIPWATCH_BENCH_PIN=0 turns it off.
 */
const PIN = process.env.SIPWATCH_BENCH_PIN !== '0' && availableParallelism() >= 2 && hasTaskset();

function hasTaskset(): boolean {
  return spawnSync('taskset', ['-V'], { stdio: 'ignore' }).status === 0;
}

function pinThisProcess(): void {
  // -a: all threads that exist now; threads started later inherit the affinity of their creator.
  spawnSync('taskset', ['-a', '-p', '-c', '0', String(process.pid)], { stdio: 'ignore' });
}

function send(port: number, rate: number): Promise<{ sent: number }> {
  const { packets, offsets } = templates();
  const [command, args] = PIN
    ? ['taskset', ['-c', '1', process.execPath, '-e', SENDER]]
    : [process.execPath, ['-e', SENDER]];
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['pipe', 'pipe', 'inherit'] });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.once('error', reject);
    child.once('close', (code) => {
      if (code === 0) resolve(JSON.parse(output) as { sent: number });
      else reject(new Error(`the sender exited with ${code}`));
    });
    child.stdin.end(
      JSON.stringify({
        port,
        rate,
        seconds: SECONDS,
        packets: packets.map((p) => p.toString('base64')),
        offsets,
        digits: COUNTER_DIGITS,
      }),
    );
  });
}

async function settle(count: () => number, expected: number): Promise<number> {
  let last = -1;
  let stableSince = Date.now();
  const deadline = Date.now() + 5000;
  while (Date.now() < deadline) {
    const n = count();
    if (n >= expected) return n;
    if (n !== last) {
      last = n;
      stableSince = Date.now();
    } else if (Date.now() - stableSince >= SETTLE_MS) return n;
    await new Promise((r) => setTimeout(r, 50));
  }
  return count();
}

interface Result {
  rate: number;
  sent: number;
  received: number;
}

async function measure(
  target: string,
  port: number,
  count: () => number,
  reset: () => void,
  detail?: () => string,
): Promise<Result[]> {
  const results: Result[] = [];
  for (const rate of RATES) {
    reset();
    const overflowBefore = udpReceiveBufferErrors();
    const delay = monitorEventLoopDelay({ resolution: 10 });
    delay.enable();
    const cpuBefore = mainThreadCpuMs();
    const processCpuBefore = process.cpuUsage();
    const { sent } = await send(port, rate);
    const received = await settle(count, sent);
    const cpuMs = mainThreadCpuMs() - cpuBefore;
    const processCpu = process.cpuUsage(processCpuBefore);
    delay.disable();
    results.push({ rate, sent, received });
    const loss = sent === 0 ? 0 : (100 * (sent - received)) / sent;
    line(`${target} @ ${rate.toLocaleString('en')}/s: received/sent`, `${received}/${sent}`);
    line(`  loss; longest event-loop stall`, `${loss.toFixed(2)}%; ${(delay.max / 1e6).toFixed(0)} ms`);
    const overflow = udpReceiveBufferErrors() - overflowBefore;
    if (!Number.isNaN(overflow)) line('  dropped by the kernel (socket buffer full)', String(overflow));
    if (received > 0 && !Number.isNaN(cpuMs)) {
      // The sender is another process: this is the receiver's event loop alone.
      const us = (cpuMs * 1000) / received;
      line(
        '  event-loop CPU per packet received',
        `${us.toFixed(1)} µs (one core: ${Math.round(1e6 / us).toLocaleString('en')}/s)`,
      );
      const all = (processCpu.user + processCpu.system) / received;
      line('  whole process (+ database writer, GC threads)', `${all.toFixed(1)} µs`);
    }
    if (detail) line('  ', detail());
  }
  return results;
}

function bestLossless(results: Result[]): number {
  return results.filter((r) => r.received >= r.sent).reduce((best, r) => Math.max(best, r.rate), 0);
}

export async function run(): Promise<void> {
  if (PIN) pinThisProcess();
  process.stdout.write(
    `HEP v3 over UDP: packets/s without loss (${SECONDS} s per rate, sender in another process${
      PIN ? '; this process held to CPU 0, the sender on CPU 1' : ''
    })\n`,
  );

  // Baseline: a bare socket that only counts.
  const bare = createSocket({ type: 'udp4', recvBufferSize: RECV_BUFFER_BYTES });
  let bareCount = 0;
  bare.on('message', () => {
    bareCount++;
  });
  await new Promise<void>((resolve) => bare.bind(0, '127.0.0.1', resolve));
  const baseline = await measure(
    'bare dgram',
    bare.address().port,
    () => bareCount,
    () => (bareCount = 0),
  );
  await new Promise<void>((resolve) => bare.close(() => resolve()));

  // sipwatch: the real application, HEP UDP only.
  const tmp = tempDir('sipwatch-bench-hep-');
  const app = await createApplication(
    parseConfig({
      host: '127.0.0.1',
      logLevel: 'silent',
      http: { port: 0 },
      syslog: { port: 0, udp: false, tcp: false },
      hep: { port: 0, udp: true, tcp: false },
      storage: { dataDir: tmp.dir },
      demo: { enabled: false },
    }),
  );
  let accepted = 0;
  app.onAccepted((events) => {
    accepted += events.length;
  });
  try {
    const ports = await app.listen();
    const hep = await measure(
      'sipwatch HEP',
      ports.hepUdp!,
      () => accepted,
      () => (accepted = 0),
      () => {
        const flush = app.live.pipeline.lastFlush;
        const rejected = app.stats.snapshot().channels.hep.sinceStart.rejected;
        const took = flush
          ? `${flush.loopMs.toFixed(0)} ms on the event loop, ${flush.durationMs.toFixed(0)} ms to write`
          : '-';
        return `last flush ${took}; rejected ${JSON.stringify(rejected)}`;
      },
    );
    line('bare dgram: best rate without loss', `${bestLossless(baseline).toLocaleString('en')}/s`);
    line(
      'sipwatch HEP: best rate without loss',
      `${bestLossless(hep).toLocaleString('en')}/s`,
      `${AIM.toLocaleString('en')}/s`,
    );
  } finally {
    await app.close();
    tmp.cleanup();
  }
}
